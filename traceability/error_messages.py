"""What traceability refusals say to a person, in their language: the dashboard's words for each code.

Actions raise English messages for the API; interfaces that face people look the code up here, by
(code, snake_case field) where one code covers several refusals, else by code.
"""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from traceability.error_codes import TraceabilityErrorCode as T

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    T.REQUIRED: _("This field is required."),
    T.INVALID_LOT_CODE: _("Use 1 to 20 letters, digits or GS1 punctuation, no spaces."),
    T.DUPLICATE_LOT_CODE: _("Your stall already has a lot with this code."),
    T.VARIANT_NOT_IN_STALL: _("Choose one of your stall's products."),
    T.SITE_NOT_IN_STALL: _("Choose one of your stall's sites."),
    T.INVALID_DATES: _("These dates are not in order (harvest, packing, expiry)."),
    T.INVALID_STATUS: _("The lot's status does not allow this."),
    (T.INVALID_STATUS, "stamp_job"): _("Wait until the stamps are issued."),
    (T.INVALID_STATUS, "lot"): _("Issue stamps for this lot first."),
    T.LOT_NOT_RELEASED: _("Release the lot before issuing stamps."),
    T.NOTICE_REQUIRED: _("Write the notice consumers will see."),
    T.QUANTITY_OUT_OF_RANGE: _("Enter a quantity in the allowed range."),
    (T.QUANTITY_OUT_OF_RANGE, "limit"): _(
        "Render at most 20,000 labels at a time (set how many), or export CSV."
    ),
    (T.INVALID, "offset"): _("There are not that many stamps: start earlier or make fewer labels."),
    (T.INVALID, "rows"): _("Labels would be smaller than 15 × 10 mm; use fewer rows or columns."),
    T.CORRECTION_OUTSIDE_CHAIN: _("A correction must point at an entry of the same diary."),
    T.INVALID_PHOTO: _("Upload a JPEG, PNG or WebP photo."),
    T.INVALID_DOCUMENT: _("Upload the document as a PDF, JPEG or PNG file."),
    T.FILE_TOO_LARGE: _("This file is too large."),
    T.PERMISSION_DENIED: _("You may not do this."),
}
