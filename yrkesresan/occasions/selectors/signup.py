"""What a person may sign up for, and where they stand on it; whom an actor may sign up, the sign-ups
waiting for a manager's decision, a person's own sign-ups and their calendar feed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.accounts.scopes import can_assign, is_system_admin, people_scope
from yrkesresan.accounts.selectors import PeopleList, person_list
from yrkesresan.core import policy
from yrkesresan.organisations.models import Unit

from ..models import (
    ACTIVE_STATES,
    PLACE_STATES,
    CalendarFeed,
    CourseDay,
    DayAttendance,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationEvent,
    RegistrationState,
)
from ..services.registrations import _person_place, signup_refusal, window_refusal


@dataclass(frozen=True)
class OpenOccasion:
    occasion: Occasion
    places_left: int
    waiting: int
    #: The person's own sign-up on it (requested, booked or waitlisted), if any.
    registration: Registration | None
    #: Why the person may not sign up now (None: they may).
    refusal: str | None
    #: The person's place in the waitlist's queue (1 = next to get a place), when waitlisted.
    waitlist_place: int | None = None


def occasions_for_place(person: User, *, today: datetime.date | None = None) -> QuerySet[Occasion]:
    """Planned occasions that have not ended and whose place and targets include the person's workplace."""
    today = today or timezone.localdate()
    regions, municipalities, units = _person_place(person)
    targets_m = Occasion.target_municipalities.through.objects.filter(occasion_id=OuterRef("pk"))
    targets_u = Occasion.target_units.through.objects.filter(occasion_id=OuterRef("pk"))
    return (
        Occasion.objects.filter(status=OccasionStatus.PLANNED)
        .filter(Q(last_day__isnull=True) | Q(last_day__gte=today))
        .filter(Q(region__isnull=True) | Q(region_id__in=regions))
        .filter(Q(municipality__isnull=True) | Q(municipality_id__in=municipalities))
        .filter(Q(unit__isnull=True) | Q(unit_id__in=units))
        .filter(~Exists(targets_m) | Exists(targets_m.filter(municipality_id__in=municipalities)))
        .filter(~Exists(targets_u) | Exists(targets_u.filter(unit_id__in=units)))
    )


def _waitlist_place_subquery() -> Subquery:
    ahead = (
        Registration.objects.filter(
            occasion_id=OuterRef("occasion_id"),
            state=RegistrationState.WAITLISTED,
            position__lte=OuterRef("position"),
        )
        .order_by()
        .values("occasion_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(ahead, output_field=IntegerField())


def with_waitlist_place(qs: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate ``waitlist_place``: 1 for the first in the queue (the ``position`` is an arrival counter,
    so it keeps gaps when people leave the queue; the place counts those still ahead)."""
    return qs.annotate(waitlist_place=_waitlist_place_subquery())


def waitlist_place(registration: Registration) -> int | None:
    """The registration's place in its occasion's waitlist (1 = next), or None when not waitlisted."""
    if registration.state != RegistrationState.WAITLISTED or registration.position is None:
        return None
    return Registration.objects.filter(
        occasion_id=registration.occasion_id, state=RegistrationState.WAITLISTED, position__lte=registration.position
    ).count()


def _listed_refusal(
    occasion: Occasion, person: User, now: datetime.datetime, level_answers: dict[frozenset[int], bool]
) -> str | None:
    """``signup_refusal`` for an occasion from ``occasions_for_place`` (so already open to the person's
    workplace) that the person has no active sign-up on, from data read in bulk: the target levels are
    prefetched and each set of levels is asked of the policy once. A test holds the two to the same answers."""
    closed = window_refusal(occasion, now=now)
    if closed:
        return closed
    levels = list(occasion.target_levels.all())
    if levels:
        key = frozenset(level.pk for level in levels)
        if key not in level_answers:
            level_answers[key] = policy.can(person, "occasions.in_target_levels", occasion)
        if not level_answers[key]:
            return _("The occasion is for those on the level %(levels)s.") % {
                "levels": ", ".join(str(level) for level in levels)
            }
    return None


def occasions_open_to(
    person: Any,
    *,
    course_ids: Iterable[int] | None = None,
    now: datetime.datetime | None = None,
    limit: int = 200,
) -> list[OpenOccasion]:
    """The coming occasions of the courses (all courses if None) that the person's workplace may sign
    up for, first day first, each with its places left, the person's own sign-up (with their place on
    the waitlist) and, if they may not sign up now, why (registration not open yet, closed, not on the
    target level...). A constant number of queries, however many occasions there are."""
    now = now or timezone.now()
    qs = occasions_for_place(person, today=timezone.localdate(now))
    if course_ids is not None:
        qs = qs.filter(course_id__in=list(course_ids))
    qs = (
        qs.annotate(
            held=Count("registrations", filter=Q(registrations__state__in=PLACE_STATES), distinct=True),
            queued=Count("registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED), distinct=True),
        )
        .select_related("course", "region", "municipality", "unit")
        .prefetch_related("days", "target_levels")
        .order_by("first_day", "id")
    )
    occasions = list(qs[:limit])
    mine: dict[int, Registration] = {}
    if occasions:
        mine = {
            r.occasion_id: r
            for r in with_waitlist_place(
                Registration.objects.filter(
                    user=person, occasion_id__in=[o.pk for o in occasions], state__in=ACTIVE_STATES
                )
            )
        }
    level_answers: dict[frozenset[int], bool] = {}
    result = []
    for occasion in occasions:
        registration = mine.get(occasion.pk)
        result.append(
            OpenOccasion(
                occasion=occasion,
                places_left=max(0, occasion.capacity - occasion.held),
                waiting=occasion.queued,
                registration=registration,
                refusal=None if registration else _listed_refusal(occasion, person, now, level_answers),
                waitlist_place=getattr(registration, "waitlist_place", None) if registration else None,
            )
        )
    return result


# --- one occasion, as a person and as someone who registers others ----------------------------------


def occasion_for_signup(*, actor: Any, pk: Any) -> Occasion:
    """An occasion the actor may see, or 404."""
    return policy.get_visible_or_404(
        actor, Occasion.objects.select_related("course", "region", "municipality", "unit"), pk=pk
    )


def may_register_others(actor: Any, occasion: Occasion) -> bool:
    """Whether the actor may sign up anyone but themselves: the occasion's planners, and whoever
    administers people (managers, k-admins, the regional roles, system admins)."""
    return policy.can(actor, "occasions.manage", occasion) or not people_scope(actor).is_empty


@dataclass
class SignupBox:
    occasion: Occasion
    #: The person's live sign-up (requested, booked, waitlisted or held), or their last one otherwise.
    registration: Registration | None
    waitlist_place: int | None
    refusal: str | None
    places_left: int
    waiting: int
    days_ahead: list[CourseDay] = field(default_factory=list)
    register_others: bool = False

    @property
    def is_live(self) -> bool:
        return self.registration is not None and self.registration.state in (*ACTIVE_STATES, *PLACE_STATES)

    @property
    def can_cancel(self) -> bool:
        return self.registration is not None and self.registration.state in ACTIVE_STATES

    @property
    def can_announce_absence(self) -> bool:
        return (
            self.registration is not None
            and self.registration.state == RegistrationState.BOOKED
            and bool(self.days_ahead)
        )


def signup_box(*, actor: Any, occasion: Occasion, now: datetime.datetime | None = None) -> SignupBox:
    """Where the actor stands on one occasion, for the box on the occasion's page."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    mine = list(
        with_waitlist_place(Registration.objects.filter(occasion=occasion, user_id=actor.pk)).order_by("-id")[:5]
    )
    live = next((r for r in mine if r.state in (*ACTIVE_STATES, *PLACE_STATES)), None)
    registration = live or (mine[0] if mine else None)
    counts = Registration.objects.filter(occasion=occasion).aggregate(
        held=Count("pk", filter=Q(state__in=PLACE_STATES)),
        queued=Count("pk", filter=Q(state=RegistrationState.WAITLISTED)),
    )
    days = [d for d in CourseDay.objects.filter(occasion=occasion).order_by("date", "starts") if d.date >= today]
    return SignupBox(
        occasion=occasion,
        registration=registration,
        waitlist_place=getattr(live, "waitlist_place", None) if live else None,
        refusal=None if live else signup_refusal(occasion, actor, now=now),
        places_left=max(0, occasion.capacity - counts["held"]),
        waiting=counts["queued"],
        days_ahead=days,
        register_others=may_register_others(actor, occasion),
    )


def _manageable_ids(actor: Any, user_ids: Iterable[int]) -> set[int]:
    """Of ``user_ids``, those the actor may manage (``people.manage``), in one query: an actor may
    manage a person when every role the person holds today is one the actor could have given
    (``accounts.policies.can_manage_person``, asked for many people at once)."""
    ids = set(user_ids)
    roles: dict[int, list[tuple[str, int | None, int | None, int | None]]] = {i: [] for i in ids}
    for user_id, role, region_id, municipality_id, unit_id in (
        RoleAssignment.objects.active()
        .filter(user_id__in=ids)
        .values_list("user_id", "role", "region_id", "municipality_id", "unit_id")
    ):
        roles[user_id].append((role, region_id, municipality_id, unit_id))
    admin = is_system_admin(actor)
    return {
        user_id
        for user_id, held in roles.items()
        if (
            all(can_assign(actor, role=r, region_id=g, municipality_id=m, unit_id=u) for r, g, m, u in held)
            if held
            else admin
        )
    }


def signup_candidates(*, actor: Any, search: str = "", unit_id: int | None = None) -> PeopleList:
    """The people the actor administers, in name order, for signing up many at once."""
    return person_list(actor=actor, search=search, unit_id=unit_id).without_roles()


@dataclass
class Candidate:
    person: User
    #: Their live sign-up on the occasion (requested, booked, waitlisted, held), if any.
    registration: Registration | None
    waitlist_place: int | None
    #: Whether the actor may sign them up at all.
    may_register: bool
    #: A reason known without asking per person (already registered, not open to their workplace).
    refusal: str | None

    @property
    def selectable(self) -> bool:
        return self.may_register and self.registration is None and self.refusal is None


def candidate_rows(*, actor: Any, occasion: Occasion, people: list[User]) -> list[Candidate]:
    """Each person's state on the occasion, in a constant number of queries for the whole page. The
    target levels are left to the sign-up itself, which names anyone not on them."""
    ids = [p.pk for p in people]
    if not ids:
        return []
    live = {
        r.user_id: r
        for r in with_waitlist_place(
            Registration.objects.filter(occasion=occasion, user_id__in=ids, state__in=[*ACTIVE_STATES, *PLACE_STATES])
        )
    }
    planner = policy.can(actor, "occasions.manage", occasion)
    manageable = set(ids) if planner else _manageable_ids(actor, ids)
    places: dict[int, tuple[set[int], set[int], set[int]]] = {i: (set(), set(), set()) for i in ids}
    for user_id, region_id, municipality_id, unit_id in (
        RoleAssignment.objects.active()
        .filter(user_id__in=ids)
        .values_list("user_id", "region_id", "municipality_id", "unit_id")
    ):
        regions, municipalities, units = places[user_id]
        if region_id:
            regions.add(region_id)
        if municipality_id:
            municipalities.add(municipality_id)
        if unit_id:
            units.add(unit_id)
    targets_m = {m.pk for m in occasion.target_municipalities.all()}
    targets_u = {u.pk for u in occasion.target_units.all()}
    window = window_refusal(occasion)
    rows = []
    for person in people:
        registration = live.get(person.pk)
        regions, municipalities, units = places[person.pk]
        in_place = (
            (occasion.unit_id is None or occasion.unit_id in units)
            and (occasion.municipality_id is None or occasion.municipality_id in municipalities)
            and (occasion.region_id is None or occasion.region_id in regions)
            and (not targets_m or bool(targets_m & municipalities))
            and (not targets_u or bool(targets_u & units))
        )
        refusal = window
        if refusal is None and not in_place:
            refusal = _("The occasion is not open to their workplace.")
        rows.append(
            Candidate(
                person=person,
                registration=registration,
                waitlist_place=getattr(registration, "waitlist_place", None) if registration else None,
                may_register=person.pk in manageable,
                refusal=None if registration else refusal,
            )
        )
    return rows


def people_to_sign_up(*, actor: Any, ids: Iterable[int]) -> list[User]:
    """The people (by id) the actor may see, in the order given; unknown or unseen ids are left out."""
    wanted = list(dict.fromkeys(ids))
    found = {p.pk: p for p in policy.visible(actor, User.objects.filter(pk__in=wanted, is_active=True))}
    return [found[i] for i in wanted if i in found]


def signed_up(*, ids: Iterable[int]) -> list[Registration]:
    """Registrations just made, with the person and their place on the waitlist, in name order."""
    return list(
        with_waitlist_place(Registration.objects.filter(pk__in=list(ids)))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )


def units_for_filter(*, actor: Any) -> list[Unit]:
    return list(
        policy.visible(actor, Unit.objects.select_related("municipality")).order_by("municipality__name", "name")[:2000]
    )


# --- registrations: one, the person's own, and those waiting for a decision ----------------------------


def registration_for_actor(*, actor: Any, pk: Any) -> Registration:
    """A registration the actor may see (their own, their staff's, their occasions'), or 404."""
    return policy.get_visible_or_404(
        actor,
        with_waitlist_place(
            Registration.objects.select_related("user", "occasion", "occasion__course", "occasion__region")
        ),
        pk=pk,
    )


def may_act_for(actor: Any, registration: Registration) -> bool:
    """The person themselves, whoever manages them, or the occasion's planners (as the services decide)."""
    return (
        registration.user_id == actor.pk
        or policy.can(actor, "occasions.manage", registration.occasion)
        or policy.can(actor, "people.manage", registration.user)
    )


def is_late_cancellation(registration: Registration, *, today: datetime.date | None = None) -> bool:
    """Whether cancelling now would be late (as ``registration_cancel`` decides)."""
    today = today or timezone.localdate()
    deadline = registration.occasion.cancel_deadline
    return registration.state == RegistrationState.BOOKED and deadline is not None and today > deadline


def days_ahead(registration: Registration, *, today: datetime.date | None = None) -> list[CourseDay]:
    """The occasion's course days from today on, with whether absence is already announced for them."""
    today = today or timezone.localdate()
    days = list(CourseDay.objects.filter(occasion_id=registration.occasion_id, date__gte=today).order_by("date"))
    announced = set(
        DayAttendance.objects.filter(registration=registration, announced=True, present=False).values_list(
            "course_day_id", flat=True
        )
    )
    for day in days:
        day.absence_announced = day.pk in announced  # type: ignore[attr-defined]
    return days


def registrations_to_decide(*, actor: Any, limit: int = 200) -> list[Registration]:
    """The sign-ups waiting for a decision (requested) of the people the actor manages, oldest first."""
    people = policy.visible(actor, User.objects.all()).values("pk")
    rows = list(
        policy.visible(actor, Registration.objects.filter(state=RegistrationState.REQUESTED, user_id__in=people))
        .select_related("user", "occasion", "occasion__course")
        .prefetch_related(Prefetch("occasion__days", queryset=CourseDay.objects.order_by("date", "starts")))
        .order_by("created_at", "id")[:limit]
    )
    manageable = _manageable_ids(actor, {r.user_id for r in rows})
    return [r for r in rows if r.user_id in manageable]


def registrations_to_decide_count(*, actor: Any) -> int:
    """How many sign-ups wait for the actor's decision (for the home page)."""
    people = policy.visible(actor, User.objects.all()).values("pk")
    ids = set(
        policy.visible(
            actor, Registration.objects.filter(state=RegistrationState.REQUESTED, user_id__in=people)
        ).values_list("user_id", flat=True)[:500]
    )
    if not ids:
        return 0
    manageable = _manageable_ids(actor, ids)
    return (
        policy.visible(actor, Registration.objects.filter(state=RegistrationState.REQUESTED, user_id__in=manageable))
        .order_by()
        .count()
    )


def my_registrations(*, user: Any) -> list[Registration]:
    """The person's sign-ups, newest occasion first, with the course, the days, the waitlist place
    and the history."""
    return list(
        with_waitlist_place(Registration.objects.filter(user_id=user.pk))
        .select_related("occasion", "occasion__course")
        .prefetch_related(
            Prefetch("occasion__days", queryset=CourseDay.objects.order_by("date", "starts")),
            Prefetch("events", queryset=RegistrationEvent.objects.select_related("by").order_by("at", "id")),
        )
        .order_by(F("occasion__first_day").desc(nulls_last=True), "-id")[:500]
    )


# --- the calendar feed ---------------------------------------------------------------------------------


def calendar_feed_of(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user_id=user.pk).first()


def calendar_feed_owner(*, token: str) -> User | None:
    """The active person whose feed has this token, or None."""
    if not token:
        return None
    feed = CalendarFeed.objects.filter(token=token, user__is_active=True).select_related("user").first()
    return feed.user if feed else None


def calendar_days(*, user: Any, today: datetime.date | None = None, days_back: int = 60) -> QuerySet[CourseDay]:
    """The course days the person holds a place on (booked, or attended since), not on cancelled
    occasions, from ``days_back`` days ago onwards."""
    today = today or timezone.localdate()
    return (
        CourseDay.objects.filter(
            date__gte=today - datetime.timedelta(days=days_back),
            occasion__status=OccasionStatus.PLANNED,
            occasion__registrations__user_id=user.pk,
            occasion__registrations__state__in=PLACE_STATES,
        )
        .select_related("occasion", "occasion__course")
        .order_by("date", "starts", "id")
        .distinct()
    )
