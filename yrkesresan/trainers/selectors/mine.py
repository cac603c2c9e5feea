"""Reads for a trainer's own pages in Plattformen (their coming days, one day with its team and
participants, the days taught this year, their availability) and for a manager's or k-admin's view of
their staff who teach.

A trainer's pages are about their own profile only; the participant list of a day is read through the
occasions' selectors, and only where the trainer takes attendance on the occasion (they teach it).
Each read is a fixed number of queries, however many days there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from yrkesresan.accounts.models import Role, User
from yrkesresan.accounts.scopes import has_role
from yrkesresan.core import policy
from yrkesresan.occasions.models import OccasionStatus, Registration
from yrkesresan.occasions.selectors.attendance import booked_on, full_name, workplace_of

from ..models import DayAssignment, DayRole, TeamMember, TrainerProfile, Unavailability, term_range_of
from ..policies import teaching_occasions
from .teams import ComingDay, occasion_team, term_label, trainer_coming_days

#: How many coming days the Plattformen section shows; the page "my days" shows them all (up to 50).
NEXT_DAYS_IN_HUB = 3

_PROFILE_ATTR = "_yr_trainer_profile"
_NO_PROFILE = object()


def trainer_profile_of(user: Any) -> TrainerProfile | None:
    """The user's own trainer profile (with their home municipality), or None: one query, then kept on
    this user object, so that the menu, the hubs and the page ask the database once."""
    cached = getattr(user, _PROFILE_ATTR, None)
    if cached is None:
        found = (
            TrainerProfile.objects.select_related("home_municipality").filter(user_id=user.pk).first()
            if getattr(user, "pk", None)
            else None
        )
        if found is not None:
            found.user = user  # the person asking is the profile's user: no query to name them
        cached = found if found is not None else _NO_PROFILE
        setattr(user, _PROFILE_ATTR, cached)
    return cached if isinstance(cached, TrainerProfile) else None


# --- rules -------------------------------------------------------------------------------------------


def has_trainer_profile(actor: Any, obj: Any = None) -> bool:
    """A trainer or discussion leader (anyone in a trainer pool) has their own days in Plattformen."""
    return trainer_profile_of(actor) is not None


#: Who looks after staff who teach: their managers (their units) and k-admins (their municipality).
STAFF_DAYS_ROLES = (Role.MANAGER, Role.MUNICIPAL_ADMIN)


def can_view_staff_days(actor: Any, obj: Any = None) -> bool:
    """Managers and k-admins see the course days their own staff teach (they allow the days)."""
    return has_role(actor, *STAFF_DAYS_ROLES)


# --- the Plattformen section and the home page ------------------------------------------------------


def _year_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year, 1, 1)


@dataclass
class TrainerSummary:
    """What Plattformen shows a trainer at once: their next days and how many they have taught."""

    trainer: TrainerProfile
    next_days: list[DayAssignment]
    taught_this_year: int
    term_days: int
    term: str

    @property
    def next_day(self) -> DayAssignment | None:
        return self.next_days[0] if self.next_days else None

    @property
    def max_days(self) -> int:
        return self.trainer.max_days_per_term


def trainer_summary(
    *, trainer: TrainerProfile, today: datetime.date | None = None, limit: int = NEXT_DAYS_IN_HUB
) -> TrainerSummary:
    """The trainer's next ``limit`` course days (absences left out), the days taught so far this
    calendar year and the days booked this term. Two queries."""
    today = today or timezone.localdate()
    next_days = list(
        DayAssignment.objects.filter(trainer=trainer, absent=False, date__gte=today)
        .select_related("course_day__occasion__course")
        .order_by("date", "course_day__starts", "pk")[:limit]
    )
    term_start, term_end = term_range_of(today)
    counts = DayAssignment.objects.filter(trainer=trainer, absent=False, date__gte=_year_start(today)).aggregate(
        taught=Count(
            "pk",
            filter=Q(date__lte=today) & ~Q(course_day__occasion__status=OccasionStatus.CANCELLED),
        ),
        term=Count("pk", filter=Q(date__gte=term_start, date__lte=term_end)),
    )
    return TrainerSummary(
        trainer=trainer,
        next_days=next_days,
        taught_this_year=counts["taught"] or 0,
        term_days=counts["term"] or 0,
        term=term_label(today),
    )


# --- "my days" -----------------------------------------------------------------------------------------


@dataclass
class MyComingDay:
    """A coming day on the trainer's page: the day (with its teams) and who else leads or trains it."""

    day: ComingDay
    others: list[DayAssignment]
    is_today: bool
    #: The day is today and the trainer takes its attendance (a link to the day's list).
    takes_attendance: bool = False

    @property
    def assignment(self) -> DayAssignment:
        return self.day.assignment


@dataclass
class MyDays:
    """A trainer's page of days: what is coming, what was taught this year, and the term's days."""

    trainer: TrainerProfile
    coming: list[MyComingDay]
    taught: list[DayAssignment]
    term_days: int
    term: str
    today: datetime.date

    @property
    def max_days(self) -> int:
        return self.trainer.max_days_per_term

    @property
    def taught_led(self) -> int:
        return sum(1 for a in self.taught if a.role == DayRole.LEADER)

    @property
    def taught_trained(self) -> int:
        return sum(1 for a in self.taught if a.role == DayRole.TRAINER)


def days_taught_this_year(*, trainer: TrainerProfile, today: datetime.date | None = None) -> list[DayAssignment]:
    """The course days the trainer has taught this calendar year, up to and including today, newest
    first: absences and cancelled occasions left out. One query."""
    today = today or timezone.localdate()
    return list(
        DayAssignment.objects.filter(trainer=trainer, absent=False, date__gte=_year_start(today), date__lte=today)
        .exclude(course_day__occasion__status=OccasionStatus.CANCELLED)
        .select_related("course_day__occasion__course")
        .order_by("-date", "-course_day__starts", "-pk")
    )


def my_days(*, actor: Any, trainer: TrainerProfile, today: datetime.date | None = None) -> MyDays:
    """Everything the page "my course days" shows. Five queries, however many days (and one more, to know
    which occasions the trainer takes attendance on, when a day is today)."""
    today = today or timezone.localdate()
    coming = []
    for day in trainer_coming_days(trainer=trainer, today=today):
        is_today = day.assignment.date == today
        coming.append(
            MyComingDay(
                day=day,
                others=[a for a in day.day_team if a.trainer_id != trainer.pk],
                is_today=is_today,
                takes_attendance=is_today
                and not day.assignment.absent
                and policy.can(actor, "occasions.take_attendance", day.occasion),
            )
        )
    start, end = term_range_of(today)
    term_days = DayAssignment.objects.filter(trainer=trainer, absent=False, date__gte=start, date__lte=end).count()
    return MyDays(
        trainer=trainer,
        coming=coming,
        taught=days_taught_this_year(trainer=trainer, today=today),
        term_days=term_days,
        term=term_label(today),
        today=today,
    )


# --- one day -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    name: str
    municipality: str
    workplace: str


@dataclass
class MyDay:
    """One of the trainer's course days: who leads and trains it, the occasion's team, and (for whoever
    takes attendance on the occasion) the booked participants."""

    assignment: DayAssignment
    day_team: list[DayAssignment]
    team: list[TeamMember]
    participants: list[Participant] | None
    substitute: DayAssignment | None
    today: datetime.date

    @property
    def course_day(self) -> Any:
        return self.assignment.course_day

    @property
    def occasion(self) -> Any:
        return self.assignment.course_day.occasion

    @property
    def others(self) -> list[DayAssignment]:
        return [a for a in self.day_team if a.trainer_id != self.assignment.trainer_id]

    @property
    def is_past(self) -> bool:
        return self.assignment.date < self.today

    @property
    def is_today(self) -> bool:
        return self.assignment.date == self.today

    @property
    def may_report_absence(self) -> bool:
        return not self.assignment.absent and not self.is_past


def _participant(registration: Registration) -> Participant:
    return Participant(
        name=full_name(registration.user),
        municipality=registration.municipality_at_signup.name if registration.municipality_at_signup else "",
        workplace=workplace_of(registration.user),
    )


def my_day(*, actor: Any, assignment: DayAssignment, today: datetime.date | None = None) -> MyDay:
    """One course day of the trainer's (``assignment`` with its course day, occasion and course loaded).
    The participant list only for whoever takes attendance on the occasion (the trainers who teach it);
    None otherwise. A handful of queries, however many are booked."""
    today = today or timezone.localdate()
    day_team = list(
        DayAssignment.objects.filter(course_day_id=assignment.course_day_id, absent=False)
        .select_related("trainer__user", "trainer__home_municipality")
        .order_by("role", "trainer__user__last_name", "trainer__user__first_name", "pk")
    )
    occasion = assignment.course_day.occasion
    participants = None
    if policy.can(actor, "occasions.take_attendance", occasion):
        participants = [_participant(r) for r in booked_on(occasion=occasion)]
    substitute = next((a for a in day_team if a.substitute_for_id == assignment.trainer_id), None)
    return MyDay(
        assignment=assignment,
        day_team=day_team,
        team=occasion_team(occasion=occasion),
        participants=participants,
        substitute=substitute,
        today=today,
    )


# --- availability ------------------------------------------------------------------------------------


def my_unavailability(
    *, actor: Any, trainer: TrainerProfile, today: datetime.date | None = None
) -> list[Unavailability]:
    """The trainer's periods of unavailability that have not ended, soonest first."""
    today = today or timezone.localdate()
    return list(
        policy.visible(actor, Unavailability.objects.filter(trainer=trainer, end__gte=today)).order_by("start", "pk")
    )


# --- a manager's staff who teach ------------------------------------------------------------------------


@dataclass
class StaffTrainer:
    """One of the manager's staff in a trainer pool: their days this term against what is allowed, what
    is coming and what they taught this year."""

    trainer: TrainerProfile
    term_days: int = 0
    taught_this_year: int = 0
    coming: list[DayAssignment] = field(default_factory=list)

    @property
    def max_days(self) -> int:
        return self.trainer.max_days_per_term

    @property
    def over_limit(self) -> bool:
        return self.term_days > self.trainer.max_days_per_term


def _staff_profiles(actor: Any) -> Any:
    """The trainer profiles of the people ``actor`` administers (a manager their units, a k-admin their
    municipality), through the people's visibility."""
    return TrainerProfile.objects.filter(user_id__in=policy.visible(actor, User.objects.all()).values("pk"))


def staff_trainer_count(*, actor: Any) -> int:
    """How many of the actor's staff are in a trainer pool (one query; none for who may not ask)."""
    if not policy.can(actor, "trainers.view_staff_days"):
        return 0
    return _staff_profiles(actor).count()


def staff_trainer_days(*, actor: Any, today: datetime.date | None = None) -> list[StaffTrainer]:
    """The actor's staff who are trainers or discussion leaders, by name, each with their course days this
    term (booked, absences left out) against the days allowed, their coming days and the days taught this
    calendar year. Two queries, however many people and days."""
    if not policy.can(actor, "trainers.view_staff_days"):
        return []
    today = today or timezone.localdate()
    rows = {
        profile.pk: StaffTrainer(trainer=profile)
        for profile in _staff_profiles(actor)
        .select_related("user", "home_municipality")
        .order_by("user__last_name", "user__first_name", "pk")
    }
    if not rows:
        return []
    term_start, term_end = term_range_of(today)
    days: dict[int, list[DayAssignment]] = defaultdict(list)
    for assignment in (
        DayAssignment.objects.filter(trainer_id__in=list(rows), absent=False, date__gte=_year_start(today))
        .exclude(course_day__occasion__status=OccasionStatus.CANCELLED)
        .select_related("course_day__occasion__course")
        .order_by("date", "course_day__starts", "pk")
    ):
        days[assignment.trainer_id].append(assignment)
    for trainer_id, assignments in days.items():
        row = rows[trainer_id]
        row.term_days = sum(1 for a in assignments if term_start <= a.date <= term_end)
        row.taught_this_year = sum(1 for a in assignments if a.date <= today and a.date.year == today.year)
        row.coming = [a for a in assignments if a.date >= today]
    return list(rows.values())


# --- attendance -----------------------------------------------------------------------------------------


def teaches_somewhere(actor: Any) -> bool:
    """A trainer who leads or trains on some occasion has attendance to take (the occasions' "today" page
    shows in their menu). Asked for the menu on every page, so only of those holding the trainer role (no
    query for anyone else); discussion leaders reach a day's attendance from their own days instead."""
    return has_role(actor, Role.TRAINER) and bool(teaching_occasions(actor))
