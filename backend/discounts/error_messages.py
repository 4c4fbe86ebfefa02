"""What voucher refusals say to a person, in their language: the words for each code."""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.discounts.error_codes import DiscountErrorCode as D

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    D.NOT_FOUND: _("This voucher does not exist."),
    D.INVALID: _("This promo code is not valid."),
    (D.INVALID, "code"): _("A code is 1 to 32 letters, digits, '-' or '_'."),
    D.VOUCHER_NOT_APPLICABLE: _("This promo code does not apply to the items in your cart."),
    D.VOUCHER_NOT_ACTIVE: _("This promo code is not valid at this time."),
    D.VOUCHER_USAGE_LIMIT_REACHED: _("This promo code has been used up."),
    D.VOUCHER_ALREADY_USED: _("You have already used this promo code."),
    D.VOUCHER_MIN_SPEND_NOT_REACHED: _("Your cart does not reach this promo code's minimum spend."),
    D.DUPLICATED_CODE: _("This code is already taken."),
    D.INVALID_VALUE: _("A percentage is above 0 and at most 100; an amount is above 0."),
    D.INVALID_DATES: _("The end must come after the start."),
}
