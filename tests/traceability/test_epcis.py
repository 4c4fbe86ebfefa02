"""EPCIS 2.0 export: documents built from plain lot data validate against GS1's JSON schema."""

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.traceability.builders import issue_stamps, make_lot, make_variant
from tests.traceability.epcis_schema import DATA, epcis_errors
from traceability import actions
from traceability.epcis import LotTrace, Processing, Shipment, epcis_document, uom
from traceability.models import DiaryKind, Lot, LotStatus

VN = ZoneInfo("Asia/Ho_Chi_Minh")
EPC_CLASS = "https://nongsan.test/01/08931234567897/10/LOT2406"


def _trace(**fields) -> LotTrace:
    base = {
        "epc_class": EPC_CLASS,
        "lot_code": "LOT2406",
        "quantity": Decimal("120.5"),
        "unit": "kg",
        "stall_uri": "https://nongsan.test/id/stall/htx-keo-dua",
        "site_uri": "https://nongsan.test/id/site/3",
        "planting_area_code": "VN-BTR-0042",
        "commissioned_at": datetime(2024, 6, 1, 7, 30, tzinfo=VN),
        "harvest_date": date(2024, 6, 1),
        "expiry_date": date(2025, 6, 1),
        "packed_at": datetime(2024, 6, 3, 9, 0, tzinfo=VN),
        "processing": [
            Processing(
                at=datetime(2024, 6, 2, 8, tzinfo=VN), material="Nước cốt dừa", quantity=Decimal(80), unit="l"
            )
        ],
        "shipments": [Shipment(at=datetime(2024, 6, 5, 14, tzinfo=VN), quantity=Decimal(3))],
    }
    return LotTrace(**{**base, **fields})


def _events_by_step(document):
    return {(e["type"], e.get("bizStep")): e for e in document["epcisBody"]["eventList"]}


def test_gs1_examples_pass_and_a_broken_document_fails_so_the_validator_is_real():
    for name in (
        "Example_9.6.1-ObjectEventWithDigitalLink.jsonld",
        "Example_9.6.4-TransformationEventWithDigitalLink.jsonld",
    ):
        assert epcis_errors(json.loads((DATA / name).read_text())) == []
    broken = epcis_document(_trace())
    broken["epcisBody"]["eventList"][0]["eventTimeZoneOffset"] = "7h"
    broken["epcisBody"]["eventList"][0]["bizStep"] = "harvesting"
    broken["epcisBody"]["eventList"][0]["readPoint"] = {"id": "not a uri"}
    assert len(epcis_errors(broken)) >= 3


def test_full_lot_history_validates_against_the_epcis_schema():
    document = epcis_document(_trace(), created_at=datetime(2024, 6, 6, tzinfo=VN))
    assert epcis_errors(document) == []
    assert document["type"] == "EPCISDocument"
    assert document["schemaVersion"] == "2.0"


def test_harvest_is_a_commissioning_object_event_with_ilmd():
    event = _events_by_step(epcis_document(_trace()))[("ObjectEvent", "commissioning")]
    assert event["action"] == "ADD"
    assert event["eventTime"] == "2024-06-01T07:30:00+07:00"
    assert event["eventTimeZoneOffset"] == "+07:00"
    assert event["quantityList"] == [{"epcClass": EPC_CLASS, "quantity": 120.5, "uom": "KGM"}]
    assert event["readPoint"] == {"id": "https://nongsan.test/id/site/3"}
    assert event["ilmd"]["cbvmda:harvestStartDate"] == "2024-06-01"
    assert event["ilmd"]["cbvmda:itemExpirationDate"] == "2025-06-01"
    assert event["ilmd"]["nongsan:plantingAreaCode"] == "VN-BTR-0042"


def test_processing_is_a_transformation_from_material_to_the_lot():
    event = _events_by_step(epcis_document(_trace()))[("TransformationEvent", "commissioning")]
    assert event["inputQuantityList"][0]["epcClass"].endswith("/id/material/nuoc-cot-dua")
    assert event["inputQuantityList"][0]["uom"] == "LTR"
    assert event["outputQuantityList"] == [{"epcClass": EPC_CLASS}]


def test_events_come_in_time_order_with_packing_and_shipping():
    steps = [(e["type"], e.get("bizStep")) for e in epcis_document(_trace())["epcisBody"]["eventList"]]
    assert steps == [
        ("ObjectEvent", "commissioning"),
        ("TransformationEvent", "commissioning"),
        ("ObjectEvent", "packing"),
        ("ObjectEvent", "shipping"),
    ]


def test_recalled_lot_ends_with_a_recalled_disposition():
    document = epcis_document(_trace(withdrawn_at=datetime(2024, 7, 1, tzinfo=VN), recalled=True))
    assert epcis_errors(document) == []
    last = document["epcisBody"]["eventList"][-1]
    assert (last["bizStep"], last["disposition"]) == ("holding", "recalled")


def test_minimal_lot_without_gtin_or_dates_still_validates():
    trace = _trace(
        epc_class="https://nongsan.test/id/lot/htx/L%2F1",
        site_uri=None,
        planting_area_code="",
        harvest_date=None,
        expiry_date=None,
        packed_at=None,
        processing=[],
        shipments=[],
        unit="hộp",
    )
    document = epcis_document(trace)
    assert epcis_errors(document) == []
    (event,) = document["epcisBody"]["eventList"]
    assert event["quantityList"][0]["uom"] == "H87"


def test_event_ids_are_stable_across_exports():
    first = epcis_document(_trace())["epcisBody"]["eventList"]
    second = epcis_document(_trace())["epcisBody"]["eventList"]
    assert [e["eventID"] for e in first] == [e["eventID"] for e in second]


@pytest.mark.parametrize(("unit", "code"), [("kg", "KGM"), ("Kg", "KGM"), ("lít", "LTR"), ("quả", "H87")])
def test_units_map_to_un_ece_codes(unit, code):
    assert uom(unit) == code


# --- A real lot through the resolver's gs1:traceability link ------------------------------------------


@pytest.fixture
def diary_lot(db):
    lot = make_lot(make_variant(gtin="08931234567897"), code="LOT2406", packing_date=date(2026, 6, 12))
    author = lot.created_by
    for kind, day, extra in (
        (DiaryKind.HARVEST, 10, {"quantity": Decimal(300), "unit": "kg"}),
        (
            DiaryKind.ACTIVITY,
            11,
            {"material": "Cơm dừa", "quantity": Decimal(300), "unit": "kg", "method": "Ép nước cốt"},
        ),
        (DiaryKind.ACTIVITY, 11, {"notes": "Nấu kẹo trên chảo gang"}),
        (DiaryKind.PACKING, 12, {}),
    ):
        actions.diary_entry_create(
            lot=lot,
            author=author,
            kind=kind,
            occurred_at=timezone.make_aware(datetime(2026, 6, day, 8)),
            **extra,
        )
    return lot


def test_lot_export_served_by_the_resolver_validates(client, diary_lot, settings):
    response = client.get("/01/08931234567897/10/LOT2406", {"linkType": "gs1:traceability"})
    assert response.status_code == 307
    epcis = client.get(response["Location"].removeprefix("http://testserver"))
    assert epcis["Content-Type"] == "application/ld+json"
    document = epcis.json()
    assert epcis_errors(document) == []
    steps = [(e["type"], e.get("bizStep")) for e in document["epcisBody"]["eventList"]]
    assert steps == [
        ("ObjectEvent", "commissioning"),
        ("TransformationEvent", "commissioning"),
        ("TransformationEvent", "commissioning"),
        ("ObjectEvent", "packing"),
    ]
    pressing, cooking = document["epcisBody"]["eventList"][1:3]
    assert pressing["inputQuantityList"][0]["epcClass"].endswith("/id/material/com-dua")
    # Without a named material, the lot's own harvest goes in (coconuts → candy).
    assert cooking["inputQuantityList"] == [
        {
            "epcClass": f"{settings.PUBLIC_BASE_URL}/id/lot/{diary_lot.stall.slug}/LOT2406/harvest",
            "quantity": 300.0,
            "uom": "KGM",
        }
    ]
    commissioning = document["epcisBody"]["eventList"][0]
    assert commissioning["quantityList"][0]["epcClass"].endswith("/01/08931234567897/10/LOT2406")
    assert commissioning["ilmd"]["cbvmda:harvestStartDate"] == "2026-06-10"


def test_recalled_lot_export_ends_with_the_recall(client, diary_lot):

    Lot.objects.filter(pk=diary_lot.pk).update(status=LotStatus.RECALLED, recalled_at=timezone.now())
    document = client.get("/epcis/01/08931234567897/10/LOT2406").json()
    assert epcis_errors(document) == []
    assert document["epcisBody"]["eventList"][-1]["disposition"] == "recalled"


def test_draft_lot_has_no_export(client, db):

    make_lot(make_variant(gtin="08931234567897"), code="DRAFT", status="draft")
    assert client.get("/epcis/01/08931234567897/10/DRAFT").status_code == 404


def test_lot_without_gtin_is_exported_through_a_stamp(client, db):

    lot = make_lot(make_variant(gtin=None), code="NOGTIN")
    stamp = issue_stamps(lot, 1).stamps.get()
    document = client.get(f"/epcis/t/{stamp.serial}").json()
    assert epcis_errors(document) == []
    epc_class = document["epcisBody"]["eventList"][0]["quantityList"][0]["epcClass"]
    assert epc_class.endswith(f"/id/lot/{lot.stall.slug}/NOGTIN")
