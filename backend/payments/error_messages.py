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
}
