"""What stall refusals say to a person, in their language: the dashboard's words for each code.

Actions raise English messages for the API; interfaces that face people look the code up here, by
(code, snake_case field) where one code covers several refusals, else by code.
"""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.stalls.error_codes import StallErrorCode as S

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    S.REQUIRED: _("This field is required."),
    (S.INVALID, "bank_bin"): _("A bank BIN has 6 digits."),
    (S.INVALID, "bank_account_number"): _("A bank account number has 6 to 19 digits."),
    (S.INVALID, "decision_date"): _("The decision date is in the future."),
    S.UNKNOWN_PROVINCE: _("Unknown province."),
    S.UNKNOWN_COMMUNE: _("Unknown commune or ward (use the list in force since 1 July 2025)."),
    S.COMMUNE_NOT_IN_PROVINCE: _("This commune or ward is not in the chosen province."),
    S.INVALID_TAX_CODE: _("A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch."),
    S.INVALID_PHONE: _("Enter a Vietnamese phone number such as 0912 345 678 or +84912345678."),
    S.INVALID_STARS: _("OCOP ratings have 3, 4 or 5 stars."),
    S.INVALID_GROUP: _("Choose an OCOP product group."),
    S.INVALID_SCORE: _("The OCOP score is 0 to 100."),
    S.INVALID_DOCUMENT: _("Upload the decision as a PDF, JPEG or PNG file of at most 10 MB."),
    S.PRODUCT_NOT_IN_STALL: _("A certificate covers only your stall's own products."),
    S.UNSUPPORTED_IMAGE_FORMAT: _("Upload a JPEG, PNG or WebP image."),
    S.FILE_TOO_LARGE: _("This file is too large."),
    S.IMAGE_TOO_LARGE: _("This image has too many pixels; resize it and try again."),
    S.INVALID_IMAGE: _("This file is not an image we can read."),
}
