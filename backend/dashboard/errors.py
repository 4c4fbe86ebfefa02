"""The dashboard's one path from a domain refusal to a form error in the user's language.

The words come from the apps' `error_messages.py` tables through `backend.core.error_messages`
(the lookup the storefront shares); this module picks the dashboard's tables and puts each refusal
on the form field it names.
"""

from collections.abc import Mapping
from enum import Enum

from django import forms
from django.utils.functional import Promise

from backend.catalog.error_messages import IMPORT_MESSAGES
from backend.catalog.error_messages import MESSAGES as CATALOG_MESSAGES
from backend.catalog.importing import ImportErrorCode, RowError
from backend.core.error_messages import form_add_domain_error, message_for
from backend.core.errors import DomainError, DomainErrors
from backend.discounts.error_messages import MESSAGES as DISCOUNT_MESSAGES
from backend.insights.error_messages import MESSAGES as INSIGHT_MESSAGES
from backend.orders.error_messages import MESSAGES as ORDER_MESSAGES
from backend.payments.error_messages import MESSAGES as PAYMENT_MESSAGES
from backend.reviews.error_messages import MESSAGES as REVIEW_MESSAGES
from backend.stalls.error_messages import MESSAGES as STALL_MESSAGES
from traceability.error_messages import MESSAGES as TRACEABILITY_MESSAGES

# Members of different enums are different keys, so the tables merge without clashing.
MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    **CATALOG_MESSAGES,
    **STALL_MESSAGES,
    **ORDER_MESSAGES,
    **PAYMENT_MESSAGES,
    **TRACEABILITY_MESSAGES,
    **REVIEW_MESSAGES,
    **INSIGHT_MESSAGES,
    **DISCOUNT_MESSAGES,
}


def domain_error_message(error: DomainError) -> str:
    """The refusal in the active language (see `backend.core.error_messages.message_for`)."""
    return message_for(error, MESSAGES)


def add_domain_error(
    form: forms.Form, error: DomainError | DomainErrors, *, fields: Mapping[str, str] | None = None
) -> None:
    """Attach each refusal to the form field it names (renamed through `fields`), else to the form."""
    form_add_domain_error(form, error, MESSAGES, fields=fields)


def import_error_message(error: RowError) -> str:
    """One line of an import report (products, a province's OCOP list) in the user's language: a
    refused row speaks through its domain error, a file or cell problem through its import code."""
    if error.code is ImportErrorCode.REFUSED and error.cause is not None:
        return domain_error_message(error.cause)
    template = IMPORT_MESSAGES.get(error.code)
    return str(template) % error.params if template is not None else error.message
