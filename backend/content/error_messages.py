"""What content refusals say to a person, in their language."""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.content.error_codes import ContentErrorCode as C

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    C.REQUIRED: _("This field is required."),
    (C.INVALID, "language_code"): _("Pages are translated into English only."),
    (C.INVALID, "items"): _("Each menu item points to exactly one category, collection, page or link."),
    C.NOT_FOUND: _("This page or menu does not exist."),
}
