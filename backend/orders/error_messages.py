"""What order refusals say to a person, in their language: the dashboard's words for each code.

Actions raise English messages for the API; interfaces that face people look the code up here, by
(code, snake_case field) where one code covers several refusals, else by code.
"""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.orders.error_codes import OrderErrorCode as O

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    O.INVALID_STATUS: _("The order is no longer in a state that allows this."),
    O.NOT_PAID: _("The buyer has not paid this order yet."),
    O.REASON_REQUIRED: _("Tell the buyer why the order is cancelled."),
    O.CANNOT_CANCEL: _("This order can no longer be cancelled."),
    O.INVALID_AMOUNT: _("Enter a positive amount."),
    O.REFUND_EXCEEDS_PAID: _("The refund exceeds what is left to refund."),
    O.PAYOUT_EXCEEDS_BALANCE: _("The payout exceeds the stall's balance."),
    O.PAYMENT_FAILED: _("The payment could not be updated, so the order was not changed."),
    O.TRACKING_REQUIRED: _("Enter the carrier and the tracking number."),
}
