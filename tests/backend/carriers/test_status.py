"""GHN's status strings map onto our CarrierStatus."""

import pytest

from backend.carriers.status import FINAL_STATUSES, GHN_STATUSES, CarrierStatus, ghn_status_to_carrier_status


@pytest.mark.parametrize(
    ("ghn_status", "ours"),
    [
        ("ready_to_pick", CarrierStatus.READY_TO_PICK),
        ("picking", CarrierStatus.PICKING),
        ("money_collect_picking", CarrierStatus.PICKING),
        ("picked", CarrierStatus.PICKED_UP),
        ("storing", CarrierStatus.IN_TRANSIT),
        ("transporting", CarrierStatus.IN_TRANSIT),
        ("sorting", CarrierStatus.IN_TRANSIT),
        ("delivering", CarrierStatus.OUT_FOR_DELIVERY),
        ("money_collect_delivering", CarrierStatus.OUT_FOR_DELIVERY),
        ("delivered", CarrierStatus.DELIVERED),
        ("delivery_fail", CarrierStatus.DELIVERY_FAILED),
        ("waiting_to_return", CarrierStatus.RETURNING),
        ("return", CarrierStatus.RETURNING),
        ("return_transporting", CarrierStatus.RETURNING),
        ("return_sorting", CarrierStatus.RETURNING),
        ("returning", CarrierStatus.RETURNING),
        ("return_fail", CarrierStatus.RETURNING),
        ("returned", CarrierStatus.RETURNED),
        ("cancel", CarrierStatus.CANCELLED),
        ("exception", CarrierStatus.EXCEPTION),
        ("damage", CarrierStatus.EXCEPTION),
        ("lost", CarrierStatus.LOST),
    ],
)
def test_each_documented_ghn_status_has_our_state(ghn_status, ours):
    assert ghn_status_to_carrier_status(ghn_status) == ours


def test_case_and_spaces_do_not_matter():
    assert ghn_status_to_carrier_status(" Delivered ") == CarrierStatus.DELIVERED


def test_a_status_ghn_adds_later_is_unknown_not_an_error():
    assert ghn_status_to_carrier_status("some_new_state") == CarrierStatus.UNKNOWN
    assert ghn_status_to_carrier_status("") == CarrierStatus.UNKNOWN


def test_final_states():
    assert {
        CarrierStatus.DELIVERED,
        CarrierStatus.RETURNED,
        CarrierStatus.CANCELLED,
        CarrierStatus.LOST,
    } == FINAL_STATUSES
    assert set(GHN_STATUSES.values()) == set(CarrierStatus) - {CarrierStatus.UNKNOWN}
