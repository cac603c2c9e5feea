"""Writes for trainer teams: the pool, teams and course days (``teams``), recruiting calls (``calls``)
and trainer meetings (``meetings``). Import from here: ``from yrkesresan.trainers import services``."""

from .calls import call_answer, call_approve, call_cancel, call_close, call_confirm, call_open
from .meetings import meeting_attendance_take, meeting_cancel, meeting_invite, meeting_reply, meeting_save
from .teams import (
    absence_report,
    day_assign,
    day_assignments_follow_days,
    day_assignments_release,
    day_unassign,
    qualification_grant,
    qualification_revoke,
    subscribe_to_events,
    substitute_assign,
    team_member_add,
    team_member_remove,
    trainer_profile_save,
    unavailability_add,
    unavailability_remove,
)

__all__ = [
    "call_answer",
    "call_approve",
    "call_cancel",
    "call_close",
    "call_confirm",
    "call_open",
    "absence_report",
    "day_assign",
    "day_assignments_follow_days",
    "day_assignments_release",
    "day_unassign",
    "meeting_attendance_take",
    "meeting_cancel",
    "meeting_invite",
    "meeting_reply",
    "meeting_save",
    "qualification_grant",
    "qualification_revoke",
    "subscribe_to_events",
    "substitute_assign",
    "team_member_add",
    "team_member_remove",
    "trainer_profile_save",
    "unavailability_add",
    "unavailability_remove",
]
