"""The follow-up reports: accounts per municipality, progress per course, course occasions per course (the
yearly attendance table) and the days trainers taught. Selectors and nothing else: the pages are in
``views.reports``, the spreadsheets in ``exports``.

Every report takes the ``actor`` and the filters (``ReportFilters``: a period, and optionally a journey, a
region and a municipality) and reads only inside ``report_reach``: the actor's ``policies.report_scope`` (a
k-admin their municipality, a manager their units, the regional roles their region, a system admin the
nation), narrowed to the region and the municipality chosen. Each is one to three aggregating queries, so
that the nation's figures (300,000 accounts, 2,000,000 progress rows, 1,000,000 registrations) are counted
by the database, never row by row in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yrkesresan.accounts.models import PersonPlace, PlaceLevel, Role, RoleAssignment
from yrkesresan.accounts.scopes import EVERYTHING, NOTHING, OrgScope
from yrkesresan.catalog.models import Course, Journey
from yrkesresan.learning.models import CourseProgress, Enrolment, ProgressPlace, ProgressState
from yrkesresan.occasions.models import PLACE_STATES, CourseDay, OccasionStatus, Registration, RegistrationState
from yrkesresan.organisations.models import Municipality, Region, Unit
from yrkesresan.trainers.selectors import days_taught

from .policies import reads_as_editor, report_journeys, report_scope

#: The outcomes that count as "attended" in the attendance table: every day, or some of them.
ATTENDED_STATES = (RegistrationState.ATTENDED, RegistrationState.PARTLY_ATTENDED)


@dataclass(frozen=True)
class ReportFilters:
    """What a report is asked for: ``start`` to ``end`` inclusive, and optionally one journey, region and
    municipality (each must lie inside the actor's reach: the pages offer only those)."""

    start: datetime.date
    end: datetime.date
    journey: Journey | None = None
    region: Region | None = None
    municipality: Municipality | None = None

    def moment(self, today: datetime.date | None = None) -> datetime.date:
        """The day a "now" figure is read on: the period's last day, or today if the period has not ended."""
        return min(self.end, today or timezone.localdate())


def this_year(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The default period: the calendar year of today."""
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent with one decimal, rounded half up (43 of 46: 93.5); None of nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- whose figures -------------------------------------------------------------------------------------


def _reader_scope(actor: Any) -> OrgScope:
    """``report_scope``; for a national editor with no other part in the reports, the nation (the journey is
    checked by ``_reach``)."""
    scope = report_scope(actor)
    return EVERYTHING if scope.is_empty and reads_as_editor(actor) else scope


def report_reach(actor: Any, *, region: Region | None = None) -> OrgScope:
    """The places a report reads for ``actor``: their ``report_scope``, narrowed to ``region`` if one is
    chosen (a region outside the scope leaves nothing).

    **This is the one place where the reports cross scopes.** A system admin's scope is everything, and
    then the reports read the whole nation's rows unfiltered (they do not go through ``policy.visible``,
    whose per-row rules would cost a join or two per row at national scale): the national figures. So is a
    national editor's, for the journeys they edit only (``_reach``). Every other actor reads only the regions,
    municipalities or units of their own roles."""
    scope = _reader_scope(actor)
    if region is None or scope.is_empty:
        return scope
    if scope.everything or region.pk in scope.regions:
        return OrgScope(regions=frozenset({region.pk}))
    # Municipalities or units inside the region chosen: keep those of them that lie there.
    municipalities = frozenset(
        Municipality.objects.filter(region_id=region.pk, pk__in=scope.municipalities).values_list("pk", flat=True)
    )
    units = frozenset(Unit.objects.filter(region_id=region.pk, pk__in=scope.units).values_list("pk", flat=True))
    return OrgScope(municipalities=municipalities, units=units) if municipalities or units else NOTHING


def _reach(actor: Any, filters: ReportFilters) -> OrgScope:
    """``report_reach`` for a report's filters: nothing for a national editor unless the filters name one of
    the journeys they edit (``policies.report_journeys``)."""
    journeys = report_journeys(actor)
    if journeys is not None and (filters.journey is None or filters.journey.pk not in journeys):
        return NOTHING
    return report_reach(actor, region=filters.region)


def report_regions(actor: Any) -> QuerySet[Region]:
    """The regions an actor may choose between: all for national roles, else those their roles lie in."""
    scope = _reader_scope(actor)
    if scope.everything:
        return Region.objects.order_by("name")
    return (
        Region.objects.filter(
            Q(pk__in=scope.regions)
            | Q(municipalities__pk__in=scope.municipalities)
            | Q(pk__in=Unit.objects.filter(pk__in=scope.units).values("region_id"))
        )
        .distinct()
        .order_by("name")
    )


def report_municipalities(actor: Any, *, region: Region | None = None) -> QuerySet[Municipality]:
    """The municipalities an actor may narrow a report to: those inside their reach."""
    scope = report_reach(actor, region=region)
    if scope.is_empty:
        return Municipality.objects.none()
    if scope.everything:
        return Municipality.objects.order_by("name")
    return Municipality.objects.filter(
        Q(region_id__in=scope.regions)
        | Q(pk__in=scope.municipalities)
        | Q(pk__in=Unit.objects.filter(pk__in=scope.units).values("municipality_id"))
    ).order_by("name")


def _scope_municipality_ids(scope: OrgScope, municipality: Municipality | None) -> list[int] | None:
    """The municipalities whose people a report counts (None: every one, the nation). One small query."""
    if scope.everything:
        return None if municipality is None else [municipality.pk]
    q = Q(region_id__in=scope.regions) | Q(pk__in=scope.municipalities)
    q |= Q(pk__in=Unit.objects.filter(pk__in=scope.units).values("municipality_id"))
    qs = Municipality.objects.filter(q)
    if municipality is not None:
        qs = qs.filter(pk=municipality.pk)
    return list(qs.values_list("pk", flat=True))


# --- 1. accounts per municipality ------------------------------------------------------------------------

#: The role columns of the accounts report, in order.
ACCOUNT_ROLES = (Role.STAFF, Role.MANAGER, Role.TRAINER, Role.MUNICIPAL_ADMIN)


@dataclass(frozen=True)
class AccountsRow:
    municipality_id: int | None
    municipality: str
    accounts: int
    staff: int
    managers: int
    trainers: int
    kadmins: int


@dataclass(frozen=True)
class AccountsReport:
    filters: ReportFilters
    #: The day the roles are read on: the period's end, or today.
    on: datetime.date
    rows: list[AccountsRow]
    #: Every person once, even one with roles in two municipalities: not always the sum of the rows.
    total: AccountsRow

    @property
    def chart(self) -> list[Bar]:
        return bars([(r.municipality, [r.accounts]) for r in self.rows], series=1)


def _role_counts() -> dict[str, Count]:
    return {
        "n_accounts": Count("user_id", distinct=True),
        "n_staff": Count("user_id", distinct=True, filter=Q(role=Role.STAFF)),
        "n_managers": Count("user_id", distinct=True, filter=Q(role=Role.MANAGER)),
        "n_trainers": Count("user_id", distinct=True, filter=Q(role=Role.TRAINER)),
        "n_kadmins": Count("user_id", distinct=True, filter=Q(role=Role.MUNICIPAL_ADMIN)),
    }


def accounts_by_municipality(
    *, actor: Any, filters: ReportFilters, today: datetime.date | None = None
) -> AccountsReport:
    """Per municipality, the accounts: the distinct people with an active role there (staff, manager,
    trainer or k-admin) on the period's last day, or today if the period has not ended; and of them the
    staff, managers, trainers and k-admins. A person with two roles counts in both columns but once in
    "accounts". Regional and national roles belong to no municipality and are not counted. With a journey:
    only the people enrolled on it (in any status).

    Two queries, both over ``RoleAssignment`` (the index ``ra_region_user`` finds a region's roles; the
    nation reads the table once)."""
    on = filters.moment(today)
    scope = _reach(actor, filters)
    if scope.is_empty:
        empty = AccountsRow(None, "", 0, 0, 0, 0, 0)
        return AccountsReport(filters=filters, on=on, rows=[], total=empty)
    qs = RoleAssignment.objects.active(on).filter(scope.q(), role__in=ACCOUNT_ROLES, municipality_id__isnull=False)
    if filters.region is not None:
        qs = qs.filter(region_id=filters.region.pk)
    if filters.municipality is not None:
        qs = qs.filter(municipality_id=filters.municipality.pk)
    if filters.journey is not None:
        qs = qs.filter(user_id__in=Enrolment.objects.filter(journey_id=filters.journey.pk).values("user_id"))
    qs = qs.order_by()
    grouped = qs.values("municipality_id", "municipality__name").annotate(**_role_counts())
    rows = sorted(
        (
            AccountsRow(
                municipality_id=g["municipality_id"],
                municipality=g["municipality__name"],
                accounts=g["n_accounts"],
                staff=g["n_staff"],
                managers=g["n_managers"],
                trainers=g["n_trainers"],
                kadmins=g["n_kadmins"],
            )
            for g in grouped
        ),
        key=lambda r: (r.municipality.casefold(), r.municipality_id),
    )
    t = qs.aggregate(**_role_counts())
    total = AccountsRow(None, "", t["n_accounts"], t["n_staff"], t["n_managers"], t["n_trainers"], t["n_kadmins"])
    return AccountsReport(filters=filters, on=on, rows=rows, total=total)


# --- 2. progress per course and municipality -----------------------------------------------------------


@dataclass(frozen=True)
class ProgressCell:
    municipality_id: int
    municipality: str
    ongoing: int
    completed: int


@dataclass(frozen=True)
class CourseProgressRow:
    course_id: int
    course: str
    #: One per municipality with anyone ongoing or completed, by name.
    municipalities: list[ProgressCell]
    #: Each person once, even one who belongs to two municipalities.
    ongoing: int
    completed: int


@dataclass(frozen=True)
class LevelGroup:
    level_id: int
    level: str
    journey: str
    courses: list[CourseProgressRow]


@dataclass(frozen=True)
class ProgressReport:
    filters: ReportFilters
    on: datetime.date
    levels: list[LevelGroup]
    ongoing: int
    completed: int

    @property
    def courses(self) -> list[CourseProgressRow]:
        return [c for level in self.levels for c in level.courses]

    @property
    def chart(self) -> list[Bar]:
        return bars([(c.course, [c.completed, c.ongoing]) for c in self.courses], series=2)


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, the day after end 00:00) in local time, as aware datetimes."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def _catalog_courses(ids: set[int]) -> list[Course]:
    """The courses in catalog order (journey, level, course), with their level and journey: one query."""
    return list(
        Course.objects.filter(pk__in=ids)
        .select_related("level", "journey")
        .order_by("journey__order", "journey__name", "level__order", "level_id", "order", "id")
    )


def _progress_conditions(filters: ReportFilters, on: datetime.date) -> tuple[Q, Q, Q]:
    """(completed, ongoing, either) over a row with ``state``, ``started_at`` and ``completed_at``
    (``CourseProgress`` or its read model ``ProgressPlace``): completed within the period; ongoing at the end of
    the day ``on``; and a condition every row counted by one of the two meets, which lets the database skip
    courses completed before the period (most of them, a few years into the programme) before it counts."""
    start_at, end_at = _bounds(filters.start, filters.end)
    _on_start, on_end = _bounds(on, on)
    completed = Q(state=ProgressState.COMPLETED, completed_at__gte=start_at, completed_at__lt=end_at)
    ongoing = Q(started_at__lt=on_end) & (
        Q(state=ProgressState.ONGOING) | Q(state=ProgressState.COMPLETED, completed_at__gte=on_end)
    )
    either = Q(state=ProgressState.ONGOING) | Q(completed_at__gte=min(start_at, on_end))
    return completed, ongoing, either


def progress_by_course(*, actor: Any, filters: ReportFilters, today: datetime.date | None = None) -> ProgressReport:
    """Per course (grouped by level, in catalog order) and municipality: how many people were **ongoing** at
    the period's end (or today, if it has not ended: started by then and not completed by then), and how
    many **completed** the course within the period (``completed_at`` from the first day to the last,
    inclusive). A person's municipality is where they belong today.

    Read from ``learning.ProgressPlace``, the read model with one row per started progress row and
    municipality the person belongs to (``accounts.PersonPlace``): a region's cells are one range of its
    index per municipality, with no join (at 2,000,000 progress rows, joining the region's people to their
    progress rows took a second, docs/benchmarks.md). The price: the place is today's, not the period's.

    One pass: a course's figures (each person once) are the sum of its cells, less the rows counted twice,
    those of the few people who belong to two or more municipalities in the reach. Four or five queries: the
    cells, those people, their rows (if there are any), and the names of the municipalities and the courses."""
    on = filters.moment(today)
    scope = _reach(actor, filters)
    if scope.is_empty:
        return ProgressReport(filters=filters, on=on, levels=[], ongoing=0, completed=0)
    municipality_ids = _scope_municipality_ids(scope, filters.municipality)
    if municipality_ids is not None and not municipality_ids:
        return ProgressReport(filters=filters, on=on, levels=[], ongoing=0, completed=0)
    completed_q, ongoing_q, either_q = _progress_conditions(filters, on)
    counts = {
        "n_completed": Count("course_id", filter=completed_q),
        "n_ongoing": Count("course_id", filter=ongoing_q),
    }

    rows = ProgressPlace.objects.filter(either_q)
    people = PersonPlace.objects.filter(level=PlaceLevel.MUNICIPALITY)
    if municipality_ids is not None:
        rows = rows.filter(municipality_id__in=municipality_ids)
        people = people.filter(place_id__in=municipality_ids)
    if scope.units and not scope.everything and not scope.regions and not scope.municipalities:
        # A manager's units: their people, counted in the municipality of those units.
        unit_people = PersonPlace.objects.filter(level=PlaceLevel.UNIT, place_id__in=scope.units).values("user_id")
        rows = rows.filter(progress__user_id__in=unit_people)
        people = people.filter(user_id__in=unit_people)
    if filters.journey is not None:
        rows = rows.filter(journey_id=filters.journey.pk)

    cell_counts = [
        c
        for c in rows.order_by().values("course_id", "municipality_id").annotate(**counts)
        if c["n_completed"] or c["n_ongoing"]
    ]
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for c in cell_counts:
        totals[c["course_id"]][0] += c["n_completed"]
        totals[c["course_id"]][1] += c["n_ongoing"]
    # Each person once: take away the rows of those counted in more than one municipality.
    places_of = dict(
        people.order_by().values("user_id").annotate(n=Count("user_id")).filter(n__gt=1).values_list("user_id", "n")
    )
    twice_ids = sorted(places_of)
    for i in range(0, len(twice_ids), 2000):  # in chunks: SQLite bounds the number of parameters
        twice = CourseProgress.objects.filter(user_id__in=twice_ids[i : i + 2000])
        twice = twice.filter(either_q)
        if filters.journey is not None:
            twice = twice.filter(journey_id=filters.journey.pk)
        for t in twice.order_by().values("course_id", "user_id").annotate(**counts):
            extra = places_of[t["user_id"]] - 1
            totals[t["course_id"]][0] -= extra * t["n_completed"]
            totals[t["course_id"]][1] -= extra * t["n_ongoing"]

    names = dict(
        Municipality.objects.filter(pk__in={c["municipality_id"] for c in cell_counts}).values_list("pk", "name")
    )
    cells: dict[int, list[ProgressCell]] = defaultdict(list)
    for c in cell_counts:
        m_id = c["municipality_id"]
        cells[c["course_id"]].append(ProgressCell(m_id, names[m_id], c["n_ongoing"], c["n_completed"]))
    groups: dict[int, LevelGroup] = {}
    for course in _catalog_courses(set(totals)):
        completed, ongoing = totals[course.pk]
        group = groups.setdefault(
            course.level_id,
            LevelGroup(course.level_id, course.level.name, course.journey.short_name or course.journey.name, []),
        )
        group.courses.append(
            CourseProgressRow(
                course_id=course.pk,
                course=course.title,
                municipalities=sorted(cells[course.pk], key=lambda c: (c.municipality.casefold(), c.municipality_id)),
                ongoing=ongoing,
                completed=completed,
            )
        )
    return ProgressReport(
        filters=filters,
        on=on,
        levels=list(groups.values()),
        ongoing=sum(t[1] for t in totals.values()),
        completed=sum(t[0] for t in totals.values()),
    )


# --- 3. course occasions per course (the yearly attendance table) --------------------------------------


@dataclass(frozen=True)
class OccasionsRow:
    course_id: int | None
    course: str
    rounds: int
    days: int
    registered: int
    attended: int

    @property
    def attendance(self) -> Decimal | None:
        """Attended of registered, in per cent with one decimal (None when nobody was registered)."""
        return percent(self.attended, self.registered)


@dataclass(frozen=True)
class OccasionsReport:
    filters: ReportFilters
    rows: list[OccasionsRow]
    total: OccasionsRow
    #: The figures are of the participants of some municipalities or units only, not of whole occasions.
    participants_only: bool = False

    @property
    def chart(self) -> list[Bar]:
        return bars([(r.course, [r.registered, r.attended]) for r in self.rows], series=2)


def _participants_q(scope: OrgScope, municipality: Municipality | None, prefix: str = "") -> tuple[Q, bool]:
    """Which registrations a report counts, and whether that is fewer than the whole occasion's.

    The regional roles (and a system admin) count every participant of the occasions given in their
    region (the occasion's region, or its municipality's). A k-admin counts the participants from their
    municipality (``municipality_at_signup``), wherever the occasion was given; a manager the participants
    who belong to their units today. A municipality filter keeps the participants from that municipality,
    for everyone: that is the question a municipality asks of the yearly table."""
    if scope.everything:
        q = Q()
    else:
        q = Q(pk__in=[])
        if scope.regions:
            q |= Q(**{f"{prefix}occasion__region_id__in": scope.regions})
            q |= Q(**{f"{prefix}occasion__municipality__region_id__in": scope.regions})
        if scope.municipalities:
            q |= Q(**{f"{prefix}municipality_at_signup_id__in": scope.municipalities})
        if scope.units:
            unit_people = PersonPlace.objects.filter(level=PlaceLevel.UNIT, place_id__in=scope.units)
            q |= Q(**{f"{prefix}user_id__in": unit_people.values("user_id")})
    partial = not scope.everything and not scope.regions
    if municipality is not None:
        q &= Q(**{f"{prefix}municipality_at_signup_id": municipality.pk})
        partial = True
    return q, partial


def occasions_by_course(*, actor: Any, filters: ReportFilters) -> OccasionsReport:
    """The yearly attendance table, per course:

    - **rounds**: the occasions (not cancelled) with a course day in the period;
    - **days**: their course days in the period;
    - **registered**: the registrations holding a place on them (booked, attended, partly attended,
      did not come: ``PLACE_STATES``);
    - **attended**: of those, the ones attended or partly attended (a booking whose attendance is not yet
      complete counts as registered, not yet as attended);
    - **attendance**: attended of registered, in per cent with one decimal;

    and the total. With a region chosen, the region's occasions. For a k-admin, a manager or with a
    municipality chosen, the table is of *their participants*: the occasions where one of them held a place,
    those occasions' days, and only their own registrations (see ``_participants_q``).

    Two queries (days and registrations, each aggregated per course) and one for the courses' names."""
    scope = _reach(actor, filters)
    empty = OccasionsRow(None, "", 0, 0, 0, 0)
    if scope.is_empty:
        return OccasionsReport(filters=filters, rows=[], total=empty)
    in_period = CourseDay.objects.filter(date__gte=filters.start, date__lte=filters.end).exclude(
        occasion__status=OccasionStatus.CANCELLED
    )
    if filters.journey is not None:
        in_period = in_period.filter(occasion__course__journey_id=filters.journey.pk)
    if filters.region is not None:
        in_period = in_period.filter(
            Q(occasion__region_id=filters.region.pk) | Q(occasion__municipality__region_id=filters.region.pk)
        )
    elif scope.regions and not (scope.everything or scope.municipalities or scope.units):
        # A regional role's reach is whole regions: narrow the days first, so that the registrations are not
        # joined against every course day of the nation (docs/benchmarks.md, follow-up reports).
        in_period = in_period.filter(
            Q(occasion__region_id__in=scope.regions) | Q(occasion__municipality__region_id__in=scope.regions)
        )
    participants, partial = _participants_q(scope, filters.municipality)
    registrations = Registration.objects.filter(
        participants, state__in=PLACE_STATES, occasion_id__in=in_period.values("occasion_id")
    )
    days = in_period
    if partial:
        days = days.filter(occasion_id__in=registrations.values("occasion_id"))
    elif not scope.everything:
        given_here = Q(occasion__region_id__in=scope.regions) | Q(occasion__municipality__region_id__in=scope.regions)
        if scope.municipalities or scope.units:  # a regional role who is also a k-admin or manager elsewhere
            given_here |= Q(occasion_id__in=registrations.values("occasion_id"))
        days = days.filter(given_here)
    day_counts = {
        d["occasion__course_id"]: d
        for d in days.order_by()
        .values("occasion__course_id")
        .annotate(n_rounds=Count("occasion_id", distinct=True), n_days=Count("pk"))
    }
    registration_counts = {
        r["occasion__course_id"]: r
        for r in registrations.order_by()
        .values("occasion__course_id")
        .annotate(n_registered=Count("pk"), n_attended=Count("pk", filter=Q(state__in=ATTENDED_STATES)))
    }
    rows = []
    for course in _catalog_courses(set(day_counts)):
        d, r = day_counts[course.pk], registration_counts.get(course.pk, {})
        rows.append(
            OccasionsRow(
                course_id=course.pk,
                course=course.title,
                rounds=d["n_rounds"],
                days=d["n_days"],
                registered=r.get("n_registered", 0),
                attended=r.get("n_attended", 0),
            )
        )
    total = OccasionsRow(
        course_id=None,
        course="",
        rounds=sum(r.rounds for r in rows),
        days=sum(r.days for r in rows),
        registered=sum(r.registered for r in rows),
        attended=sum(r.attended for r in rows),
    )
    return OccasionsReport(filters=filters, rows=rows, total=total, participants_only=partial)


# --- 4. days taught per trainer and lending municipality -----------------------------------------------


@dataclass(frozen=True)
class TrainerRow:
    trainer_id: int
    name: str
    days_led: int
    days_trained: int

    @property
    def days(self) -> int:
        return self.days_led + self.days_trained


@dataclass(frozen=True)
class LendingMunicipality:
    municipality_id: int
    municipality: str
    trainers: list[TrainerRow] = field(default_factory=list)

    @property
    def days_led(self) -> int:
        return sum(t.days_led for t in self.trainers)

    @property
    def days_trained(self) -> int:
        return sum(t.days_trained for t in self.trainers)

    @property
    def days(self) -> int:
        return self.days_led + self.days_trained


@dataclass(frozen=True)
class TrainerActivityReport:
    filters: ReportFilters
    #: The last day counted: the period's end, or today (days not yet held do not count).
    counted_until: datetime.date
    municipalities: list[LendingMunicipality]

    @property
    def days_led(self) -> int:
        return sum(m.days_led for m in self.municipalities)

    @property
    def days_trained(self) -> int:
        return sum(m.days_trained for m in self.municipalities)

    @property
    def days(self) -> int:
        return self.days_led + self.days_trained

    @property
    def trainers(self) -> int:
        return len({t.trainer_id for m in self.municipalities for t in m.trainers})

    @property
    def chart(self) -> list[Bar]:
        return bars([(m.municipality, [m.days]) for m in self.municipalities], series=1)


def trainer_activity(
    *, actor: Any, filters: ReportFilters, today: datetime.date | None = None
) -> TrainerActivityReport:
    """Course days taught in the period (up to today) per trainer and lending municipality, as led and as
    trainer, with the sums per municipality and in all: ``trainers.selectors.days_taught`` with the actor
    (what the trainer pot counts: regional occasions, days held, absences not counted, a substitute's day
    for the substitute), kept to the lending municipalities inside the actor's reach (a manager: the days
    the trainers among their staff taught). With a journey: the days of its courses' occasions. Not for a
    national editor: the days taught are the regions' business (the trainer pot), and name their trainers.

    One query for the days, one for the municipalities in reach."""
    today = today or timezone.localdate()
    scope = NOTHING if reads_as_editor(actor) else _reach(actor, filters)
    counted_until = min(filters.end, today)
    if scope.is_empty:
        return TrainerActivityReport(filters=filters, counted_until=counted_until, municipalities=[])
    rows = days_taught(
        actor=actor,
        start=filters.start,
        end=filters.end,
        region=filters.region,
        municipality=filters.municipality,
        today=today,
        journey=filters.journey,
    )
    if not scope.everything and (scope.regions or scope.municipalities):
        allowed = set(
            Municipality.objects.filter(Q(region_id__in=scope.regions) | Q(pk__in=scope.municipalities)).values_list(
                "pk", flat=True
            )
        )
        rows = [r for r in rows if r.municipality_id in allowed]
    groups: dict[int, LendingMunicipality] = {}
    for row in rows:  # one per trainer and municipality: small, already aggregated
        group = groups.setdefault(row.municipality_id, LendingMunicipality(row.municipality_id, row.municipality))
        group.trainers.append(TrainerRow(row.trainer_id, row.name, row.days_led, row.days_trained))
    municipalities = sorted(groups.values(), key=lambda m: (m.municipality.casefold(), m.municipality_id))
    return TrainerActivityReport(filters=filters, counted_until=counted_until, municipalities=municipalities)


# --- charts --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One item of a bar chart: its label and one value per series, each with its length in per cent of
    the largest value in the chart (0–100)."""

    label: str
    values: list[tuple[int, float]]


def bars(items: list[tuple[str, list[int]]], *, series: int) -> list[Bar]:
    largest = max((v for _label, values in items for v in values[:series]), default=0)
    return [
        Bar(
            label=label,
            values=[(v, round(100 * v / largest, 1) if largest else 0.0) for v in values[:series]],
        )
        for label, values in items
    ]


__all__ = [
    "AccountsReport",
    "OccasionsReport",
    "ProgressReport",
    "ReportFilters",
    "TrainerActivityReport",
    "accounts_by_municipality",
    "occasions_by_course",
    "percent",
    "progress_by_course",
    "report_municipalities",
    "report_reach",
    "report_regions",
    "this_year",
    "trainer_activity",
]
