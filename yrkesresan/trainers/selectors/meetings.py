"""Reads for trainer meetings (*utbildarträffar*): the coordinators' list with the replies counted, one
meeting with its invitations, the pool a meeting invites from, and a trainer's own invitations.

A meeting for the whole region invites the region's trainers; a meeting of a municipality (``municipality``
set) invites that municipality's own pool, its discussion leaders. The region's coordinators plan both
kinds; a k-admin plans their municipality's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from yrkesresan.accounts.scopes import is_system_admin
from yrkesresan.catalog.models import Course
from yrkesresan.core import policy
from yrkesresan.organisations.models import Municipality, Region

from ..models import MeetingInvitation, Qualification, Reply, TrainerKind, TrainerMeeting, TrainerProfile
from ..policies import _places

# --- when -----------------------------------------------------------------------------------------------


def meeting_start(meeting: TrainerMeeting) -> datetime.datetime:
    """When the meeting starts, in Swedish time: replies close then."""
    return timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.starts), _zone())


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def has_started(meeting: TrainerMeeting, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) >= meeting_start(meeting)


# --- rules ----------------------------------------------------------------------------------------------


def can_manage_meeting(actor: Any, obj: Any) -> bool:
    """Who plans a trainer meeting, invites to it, takes its attendance and cancels it: the region's
    regional administrators and project leaders (every meeting in the region), a k-admin a meeting of
    their municipality's discussion leaders, and system admins. ``obj`` may be a meeting not saved yet."""
    if not isinstance(obj, TrainerMeeting):
        return False
    if is_system_admin(actor):
        return True
    regional, kadmin, _trainer_regions = _places(actor)
    return obj.region_id in regional or (obj.municipality_id is not None and obj.municipality_id in kadmin)


def can_reply(actor: Any, obj: Any) -> bool:
    """The invited trainer themselves answers an invitation."""
    return isinstance(obj, MeetingInvitation) and obj.trainer.user_id == actor.pk


_PROFILE_ATTR = "_yr_trainer_profile_id"


def trainer_profile_id(user: Any) -> int | None:
    """The id of the user's trainer profile, or None: one query, then kept on this user object."""
    if not hasattr(user, _PROFILE_ATTR):
        found = TrainerProfile.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
        setattr(user, _PROFILE_ATTR, found)
    return getattr(user, _PROFILE_ATTR)


def is_in_a_pool(actor: Any, obj: Any = None) -> bool:
    """Has a trainer profile (a trainer of a region's pool or a municipality's discussion leader): their
    own meetings page."""
    return trainer_profile_id(actor) is not None


# --- where a meeting invites from -------------------------------------------------------------------------


def meeting_pool(meeting: TrainerMeeting) -> QuerySet[TrainerProfile]:
    """Who a meeting invites from: the region's active trainers, or for a municipality's meeting its active
    discussion leaders."""
    if meeting.municipality_id is not None:
        pool = TrainerProfile.objects.filter(
            kind=TrainerKind.DISCUSSION_LEADER, home_municipality_id=meeting.municipality_id
        )
    else:
        pool = TrainerProfile.objects.filter(kind=TrainerKind.TRAINER, region_id=meeting.region_id)
    return pool.filter(active=True, user__is_active=True)


def not_invited(meeting: TrainerMeeting, *, course: Course | None = None) -> QuerySet[TrainerProfile]:
    """The meeting's pool (qualified for ``course`` if given) without those already invited."""
    pool = meeting_pool(meeting).exclude(
        Exists(MeetingInvitation.objects.filter(meeting_id=meeting.pk, trainer=OuterRef("pk")))
    )
    if course is not None:
        pool = pool.filter(Exists(Qualification.objects.filter(trainer=OuterRef("pk"), course_id=course.pk)))
    return pool


def pool_courses(meeting: TrainerMeeting) -> list[Course]:
    """The courses someone in the meeting's pool is qualified for: the choices of "invite those qualified
    for a course"."""
    trainers = meeting_pool(meeting).values("pk")
    return list(
        Course.objects.filter(
            pk__in=Qualification.objects.filter(trainer_id__in=trainers).values("course_id")
        ).order_by("title", "pk")
    )


@dataclass(frozen=True)
class Place:
    """Where a coordinator may hold a meeting: a whole region, or a municipality's own pool."""

    region: Region
    municipality: Municipality | None = None

    @property
    def key(self) -> str:
        return f"m{self.municipality.pk}" if self.municipality is not None else f"r{self.region.pk}"


def meeting_places(*, actor: Any) -> list[Place]:
    """The regions and municipalities the actor may plan meetings for: a coordinator's regions and their
    municipalities, a k-admin's municipality. Two queries."""
    if is_system_admin(actor):
        regions = list(Region.objects.order_by("name"))
        municipalities = list(Municipality.objects.select_related("region").order_by("name"))
    else:
        regional, kadmin, _trainer_regions = _places(actor)
        regions = list(Region.objects.filter(pk__in=regional).order_by("name"))
        municipalities = list(
            Municipality.objects.filter(Q(region_id__in=regional) | Q(pk__in=kadmin))
            .select_related("region")
            .order_by("name")
        )
    return [Place(region=r) for r in regions] + [Place(region=m.region, municipality=m) for m in municipalities]


# --- the coordinators' list -------------------------------------------------------------------------------


def with_counts(qs: QuerySet[TrainerMeeting]) -> QuerySet[TrainerMeeting]:
    """Each meeting with how many are invited, coming, not coming, have not answered, and came."""
    return qs.annotate(
        invited=Count("invitations"),
        coming=Count("invitations", filter=Q(invitations__reply=Reply.YES)),
        not_coming=Count("invitations", filter=Q(invitations__reply=Reply.NO)),
        not_answered=Count("invitations", filter=Q(invitations__reply=Reply.NONE)),
        attended=Count("invitations", filter=Q(invitations__attended=True)),
    )


def meeting_list(*, actor: Any, past: bool = False, today: datetime.date | None = None) -> QuerySet[TrainerMeeting]:
    """The meetings the actor sees, with the replies counted: coming ones (from today) soonest first, or
    held ones latest first."""
    today = today or timezone.localdate()
    qs = policy.visible(actor, TrainerMeeting.objects.select_related("region", "municipality"))
    if past:
        qs = qs.filter(date__lt=today).order_by("-date", "-starts", "-pk")
    else:
        qs = qs.filter(date__gte=today).order_by("date", "starts", "pk")
    return with_counts(qs)


# --- one meeting ------------------------------------------------------------------------------------------


@dataclass
class MeetingSheet:
    """A meeting with its invitations (name order) and the replies counted."""

    meeting: TrainerMeeting
    invitations: list[MeetingInvitation]

    def _count(self, reply: str) -> int:
        return sum(1 for i in self.invitations if i.reply == reply)

    @property
    def invited(self) -> int:
        return len(self.invitations)

    @property
    def coming(self) -> int:
        return self._count(Reply.YES)

    @property
    def not_coming(self) -> int:
        return self._count(Reply.NO)

    @property
    def not_answered(self) -> int:
        return self._count(Reply.NONE)

    @property
    def attended(self) -> int:
        return sum(1 for i in self.invitations if i.attended)

    @property
    def attendance_taken(self) -> bool:
        return any(i.attended is not None for i in self.invitations)


def meeting_get(*, actor: Any, pk: Any) -> TrainerMeeting:
    """A meeting the actor sees (404 otherwise)."""
    return policy.get_visible_or_404(
        actor, TrainerMeeting.objects.select_related("region", "municipality", "created_by"), pk=pk
    )


def meeting_invitations(*, actor: Any, meeting: TrainerMeeting) -> MeetingSheet:
    """The meeting's invitations the actor sees (a coordinator: all of them), by name. One query."""
    invitations = list(
        policy.visible(actor, MeetingInvitation.objects.filter(meeting_id=meeting.pk))
        .select_related("trainer__user", "trainer__home_municipality", "attendance_by")
        .order_by("trainer__user__last_name", "trainer__user__first_name", "pk")
    )
    for invitation in invitations:
        invitation.meeting = meeting
    return MeetingSheet(meeting=meeting, invitations=invitations)


def cancel_reason(meeting: TrainerMeeting) -> str:
    """Why the meeting was cancelled, as the coordinator wrote it (kept in the audit trail)."""
    from yrkesresan.core.models import AuditEvent

    event = (
        AuditEvent.objects.filter(
            action="trainer_meeting.cancel", target_type=TrainerMeeting._meta.label_lower, target_id=meeting.pk
        )
        .order_by("-pk")
        .first()
    )
    return str((event.changes or {}).get("reason", "")) if event is not None else ""


# --- a trainer's invitations ------------------------------------------------------------------------------

#: How many held meetings a trainer's page lists.
PAST_SHOWN = 20


@dataclass
class MyMeetings:
    coming: list[MeetingInvitation] = field(default_factory=list)
    past: list[MeetingInvitation] = field(default_factory=list)


def _mine(user: Any) -> QuerySet[MeetingInvitation]:
    return MeetingInvitation.objects.filter(trainer__user_id=user.pk).select_related(
        "meeting__region", "meeting__municipality"
    )


def trainer_invitations(*, user: Any, today: datetime.date | None = None) -> MyMeetings:
    """The meetings ``user`` is invited to: the coming ones soonest first (cancelled ones included, so
    that they see it), then the latest held ones. Two queries."""
    today = today or timezone.localdate()
    mine = _mine(user)
    return MyMeetings(
        coming=list(mine.filter(meeting__date__gte=today).order_by("meeting__date", "meeting__starts", "pk")),
        past=list(mine.filter(meeting__date__lt=today).order_by("-meeting__date", "-meeting__starts")[:PAST_SHOWN]),
    )


def next_invitation(*, user: Any, now: datetime.datetime | None = None) -> MeetingInvitation | None:
    """The next meeting ``user`` is invited to that has not started and is not cancelled. One query."""
    now = timezone.localtime(now or timezone.now(), _zone())
    coming = (
        _mine(user)
        .filter(meeting__cancelled=False)
        .filter(Q(meeting__date__gt=now.date()) | Q(meeting__date=now.date(), meeting__starts__gt=now.time()))
        .order_by("meeting__date", "meeting__starts", "pk")
    )
    return coming.first()
