"""What payment refusals say to a person, in their language: the dashboard's words for each code.

Actions raise English messages for the API; interfaces that face people look the code up here, by
(code, snake_case field) where one code covers several refusals, else by code.
"""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.payments.error_codes import PaymentErrorCode as P

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    P.ALREADY_RESOLVED: _("Someone already handled this."),
    P.INVALID_STATUS: _("This order's payment is no longer waiting for money: send the money back instead."),
    P.INVALID: _("Say what was done with the money."),
    # The buyer's card page (payment_card_checkout_start).
    (P.INVALID_STATUS, "payment"): _("This order is already paid or no longer waiting for payment."),
    (P.UNSUPPORTED_METHOD, "payment"): _("This order is not paid by card."),
    P.GATEWAY_ERROR: _("The card payment service is not answering. Please try again in a moment."),
    P.AMOUNT_MISMATCH: _("The amount paid is not the order's total."),
}
