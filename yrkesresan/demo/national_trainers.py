"""The trainer pools of the synthetic nation (``yrkesresan.demo.national``): who teaches the course days.

Every account with the trainer role (about 10,000 at 300,000 accounts) gets a profile in their region's
pool, lent by their home municipality, qualified for two to four of the courses the regions give, with
1–6 course days a term their manager allows (mostly 2). A municipality that gives its own occasions has a
few discussion leaders (*samtalsledare*, staff of its units) who lead them. Each occasion gets a team
from the pool it draws from (a course leader, one or two trainers, more for a course of several days,
sometimes a reserve), and each of its course days one leader and one or two trainers from the team. A
few trainers reported absence: on a day held a substitute nearly always took the day, on a coming one
often nobody has yet (the coordinators' list of absences to cover). Some trainers gave days they
cannot teach. Each assignment has its history (``DayAssignmentEvent``) as the services write it.

The rules of the services hold: a trainer teaches at most one course day a date, a day has one course
leader, nobody teaches more days a term than allowed, nor on a day they said they cannot, nor a course
they are not qualified for, nor outside the pool the occasion draws from. Where the pool is short, an
occasion or a day goes without a full team, as it does in the programme.

The municipalities get coordinates (their main town, made up near the region's real centre), so that
substitutes are ranked nearest first; a regional course day's address names the municipality it is in.

Rows are plain tuples, loaded by ``national._load``; a random stream of its own, so the rest of the
nation is the same with or without them.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from yrkesresan.occasions.models import DeliveryLevel
from yrkesresan.trainers.models import (
    DayAction,
    DayRole,
    TeamRole,
    TrainerKind,
)

#: The main town of each region (WGS 84, approximate), and how far its municipalities spread (degrees).
REGION_CENTRES: dict[str, tuple[float, float, float]] = {
    "01": (59.33, 18.07, 0.45),  # Stockholm
    "03": (59.86, 17.64, 0.45),  # Uppsala
    "04": (59.04, 16.60, 0.45),  # Sörmland
    "05": (58.41, 15.62, 0.6),  # Östergötland
    "06": (57.55, 14.40, 0.6),  # Jönköping
    "07": (56.88, 14.81, 0.45),  # Kronoberg
    "08": (57.20, 16.20, 0.6),  # Kalmar
    "09": (57.64, 18.30, 0.0),  # Gotland (one municipality)
    "10": (56.20, 15.20, 0.35),  # Blekinge
    "12": (55.90, 13.50, 0.5),  # Skåne
    "13": (56.90, 12.60, 0.45),  # Halland
    "14": (58.10, 12.60, 0.8),  # Västra Götaland
    "17": (59.70, 13.20, 0.8),  # Värmland
    "18": (59.27, 15.21, 0.5),  # Örebro
    "19": (59.70, 16.30, 0.35),  # Västmanland
    "20": (60.70, 15.00, 0.8),  # Dalarna
    "21": (61.30, 16.50, 0.7),  # Gävleborg
    "22": (62.80, 17.30, 0.7),  # Västernorrland
    "23": (63.00, 14.20, 1.1),  # Jämtland Härjedalen
    "24": (64.50, 18.50, 1.3),  # Västerbotten
    "25": (66.40, 20.50, 1.4),  # Norrbotten
}
LATITUDES, LONGITUDES = (55.34, 68.9), (11.1, 24.1)

#: Course days a term a trainer's manager allows, and how often each is allowed (DOMAIN.md: 1–2 is usual).
TRAINER_MAX_DAYS = ((2, 0.6), (3, 0.2), (4, 0.15), (6, 0.05))
#: A discussion leader leads their municipality's own courses, more days a term.
LEADER_MAX_DAYS = (8, 10, 12, 15)
QUALIFIED_COURSES = (2, 4)
RESERVE_SHARE = 0.35
UNAVAILABLE_SHARE = 0.08
ABSENT_SHARE_PAST, ABSENT_SHARE_COMING = 0.03, 0.06
COVERED_SHARE_PAST, COVERED_SHARE_COMING = 0.9, 0.5
ABSENCE_REASONS = ["Sjuk", "Vård av barn", "Verksamhetens behov", "", "Sjuk"]
UNAVAILABLE_REASONS = ["Semester", "Utbildning", "Tjänsteresa", ""]


def coordinates(plan: Sequence[Any], *, region_codes: dict[int, str], seed: int) -> dict[int, tuple[float, float]]:
    """(latitude, longitude) for each municipality of ``plan`` (``_Municipality``): the largest of a region at
    its main town, the others around it."""
    rng = random.Random(seed + 3)  # noqa: S311 (made-up data)
    largest: dict[int, Any] = {}
    for m in plan:
        if m.region_id not in largest or m.population > largest[m.region_id].population:
            largest[m.region_id] = m
    result = {}
    for m in plan:
        lat, lon, spread = REGION_CENTRES[region_codes[m.region_id]]
        if m is largest[m.region_id]:
            result[m.id] = (lat, lon)  # the region's main town
            continue
        # A degree of longitude is shorter than one of latitude this far north: spread it twice as wide.
        dlat, dlon = rng.uniform(-spread, spread), rng.uniform(-2 * spread, 2 * spread)
        result[m.id] = (
            round(min(max(lat + dlat, LATITUDES[0]), LATITUDES[1]), 4),
            round(min(max(lon + dlon, LONGITUDES[0]), LONGITUDES[1]), 4),
        )
    return result


def day_address(*, occasion_id: int, municipalities: Sequence[tuple[int, str]]) -> str:
    """Where a regional course day is held: an address naming one of the region's municipalities (half of
    them in the largest, the first of ``municipalities``), as ``trainers.selectors.place_of`` reads it."""
    if occasion_id % 2 == 0 or len(municipalities) == 1:
        name = municipalities[0][1]
    else:
        name = municipalities[(occasion_id * 7) % len(municipalities)][1]
    return f"Storgatan {occasion_id % 40 + 1}, {name}"


def _term(day: datetime.date) -> tuple[int, int]:
    return day.year, 0 if day.month <= 6 else 1


@dataclass(eq=False)  # one object per trainer: compared by identity
class _Trainer:
    id: int
    user_id: int
    municipality: int
    max_days: int
    courses: tuple[int, ...]
    busy: set[datetime.date] = field(default_factory=set)  # a course day (or an absence) that date
    unavailable: frozenset[datetime.date] = frozenset()
    taught: dict[tuple[int, int], int] = field(default_factory=dict)  # days a term, absences not counted

    def free(self, day: datetime.date) -> bool:
        return day not in self.busy and day not in self.unavailable and self.taught.get(_term(day), 0) < self.max_days

    def take(self, day: datetime.date) -> None:
        self.busy.add(day)
        term = _term(day)
        self.taught[term] = self.taught.get(term, 0) + 1


@dataclass
class TrainerRows:
    profiles: list[tuple[Any, ...]] = field(default_factory=list)
    qualifications: list[tuple[Any, ...]] = field(default_factory=list)
    unavailability: list[tuple[Any, ...]] = field(default_factory=list)
    team: list[tuple[Any, ...]] = field(default_factory=list)
    assignments: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Occasion:
    id: int
    course: int
    region: int
    municipality: int | None
    created: datetime.datetime
    days: list[tuple[int, datetime.date]] = field(default_factory=list)


def plan(
    *,
    roles: Sequence[tuple[Any, ...]],
    active: dict[int, bool],
    occasions: Sequence[tuple[Any, ...]],
    days: Sequence[tuple[Any, ...]],
    courses: Sequence[int],
    local_courses: set[int],
    today: datetime.date,
    now: datetime.datetime,
    seed: int,
) -> TrainerRows:
    """The pools, teams and day assignments, as rows. ``roles`` and ``occasions``/``days`` are the
    generator's rows (``_Rows.roles``; ``_OccasionRows.occasions`` and ``.days``); ``active`` tells whose
    account is active; ``courses`` are the courses with course days, ``local_courses`` those municipalities
    give themselves. ``now`` is the latest time a row may be stamped with."""
    rng = random.Random(seed + 4)  # noqa: S311 (made-up data)
    out = TrainerRows()

    # --- who coordinates (the assignments' "by"), who trains, who could lead discussions -----------------
    regional_admin: dict[int, int] = {}
    kadmin: dict[int, int] = {}
    trainer_roles: list[tuple[int, int, int, datetime.date]] = []  # user, region, municipality, since
    staff: dict[int, list[int]] = defaultdict(list)
    for _id, user_id, role, region, municipality, _unit, since, until, *_rest in roles:
        if until is not None:
            continue
        if role == "regional_admin":
            regional_admin.setdefault(region, user_id)
        elif role == "municipal_admin":
            kadmin.setdefault(municipality, user_id)
        elif role == "trainer":
            trainer_roles.append((user_id, region, municipality, since))
        elif role == "staff" and active.get(user_id):
            staff[municipality].append(user_id)
    trainer_users = {t[0] for t in trainer_roles}

    # --- the occasions and their days --------------------------------------------------------------
    planned: dict[int, _Occasion] = {}
    for row in occasions:
        occasion_id, course_id, level, region, municipality = row[:5]
        created = row[14]
        municipality = municipality if level != DeliveryLevel.REGIONAL else None
        planned[occasion_id] = _Occasion(occasion_id, course_id, region, municipality, created)
    for day_id, occasion_id, date, *_rest in days:
        planned[occasion_id].days.append((day_id, date))
    # Demand per course in each region (regional) and per municipality (local): what trainers are qualified for.
    regional_demand: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    local_days: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    for o in planned.values():
        if o.municipality is None:
            regional_demand[o.region][o.course] += len(o.days)
        else:
            for _day_id, date in o.days:
                local_days[o.municipality][_term(date)] += 1

    # --- the pools ---------------------------------------------------------------------------------
    pools: dict[tuple[str, int], list[_Trainer]] = defaultdict(list)
    profile_id = 0

    def profile(user_id: int, municipality: int, region: int, kind: str, max_days: int, since: datetime.date,
                courses: tuple[int, ...]) -> _Trainer:  # fmt: skip
        nonlocal profile_id
        profile_id += 1
        created = datetime.datetime.combine(since, datetime.time(9), tzinfo=datetime.UTC)
        is_active = active.get(user_id, False)
        out.profiles.append(
            (profile_id, user_id, kind, municipality, region, max_days, is_active, "", created, created)
        )
        for course_id in courses:
            out.qualifications.append((len(out.qualifications) + 1, profile_id, course_id, since))
        trainer = _Trainer(profile_id, user_id, municipality, max_days, courses)
        if is_active and rng.random() < UNAVAILABLE_SHARE:
            start = today + datetime.timedelta(days=rng.randint(-200, 90))
            length = rng.randint(1, 14)
            reason = rng.choice(UNAVAILABLE_REASONS)
            out.unavailability.append(
                (len(out.unavailability) + 1, profile_id, start, start + datetime.timedelta(days=length - 1), reason,
                 user_id, created)
            )  # fmt: skip
            trainer.unavailable = frozenset(start + datetime.timedelta(days=i) for i in range(length))
        if is_active:
            pools[(kind, region if kind == TrainerKind.TRAINER else municipality)].append(trainer)
        return trainer

    max_days_values = [v for v, _w in TRAINER_MAX_DAYS]
    max_days_weights = [w for _v, w in TRAINER_MAX_DAYS]
    for user_id, region, municipality, since in sorted(trainer_roles):
        demand = regional_demand.get(region) or dict.fromkeys(courses, 1)
        courses = _pick(rng, demand, rng.randint(*QUALIFIED_COURSES))
        max_days = rng.choices(max_days_values, weights=max_days_weights)[0]
        profile(user_id, municipality, region, TrainerKind.TRAINER, max_days, since, courses)
    region_of = {o.municipality: o.region for o in planned.values() if o.municipality is not None}
    local = sorted(local_courses)
    leaders = 0
    for municipality, per_term in sorted(local_days.items()):
        # Enough discussion leaders for the busiest term's days, two or three a day, with room to spare.
        need = math.ceil(max(per_term.values()) * 2.5 / (sum(LEADER_MAX_DAYS) / len(LEADER_MAX_DAYS)) * 1.2)
        staff_ids = [u for u in staff.get(municipality, []) if u not in trainer_users]
        for user_id in rng.sample(staff_ids, min(len(staff_ids), max(2, need))):
            courses = tuple(c for c in local if rng.random() < 0.8) or tuple(local[:1])
            since = today - datetime.timedelta(days=rng.randint(60, 900))
            max_days = rng.choice(LEADER_MAX_DAYS)
            profile(user_id, municipality, region_of[municipality], TrainerKind.DISCUSSION_LEADER, max_days, since,
                    courses)  # fmt: skip
            leaders += 1
    qualified: dict[tuple[str, int], dict[int, list[_Trainer]]] = {}
    for key, members in pools.items():
        by_course: dict[int, list[_Trainer]] = defaultdict(list)
        for t in members:
            for course_id in t.courses:
                by_course[course_id].append(t)
        qualified[key] = by_course

    # --- teams and days ----------------------------------------------------------------------------
    uncovered = 0
    for o in sorted(planned.values(), key=lambda o: (o.days[0][1] if o.days else today, o.id)):
        if not o.days:
            continue
        key = (TrainerKind.TRAINER, o.region) if o.municipality is None else (TrainerKind.DISCUSSION_LEADER,
                                                                              o.municipality)  # fmt: skip
        candidates = qualified.get(key, {}).get(o.course, [])
        if not candidates:
            continue
        by = regional_admin.get(o.region) if o.municipality is None else kadmin.get(o.municipality)
        first = o.days[0][1]
        trainers_wanted = rng.randint(1, 2) + (len(o.days) - 1) // 2
        sample = rng.sample(candidates, min(len(candidates), 4 * (trainers_wanted + 2)))
        team = [t for t in sample if t.free(first)][: 1 + trainers_wanted]
        if not team:
            continue
        spare = [t for t in sample if t not in team]
        reserve = spare[0] if spare and rng.random() < RESERVE_SHARE else None
        added = min(o.created + datetime.timedelta(days=7), now)
        for i, t in enumerate(team):
            role = TeamRole.LEADER if i == 0 else TeamRole.TRAINER
            out.team.append((len(out.team) + 1, o.id, t.id, role, by, added))
        if reserve is not None:
            out.team.append((len(out.team) + 1, o.id, reserve.id, TeamRole.RESERVE, by, added))
        for day_id, date in o.days:
            available = [t for t in team if t.free(date)]
            if len(available) < 2:
                # Too few of the team can that day: the coordinator adds someone of the pool to the team.
                extra = [reserve] if reserve is not None and reserve not in team and reserve.free(date) else []
                extra += [
                    t
                    for t in rng.sample(candidates, min(len(candidates), 8))
                    if t not in team and t not in extra and t.free(date)
                ]
                for t in extra[: 2 - len(available)]:
                    team.append(t)
                    available.append(t)
                    if t is reserve:  # the reserve called in: already on the team
                        continue
                    out.team.append((len(out.team) + 1, o.id, t.id, TeamRole.TRAINER, by, added))
            if len(available) < 2:
                continue  # the pool is short that day: it waits for a coordinator
            on_day = available[: 1 + rng.randint(1, 2)]
            for t in on_day:  # all of them busy that date first: a substitute comes from outside the day's team
                t.take(date)
            for n, t in enumerate(on_day):
                role = DayRole.LEADER if n == 0 else DayRole.TRAINER
                uncovered += _assign(
                    out, rng, day_id=day_id, date=date, trainer=t, role=role, by=by, at=added, today=today,
                    now=now, pool=qualified[key][o.course], reserve=reserve,
                )  # fmt: skip
    out.counts = {
        "trainers": sum(1 for p in out.profiles if p[2] == TrainerKind.TRAINER),
        "discussion leaders": leaders,
        "qualifications": len(out.qualifications),
        "unavailable periods": len(out.unavailability),
        "team members": len(out.team),
        "day assignments": len(out.assignments),
        "  absent": sum(1 for a in out.assignments if a[7]),
        "  coming, not covered": uncovered,
        "day assignment events": len(out.events),
    }
    return out


def _pick(rng: random.Random, weights: dict[int, int], k: int) -> tuple[int, ...]:
    """``k`` different courses, the more course days a course has the likelier."""
    courses = list(weights)
    if len(courses) <= k:
        return tuple(sorted(courses))
    chosen: set[int] = set()
    cumulative = []
    total = 0
    for c in courses:
        total += weights[c]
        cumulative.append(total)
    while len(chosen) < k:
        chosen.add(rng.choices(courses, cum_weights=cumulative)[0])
    return tuple(sorted(chosen))


def _assign(
    out: TrainerRows,
    rng: random.Random,
    *,
    day_id: int,
    date: datetime.date,
    trainer: _Trainer,
    role: str,
    by: int | None,
    at: datetime.datetime,
    today: datetime.date,
    now: datetime.datetime,
    pool: list[_Trainer],
    reserve: _Trainer | None,
) -> int:
    """One day assignment with its history; perhaps an absence, and a substitute in the same role (the
    reserve if free, else someone of the pool). Returns 1 for a coming absence nobody covers yet."""
    assignment_id = len(out.assignments) + 1
    past = date < today
    absent = rng.random() < (ABSENT_SHARE_PAST if past else ABSENT_SHARE_COMING)
    reported = min(datetime.datetime.combine(date - datetime.timedelta(days=rng.randint(1, 5)), datetime.time(18),
                                             tzinfo=datetime.UTC), now)  # fmt: skip
    reason = rng.choice(ABSENCE_REASONS) if absent else ""
    out.assignments.append(
        (assignment_id, day_id, trainer.id, role, date, trainer.municipality, None, absent, reason,
         reported if absent else None, trainer.user_id if absent else None, by, at)
    )  # fmt: skip
    out.events.append((len(out.events) + 1, day_id, date, trainer.id, role, DayAction.ASSIGNED, "", None, by, at))
    if not absent:
        return 0
    # The absent trainer's day no longer counts towards their term; they stay busy that date.
    term = _term(date)
    trainer.taught[term] -= 1
    out.events.append(
        (len(out.events) + 1, day_id, date, trainer.id, role, DayAction.ABSENCE_REPORTED, reason, None,
         trainer.user_id, reported)
    )  # fmt: skip
    if rng.random() >= (COVERED_SHARE_PAST if past else COVERED_SHARE_COMING):
        return 0 if past else 1
    options = [reserve] if reserve is not None and reserve.free(date) else []
    options += [t for t in rng.sample(pool, min(len(pool), 8)) if t is not trainer and t.free(date)]
    if not options:
        return 0 if past else 1
    substitute = options[0]
    substitute.take(date)
    covered = min(reported + datetime.timedelta(hours=1), now)
    out.assignments.append(
        (len(out.assignments) + 1, day_id, substitute.id, role, date, substitute.municipality, trainer.id, False, "",
         None, None, by, covered)
    )  # fmt: skip
    out.events.append(
        (len(out.events) + 1, day_id, date, trainer.id, role, DayAction.REPLACED, "", substitute.id, by, covered)
    )
    out.events.append(
        (len(out.events) + 1, day_id, date, substitute.id, role, DayAction.ASSIGNED, "", trainer.id, by, covered)
    )
    return 0


PROFILE_FIELDS = [
    "id", "user", "kind", "home_municipality", "region", "max_days_per_term", "active", "note", "created_at",
    "updated_at",
]  # fmt: skip
QUALIFICATION_FIELDS = ["id", "trainer", "course", "since"]
UNAVAILABILITY_FIELDS = ["id", "trainer", "start", "end", "reason", "created_by", "created_at"]
TEAM_FIELDS = ["id", "occasion", "trainer", "role", "added_by", "added_at"]
ASSIGNMENT_FIELDS = [
    "id", "course_day", "trainer", "role", "date", "lending_municipality", "substitute_for", "absent",
    "absence_reason", "absent_reported_at", "absent_reported_by", "by", "at",
]  # fmt: skip
EVENT_FIELDS = ["id", "course_day", "date", "trainer", "role", "action", "reason", "other_trainer", "by", "at"]
