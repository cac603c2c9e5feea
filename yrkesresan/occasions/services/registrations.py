"""Registrations: sign-up, approval, the waitlist and its promotion, cancellation, capacity and
places kept per municipality, absence announced in advance.

Every write locks the occasion row and then counts (never count first and insert later); on
SQLite every transaction takes the write lock at its start (settings), which serialises them the
same way. A change that affects a participant's progress is announced as a domain event
(``core.events``), which ``learning`` subscribes to.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.core import events, policy
from yrkesresan.core.audit import audit_record

from ..models import (
    ACTIVE_STATES,
    OUTCOME_STATES,
    PLACE_STATES,
    CourseDay,
    DayAttendance,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationEvent,
    RegistrationState,
    SeatQuota,
)
from ..notifications import registration_notify


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


def window_refusal(occasion: Occasion, *, now: datetime.datetime | None = None) -> str | None:
    """Why nobody may sign up for ``occasion`` now (cancelled, not open yet, closed, over), or None."""
    now = now or timezone.now()
    if occasion.status == OccasionStatus.CANCELLED:
        return _("The occasion is cancelled.")
    if occasion.registration_opens and now < occasion.registration_opens:
        opens = timezone.localtime(occasion.registration_opens).strftime("%Y-%m-%d %H:%M")
        return _("Registration opens on %(date)s.") % {"date": opens}
    if occasion.registration_closes and now >= occasion.registration_closes:
        return _("Registration has closed.")
    if occasion.last_day and occasion.last_day < timezone.localdate(now):
        return _("The occasion is over.")
    return None


def signup_refusal(occasion: Occasion, person: User, *, now: datetime.datetime | None = None) -> str | None:
    """Why ``person`` may not sign up for ``occasion`` now, or None. Each reason is one a person can act on."""
    now = now or timezone.now()
    closed = window_refusal(occasion, now=now)
    if closed:
        return closed
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
    if occasion.target_levels.exists() and not policy.can(person, "occasions.in_target_levels", occasion):
        levels = ", ".join(str(level) for level in occasion.target_levels.all())
        return _("The occasion is for those on the level %(levels)s.") % {"levels": levels}
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


def places_free_for(
    *, capacity: int, booked: Mapping[int | None, int], kept: Mapping[int, int], municipality_id: int | None
) -> int:
    """How many places a person of ``municipality_id`` can take: the capacity, less every place held,
    less the places still kept for the other municipalities (a kept place that its municipality's
    staff have taken is no longer kept). ``booked`` counts the places held per municipality at sign-up,
    ``kept`` the places kept per municipality (quotas not yet released)."""
    held = sum(booked.values())
    kept_for_others = sum(
        max(0, seats - booked.get(municipality, 0))
        for municipality, seats in kept.items()
        if municipality != municipality_id
    )
    return max(0, capacity - held - kept_for_others)


class _Places:
    """The places of one locked occasion: held per municipality and kept per municipality."""

    def __init__(self, occasion: Occasion, now: datetime.datetime) -> None:
        self.capacity = occasion.capacity
        self.booked: Counter[int | None] = Counter(
            Registration.objects.filter(occasion=occasion, state__in=PLACE_STATES).values_list(
                "municipality_at_signup_id", flat=True
            )
        )
        self.kept = dict(
            SeatQuota.objects.filter(occasion=occasion, release_at__gt=now).values_list("municipality_id", "seats")
        )

    def free_for(self, municipality_id: int | None) -> int:
        return places_free_for(
            capacity=self.capacity, booked=self.booked, kept=self.kept, municipality_id=municipality_id
        )

    def take(self, municipality_id: int | None) -> None:
        self.booked[municipality_id] += 1

    @property
    def free(self) -> int:
        return max(0, self.capacity - sum(self.booked.values()))


def _last_position(occasion: Occasion) -> int:
    return (
        Registration.objects.filter(occasion=occasion, state=RegistrationState.WAITLISTED)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    )


def _next_slot(occasion: Occasion, municipality_id: int | None, now: datetime.datetime) -> tuple[str, int | None]:
    """Booked while a place is free for the person, else the next place on the waitlist (the occasion
    row is locked). Promotion has run first, so nobody waiting could have taken the place; only in the
    last days, when promotion has stopped, does a newcomer queue behind those already waiting."""
    waiting = Registration.objects.filter(occasion=occasion, state=RegistrationState.WAITLISTED).exists()
    stopped = not _promotion_allowed(occasion, timezone.localdate(now))
    if _Places(occasion, now).free_for(municipality_id) > 0 and not (waiting and stopped):
        return RegistrationState.BOOKED, None
    return RegistrationState.WAITLISTED, _last_position(occasion) + 1


def _promotion_allowed(occasion: Occasion, today: datetime.date) -> bool:
    first = occasion.first_day or occasion.days.order_by("date").values_list("date", flat=True).first()
    return first is None or today < first - datetime.timedelta(days=occasion.waitlist_stops_days)


def _promote(occasion: Occasion, *, by: Any, now: datetime.datetime | None = None) -> list[Registration]:
    """Fill free places from the waitlist, first come first served (the occasion row is locked). A
    person for whom no place is free (the rest are kept for other municipalities) keeps their place in
    the queue and the next one is tried."""
    now = now or timezone.now()
    if occasion.status == OccasionStatus.CANCELLED or not _promotion_allowed(occasion, timezone.localdate(now)):
        return []
    places = _Places(occasion, now)
    if places.free <= 0:
        return []
    promoted: list[Registration] = []
    waiting = Registration.objects.filter(occasion=occasion, state=RegistrationState.WAITLISTED).order_by("position")
    for registration in waiting:
        if places.free <= 0:
            break
        if places.free_for(registration.municipality_at_signup_id) <= 0:
            continue
        places.take(registration.municipality_at_signup_id)
        _move(registration, RegistrationState.BOOKED, by=by, reason=_("A place became free."))
        registration_notify(registration)
        promoted.append(registration)
    return promoted


def _announce(occasion: Occasion, user_ids: Iterable[int]) -> None:
    user_ids = list(user_ids)
    if user_ids:
        events.announce("registration.changed", user_ids=user_ids, course_id=occasion.course_id)


def _may_register(actor: Any, occasion: Occasion, person: User) -> bool:
    """The person themselves, whoever manages the person (their manager, k-admin…), or the occasion's planners."""
    return (
        actor.pk == person.pk
        or policy.can(actor, "occasions.manage", occasion)
        or policy.can(actor, "people.manage", person)
    )


def _register(actor: Any, occasion: Occasion, person: User, now: datetime.datetime) -> Registration:
    """One sign-up on an occasion that is already locked and checked."""
    municipality_id = _home_municipality_id(person, timezone.localdate(now))
    state: str
    position: int | None
    if occasion.needs_approval and actor.pk == person.pk and not policy.can(actor, "occasions.manage", occasion):
        state, position = RegistrationState.REQUESTED, None
    else:
        state, position = _next_slot(occasion, municipality_id, now)
    registration = Registration.objects.create(
        occasion=occasion, user=person, state=state, position=position, municipality_at_signup_id=municipality_id
    )
    RegistrationEvent.objects.create(registration=registration, to_state=state, by=actor)
    registration_notify(registration)
    audit_record(
        actor=actor,
        action="registration.create",
        target=registration,
        changes={"state": [None, registration.state]},
        region_id=occasion.region_id,
        municipality_id=municipality_id,
    )
    return registration


@transaction.atomic
def registration_create(
    *, actor: Any, occasion: Occasion, person: User, now: datetime.datetime | None = None
) -> Registration:
    """Sign ``person`` up for ``occasion``. Booked while there is a place for them, else on the waitlist
    in arrival order; a person's own sign-up to an occasion that needs approval waits for their manager.
    The occasion row is locked first and the places counted after, so that concurrent sign-ups can
    never overbook; the database refuses a second active sign-up of one person. The person's
    municipality today is kept on the registration (it is what is invoiced, and what a quota counts)."""
    now = now or timezone.now()
    if not _may_register(actor, occasion, person):
        raise PermissionDenied(_("You may not register this person."))
    locked = Occasion.objects.select_for_update().get(pk=occasion.pk)
    refusal = signup_refusal(locked, person, now=now)
    if refusal:
        raise ValidationError(refusal)
    promoted = _promote(locked, by=actor, now=now)  # places kept for others may have been released since
    registration = _register(actor, locked, person, now)
    _announce(locked, [person.pk, *(r.user_id for r in promoted)])
    return registration


@transaction.atomic
def registration_create_many(
    *, actor: Any, occasion: Occasion, people: Iterable[User], now: datetime.datetime | None = None
) -> list[Registration]:
    """Sign several people up at once, in the order given. Every person is checked first; if any of
    them may not be signed up, nobody is, and the error names each one with the reason."""
    now = now or timezone.now()
    people = list(dict.fromkeys(people))
    if not people:
        raise ValidationError(_("Choose at least one person."))
    locked = Occasion.objects.select_for_update().get(pk=occasion.pk)
    problems: list[str] = []
    for person in people:
        if not _may_register(actor, locked, person):
            problems.append(_("%(name)s: you may not register this person.") % {"name": person})
            continue
        refusal = signup_refusal(locked, person, now=now)
        if refusal:
            problems.append(refusal if str(person) in refusal else f"{person}: {refusal}")
    if problems:
        raise ValidationError(problems)
    promoted = _promote(locked, by=actor, now=now)
    registrations = [_register(actor, locked, person, now) for person in people]
    _announce(locked, [*(p.pk for p in people), *(r.user_id for r in promoted)])
    return registrations


@transaction.atomic
def registration_decide(*, actor: Any, registration: Registration, approve: bool, reason: str = "") -> Registration:
    """The manager approves a sign-up (it is then booked or waitlisted) or declines it."""
    now = timezone.now()
    locked = Occasion.objects.select_for_update().get(pk=registration.occasion_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not (policy.can(actor, "people.manage", registration.user) or policy.can(actor, "occasions.manage", locked)):
        raise PermissionDenied(_("You may not decide on this sign-up."))
    if registration.state != RegistrationState.REQUESTED:
        raise ValidationError(_("This sign-up is not waiting for a decision."))
    promoted: list[Registration] = []
    if approve:
        promoted = _promote(locked, by=actor, now=now)
        state, position = _next_slot(locked, registration.municipality_at_signup_id, now)
        _move(registration, state, by=actor, reason=reason or _("Approved by the manager."), position=position)
        registration_notify(registration)
    else:
        _move(registration, RegistrationState.DECLINED, by=actor, reason=reason)
    audit_record(
        actor=actor,
        action="registration.approve" if approve else "registration.decline",
        target=registration,
        changes={"state": [RegistrationState.REQUESTED, registration.state]},
        region_id=locked.region_id,
        municipality_id=registration.municipality_at_signup_id,
    )
    _announce(locked, [registration.user_id, *(r.user_id for r in promoted)])
    return registration


@transaction.atomic
def registration_cancel(
    *, actor: Any, registration: Registration, reason: str = "", today: datetime.date | None = None
) -> Registration:
    """Cancel a sign-up. After the occasion's last day to cancel it is recorded as late (billing decides
    whether that is charged). A freed place goes to the first on the waitlist who may take it, unless the
    course starts within the occasion's ``waitlist_stops_days``."""
    today = today or timezone.localdate()
    locked = Occasion.objects.select_for_update().get(pk=registration.occasion_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not (registration.user_id == actor.pk or _may_register(actor, locked, registration.user)):
        raise PermissionDenied(_("You may not cancel this registration."))
    if registration.state in OUTCOME_STATES:
        raise ValidationError(_("The occasion has been held: correct the attendance instead."))
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
        municipality_id=registration.municipality_at_signup_id,
    )
    _announce(locked, [registration.user_id, *(r.user_id for r in promoted)])
    return registration


@transaction.atomic
def occasion_set_capacity(*, actor: Any, occasion: Occasion, capacity: int) -> list[Registration]:
    """Change the number of places. More places promote from the waitlist; fewer than those already
    booked is refused (capacity is never exceeded). Returns the promoted registrations."""
    locked = Occasion.objects.select_for_update().get(pk=occasion.pk)
    policy.require(actor, "occasions.manage", locked)
    booked = Registration.objects.filter(occasion=locked, state__in=PLACE_STATES).count()
    if capacity < max(booked, 1):
        message = _("%(booked)d people are booked: the occasion needs at least that many places.")
        raise ValidationError({"capacity": message % {"booked": booked}})
    before = locked.capacity
    locked.capacity = capacity
    locked.save(update_fields=["capacity", "updated_at"])
    promoted = _promote(locked, by=actor)
    if before != capacity:
        audit_record(
            actor=actor,
            action="occasion.update",
            target=locked,
            changes={"capacity": [before, capacity]},
            region_id=locked.region_id,
            municipality_id=locked.municipality_id,
        )
    _announce(locked, [r.user_id for r in promoted])
    return promoted


def occasions_promote_released(*, now: datetime.datetime | None = None) -> int:
    """Fill the places whose quota was released since (a periodic task; a sign-up, cancellation or
    capacity change also promotes). One transaction per occasion. Returns how many were promoted."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    occasion_ids = (
        SeatQuota.objects.filter(
            release_at__lte=now,
            occasion__status=OccasionStatus.PLANNED,
            occasion__last_day__gte=today,
            occasion__registrations__state=RegistrationState.WAITLISTED,
        )
        .values_list("occasion_id", flat=True)
        .distinct()
    )
    count = 0
    for occasion_id in list(occasion_ids):
        with transaction.atomic():
            locked = Occasion.objects.select_for_update().get(pk=occasion_id)
            promoted = _promote(locked, by=None, now=now)
            _announce(locked, [r.user_id for r in promoted])
            count += len(promoted)
    return count


@transaction.atomic
def absence_announce(
    *, actor: Any, registration: Registration, course_day: CourseDay, reason: str, today: datetime.date | None = None
) -> DayAttendance:
    """The participant (or whoever may register them) says in advance that they will miss a course day.
    The attendance list then opens with them absent and the reason; the booking stays."""
    from .attendance import record_mark

    today = today or timezone.localdate()
    registration = Registration.objects.select_related("occasion", "user").get(pk=registration.pk)
    if not (registration.user_id == actor.pk or _may_register(actor, registration.occasion, registration.user)):
        raise PermissionDenied(_("You may not announce absence for this person."))
    if registration.state != RegistrationState.BOOKED:
        raise ValidationError(_("Only a booked participant can announce absence."))
    if course_day.occasion_id != registration.occasion_id:
        raise ValidationError(_("The day is not one of the occasion's course days."))
    if course_day.date < today:
        raise ValidationError(_("The day has passed: ask the course leader to correct the attendance."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why (for example illness or a shift).")})
    existing = DayAttendance.objects.filter(registration=registration, course_day=course_day).first()
    if existing is not None and not existing.announced:
        raise ValidationError(_("The attendance for this day is already taken."))
    return record_mark(
        actor=actor, registration=registration, course_day=course_day, present=False, reason=reason, announced=True
    )
