"""What insights refusals say to a person, in their language: the dashboard's words for each code."""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.insights.error_codes import InsightErrorCode as I

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    I.INVALID_PERIOD: _("Choose a period that ends after it starts and spans at most five years."),
    I.UNKNOWN_PROVINCE: _("Unknown province."),
    I.NOT_FOUND: _("This declaration does not exist."),
    I.MONTH_NOT_EDITABLE: _("Sales can be declared or corrected only for the last three months."),
    I.INVALID_AMOUNT: _("Enter an amount of zero or more."),
    I.INVALID_CURRENCY: _("Declare sales in VND or USD."),
    I.PRODUCT_NOT_IN_STALL: _("Declare only your stall's own products."),
    I.PRODUCT_OR_CATEGORY: _("Declare for one product or one category, not both."),
    I.OUT_OF_SCOPE: _("You may import only the OCOP list of your own province."),
}
