"""What account refusals say to a person, in their language, for interfaces that face people
(the API answers the English messages of the actions); looked up by `core.error_messages`."""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.accounts.error_codes import AccountErrorCode as A

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    A.NOT_FOUND: _("This was not found in your account."),
    (A.NOT_FOUND, "channel"): _("This shop is not available right now."),
    A.INVALID_PASSWORD: _("The current password is not correct."),
    A.CHANNEL_INACTIVE: _("This shop is not available right now."),
    A.TOO_MANY_ADDRESSES: _("Your address book is full (20 addresses); delete one first."),
    A.DELETION_NOT_ALLOWED: _(
        "The account cannot be deleted yet: wait until your orders are delivered, or ask support."
    ),
    (A.INVALID, "redirect_url"): _("This link does not lead to a Nông Sàn shop."),
    (A.INVALID, "country"): _("Nông Sàn delivers only in Vietnam."),
    (A.INVALID, "city"): _("Choose a commune or ward of the chosen province."),
    (A.INVALID, "country_area"): _("Choose a province from the list in force since July 2025."),
    (A.INVALID, "postal_code"): _("A Vietnamese postal code has 5 digits."),
}
