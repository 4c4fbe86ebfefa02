"""The shop's words for the refusals of the apps buying calls (cart, checkout, orders, payments)."""

from enum import Enum

from django import forms
from django.utils.functional import Promise

from backend.catalog.error_messages import MESSAGES as CATALOG_MESSAGES
from backend.checkout.error_messages import MESSAGES as CHECKOUT_MESSAGES
from backend.core.error_messages import form_add_domain_error, message_for
from backend.core.errors import DomainError, DomainErrors
from backend.orders.error_messages import MESSAGES as ORDER_MESSAGES
from backend.payments.error_messages import MESSAGES as PAYMENT_MESSAGES

# Members of different enums are different keys, so the tables merge without clashing.
MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    **CATALOG_MESSAGES,
    **ORDER_MESSAGES,
    **PAYMENT_MESSAGES,
    **CHECKOUT_MESSAGES,
}


def error_text(error: DomainError) -> str:
    """A refusal in the visitor's language."""
    return message_for(error, MESSAGES)


def add_error(form: forms.Form, error: DomainError | DomainErrors) -> None:
    """Put each refusal on the form field it names, else on the form."""
    form_add_domain_error(form, error, MESSAGES)
