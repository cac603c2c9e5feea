"""Writes for occasions: planning (``planning``), registrations and the waitlist (``registrations``) and
attendance (``attendance``). Import from here: ``from yrkesresan.occasions import services``."""

from .attendance import attendance_mark, attendance_take, outcome_of
from .feeds import calendar_feed_renew
from .planning import occasion_cancel, occasion_copy, occasion_create, occasion_save
from .registrations import (
    absence_announce,
    occasion_set_capacity,
    occasions_promote_released,
    places_free_for,
    registration_cancel,
    registration_create,
    registration_create_many,
    registration_decide,
    signup_refusal,
)

__all__ = [
    "absence_announce",
    "attendance_mark",
    "attendance_take",
    "calendar_feed_renew",
    "occasion_cancel",
    "occasion_copy",
    "occasion_create",
    "occasion_save",
    "occasion_set_capacity",
    "occasions_promote_released",
    "outcome_of",
    "places_free_for",
    "registration_cancel",
    "registration_create",
    "registration_create_many",
    "registration_decide",
    "signup_refusal",
]
