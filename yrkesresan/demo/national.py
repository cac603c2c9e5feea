"""National-scale synthetic data, for benchmarks: Sweden's shape without Sweden's facts.

21 regions with their real county codes and number of municipalities, 290 municipalities with
4-digit codes and 2023 populations that add up to about 10.5 million with a realistic skew (three
large cities, a long tail of small towns), about one unit per 50 people, and the accounts with their
roles in the proportions the programme has: mostly staff in units, about one manager per unit,
2–3 k-admins per municipality, about 10,000 trainers (staff who also train), two regional admins and
one project leader per region, national editors on the five journeys and a few system admins.
Some staff have moved unit (an ended role stays in their history) and about 1 % are deactivated.

The rows are written straight into the tables (COPY on PostgreSQL, one ``executemany`` per table
elsewhere), with ids chosen here so that no row has to be read back, and every account shares one
password hash. That skips the services on purpose: they check and audit one person at a time, which
is right for people and far too slow for 300,000. The catalog goes through ``catalog_seed`` as usual.
The output is deterministic for a given ``seed`` and ``today``.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any, cast

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from yrkesresan.accounts.listing import place_rows, sort_key
from yrkesresan.accounts.models import PersonPlace, Role, RoleAssignment, User
from yrkesresan.catalog.demo_content import JOURNEYS
from yrkesresan.catalog.models import Journey, JourneyEditor
from yrkesresan.catalog.seed import catalog_seed
from yrkesresan.core.models import AuditEvent
from yrkesresan.organisations.models import Municipality, Population, Region, Unit

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
    # One staff member in every unit, the rest shared out by population.
    for m, extra in zip(plan, _share_out(staff_total - units_total, [m.population for m in plan]), strict=True):
        m.staff = len(m.unit_ids) + extra
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
        units = m.unit_ids + rng.choices(m.unit_ids, weights=unit_weights, k=m.staff - len(m.unit_ids))
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
        _load(
            Municipality,
            ["id", "region", "name", "scb_code"],
            ((m.id, m.region_id, f"Kommun {m.code}", m.code) for m in plan),
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
    _analyze([Region, Municipality, Population, Unit, User, RoleAssignment, PersonPlace, AuditEvent])
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
    }
    summary.roles = dict(sorted(rows.role_counts.items(), key=lambda kv: -kv[1]))
    return summary


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
