"""Reads of the journey: a person's route and next step, a course as its participant sees it,
and the managers' hub (Stationen).

Everything a person's own pages read is found through that person's id (their enrolments,
progress rows, completions, bookings), so these pages do not grow with the size of the nation.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, overload

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from yrkesresan.accounts.models import User
from yrkesresan.accounts.selectors import PeopleList, person_list
from yrkesresan.catalog.models import ChecklistItem, Course, Journey, Level, PreparationTask
from yrkesresan.core import policy
from yrkesresan.occasions import selectors as occasions
from yrkesresan.occasions.models import PLACE_STATES, Registration, RegistrationState

from .models import (
    ChecklistTick,
    CourseProgress,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    ProgressState,
    SupportFlag,
    TaskCompletion,
)

# --- the catalog's shape, as the route needs it -------------------------------------------------


@dataclass
class TaskInfo:
    id: int
    course_id: int
    title: str
    format: str
    minutes: int
    mandatory: bool


@dataclass
class CourseInfo:
    course: Course
    tasks: list[TaskInfo] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(t.minutes for t in self.tasks)

    @property
    def mandatory_minutes(self) -> int:
        return sum(t.minutes for t in self.tasks if t.mandatory)


def _catalog(journey_ids: set[int]) -> dict[int, list[CourseInfo]]:
    """Courses per level of the given journeys, with their tasks: two queries."""
    by_level: dict[int, list[CourseInfo]] = defaultdict(list)
    if not journey_ids:
        return by_level
    infos: dict[int, CourseInfo] = {}
    for course in Course.objects.filter(journey_id__in=journey_ids).select_related("level").order_by("order", "id"):
        infos[course.pk] = CourseInfo(course)
        by_level[course.level_id].append(infos[course.pk])
    for row in (
        PreparationTask.objects.filter(course_id__in=infos)
        .order_by("order", "id")
        .values_list("id", "course_id", "title", "format", "minutes", "mandatory")
    ):
        infos[row[1]].tasks.append(TaskInfo(*row))
    return by_level


# --- a person's journey ------------------------------------------------------------------------


@dataclass
class Stop:
    info: CourseInfo
    progress: CourseProgress | None

    @property
    def course(self) -> Course:
        return self.info.course

    @property
    def state(self) -> str:
        return self.progress.state if self.progress else ProgressState.NOT_STARTED

    @property
    def is_completed(self) -> bool:
        return self.state == ProgressState.COMPLETED


@dataclass
class LevelStop:
    level: Level
    stops: list[Stop]
    is_current: bool

    @cached_property
    def mandatory(self) -> list[Stop]:
        return [s for s in self.stops if s.course.mandatory]

    @property
    def is_completed(self) -> bool:
        """A level is completed when every mandatory course of it is (and it has one)."""
        return bool(self.mandatory) and all(s.is_completed for s in self.mandatory)

    @property
    def completed_at(self) -> datetime.datetime | None:
        if not self.is_completed:
            return None
        return max(s.progress.completed_at for s in self.mandatory if s.progress and s.progress.completed_at)

    @property
    def state(self) -> str:
        if self.is_completed:
            return ProgressState.COMPLETED
        if any(s.state != ProgressState.NOT_STARTED for s in self.stops):
            return ProgressState.ONGOING
        return ProgressState.NOT_STARTED

    @property
    def completed_count(self) -> int:
        return sum(1 for s in self.mandatory if s.is_completed)


@dataclass
class NextStep:
    kind: str  # task, day, waiting_day, booking, level_done, paused, finished, empty
    url: str = ""
    course: Course | None = None
    task: TaskInfo | None = None
    day: Any = None
    level: Level | None = None


@dataclass
class JourneyRoute:
    enrolment: Enrolment
    levels: list[LevelStop]
    next_step: NextStep

    @property
    def current(self) -> LevelStop | None:
        return next((lv for lv in self.levels if lv.is_current), None)


def _level_stops(
    enrolment: Enrolment, levels: list[Level], catalog: dict[int, list[CourseInfo]], progress: dict[int, CourseProgress]
) -> list[LevelStop]:
    return [
        LevelStop(
            level=level,
            stops=[Stop(info, progress.get(info.course.pk)) for info in catalog.get(level.pk, [])],
            is_current=level.pk == enrolment.level_id,
        )
        for level in levels
    ]


def _next_course(level: LevelStop | None) -> Stop | None:
    if level is None:
        return None
    todo = [s for s in level.stops if not s.is_completed]
    mandatory = [s for s in todo if s.course.mandatory]
    first = mandatory or todo
    return first[0] if first else None


def _next_step(
    route: JourneyRoute, done: set[int], bookings: dict[int, list[Registration]], today: datetime.date
) -> NextStep:
    enrolment = route.enrolment
    if enrolment.status == EnrolmentStatus.PAUSED:
        return NextStep("paused", url=reverse("my_journey") + f"#journey-{enrolment.journey_id}")
    if enrolment.status == EnrolmentStatus.FINISHED:
        return NextStep("finished")
    if route.current and route.current.is_completed:
        # Optional courses left on the level stay on the route; the step to take is the next level.
        return NextStep("level_done", level=route.current.level)
    stop = _next_course(route.current)
    if stop is None:
        return NextStep("empty", level=enrolment.level)
    course = stop.course
    course_url = reverse("my_course", args=[course.pk])
    left = [t for t in stop.info.tasks if t.id not in done]
    mandatory_left = [t for t in left if t.mandatory]
    if mandatory_left:
        task = mandatory_left[0]
        return NextStep("task", url=reverse("my_task", args=[course.pk, task.id]), course=course, task=task)
    if not course.is_web:
        days = [d for r in bookings.get(course.pk, []) if r.state in PLACE_STATES for d in r.occasion.days.all()]
        coming = [d for d in days if d.date >= today]
        if coming:
            return NextStep("day", url=course_url + "#days", course=course, day=coming[0])
        if days:
            return NextStep("waiting_day", url=course_url + "#days", course=course)
        return NextStep("booking", url=course_url + "#days", course=course)
    if left:
        return NextStep("task", url=reverse("my_task", args=[course.pk, left[0].id]), course=course, task=left[0])
    return NextStep("waiting_day", url=course_url, course=course)


@dataclass
class MyJourneys:
    routes: list[JourneyRoute]
    web_courses: list[Stop]  # web courses taken outside any journey the person is on

    @property
    def next_step(self) -> NextStep | None:
        """The one step to show first: of the active journeys, the first with something to do."""
        for route in self.routes:
            if route.next_step.kind in ("task", "day", "booking"):
                return route.next_step
        return self.routes[0].next_step if self.routes else None


def my_journeys(*, user: Any, today: datetime.date | None = None) -> MyJourneys:
    """The person's journeys as routes of stops, each with its next step. About eight queries,
    whatever the size of the nation."""
    today = today or timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(user=user).select_related("journey", "level").order_by("journey__order", "id")
    )
    progress = {p.course_id: p for p in CourseProgress.objects.filter(user=user)}
    journey_ids = {e.journey_id for e in enrolments}
    catalog = _catalog(journey_ids)
    levels: dict[int, list[Level]] = defaultdict(list)
    for level in Level.objects.filter(journey_id__in=journey_ids).order_by("order", "id"):
        levels[level.journey_id].append(level)
    routes = []
    for enrolment in enrolments:
        route = JourneyRoute(
            enrolment, _level_stops(enrolment, levels[enrolment.journey_id], catalog, progress), NextStep("empty")
        )
        routes.append(route)
    next_courses = {s.course.pk for r in routes if (s := _next_course(r.current))}
    done = set(TaskCompletion.objects.filter(user=user, course_id__in=next_courses).values_list("task_id", flat=True))
    bookings: dict[int, list[Registration]] = defaultdict(list)
    for registration in occasions.registrations_of(user_id=user.pk, course_ids=next_courses):
        bookings[registration.occasion.course_id].append(registration)
    for route in routes:
        route.next_step = _next_step(route, done, bookings, today)
    web = [
        Stop(CourseInfo(p.course), p)
        for p in CourseProgress.objects.filter(user=user, course__kind="web")
        .exclude(journey_id__in=journey_ids)
        .select_related("course")
    ]
    return MyJourneys(routes=routes, web_courses=web)


def web_courses_open(*, user: Any) -> QuerySet[Course]:
    """Self-paced web courses the person may start: outside their journeys, not started yet."""
    return (
        Course.objects.filter(kind="web")
        .exclude(journey_id__in=Enrolment.objects.filter(user=user).values("journey_id"))
        .exclude(pk__in=CourseProgress.objects.filter(user=user).values("course_id"))
        .select_related("journey")
        .order_by("journey__order", "order")
    )


# --- a course, as its participant sees it ---------------------------------------------------------


@dataclass
class TaskRow:
    task: PreparationTask
    done_at: datetime.datetime | None
    flags: set[str]

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass
class CoursePage:
    course: Course
    enrolment: Enrolment | None
    progress: CourseProgress | None
    tasks: list[TaskRow]
    checklist: list[tuple[ChecklistItem, bool]]
    registrations: list[Registration]

    @property
    def minutes(self) -> int:
        return sum(row.task.minutes for row in self.tasks)

    @property
    def minutes_left(self) -> int:
        return sum(row.task.minutes for row in self.tasks if not row.done)

    @property
    def state(self) -> str:
        return self.progress.state if self.progress else ProgressState.NOT_STARTED

    @property
    def is_paused(self) -> bool:
        return self.enrolment is not None and self.enrolment.status == EnrolmentStatus.PAUSED

    @property
    def next_task(self) -> TaskRow | None:
        left = [row for row in self.tasks if not row.done]
        return next((row for row in left if row.task.mandatory), left[0] if left else None)

    @property
    def booked(self) -> list[Registration]:
        return [r for r in self.registrations if r.state in PLACE_STATES]

    @property
    def waitlisted(self) -> list[Registration]:
        return [r for r in self.registrations if r.state == RegistrationState.WAITLISTED]


def course_page(*, user: Any, course: Course) -> CoursePage:
    tasks = list(course.tasks.order_by("order", "id"))
    done = dict(TaskCompletion.objects.filter(user=user, course=course).values_list("task_id", "at"))
    flags: dict[int, set[str]] = defaultdict(set)
    for task_id, kind in SupportFlag.objects.filter(user=user, course=course).values_list("task_id", "kind"):
        flags[task_id].add(kind)
    ticked = set(ChecklistTick.objects.filter(user=user, course=course).values_list("item_id", flat=True))
    return CoursePage(
        course=course,
        enrolment=Enrolment.objects.filter(user=user, journey_id=course.journey_id).first(),
        progress=CourseProgress.objects.filter(user=user, course=course).first(),
        tasks=[TaskRow(t, done.get(t.pk), flags[t.pk]) for t in tasks],
        checklist=[(item, item.pk in ticked) for item in course.checklist.order_by("order", "id")],
        registrations=[]
        if course.is_web
        else list(occasions.registrations_of(user_id=user.pk, course_ids=[course.pk])),
    )


def support_flags_on(*, actor: Any, task: PreparationTask) -> QuerySet[SupportFlag]:
    """Other people's requests and offers of support on a task that the actor may see."""
    return (
        policy.visible(actor, SupportFlag.objects.filter(task=task))
        .exclude(user=actor)
        .select_related("user")
        .order_by("kind", "-at")
    )


def support_flags_for_trainer(*, actor: Any, course: Course | None = None, limit: int = 50) -> list[SupportFlag]:
    """The newest requests and offers of support the trainer may see (their region's)."""
    flags = policy.visible(actor, SupportFlag.objects.all()).exclude(user=actor)
    if course is not None:
        flags = flags.filter(course=course)
    return list(flags.select_related("user", "task", "course").order_by("-at", "-id")[:limit])


def course_packages() -> list[tuple[Journey, list[Course]]]:
    """Every course with course days, by journey: what trainers teach from."""
    packages: dict[int, tuple[Journey, list[Course]]] = {}
    for course in (
        Course.objects.filter(kind="led")
        .select_related("journey", "level")
        .order_by("journey__order", "level__order", "order", "id")
    ):
        packages.setdefault(course.journey_id, (course.journey, []))[1].append(course)
    return list(packages.values())


# --- a person's journeys, seen by their manager ----------------------------------------------------


def enrolment_history(*, actor: Any, person: User) -> QuerySet[EnrolmentEvent]:
    return (
        policy.visible(actor, EnrolmentEvent.objects.filter(enrolment__user=person))
        .select_related("enrolment__journey", "from_level", "to_level", "by")
        .order_by("-at", "-id")
    )


# --- Stationen: the managers' hub -------------------------------------------------------------------


class HubStatus:
    ALL = ""
    NOT_STARTED = "not_started"
    STALLED = "stalled"
    PAUSED = "paused"
    LEVEL_DONE = "level_done"
    NOT_ENROLLED = "not_enrolled"


@dataclass
class EnrolmentSummary:
    enrolment: Enrolment
    level: LevelStop
    last_activity_at: datetime.datetime | None
    stalled: bool

    @property
    def flag(self) -> str:
        """One word for the row: paused, level completed, stalled, not started or ongoing."""
        if self.enrolment.status == EnrolmentStatus.PAUSED:
            return "paused"
        if self.level.is_completed:
            return "level_done"
        if self.last_activity_at is None:
            return "not_started"
        if self.stalled:
            return "stalled"
        return "ongoing"

    @cached_property
    def current_stop(self) -> Stop | None:
        return _next_course(self.level)


@dataclass
class StaffRow:
    person: User
    journeys: list[EnrolmentSummary]


def stalled_cutoff(weeks: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(weeks=weeks)


class StaffProgress:
    """The people a manager administers, with their progress, a page at a time (wraps ``PeopleList``)."""

    def __init__(self, *, people: PeopleList, journey_id: int | None, weeks: int) -> None:
        self._people = people
        self._journey_id = journey_id
        self._weeks = weeks

    def count(self) -> int:
        return self._people.count()

    @property
    def counts_exactly(self) -> bool:
        return self._people.counts_exactly

    def count_up_to(self, limit: int) -> int:
        return self._people.count_up_to(limit)

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> StaffRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[StaffRow]: ...

    def __getitem__(self, index: int | slice) -> StaffRow | list[StaffRow]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        return self._rows(self._people[index])

    def __iter__(self) -> Iterator[StaffRow]:
        start = 0
        while True:
            chunk = self[start : start + 1000]
            yield from chunk
            if len(chunk) < 1000:
                return
            start += 1000

    def _rows(self, people: list[User]) -> list[StaffRow]:
        ids = [p.pk for p in people]
        # A page holds up to 500 people, 800 enrolments and 2,000 progress rows: the dates the hub does not show
        # are read only if asked for (parsing them was a tenth of the time of building the rows).
        enrolments = (
            Enrolment.objects.filter(user_id__in=ids)
            .select_related("journey", "level")
            .defer("enrolled_at", "status_changed_at")
        )
        progress_rows = CourseProgress.objects.filter(user_id__in=ids).defer("started_at", "last_activity_at")
        if self._journey_id:
            enrolments = enrolments.filter(journey_id=self._journey_id)
            progress_rows = progress_rows.filter(journey_id=self._journey_id)
        enrolment_list = list(enrolments.order_by("journey__order", "id"))
        level_ids = {e.level_id for e in enrolment_list}
        catalog = _catalog({e.journey_id for e in enrolment_list})
        progress: dict[int, dict[int, CourseProgress]] = defaultdict(dict)
        level_courses = {info.course.pk for lid in level_ids for info in catalog.get(lid, [])}
        for p in progress_rows.filter(course_id__in=level_courses):
            progress[p.user_id][p.course_id] = p
        cutoff = stalled_cutoff(self._weeks)
        by_person: dict[int, list[EnrolmentSummary]] = defaultdict(list)
        for e in enrolment_list:
            level = LevelStop(
                level=e.level,
                stops=[Stop(info, progress[e.user_id].get(info.course.pk)) for info in catalog.get(e.level_id, [])],
                is_current=True,
            )
            by_person[e.user_id].append(
                EnrolmentSummary(
                    enrolment=e,
                    level=level,
                    last_activity_at=e.last_activity_at,
                    stalled=e.last_activity_at is not None and e.last_activity_at < cutoff,
                )
            )
        return [StaffRow(p, by_person.get(p.pk, [])) for p in people]


def staff_progress(
    *,
    actor: Any,
    unit_id: int | None = None,
    municipality_id: int | None = None,
    journey_id: int | None = None,
    status: str = HubStatus.ALL,
    weeks: int | None = None,
    search: str = "",
) -> StaffProgress:
    """The people the actor administers (their units, their municipality…) who are on a journey,
    or, with ``status="not_enrolled"``, who are not. ``weeks``: no activity for this long is stalled."""
    weeks = weeks or settings.STALLED_AFTER_WEEKS
    people = person_list(actor=actor, search=search, municipality_id=municipality_id, unit_id=unit_id).without_roles()
    # Each listed person's own enrolments (correlated on the list's ``user_id``), not every enrolment in the
    # nation: as a plain subquery SQLite read the whole table to test a unit's 500 people (docs/benchmarks.md).
    enrolments = Enrolment.objects.filter(user_id=OuterRef("user_id"))
    if journey_id:
        enrolments = enrolments.filter(journey_id=journey_id)
    # Every filter below tests each person of the scope, so the count stops at the paginator's cap, as a
    # search's does: a k-admin of 25,000 is asked to narrow the list rather than wait for an exact count.
    people = people.capped()
    if status == HubStatus.NOT_ENROLLED:
        people = people.excluding(enrolments.values("user_id"))
    else:
        if status == HubStatus.NOT_STARTED:
            enrolments = enrolments.filter(status=EnrolmentStatus.ACTIVE, last_activity_at__isnull=True)
        elif status == HubStatus.STALLED:
            enrolments = enrolments.filter(status=EnrolmentStatus.ACTIVE, last_activity_at__lt=stalled_cutoff(weeks))
        elif status == HubStatus.PAUSED:
            enrolments = enrolments.filter(status=EnrolmentStatus.PAUSED)
        elif status == HubStatus.LEVEL_DONE:
            enrolments = enrolments.filter(*_level_done_conditions())
        people = people.restricted_to(enrolments.values("user_id"))
    return StaffProgress(people=people, journey_id=journey_id, weeks=weeks)


def _level_done_conditions() -> tuple[Any, Exists]:
    """Filters on enrolments: the current level has a mandatory course, and none of them is left uncompleted.
    Applied to the listed person's own enrolments, so that the hub does not judge every enrolment in the nation."""
    open_course = Course.objects.filter(level_id=OuterRef("level_id"), mandatory=True).exclude(
        pk__in=CourseProgress.objects.filter(
            user_id=OuterRef(OuterRef("user_id")), state=ProgressState.COMPLETED
        ).values("course_id")
    )
    return ~Exists(open_course), Exists(Course.objects.filter(level_id=OuterRef("level_id"), mandatory=True))


def _level_done_enrolments(journey_id: int | None) -> QuerySet[Any]:
    """Enrolments whose current level has no mandatory course left uncompleted."""
    qs = Enrolment.objects.filter(*_level_done_conditions())
    if journey_id:
        qs = qs.filter(journey_id=journey_id)
    return qs.values("pk")


def hub_journeys() -> QuerySet[Journey]:
    return Journey.objects.order_by("order", "name")
