"""Stable error codes for reviews, replies, reports and moderation (GraphQL `ReviewErrorCode`)."""

from enum import Enum


class ReviewErrorCode(Enum):
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    INVALID_RATING = "invalid_rating"
    TOO_LONG = "too_long"
    NOT_ELIGIBLE = "not_eligible"
    ALREADY_REVIEWED = "already_reviewed"
    ALREADY_REPLIED = "already_replied"
    ALREADY_REPORTED = "already_reported"
    NOT_STALL_MEMBER = "not_stall_member"
    NOT_STAFF = "not_staff"
    INVALID_STATUS = "invalid_status"
