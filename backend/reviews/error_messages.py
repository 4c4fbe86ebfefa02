"""What review refusals say to a person, in their language (looked up by the dashboard and the shop)."""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.reviews.error_codes import ReviewErrorCode as R

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    R.NOT_FOUND: _("This review no longer exists."),
    (R.REQUIRED, "text"): _("Write your reply."),
    (R.REQUIRED, "reason"): _("Say why."),
    R.INVALID_RATING: _("Give between 1 and 5 stars."),
    R.TOO_LONG: _("This text is too long."),
    R.NOT_ELIGIBLE: _("Only buyers who received this product may review it."),
    R.ALREADY_REVIEWED: _("You have already reviewed this product."),
    R.ALREADY_REPLIED: _("The stall has already replied to this review."),
    R.ALREADY_REPORTED: _("This review is already waiting for a decision by staff."),
    R.NOT_STALL_MEMBER: _("Only the product's stall may do this."),
    R.NOT_STAFF: _("Only platform staff decide which reviews are hidden."),
    R.INVALID_STATUS: _("This review can no longer be changed this way."),
}
