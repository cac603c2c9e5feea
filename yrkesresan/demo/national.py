"""National-scale synthetic data, for benchmarks: Sweden's shape without Sweden's facts.

21 regions with their real county codes and number of municipalities, 290 municipalities with
4-digit codes and 2023 populations that add up to about 10.5 million with a realistic skew (three
large cities, a long tail of small towns), about one unit per 50 people, and the accounts with their
roles in the proportions the programme has: mostly staff in units, about one manager per unit,
2–3 k-admins per municipality, about 10,000 trainers (staff who also train), two regional admins and
one project leader per region, national editors on the five journeys and a few system admins.
Some staff have moved unit (an ended role stays in their history) and about 1 % are deactivated.
One unit of the largest municipality is a large home-care area of 540 staff, so that a manager's hub
lists 500 people at every scale from 3,000 accounts up.

Then the journeys (``learning``): most staff are on one or two journeys at a level (chosen by the kind
of their unit), with their progress per course (about 2,000,000 ``CourseProgress`` rows at 300,000
accounts), the preparation tasks they did (about 5,000,000 ``TaskCompletion`` rows, consistent with
the progress), self-paced web courses taken outside their journeys, and the course occasions, course
days, registrations and attendance behind the courses with course days (about 25 people an occasion).

Then the trainer pools (``national_trainers``): a profile for every trainer, their qualifications and
unavailability, discussion leaders for the municipalities' own occasions, each occasion's team and who led
and trained each course day (about 10,000 trainers at 300,000 accounts), and the municipalities'
coordinates, by which substitutes are ranked.

The rows are written straight into the tables (COPY on PostgreSQL, one ``executemany`` per table
elsewhere), with ids chosen here so that no row has to be read back, and every account shares one
password hash. That skips the services on purpose: they check and audit one person at a time, which
is right for people and far too slow for 300,000. The catalog goes through ``catalog_seed`` as usual.
The output is deterministic for a given ``seed`` and ``today``.
"""

from __future__ import annotations

import datetime
import gc
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any, NamedTuple, cast

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from yrkesresan.accounts.listing import place_rows, sort_key
from yrkesresan.accounts.models import PersonPlace, Role, RoleAssignment, User
from yrkesresan.catalog.demo_content import JOURNEYS
from yrkesresan.catalog.models import Course, Journey, JourneyEditor, Level, PreparationTask
from yrkesresan.catalog.seed import catalog_seed
from yrkesresan.core.models import AuditEvent
from yrkesresan.learning.models import (
    CourseProgress,
    Enrolment,
    EnrolmentEvent,
    EnrolmentEventKind,
    EnrolmentStatus,
    ProgressPlace,
    ProgressState,
    TaskCompletion,
)
from yrkesresan.learning.progress_places import progress_places_rebuild
from yrkesresan.occasions.models import (
    CourseDay,
    DayAttendance,
    DayMode,
    DeliveryLevel,
    Occasion,
    Registration,
    RegistrationState,
    SeatQuota,
)
from yrkesresan.organisations.models import Municipality, Population, Region, Unit
from yrkesresan.trainers.models import (
    DayAssignment,
    DayAssignmentEvent,
    Qualification,
    TeamMember,
    TrainerProfile,
    Unavailability,
)

from . import national_trainers

#: Sweden's 21 counties: (county code, region name, number of municipalities). 290 in all.
REGIONS: list[tuple[str, str, int]] = [
    ("01", "Region Stockholm", 26),
    ("03", "Region Uppsala", 8),
    ("04", "Region Sörmland", 9),
    ("05", "Region Östergötland", 13),
    ("06", "Region Jönköpings län", 13),
    ("07", "Region Kronoberg", 8),
    ("08", "Region Kalmar län", 12),
    ("09", "Region Gotland", 1),
    ("10", "Region Blekinge", 5),
    ("12", "Region Skåne", 33),
    ("13", "Region Halland", 6),
    ("14", "Västra Götalandsregionen", 49),
    ("17", "Region Värmland", 16),
    ("18", "Region Örebro län", 12),
    ("19", "Region Västmanland", 10),
    ("20", "Region Dalarna", 15),
    ("21", "Region Gävleborg", 10),
    ("22", "Region Västernorrland", 7),
    ("23", "Region Jämtland Härjedalen", 8),
    ("24", "Region Västerbotten", 15),
    ("25", "Region Norrbotten", 14),
]
#: The three large cities, placed in their real counties: (county code, population 2023).
LARGEST = [("01", 988_000), ("14", 607_000), ("12", 362_000)]
NATION_POPULATION = 10_550_000
POPULATION_YEAR = 2023

#: At full scale (300,000 accounts): one unit per this many accounts, giving about 6,000 units.
PEOPLE_PER_UNIT = 50
FULL_SCALE = 300_000
TRAINERS_AT_FULL_SCALE = 10_000
REGIONAL_ADMINS_PER_REGION = 2
PROJECT_LEADERS_PER_REGION = 1
EDITORS_PER_JOURNEY = 2
SYSTEM_ADMINS = 3
#: Municipalities at least this large also have a manager for the whole municipality (a social services chief).
MUNICIPAL_MANAGER_FROM = 50_000
MOVED_SHARE = 0.03
DEACTIVATED_SHARE = 0.01
EMAIL_SHARE = 0.7
PASSWORD = "Kursdag-2026"
#: One large unit (a home-care area) in the largest municipality, when there are staff enough for it.
LARGE_UNIT_STAFF = 540

UNIT_KINDS = [
    "Hemtjänst",
    "Särskilt boende",
    "LSS-boende",
    "Daglig verksamhet",
    "Personlig assistans",
    "Barn och unga, myndighet",
    "Vuxen, myndighet",
    "Socialpsykiatri",
    "Korttidsboende",
    "Funktionshinder, myndighet",
]
# Common Swedish names, most common first: the draw is skewed towards the top, as real names are.
FIRST_NAMES = (  # noqa: SIM905 (a list of words reads better as words)
    "Anna Maria Eva Karin Sara Lena Kerstin Emma Ingrid Marie Malin Jenny Hanna Linda Susanne Elin Sofia Annika "
    "Fatima Amina Helena Johanna Camilla Ida Lisa Frida Åsa Ulrika Monica Therese Petra Jessica Leila Nadia Zeynep "
    "Lars Anders Johan Per Erik Karl Peter Mikael Jan Thomas Daniel Fredrik Hans Mohammed Ahmed Alexander Andreas "
    "Stefan Magnus Mattias Oskar Jonas Ali Nils Björn Göran"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson "
    "Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström Lindqvist Lindgren Berg "
    "Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson "
    "Forsberg Sjöberg Wallin Ali Engström Mohamed Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson "
    "Holm Wikström Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg "
    "Hassan Ahmed Yilmaz Nguyen Kovač"
).split()
_ASCII = str.maketrans("åäöéüčÅÄÖÉÜČ", "aaoeucAAOEUC")


@dataclass
class Summary:
    """What was generated, and how long each step took (seconds)."""

    counts: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def database_has_data() -> bool:
    return Region.objects.exists() or User.objects.exists() or Journey.objects.exists()


def populations(rng: random.Random) -> list[int]:
    """290 populations, largest first: the three cities, then a log-normal tail scaled to the nation."""
    n = sum(count for _code, _name, count in REGIONS)
    normal = NormalDist()
    shape = sorted(
        (math.exp(math.log(16_000) + 0.95 * normal.inv_cdf((i + 0.5) / n)) for i in range(n - len(LARGEST))),
        reverse=True,
    )
    rest = NATION_POPULATION - sum(p for _c, p in LARGEST)
    scale = rest / sum(shape)
    tail = [max(2_400, round(p * scale)) for p in shape]
    tail[-1] += rest - sum(tail)  # keep the national total exact
    rng.shuffle(tail)
    return [p for _c, p in LARGEST] + tail


@dataclass
class _Municipality:
    id: int
    region_id: int
    code: str
    population: int
    unit_ids: list[int] = field(default_factory=list)
    kadmins: int = 0
    municipal_managers: int = 0
    staff: int = 0


def _plan_municipalities(rng: random.Random, *, people: int) -> list[_Municipality]:
    pops = populations(rng)
    big = dict(LARGEST)
    result: list[_Municipality] = []
    tail = iter(pops[len(LARGEST) :])
    units_total = max(1, round(people / PEOPLE_PER_UNIT))
    scale = min(1.0, people / FULL_SCALE)
    m_id = u_id = 0
    for r_id, (county, _name, count) in enumerate(REGIONS, start=1):
        for i in range(count):
            m_id += 1
            population = big.pop(county) if i == 0 and county in big else next(tail)
            m = _Municipality(id=m_id, region_id=r_id, code=f"{county}{i + 1:02d}", population=population)
            n_units = max(1, round(population / NATION_POPULATION * units_total))
            m.unit_ids = list(range(u_id + 1, u_id + n_units + 1))
            u_id += n_units
            m.kadmins = max(1, round((2 + (population >= 30_000) + (population >= 200_000)) * scale))
            m.municipal_managers = 1 if population >= MUNICIPAL_MANAGER_FROM and scale >= 0.5 else 0
            result.append(m)
    return result


def _share_out(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``weights``, to the unit (largest remainder)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


class _Rows:
    """Accounts and role assignments as plain tuples, with ids handed out here."""

    def __init__(self, *, rng: random.Random, today: datetime.date, password: str) -> None:
        self.rng = rng
        self.today = today
        self.password = password
        self.users: list[tuple[Any, ...]] = []
        self.roles: list[tuple[Any, ...]] = []
        self.role_counts: dict[str, int] = {}
        self._first = rng.choices(FIRST_NAMES, cum_weights=_cumulative(len(FIRST_NAMES)), k=FULL_SCALE)
        self._last = rng.choices(LAST_NAMES, cum_weights=_cumulative(len(LAST_NAMES)), k=FULL_SCALE)

    def person(self, *, since: datetime.date, domain: str, active: bool = True) -> int:
        user_id = len(self.users) + 1
        first = self._first[user_id % FULL_SCALE]
        last = self._last[(user_id * 7919) % FULL_SCALE]
        username = f"{first}.{last}{user_id}".lower().translate(_ASCII)
        email = f"{username}@{domain}" if self.rng.random() < EMAIL_SHARE else ""
        joined = datetime.datetime.combine(since, datetime.time(8), tzinfo=datetime.UTC)
        search_text = User.make_search_text(first, last, username, email)
        self.users.append((user_id, self.password, username, first, last, email, active, joined, search_text))
        return user_id

    def role(
        self,
        user_id: int,
        role: str,
        *,
        region: int | None = None,
        municipality: int | None = None,
        unit: int | None = None,
        since: datetime.date,
        until: datetime.date | None = None,
        by: int | None = None,
    ) -> None:
        created = datetime.datetime.combine(since, datetime.time(8), tzinfo=datetime.UTC)
        self.roles.append((len(self.roles) + 1, user_id, role, region, municipality, unit, since, until, created, by))
        if until is None:
            self.role_counts[role] = self.role_counts.get(role, 0) + 1

    def since(self, *, at_most_days: int = 1500, at_least_days: int = 1) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(at_least_days, at_most_days))

    def number_in_time_order(self, *, keep_first: int) -> dict[int, int]:
        """Renumber accounts and roles in the order they were created, as a real table fills up over the
        years: a municipality's people end up spread over the whole table, not in one block (which would
        flatter every scoped query). The first ``keep_first`` accounts keep their ids."""
        order = self.users[:keep_first] + sorted(self.users[keep_first:], key=lambda u: (u[7], self.rng.random()))
        new_id = {u[0]: i for i, u in enumerate(order, start=1)}
        self.users = [(new_id[u[0]], *u[1:]) for u in order]
        roles = sorted(self.roles, key=lambda r: (r[8], self.rng.random()))
        self.roles = [
            (i, new_id[r[1]], *r[2:9], None if r[9] is None else new_id[r[9]]) for i, r in enumerate(roles, start=1)
        ]
        return new_id


def _cumulative(n: int) -> list[float]:
    """Cumulative weights 1/rank^0.8: the first names in a list are drawn much more often than the last."""
    total, result = 0.0, []
    for rank in range(1, n + 1):
        total += rank**-0.8
        result.append(total)
    return result


def generate(
    *,
    people: int = FULL_SCALE,
    seed: int = 2023,
    today: datetime.date | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> Summary:
    """Fill an empty database with a nation. The caller checks that it is empty (see ``database_has_data``)."""
    # Millions of small tuples and no cycles among them: the cyclic collector would only rescan them, again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _generate(people=people, seed=seed, today=today, log=log)
    finally:
        if collecting:
            gc.enable()


def _generate(*, people: int, seed: int, today: datetime.date | None, log: Callable[[str], None]) -> Summary:
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    today = today or timezone.localdate()
    summary = Summary()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.timings[step] = round(now - clock, 2)
        log(f"  {step}: {now - clock:.1f} s")
        clock = now

    plan = _plan_municipalities(rng, people=people)
    rows = _Rows(rng=rng, today=today, password=make_password(PASSWORD))
    programme_start = today - datetime.timedelta(days=1500)

    # The nation's own people first, so that a system admin exists to seed the catalog as.
    for i in range(SYSTEM_ADMINS):
        user_id = rows.person(since=programme_start, domain="skr.example")
        rows.role(user_id, Role.SYSTEM_ADMIN, since=programme_start, by=1 if i else None)
    editors = [
        rows.person(since=programme_start, domain="rss.example") for _ in range(EDITORS_PER_JOURNEY * len(JOURNEYS))
    ]
    for user_id in editors:
        rows.role(user_id, Role.NATIONAL_EDITOR, since=programme_start, by=1)
    for r_id, (county, _name, _count) in enumerate(REGIONS, start=1):
        domain = f"region{county}.example"
        for role, n in (
            (Role.REGIONAL_ADMIN, REGIONAL_ADMINS_PER_REGION),
            (Role.REGIONAL_PROJECT_LEADER, PROJECT_LEADERS_PER_REGION),
        ):
            for _ in range(n):
                since = rows.since()
                rows.role(rows.person(since=since, domain=domain), role, region=r_id, since=since, by=1)

    staff_total = people - len(rows.users) - sum(len(m.unit_ids) + m.kadmins + m.municipal_managers for m in plan)
    units_total = sum(len(m.unit_ids) for m in plan)
    if staff_total < units_total:
        raise ValueError(
            f"{people} accounts are too few: the fixed roles and one staff member per unit need "
            f"{people - staff_total + units_total}."
        )
    # One large unit (a home-care area), when the nation is large enough that it is not most of its municipality.
    large_unit = LARGE_UNIT_STAFF if staff_total >= 4 * LARGE_UNIT_STAFF and len(plan[0].unit_ids) > 1 else 0
    # One staff member in every unit, the rest shared out by population.
    shares = _share_out(staff_total - units_total - large_unit, [m.population for m in plan])
    for m, extra in zip(plan, shares, strict=True):
        m.staff = len(m.unit_ids) + extra
    plan[0].staff += large_unit
    trainer_share = TRAINERS_AT_FULL_SCALE / FULL_SCALE * people / max(1, staff_total)
    for m in plan:
        domain = f"kommun{m.code}.example"
        place: dict[str, Any] = {"region": m.region_id, "municipality": m.id}
        kadmin_ids = []
        for _ in range(m.kadmins):
            since = rows.since()
            kadmin_ids.append(rows.person(since=since, domain=domain))
            rows.role(kadmin_ids[-1], Role.MUNICIPAL_ADMIN, **place, since=since, by=1)
        by = kadmin_ids[0]
        for _ in range(m.municipal_managers):
            since = rows.since()
            rows.role(rows.person(since=since, domain=domain), Role.MANAGER, **place, since=since, by=by)
        for unit_id in m.unit_ids:
            since = rows.since()
            rows.role(rows.person(since=since, domain=domain), Role.MANAGER, **place, unit=unit_id, since=since, by=by)
        # Staff: every unit gets one, the rest go to units of uneven size.
        unit_weights = [rng.lognormvariate(0, 0.6) for _ in m.unit_ids]
        big = large_unit if m is plan[0] else 0
        units = m.unit_ids + [m.unit_ids[0]] * big
        units += rng.choices(m.unit_ids, weights=unit_weights, k=m.staff - len(m.unit_ids) - big)
        for unit_id in units:
            moved = len(m.unit_ids) > 1 and rng.random() < MOVED_SHARE
            since = rows.since(at_most_days=300) if moved else rows.since()
            before = since - datetime.timedelta(days=rng.randint(200, 1000))
            active = rng.random() >= DEACTIVATED_SHARE
            user_id = rows.person(since=before if moved else since, domain=domain, active=active)
            if moved:  # the role in the unit they left (one of the first 50: cheap) stays in their history
                old_unit = rng.choice([u for u in m.unit_ids[:50] if u != unit_id] or m.unit_ids)
                rows.role(user_id, Role.STAFF, **place, unit=old_unit, since=before, until=since, by=by)
            rows.role(user_id, Role.STAFF, **place, unit=unit_id, since=since, by=by)
            if rng.random() < trainer_share:
                trainer_since = since + datetime.timedelta(days=rng.randrange((today - since).days))
                rows.role(user_id, Role.TRAINER, **place, since=trainer_since, by=by)
    new_id = rows.number_in_time_order(keep_first=SYSTEM_ADMINS)
    editors = [new_id[user_id] for user_id in editors]
    lap("plan")

    with transaction.atomic():
        _load(Region, ["id", "name", "county_code"], ((i, name, code) for i, (code, name, _n) in enumerate(REGIONS, 1)))
        places = national_trainers.coordinates(
            plan, region_codes={i: r[0] for i, r in enumerate(REGIONS, 1)}, seed=seed
        )
        _load(
            Municipality,
            ["id", "region", "name", "scb_code", "latitude", "longitude"],
            ((m.id, m.region_id, f"Kommun {m.code}", m.code, *places[m.id]) for m in plan),
        )
        _load(
            Population,
            ["id", "municipality", "year", "count"],
            ((m.id, m.id, POPULATION_YEAR, m.population) for m in plan),
        )
        _load(
            Unit,
            ["id", "municipality", "region", "name", "is_active"],
            (
                (u_id, m.id, m.region_id, f"{UNIT_KINDS[i % len(UNIT_KINDS)]} {i // len(UNIT_KINDS) + 1}", True)
                for m in plan
                for i, u_id in enumerate(m.unit_ids)
            ),
        )
        lap("organisations")
        user_fields = [
            "id", "password", "username", "first_name", "last_name", "email", "is_active", "date_joined", "search_text",
        ]  # fmt: skip
        _load(User, user_fields, rows.users)
        lap("accounts")
        role_fields = [
            "id", "user", "role", "region", "municipality", "unit",
            "valid_from", "valid_to", "created_at", "created_by",
        ]  # fmt: skip
        _load(RoleAssignment, role_fields, rows.roles)
        lap("role assignments")
        _load(
            PersonPlace,
            ["id", "user", "level", "place_id", "is_active", "sort_key", "search_text"],
            _listing_rows(rows, today=today),
        )
        lap("people listing")
        _reset_sequences([Region, Municipality, Population, Unit, User, RoleAssignment, PersonPlace])
        admin = User.objects.get(pk=1)
        catalog_seed(actor=admin, journeys=JOURNEYS)
        journeys = list(Journey.objects.order_by("order"))
        JourneyEditor.objects.bulk_create(
            JourneyEditor(journey=journeys[i // EDITORS_PER_JOURNEY], user_id=user_id)
            for i, user_id in enumerate(editors)
        )
        lap("catalog")
    learning_counts = _journeys(
        rows, plan, seed=seed, today=today, large_unit=plan[0].unit_ids[0] if large_unit else None, lap=lap
    )
    _analyze(
        [Region, Municipality, Population, Unit, User, RoleAssignment, PersonPlace, AuditEvent, *LEARNING_MODELS,
         *TRAINER_MODELS]
    )  # fmt: skip
    lap("analyze")

    summary.counts = {
        "regions": len(REGIONS),
        "municipalities": len(plan),
        "units": sum(len(m.unit_ids) for m in plan),
        "accounts": len(rows.users),
        "deactivated accounts": sum(1 for u in rows.users if not u[6]),
        "role assignments": len(rows.roles),
        "ended role assignments": sum(1 for r in rows.roles if r[7] is not None),
        "journeys": len(journeys),
        "population": sum(m.population for m in plan),
        **learning_counts,
    }
    summary.roles = dict(sorted(rows.role_counts.items(), key=lambda kv: -kv[1]))
    return summary


# --- the journeys: enrolments, progress, tasks done, occasions, bookings and attendance -------------------

#: The journey a unit's staff are on, by the unit's kind (the index in UNIT_KINDS), and the one some also take.
JOURNEY_OF_UNIT_KIND = [
    "aldre-utforare",  # Hemtjänst
    "aldre-utforare",  # Särskilt boende
    "funk-utforare",  # LSS-boende
    "funk-utforare",  # Daglig verksamhet
    "funk-utforare",  # Personlig assistans
    "bou",  # Barn och unga, myndighet
    "beroende",  # Vuxen, myndighet
    "funk-utforare",  # Socialpsykiatri
    "aldre-utforare",  # Korttidsboende
    "funk-myndighet",  # Funktionshinder, myndighet
]
SECOND_JOURNEY = {
    "aldre-utforare": "funk-utforare",
    "funk-utforare": "aldre-utforare",
    "bou": "beroende",
    "beroende": "bou",
    "funk-myndighet": "bou",
}
ENROLLED_SHARE = 0.9
SECOND_JOURNEY_SHARE = 0.55
#: How staff are spread over a journey's levels, first level first.
LEVEL_WEIGHTS = (0.5, 0.28, 0.14, 0.08)
NOT_STARTED_SHARE = 0.12
PAUSED_SHARE = 0.04
FINISHED_SHARE = 0.01
#: The chance that a staff member has taken (or is taking) a given web course outside their journeys.
WEB_UPTAKE = 0.9
#: The chance that a course further on at the level is booked (a progress row, not started yet).
BOOKED_AHEAD = 0.6
#: People booked per regional course occasion; its places are 5 more, or just as many when it has a waitlist.
PER_OCCASION = 25
#: The courses a municipality gives itself (Funk utförare's first level: DOMAIN.md), to groups of about this many,
#: where at least LOCAL_MIN of its people take the course at the time; elsewhere the region gives them.
PER_LOCAL_OCCASION = 12
LOCAL_MIN = 10
LOCAL_JOURNEY = "funk-utforare"
#: Sign-ups that leave a person's progress as it is, as shares of the progress rows on courses with days:
#: of those completed, one cancelled before; of those booked, one cancelled and then booked on another
#: occasion; of those neither completed nor booked, one asked for approval (or was declined) or cancelled;
#: of those not completed, an earlier occasion not come to or, when under way, attended only some days.
EARLIER_CANCELLED_SHARE = 0.3
MOVED_SHARE_OF_BOOKED = 0.35
INTERESTED_SHARE = 0.9
NO_SHOW_SHARE = 0.06
PARTLY_SHARE = 0.15
#: Shares of occasions: sign-ups need the manager's approval (half as many in the past), a registration window,
#: a last day to cancel (14 days before), places kept for a municipality (coming regional ones).
APPROVAL_SHARE = 0.2
WINDOW_SHARE = 0.5
DEADLINE_SHARE = 0.7
QUOTA_SHARE = 0.1
ABSENCE_REASONS = ["Sjuk", "", "Vård av barn", "", "Verksamhetens behov"]

TRAINER_MODELS: list[type[models.Model]] = [
    TrainerProfile,
    Qualification,
    Unavailability,
    TeamMember,
    DayAssignment,
    DayAssignmentEvent,
]
LEARNING_MODELS: list[type[models.Model]] = [
    Enrolment,
    EnrolmentEvent,
    CourseProgress,
    ProgressPlace,
    TaskCompletion,
    Occasion,
    CourseDay,
    SeatQuota,
    Registration,
    DayAttendance,
]


@dataclass
class _Course:
    id: int
    journey_id: int
    level_id: int
    web: bool
    mandatory: bool
    days: int
    tasks: list[tuple[int, bool]]
    subsets: dict[int, tuple[int, ...]] = field(default_factory=dict)  # done tasks by bit mask, made once

    @property
    def mandatory_mask(self) -> int:
        return sum(1 << i for i, (_id, mandatory) in enumerate(self.tasks) if mandatory)

    def done(self, mask: int) -> tuple[int, ...]:
        if mask not in self.subsets:
            self.subsets[mask] = tuple(task_id for i, (task_id, _m) in enumerate(self.tasks) if mask >> i & 1)
        return self.subsets[mask]


def _catalog_shape() -> tuple[dict[str, int], dict[int, list[tuple[int, list[_Course]]]], list[_Course]]:
    """The journeys by code, each journey's levels in order with their courses in route order, and every course."""
    tasks: dict[int, list[tuple[int, bool]]] = {}
    for task_id, course_id, mandatory in PreparationTask.objects.order_by("order", "id").values_list(
        "id", "course_id", "mandatory"
    ):
        tasks.setdefault(course_id, []).append((task_id, mandatory))
    by_level: dict[int, list[_Course]] = {}
    courses = []
    for c in Course.objects.order_by("order", "id"):
        course = _Course(c.pk, c.journey_id, c.level_id, c.is_web, c.mandatory, c.day_count, tasks.get(c.pk, []))
        by_level.setdefault(c.level_id, []).append(course)
        courses.append(course)
    levels: dict[int, list[tuple[int, list[_Course]]]] = {}
    for level_id, journey_id in Level.objects.order_by("order", "id").values_list("id", "journey_id"):
        levels.setdefault(journey_id, []).append((level_id, by_level.get(level_id, [])))
    return dict(Journey.objects.values_list("code", "id")), levels, courses


class _Stamps:
    """Datetimes on the hour, made once each: the tables hold few distinct values (and SQLite's adapter caches them)."""

    def __init__(self, today: datetime.date) -> None:
        self.midnight = datetime.datetime.combine(today, datetime.time(0), tzinfo=datetime.UTC)
        self.cache: dict[tuple[int, int], datetime.datetime] = {}

    def __call__(self, days_ago: int, hour: int = 10) -> datetime.datetime:
        key = (days_ago, hour)
        if key not in self.cache:
            self.cache[key] = self.midnight - datetime.timedelta(days=days_ago) + datetime.timedelta(hours=hour)
        return self.cache[key]


def _journeys(
    rows: _Rows,
    plan: list[_Municipality],
    *,
    seed: int,
    today: datetime.date,
    large_unit: int | None,
    lap: Callable[[str], None],
) -> dict[str, int]:
    """Staff on their journeys, written straight into the tables. A random stream of its own, so that the
    people are the same with or without it."""
    rng = random.Random(seed + 1)  # noqa: S311
    rand, randint = rng.random, rng.randint
    journey_ids, levels, courses = _catalog_shape()
    web_courses = [c for c in courses if c.web]
    unit_kind = {u: i % len(UNIT_KINDS) for m in plan for i, u in enumerate(m.unit_ids)}
    managers: dict[int, int] = {}
    staff: list[tuple[int, int, int, int, datetime.date]] = []  # user, region, municipality, unit, since
    for _id, user_id, role, region, municipality, unit, since, until, *_rest in rows.roles:
        if until is None and unit is not None:
            if role == Role.STAFF:
                staff.append((user_id, region, municipality, unit, since))
            elif role == Role.MANAGER:
                managers.setdefault(unit, user_id)
    staff.sort()
    stamp = _Stamps(today)
    enrolments: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    progress: list[tuple[Any, ...]] = []
    done: list[tuple[int, int, tuple[int, ...], datetime.datetime]] = []  # user, course, task ids, at
    bookings: list[_Booking] = []
    # The sign-ups that leave progress as it is (cancelled, requested, an earlier no-show…) draw from a stream
    # of their own, so that the journeys above are the same draw for draw as before they were added.
    extra = random.Random(seed + 2)  # noqa: S311
    xrand = extra.random

    def course_row(user_id: int, course: _Course, intent: str, start: int, end: int, region: int, mun: int) -> None:
        """One progress row (and the tasks done, the booking) for a course the person completed, is on, or is
        booked on. ``start``/``end``: days ago the person began and last worked on it."""
        all_tasks = (1 << len(course.tasks)) - 1
        mandatory = course.mandatory_mask
        if intent == ProgressState.COMPLETED:
            mask = mandatory | (
                all_tasks & ~mandatory & rng.getrandbits(len(course.tasks)) & rng.getrandbits(len(course.tasks))
            )
        elif intent == ProgressState.ONGOING:
            k = randint(1, max(1, len(course.tasks) - (1 if course.web else 0)))
            mask = ((1 << k) - 1) & all_tasks
        else:
            mask = 0
        prepared = mask & mandatory == mandatory
        completed = intent == ProgressState.COMPLETED or (course.web and prepared and mask != 0)
        if completed:
            state = ProgressState.COMPLETED
        elif mask:
            state = ProgressState.ONGOING
        else:
            state = ProgressState.NOT_STARTED
        tasks_done = bin(mask).count("1")
        mandatory_done = bin(mask & mandatory).count("1")
        days = course.days if completed and not course.web else 0
        if not course.web:
            days += _course_bookings(user_id, course, state, completed, prepared, region, mun)
        started = stamp(start, 9 + user_id % 8) if state != ProgressState.NOT_STARTED else None
        last = stamp(end, 9 + (user_id + course.id) % 8) if state != ProgressState.NOT_STARTED else None
        progress.append(
            (
                len(progress) + 1, user_id, course.id, course.journey_id, state, tasks_done, mandatory_done,
                bin(mandatory).count("1"), days, started, last if completed else None, last,
            )
        )  # fmt: skip
        if mask:
            done.append((user_id, course.id, course.done(mask), started or stamp(start)))

    def _course_bookings(
        user_id: int, course: _Course, state: str, completed: bool, prepared: bool, region: int, mun: int
    ) -> int:
        """The sign-ups behind one progress row on a course with course days; returns the days attended that
        they add to it (a partly attended earlier occasion). A completed course was attended on a past occasion;
        one not completed is mostly booked (or waitlisted) on a coming one. Some people also cancelled a sign-up,
        did not come, came only some days, or wait for their manager's approval: none of that completes a course."""

        def add(kind: str, present: int = 0) -> None:
            bookings.append(_Booking(user_id, course.id, region, mun, kind, present))

        if completed:
            add(_ATTENDED)
            if xrand() < EARLIER_CANCELLED_SHARE:
                add(_PAST_CANCELLED)
            return 0
        # The main stream's draws, exactly as before the other sign-ups were added.
        booked = state == ProgressState.NOT_STARTED or rand() < (0.9 if prepared else 0.6)
        if booked:
            add(_BOOKED if rand() < 0.88 else _WAITLISTED)
            if xrand() < MOVED_SHARE_OF_BOOKED:
                add(_MOVED)
        elif xrand() < INTERESTED_SHARE:
            add(_INTERESTED)
        roll = xrand()
        if state == ProgressState.ONGOING and course.days >= 2 and roll < PARTLY_SHARE:
            present = extra.randint(1, course.days - 1)
            add(_PARTLY, present)
            return present
        if roll < NO_SHOW_SHARE:
            add(_NO_SHOW)
        return 0

    for user_id, region, municipality, unit, since in staff:
        in_large_unit = unit == large_unit
        if not in_large_unit and rand() >= ENROLLED_SHARE:
            continue
        first = JOURNEY_OF_UNIT_KIND[unit_kind[unit]]
        codes = [first] + ([SECOND_JOURNEY[first]] if rand() < SECOND_JOURNEY_SHARE else [])
        tenure = (today - since).days
        taken: set[int] = set()
        for code in codes:
            journey_id = journey_ids[code]
            taken.add(journey_id)
            route = levels[journey_id]
            at = rng.choices(range(len(route)), weights=LEVEL_WEIGHTS[: len(route)])[0]
            enrolled = max(0, tenure - randint(0, 60))
            roll = rand()
            status = EnrolmentStatus.ACTIVE
            if roll < PAUSED_SHARE:
                status = EnrolmentStatus.PAUSED
            elif roll < PAUSED_SHARE + FINISHED_SHARE:
                status = EnrolmentStatus.FINISHED
            started = status == EnrolmentStatus.FINISHED or at > 0 or rand() >= NOT_STARTED_SHARE
            last_day: int | None = None
            if started:
                recency = rand()
                if recency < 0.6:
                    last_day = randint(0, 30)
                elif recency < 0.85:
                    last_day = randint(30, 120)
                else:
                    last_day = randint(120, 400)
                last_day = min(last_day, enrolled)
                touched = [c for _lid, level_courses in route[:at] for c in level_courses]
                current = route[at][1]
                share = 1.0 if status == EnrolmentStatus.FINISHED else rand()
                n_done = int(share * len(current))
                plan_rows = [(c, ProgressState.COMPLETED) for c in touched]
                plan_rows += [(c, ProgressState.COMPLETED) for c in current[:n_done]]
                if n_done < len(current):
                    plan_rows.append((current[n_done], ProgressState.ONGOING))
                    plan_rows += [
                        (c, ProgressState.NOT_STARTED)
                        for c in current[n_done + 1 :]
                        if not c.web and rand() < BOOKED_AHEAD
                    ]
                span = max(0, enrolled - last_day)
                worked = [p for p in plan_rows if p[1] != ProgressState.NOT_STARTED]
                n_worked = max(1, len(worked))
                for i, (course, intent) in enumerate(plan_rows):
                    # the i-th course worked on from `begin` to `end` days ago; the last one up to the last activity
                    begin = last_day + span * max(0, n_worked - i) // n_worked
                    end = last_day + span * max(0, n_worked - i - 1) // n_worked
                    course_row(user_id, course, intent, begin, end, region, municipality)
                if not worked:
                    last_day = None
            else:
                for course in route[at][1][:1]:
                    if not course.web and rand() < 0.3:
                        course_row(user_id, course, ProgressState.NOT_STARTED, 0, 0, region, municipality)
            enrolment_id = len(enrolments) + 1
            enrolled_at = stamp(enrolled, 8 + user_id % 3)
            changed_at = enrolled_at if status == EnrolmentStatus.ACTIVE else stamp(last_day or 0, 15)
            last_at = stamp(last_day, 9 + user_id % 8) if last_day is not None else None
            level_id = route[at][0]
            enrolments.append((enrolment_id, user_id, journey_id, level_id, status, enrolled_at, changed_at, last_at))
            by = managers.get(unit)
            events.append((len(events) + 1, enrolment_id, EnrolmentEventKind.ENROLLED, None, level_id, by, enrolled_at))
            if status != EnrolmentStatus.ACTIVE:
                kind = EnrolmentEventKind.PAUSED if status == EnrolmentStatus.PAUSED else EnrolmentEventKind.FINISHED
                events.append((len(events) + 1, enrolment_id, kind, None, None, by, changed_at))
        for course in web_courses:  # self-paced web courses, outside the journeys they are on
            if course.journey_id not in taken and rand() < WEB_UPTAKE:
                begin = randint(0, max(0, tenure))
                intent = ProgressState.COMPLETED if rand() < 0.7 else ProgressState.ONGOING
                course_row(user_id, course, intent, begin, randint(0, begin), region, municipality)
    lap("journeys: plan")

    local_level = levels[journey_ids[LOCAL_JOURNEY]][0][1] if LOCAL_JOURNEY in journey_ids else []
    occasions = _occasions(
        bookings,
        courses={c.id: c for c in courses},
        local_courses={c.id for c in local_level if not c.web},
        names={m.id: f"Kommun {m.code}" for m in plan},
        today=today,
        stamp=stamp,
        rng=extra,
    )
    lap("occasions: plan")

    with transaction.atomic():
        _load(
            Enrolment,
            ["id", "user", "journey", "level", "status", "enrolled_at", "status_changed_at", "last_activity_at"],
            enrolments,
        )
        _load(EnrolmentEvent, ["id", "enrolment", "kind", "from_level", "to_level", "by", "at"], events)
        lap("enrolments")
        progress_fields = [
            "id", "user", "course", "journey", "state", "tasks_done", "mandatory_done", "mandatory_total",
            "days_attended", "started_at", "completed_at", "last_activity_at",
        ]  # fmt: skip
        _load(CourseProgress, progress_fields, progress)
        lap("course progress")
        progress_places_rebuild()  # the follow-up reports' read model, from the rows just written
        lap("progress per municipality")
        completions = _Counter(
            (user_id, task_id, course_id, at) for user_id, course_id, task_ids, at in done for task_id in task_ids
        )
        _load(TaskCompletion, ["id", "user", "task", "course", "at"], completions)
        lap("task completions")
        occasion_fields = [
            "id", "course", "delivery_level", "region", "municipality", "name", "capacity", "min_participants",
            "registration_opens", "registration_closes", "cancel_deadline", "needs_approval", "first_day", "last_day",
            "created_at", "updated_at",
        ]  # fmt: skip
        _load(Occasion, occasion_fields, occasions.occasions)
        _load(CourseDay, ["id", "occasion", "date", "starts", "ends", "mode", "venue", "address"], _with_addresses(
            occasions, plan))  # fmt: skip
        _load(SeatQuota, ["id", "occasion", "municipality", "seats", "release_at"], occasions.quotas)
        _load(
            Registration,
            ["id", "occasion", "user", "state", "position", "municipality_at_signup", "created_at"],
            occasions.registrations,
        )
        attended = _Counter(occasions.attendance)
        _load(DayAttendance, ["id", "registration", "course_day", "present", "reason", "at"], attended)
        _reset_sequences(LEARNING_MODELS)
        lap("occasions, registrations, attendance")
    trainer_counts = _trainers(
        rows,
        occasions,
        courses=[c.id for c in courses if not c.web],
        local_courses={c.id for c in local_level if not c.web},
        today=today,
        now=stamp(0, 0),
        seed=seed,
        lap=lap,
    )
    return {
        "enrolments": len(enrolments),
        "course progress rows": len(progress),
        "task completions": completions.n,
        "course occasions": len(occasions.occasions),
        "coming occasions": sum(1 for o in occasions.occasions if o[12] >= today),
        "course days": len(occasions.days),
        "places kept (quotas)": len(occasions.quotas),
        "registrations": len(occasions.registrations),
        **{f"  {state}": n for state, n in sorted(occasions.states.items(), key=lambda kv: -kv[1])},
        "attendance marks": attended.n,
        **trainer_counts,
    }


def _with_addresses(occasions: _OccasionRows, plan: list[_Municipality]) -> Iterator[tuple[Any, ...]]:
    """The course days' rows with their address: a regional day on site names the municipality it is held in
    (the trainers' substitutes are ranked by the distance to it); the others have none."""
    by_region: dict[int, list[tuple[int, str]]] = {}
    for m in sorted(plan, key=lambda m: (-m.population, m.id)):
        by_region.setdefault(m.region_id, []).append((m.id, f"Kommun {m.code}"))
    regional = {o[0]: o[3] for o in occasions.occasions if o[2] == DeliveryLevel.REGIONAL}
    for row in occasions.days:
        region = regional.get(row[1])
        address = ""
        if region is not None and row[5] == DayMode.ON_SITE:
            address = national_trainers.day_address(occasion_id=row[1], municipalities=by_region[region])
        yield (*row, address)


def _trainers(
    rows: _Rows,
    occasions: _OccasionRows,
    *,
    courses: list[int],
    local_courses: set[int],
    today: datetime.date,
    now: datetime.datetime,
    seed: int,
    lap: Callable[[str], None],
) -> dict[str, int]:
    """The trainer pools, the occasions' teams and who teaches each course day (``national_trainers``)."""
    planned = national_trainers.plan(
        roles=rows.roles,
        active={u[0]: u[6] for u in rows.users},
        occasions=occasions.occasions,
        days=occasions.days,
        courses=courses,
        local_courses=local_courses,
        today=today,
        now=now,
        seed=seed,
    )
    lap("trainers: plan")
    with transaction.atomic():
        _load(TrainerProfile, national_trainers.PROFILE_FIELDS, planned.profiles)
        _load(Qualification, national_trainers.QUALIFICATION_FIELDS, planned.qualifications)
        _load(Unavailability, national_trainers.UNAVAILABILITY_FIELDS, planned.unavailability)
        _load(TeamMember, national_trainers.TEAM_FIELDS, planned.team)
        _load(DayAssignment, national_trainers.ASSIGNMENT_FIELDS, planned.assignments)
        _load(DayAssignmentEvent, national_trainers.EVENT_FIELDS, planned.events)
        _reset_sequences(TRAINER_MODELS)
        lap("trainers, teams, day assignments")
    return planned.counts


class _Counter:
    """Numbers the rows of an iterable as they are read (ids from 1), and counts them."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for row in self.rows:
            self.n += 1
            yield (self.n, *row)


class _Booking(NamedTuple):
    """One sign-up to place on an occasion: who, on which course, from where, and what became of it."""

    user_id: int
    course_id: int
    region: int
    municipality: int
    kind: str
    present: int = 0  # days attended, for a partly attended occasion


# What a sign-up is: on a past occasion (attended every day, partly, not at all, or cancelled before it) or on a
# coming one (booked, on the waitlist, cancelled and booked on another, or interested: asked for approval,
# was declined, or cancelled).
_ATTENDED, _PARTLY, _NO_SHOW, _PAST_CANCELLED = "attended", "partly", "no_show", "past_cancelled"
_BOOKED, _WAITLISTED, _MOVED, _INTERESTED = "booked", "waitlisted", "moved", "interested"
_PAST_KINDS = frozenset({_ATTENDED, _PARTLY, _NO_SHOW, _PAST_CANCELLED})


@dataclass
class _OccasionRows:
    occasions: list[tuple[Any, ...]] = field(default_factory=list)
    days: list[tuple[Any, ...]] = field(default_factory=list)
    registrations: list[tuple[Any, ...]] = field(default_factory=list)
    attendance: list[tuple[Any, ...]] = field(default_factory=list)
    quotas: list[tuple[Any, ...]] = field(default_factory=list)
    states: dict[str, int] = field(default_factory=dict)
    planned: int = 0  # occasions given an id so far


def _occasions(
    bookings: list[_Booking],
    *,
    courses: dict[int, _Course],
    local_courses: set[int],
    names: dict[int, str],
    today: datetime.date,
    stamp: _Stamps,
    rng: random.Random,
) -> _OccasionRows:
    """Course occasions for the people signed up, about PER_OCCASION booked on each regional one: past ones (with
    every day's attendance, and the outcome it gives) and coming ones (booked, then a waitlist on every other one,
    which is full). The courses in ``local_courses`` are given by each municipality with people enough
    (LOCAL_MIN), in smaller groups (PER_LOCAL_OCCASION); the others by the region."""
    local_count: dict[tuple[int, int, bool], int] = {}
    for b in bookings:
        if b.course_id in local_courses:
            key = (b.course_id, b.municipality, b.kind in _PAST_KINDS)
            local_count[key] = local_count.get(key, 0) + 1
    groups: dict[tuple[int, bool, int, int], list[_Booking]] = {}
    for b in bookings:
        past = b.kind in _PAST_KINDS
        local = local_count.get((b.course_id, b.municipality, past), 0) >= LOCAL_MIN
        groups.setdefault((b.course_id, past, b.region, b.municipality if local else 0), []).append(b)
    out = _OccasionRows()
    for (course_id, past, region, municipality), people in sorted(groups.items()):
        kinds: dict[str, list[_Booking]] = {}
        for b in people:
            kinds.setdefault(b.kind, []).append(b)
        holders = (
            kinds.get(_ATTENDED, []) + kinds.get(_PARTLY, []) + kinds.get(_NO_SHOW, [])
            if past
            else kinds.get(_BOOKED, [])
        )
        size = PER_LOCAL_OCCASION if municipality else PER_OCCASION
        k = max(1, math.ceil(len(holders) / size))
        rng.shuffle(holders)  # the outcomes and home municipalities mixed over the occasions
        plans = []
        for j in range(k):
            occasion = _plan_occasion(
                out, rng, course=courses[course_id], region=region, municipality=municipality,
                name=names.get(municipality, ""), j=j, past=past, today=today, stamp=stamp,
            )  # fmt: skip
            occasion.holders = holders[j * len(holders) // k : (j + 1) * len(holders) // k]
            plans.append(occasion)
        full = plans[::2]  # every other coming occasion is full, with a waitlist
        for i, b in enumerate(kinds.get(_WAITLISTED, [])):
            full[i % len(full)].waiting.append(b)
        for i, b in enumerate(kinds.get(_PAST_CANCELLED, []) + kinds.get(_MOVED, []) + kinds.get(_INTERESTED, [])):
            plans[i % k].others.append(b)
        for occasion in plans:
            occasion.write(out, rng, today=today, stamp=stamp)
    return out


class _PlannedOccasion:
    """One occasion being filled: its row is written once its people are known (its capacity depends on them)."""

    def __init__(
        self, *, occasion_id: int, course: _Course, region: int, municipality: int, name: str,
        first_day: datetime.date, created_ago: int, past: bool, needs_approval: bool, window: bool, deadline: bool,
        day_ids: list[tuple[int, Any]],
    ) -> None:  # fmt: skip
        self.id, self.course, self.region, self.municipality, self.name = (
            occasion_id, course, region, municipality, name
        )  # fmt: skip
        self.first_day, self.created_ago, self.past = first_day, created_ago, past
        self.needs_approval, self.window, self.deadline = needs_approval, window, deadline
        self.day_ids = day_ids
        self.holders: list[_Booking] = []
        self.waiting: list[_Booking] = []
        self.others: list[_Booking] = []

    def write(self, out: _OccasionRows, rng: random.Random, *, today: datetime.date, stamp: _Stamps) -> None:
        holders, waiting = list(self.holders), self.waiting
        if waiting and not holders:
            holders.append(waiting.pop(0))  # a waitlist only behind a full occasion
        size = PER_LOCAL_OCCASION if self.municipality else PER_OCCASION
        capacity = len(holders) if waiting else max(len(holders) + 1, size + 5)
        last_day = self.day_ids[-1][1]
        deadline = self.first_day - datetime.timedelta(days=14) if self.deadline else None
        created = stamp(self.created_ago, 9)
        opens = closes = None
        if self.window:
            opens = stamp(self.created_ago - 1, 8)
            closes = datetime.datetime.combine(
                self.first_day - datetime.timedelta(days=7), datetime.time(22), tzinfo=datetime.UTC
            )
        level = DeliveryLevel.MUNICIPAL if self.municipality else DeliveryLevel.REGIONAL
        minimum = (4 if self.municipality else 8) if self.id % 10 < 7 else 0
        out.occasions.append(
            (
                self.id, self.course.id, level, self.region, self.municipality or None, self.name, capacity, minimum,
                opens, closes, deadline, self.needs_approval, self.first_day, last_day, created, created,
            )
        )  # fmt: skip

        def register(b: _Booking, state: str, ago: int, position: int | None = None) -> int:
            registration_id = len(out.registrations) + 1
            at = stamp(max(0, ago), 10 + registration_id % 7)
            out.registrations.append((registration_id, self.id, b.user_id, state, position, b.municipality, at))
            out.states[state] = out.states.get(state, 0) + 1
            return registration_id

        signed_up = self.created_ago - 3
        if self.past:
            for b in holders:
                state = {
                    _ATTENDED: RegistrationState.ATTENDED,
                    _PARTLY: RegistrationState.PARTLY_ATTENDED,
                    _NO_SHOW: RegistrationState.NO_SHOW,
                }[b.kind]
                registration_id = register(b, state, signed_up)
                present = len(self.day_ids) if b.kind == _ATTENDED else b.present
                for d, (day_id, date) in enumerate(self.day_ids):
                    here = d < present
                    reason = "" if here else ABSENCE_REASONS[(registration_id + d) % len(ABSENCE_REASONS)]
                    out.attendance.append((registration_id, day_id, here, reason, stamp((today - date).days, 16)))
        else:
            for b in holders:
                register(b, RegistrationState.BOOKED, signed_up)
            for position, b in enumerate(waiting, start=1):
                register(b, RegistrationState.WAITLISTED, signed_up - 7, position)
        late_possible = deadline is not None and deadline < today
        for b in self.others:
            if self.needs_approval and b.kind == _INTERESTED:
                state = RegistrationState.REQUESTED if rng.random() < 0.7 else RegistrationState.DECLINED
            elif late_possible and rng.random() < 0.3:
                state = RegistrationState.CANCELLED_LATE
            else:
                state = RegistrationState.CANCELLED
            register(b, state, signed_up - 5)
        if not self.past and self.municipality == 0 and holders and rng.random() < QUOTA_SHARE:
            # Places kept for the municipality with most people booked: those taken, and a few more if free.
            by_municipality: dict[int, int] = {}
            for b in holders:
                by_municipality[b.municipality] = by_municipality.get(b.municipality, 0) + 1
            municipality, taken = max(by_municipality.items(), key=lambda kv: (kv[1], -kv[0]))
            seats = taken + min(3, capacity - len(holders))
            release = datetime.datetime.combine(
                self.first_day - datetime.timedelta(days=21), datetime.time(0), tzinfo=datetime.UTC
            )
            out.quotas.append((len(out.quotas) + 1, self.id, municipality, seats, release))


def _plan_occasion(
    out: _OccasionRows, rng: random.Random, *, course: _Course, region: int, municipality: int, name: str, j: int,
    past: bool, today: datetime.date, stamp: _Stamps,
) -> _PlannedOccasion:  # fmt: skip
    """An occasion's id, dates and course days (weekly, from its first day); its people come after."""
    out.planned += 1
    occasion_id = out.planned
    # Spread over the past year (the last day before today) and the coming three months.
    if past:
        first_day = today - datetime.timedelta(days=1 + 7 * (max(1, course.days) - 1) + (occasion_id * 37) % 365)
    else:
        first_day = today + datetime.timedelta(days=1 + (occasion_id * 37) % 92)
    created_ago = (today - first_day).days + 120
    season = "våren" if first_day.month < 7 else "hösten"
    label = f"{name}, omgång {j + 1}, {season}" if municipality else f"Omgång {j + 1}, {season}"
    day_ids = []
    starts, ends = (datetime.time(9), datetime.time(16)) if course.days > 1 or not municipality else (
        datetime.time(13), datetime.time(16)
    )  # fmt: skip
    for d in range(max(1, course.days)):
        day_id = len(out.days) + 1
        date = first_day + datetime.timedelta(days=7 * d)
        mode = DayMode.ON_SITE if d == 0 or (occasion_id + d) % 2 else DayMode.DIGITAL
        venue = (
            f"Kommunhuset, sal {occasion_id % 4 + 1}" if municipality else f"Kurslokal {region}:{occasion_id % 7 + 1}"
        )
        out.days.append((day_id, occasion_id, date, starts, ends, mode, venue))
        day_ids.append((day_id, date))
    return _PlannedOccasion(
        occasion_id=occasion_id, course=course, region=region, municipality=municipality, name=label,
        first_day=first_day, created_ago=created_ago, past=past,
        needs_approval=rng.random() < (APPROVAL_SHARE / 2 if past else APPROVAL_SHARE),
        window=rng.random() < WINDOW_SHARE, deadline=rng.random() < DEADLINE_SHARE, day_ids=day_ids,
    )  # fmt: skip


def _listing_rows(rows: _Rows, *, today: datetime.date) -> Iterator[tuple[Any, ...]]:
    """The people lists' read model (``accounts.PersonPlace``), by the same rule as ``accounts.listing``."""
    places: dict[int, list[tuple[int | None, int | None, int | None]]] = {}
    for _id, user_id, _role, region, municipality, unit, since, until, *_rest in rows.roles:
        if since <= today and (until is None or until > today):
            places.setdefault(user_id, []).append((region, municipality, unit))
    n = 0
    for user_id, _pw, _username, first, last, _email, active, _joined, search_text in rows.users:
        key = sort_key(last_name=last, first_name=first)
        for uid, level, place_id in place_rows(user_id=user_id, places=places.get(user_id, ())):
            n += 1
            yield n, uid, level, place_id, active, key, search_text


def _load(model: type[models.Model], field_names: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write ``rows`` (values in the order of ``field_names``) into ``model``'s table in one go.
    Columns not named get their field's default (so a field added later with a default needs no change here)."""
    fields = [cast(models.Field, model._meta.get_field(name)) for name in field_names]
    defaulted = [f for f in model._meta.concrete_fields if f not in fields and not f.primary_key]
    if defaulted:
        defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in defaulted)
        fields += defaulted
        rows = (tuple(row) + defaults for row in rows)
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names come from the models' meta, never from input.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapters = [_adapter(f) for f in fields]
        if any(adapters):
            rows = (tuple(a(v) if a else v for a, v in zip(adapters, row, strict=True)) for row in rows)
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", cast(Any, rows))  # noqa: S608


def _adapter(f: models.Field) -> Callable[[Any], Any] | None:
    """How the backend stores a date or time (SQLite keeps them as text), cached: there are few distinct values."""
    if isinstance(f, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
    elif isinstance(f, models.DateField):
        adapt = connection.ops.adapt_datefield_value
    elif isinstance(f, models.TimeField):
        adapt = connection.ops.adapt_timefield_value
    else:
        return None
    cache: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        if value not in cache:
            cache[value] = adapt(value)
        return cache[value]

    return cached


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    """Point the id sequences past the ids chosen here (PostgreSQL; SQLite follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _analyze(model_list: list[type[models.Model]]) -> None:
    """Fresh planner statistics, as a running PostgreSQL's autovacuum (or SQLite's ``PRAGMA optimize``) keeps them.
    Outside a transaction PostgreSQL also vacuums, so that index-only scans see an up-to-date visibility map."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            for model in model_list:
                cursor.execute(f"{verb} {qn(model._meta.db_table)}")
        else:
            cursor.execute("ANALYZE")
