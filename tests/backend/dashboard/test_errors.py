"""The dashboard's one DomainError → form error path: where a refusal lands and what it says."""

from enum import Enum

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import translation

from backend.catalog.error_codes import CatalogErrorCode
from backend.catalog.error_messages import IMPORT_MESSAGES
from backend.core.errors import DomainError, DomainErrors
from backend.dashboard.errors import MESSAGES, add_domain_error, domain_error_message
from backend.orders.error_codes import OrderErrorCode
from backend.stalls.error_codes import StallErrorCode
from traceability.error_codes import TraceabilityErrorCode


class PayoutDetailsForm(forms.Form):
    bank_bin = forms.CharField()
    bank_account_number = forms.CharField()
    origin_province_code = forms.IntegerField()


class UnregisteredErrorCode(Enum):
    SOMETHING_NEW = "something_new"


def _form() -> PayoutDetailsForm:
    form = PayoutDetailsForm(
        data={"bank_bin": "970436", "bank_account_number": "1", "origin_province_code": 1}
    )
    assert form.is_valid()
    return form


def _refused(code: Enum, field: str | None = None) -> DomainError:
    return DomainError(code, "The action's English words, for the API.", field)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "A bank account number has 6 to 19 digits."),
        ("vi", "Số tài khoản ngân hàng gồm 6 đến 19 chữ số."),
    ],
)
def test_a_camel_case_field_error_lands_on_its_field_in_the_users_language(language, expected):
    form = _form()
    with translation.override(language):
        add_domain_error(form, _refused(StallErrorCode.INVALID, "bankAccountNumber"))
    assert form.errors == {"bank_account_number": [expected]}


@pytest.mark.parametrize("field", ["warehouseName", None])
def test_an_unknown_field_or_no_field_lands_in_non_field_errors(field):
    form = _form()
    with translation.override("en"):
        add_domain_error(form, _refused(CatalogErrorCode.DUPLICATED_SKU, field))
    assert form.non_field_errors() == ["This SKU is already used by another variant of your stall."]
    assert set(form.errors) == {NON_FIELD_ERRORS}


def test_fields_renames_the_api_field_to_the_forms_field():
    form = _form()
    with translation.override("en"):
        add_domain_error(
            form,
            _refused(CatalogErrorCode.UNKNOWN_PROVINCE, "originProvince"),
            fields={"origin_province": "origin_province_code"},
        )
    assert form.errors == {"origin_province_code": ["Unknown province."]}


def test_several_refusals_each_land_on_their_own_field():
    form = _form()
    refusals = DomainErrors(
        [_refused(StallErrorCode.INVALID, "bankBin"), _refused(StallErrorCode.INVALID, "bankAccountNumber")]
    )
    with translation.override("en"):
        add_domain_error(form, refusals)
    assert form.errors == {
        "bank_bin": ["A bank BIN has 6 digits."],
        "bank_account_number": ["A bank account number has 6 to 19 digits."],
    }


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("stampJob", "Wait until the stamps are issued."),
        ("lot", "Issue stamps for this lot first."),
        (None, "The lot's status does not allow this."),
    ],
)
def test_a_code_with_several_meanings_is_told_apart_by_its_camel_case_field(field, expected):
    with translation.override("en"):
        assert domain_error_message(_refused(TraceabilityErrorCode.INVALID_STATUS, field)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This could not be done (something_new)."),
        ("vi", "Không thực hiện được việc này (something_new)."),
    ],
)
def test_a_code_without_words_gets_a_generic_translated_message_not_english_or_a_crash(language, expected):
    form = _form()
    with translation.override(language):
        add_domain_error(form, _refused(UnregisteredErrorCode.SOMETHING_NEW, "bankBin"))
    assert form.errors == {"bank_bin": [expected]}


def test_a_code_of_a_known_enum_without_words_gets_the_generic_message():
    with translation.override("en"):
        assert (
            domain_error_message(_refused(OrderErrorCode.NOT_FOUND)) == "This could not be done (not_found)."
        )


def test_every_message_of_every_app_has_a_vietnamese_translation():
    tables = {**MESSAGES, **IMPORT_MESSAGES}
    with translation.override("en"):
        english = {key: str(message) for key, message in tables.items()}
    with translation.override("vi"):
        untranslated = [english[key] for key, message in tables.items() if str(message) == english[key]]
    assert untranslated == []
