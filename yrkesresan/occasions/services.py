"""Writes for occasions, registrations and attendance.

Registrations lock the occasion row and then count (never count first and insert later);
on SQLite every transaction takes the write lock at its start (settings), which serialises
them the same way. A change that affects a participant's progress is announced as a domain
event (``core.events``), which ``learning`` subscribes to.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.catalog.models import Course
from yrkesresan.core import events, policy
from yrkesresan.core.audit import audit_record

from .models import (
    ACTIVE_STATES,
    CourseDay,
    DayAttendance,
    DeliveryLevel,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationEvent,
    RegistrationState,
)
from .notifications import registration_notify


@transaction.atomic
def occasion_create(
    *,
    actor: Any,
    course: Course,
    region: Any,
    capacity: int,
    days: list[dict[str, Any]],
    name: str = "",
    delivery_level: str = DeliveryLevel.REGIONAL,
) -> Occasion:
    """A course occasion in ``region`` with its course days (each a dict of date, starts, ends,
    mode and venue, address or link)."""
    policy.require(actor, "occasions.manage", region)
    if course.is_web:
        raise ValidationError(_("A self-paced web course has no course days."))
    if capacity < 1:
        raise ValidationError({"capacity": _("An occasion needs at least one place.")})
    if not days:
        raise ValidationError(_("Add the course days."))
    occasion = Occasion.objects.create(
        course=course, region=region, capacity=capacity, name=name, delivery_level=delivery_level
    )
    for day in days:
        course_day = CourseDay(occasion=occasion, **day)
        course_day.full_clean(exclude=["occasion"])
        course_day.save()
    audit_record(actor=actor, action="occasion.create", target=occasion, region_id=region.pk if region else None)
    return occasion


def _home_municipality_id(user: User, on: datetime.date | None = None) -> int | None:
    return (
        RoleAssignment.objects.active(on)
        .filter(user=user, municipality__isnull=False)
        .order_by("id")
        .values_list("municipality_id", flat=True)
        .first()
    )


def _person_place(user: User) -> tuple[set[int], set[int], set[int]]:
    """(regions, municipalities, units) of the person's active roles today."""
    regions: set[int] = set()
    municipalities: set[int] = set()
    units: set[int] = set()
    for r, m, u in (
        RoleAssignment.objects.active().filter(user=user).values_list("region_id", "municipality_id", "unit_id")
    ):
        if r:
            regions.add(r)
        if m:
            municipalities.add(m)
        if u:
            units.add(u)
    return regions, municipalities, units


def _refusal(occasion: Occasion, person: User, *, now: datetime.datetime) -> str | None:
    """Why ``person`` may not sign up for ``occasion`` now, or None. Each reason is one a person can act on."""
    if occasion.status == OccasionStatus.CANCELLED:
        return _("The occasion is cancelled.")
    if occasion.registration_opens and now < occasion.registration_opens:
        opens = timezone.localtime(occasion.registration_opens).strftime("%Y-%m-%d %H:%M")
        return _("Registration opens on %(date)s.") % {"date": opens}
    if occasion.registration_closes and now >= occasion.registration_closes:
        return _("Registration has closed.")
    regions, municipalities, units = _person_place(person)
    in_place = (
        (occasion.unit_id is None or occasion.unit_id in units)
        and (occasion.municipality_id is None or occasion.municipality_id in municipalities)
        and (occasion.region_id is None or occasion.region_id in regions)
    )
    targets_m = set(occasion.target_municipalities.values_list("pk", flat=True))
    targets_u = set(occasion.target_units.values_list("pk", flat=True))
    in_target = (not targets_m or bool(targets_m & municipalities)) and (not targets_u or bool(targets_u & units))
    if not (in_place and in_target):
        return _("The occasion is not open to %(name)s's workplace.") % {"name": person}
    if Registration.objects.filter(occasion=occasion, user=person, state__in=ACTIVE_STATES).exists():
        return _("%(name)s is already registered on this occasion.") % {"name": person}
    return None


def _move(
    registration: Registration, to_state: str, *, by: Any, reason: str = "", position: int | None = None
) -> Registration:
    """Change a registration's state and keep the change in its history."""
    before = registration.state
    registration.state = to_state
    registration.position = position if to_state == RegistrationState.WAITLISTED else None
    registration.save(update_fields=["state", "position"])
    RegistrationEvent.objects.create(
        registration=registration, from_state=before, to_state=to_state, by=by, reason=reason[:300]
    )
    return registration


def _next_slot(occasion: Occasion) -> tuple[str, int | None]:
    """Booked while a place is free, else the next place on the waitlist (the occasion row is locked)."""
    booked = Registration.objects.filter(occasion=occasion, state=RegistrationState.BOOKED).count()
    waiting = Registration.objects.filter(occasion=occasion, state=RegistrationState.WAITLISTED).exists()
    # A free place with people waiting (promotion has stopped for the last days) is not taken by a newcomer.
    if booked < occasion.capacity and not waiting:
        return RegistrationState.BOOKED, None
    last = (
        Registration.objects.filter(occasion=occasion, state=RegistrationState.WAITLISTED)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return RegistrationState.WAITLISTED, (last or 0) + 1


def _promotion_allowed(occasion: Occasion, today: datetime.date) -> bool:
    first = occasion.days.order_by("date").values_list("date", flat=True).first()
    return first is None or today < first - datetime.timedelta(days=occasion.waitlist_stops_days)


def _promote(occasion: Occasion, *, by: Any) -> list[Registration]:
    """Fill free places from the waitlist, first come first served (the occasion row is locked)."""
    if occasion.status == OccasionStatus.CANCELLED or not _promotion_allowed(occasion, timezone.localdate()):
        return []
    booked = Registration.objects.filter(occasion=occasion, state=RegistrationState.BOOKED).count()
    free = occasion.capacity - booked
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(occasion=occasion, state=RegistrationState.WAITLISTED).order_by("position")[:free]
    )
    for registration in promoted:
        _move(registration, RegistrationState.BOOKED, by=by, reason=_("A place became free."))
        registration_notify(registration)
    return promoted


def _announce(occasion: Occasion, user_ids: list[int]) -> None:
    if user_ids:
        events.announce("registration.changed", user_ids=user_ids, course_id=occasion.course_id)


def _may_register(actor: Any, occasion: Occasion, person: User) -> bool:
    """The person themselves, whoever manages the person (their manager, k-admin…), or the occasion's planners."""
    return (
        actor.pk == person.pk
        or policy.can(actor, "occasions.manage", occasion)
        or policy.can(actor, "people.manage", person)
    )


@transaction.atomic
def registration_create(
    *, actor: Any, occasion: Occasion, person: User, now: datetime.datetime | None = None
) -> Registration:
    """Sign ``person`` up for ``occasion``. Booked while there are places, else on the waitlist in
    arrival order; a person's own sign-up to an occasion that needs approval waits for their manager.
    The occasion row is locked first and the places counted after, so that concurrent sign-ups can
    never overbook; the database refuses a second active sign-up of one person. The person's
    municipality today is kept on the registration (it is what is invoiced)."""
    now = now or timezone.now()
    if not _may_register(actor, occasion, person):
        raise PermissionDenied(_("You may not register this person."))
    locked = Occasion.objects.select_for_update().get(pk=occasion.pk)
    refusal = _refusal(locked, person, now=now)
    if refusal:
        raise ValidationError(refusal)
    state: str
    position: int | None
    if locked.needs_approval and actor.pk == person.pk and not policy.can(actor, "occasions.manage", locked):
        state, position = RegistrationState.REQUESTED, None
    else:
        state, position = _next_slot(locked)
    registration = Registration.objects.create(
        occasion=locked,
        user=person,
        state=state,
        position=position,
        municipality_at_signup_id=_home_municipality_id(person),
    )
    RegistrationEvent.objects.create(registration=registration, to_state=state, by=actor)
    registration_notify(registration)
    audit_record(
        actor=actor,
        action="registration.create",
        target=registration,
        changes={"state": [None, registration.state]},
        region_id=locked.region_id,
        municipality_id=registration.municipality_at_signup_id,
    )
    _announce(locked, [person.pk])
    return registration


@transaction.atomic
def registration_decide(*, actor: Any, registration: Registration, approve: bool, reason: str = "") -> Registration:
    """The manager approves a sign-up (it is then booked or waitlisted) or declines it."""
    locked = Occasion.objects.select_for_update().get(pk=registration.occasion_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not (policy.can(actor, "people.manage", registration.user) or policy.can(actor, "occasions.manage", locked)):
        raise PermissionDenied(_("You may not decide on this sign-up."))
    if registration.state != RegistrationState.REQUESTED:
        raise ValidationError(_("This sign-up is not waiting for a decision."))
    if approve:
        state, position = _next_slot(locked)
        _move(registration, state, by=actor, reason=reason or _("Approved by the manager."), position=position)
        registration_notify(registration)
    else:
        _move(registration, RegistrationState.DECLINED, by=actor, reason=reason)
    _announce(locked, [registration.user_id])
    return registration


@transaction.atomic
def registration_cancel(
    *, actor: Any, registration: Registration, reason: str = "", today: datetime.date | None = None
) -> Registration:
    """Cancel a sign-up. After the occasion's last day to cancel it is recorded as late (billing decides
    whether that is charged). A freed place goes to the first on the waitlist, unless the course starts
    within the occasion's ``waitlist_stops_days``."""
    today = today or timezone.localdate()
    locked = Occasion.objects.select_for_update().get(pk=registration.occasion_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not (registration.user_id == actor.pk or _may_register(actor, locked, registration.user)):
        raise PermissionDenied(_("You may not cancel this registration."))
    if registration.state not in ACTIVE_STATES:
        raise ValidationError(_("The registration is already cancelled."))
    before = registration.state
    late = before == RegistrationState.BOOKED and locked.cancel_deadline is not None and today > locked.cancel_deadline
    _move(
        registration,
        RegistrationState.CANCELLED_LATE if late else RegistrationState.CANCELLED,
        by=actor,
        reason=reason,
    )
    promoted = _promote(locked, by=actor) if before == RegistrationState.BOOKED else []
    audit_record(
        actor=actor,
        action="registration.cancel",
        target=registration,
        changes={"state": [before, registration.state]},
        region_id=locked.region_id,
    )
    _announce(locked, [registration.user_id, *(r.user_id for r in promoted)])
    return registration


@transaction.atomic
def occasion_set_capacity(*, actor: Any, occasion: Occasion, capacity: int) -> list[Registration]:
    """Change the number of places. More places promote from the waitlist; fewer than those already
    booked is refused (capacity is never exceeded). Returns the promoted registrations."""
    locked = Occasion.objects.select_for_update().get(pk=occasion.pk)
    policy.require(actor, "occasions.manage", locked)
    booked = Registration.objects.filter(occasion=locked, state=RegistrationState.BOOKED).count()
    if capacity < max(booked, 1):
        message = _("%(booked)d people are booked: the occasion needs at least that many places.")
        raise ValidationError({"capacity": message % {"booked": booked}})
    locked.capacity = capacity
    locked.save(update_fields=["capacity"])
    promoted = _promote(locked, by=actor)
    _announce(locked, [r.user_id for r in promoted])
    return promoted


@transaction.atomic
def attendance_mark(
    *, actor: Any, course_day: CourseDay, person: User, present: bool, reason: str = ""
) -> DayAttendance:
    """Record whether a booked participant attended a course day (a correction overwrites the mark
    and is audited with the value it replaced)."""
    occasion = course_day.occasion
    policy.require(actor, "occasions.manage", occasion)
    registration = Registration.objects.filter(occasion=occasion, user=person, state=RegistrationState.BOOKED).first()
    if registration is None:
        raise ValidationError(_("%(name)s is not booked on this occasion.") % {"name": person})
    mark, created = DayAttendance.objects.get_or_create(
        registration=registration,
        course_day=course_day,
        defaults={"present": present, "reason": reason, "by": actor},
    )
    before = None if created else mark.present
    if not created:
        mark.present, mark.reason, mark.by = present, reason, actor
        mark.save()
    audit_record(
        actor=actor,
        action="attendance.mark",
        target=registration,
        changes={"present": [before, present], "date": [None, course_day.date]},
        region_id=occasion.region_id,
        municipality_id=registration.municipality_at_signup_id,
    )
    events.announce("attendance.changed", user_ids=[person.pk], course_id=occasion.course_id)
    return mark
