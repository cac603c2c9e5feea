"""Benchmark the follow-up reports (issue 7) on national-scale data (``generate_national_data``).

Target: at national scale (300,000 accounts, 2,000,000 progress rows, about 50,000 occasions, 1,000,000
sign-ups) each report takes under 300 ms for one region and under 2 s for the nation (PostgreSQL); the xlsx
export of the largest report under 10 s.

Each of the four selectors of ``followup.reports`` (``accounts_by_municipality``, ``progress_by_course``,
``occasions_by_course``, ``trainer_activity``) is called in-process with the filters its page uses by default
(this calendar year, no journey, region or municipality chosen):

- for **the region**: the largest region by people (active accounts that belong to it, ``PersonPlace``), as its
  regional admin (the first active one by id; the report reads the actor's ``report_reach``, their region);
- for **the nation**: as a system admin (the first active one by id; ``report_reach`` is everything).

Each case gets ``--warmup`` untimed calls, then ``--runs`` timed ones (p50/p95 nearest-rank, max, CPU time of
this process), then one more that counts its SQL queries. Before every call the actor is read afresh from the
database (outside the timing), so that their roles are looked up inside the timing as in a request.

Then **the xlsx export of the largest report**: the nation's report with most spreadsheet rows, turned into the
workbook's bytes by the exports' own code (``followup.exports`` rows, ``core.exports.spreadsheet_response``,
openpyxl write-only), timed twice: the workbook alone from the computed report, and the whole export (the
report's queries and the workbook), as the export view does.

    DJANGO_SETTINGS_MODULE=config.settings.base DATABASE_URL=... python manage.py bench_followup --runs 20 \\
        --report docs/benchmarks.md

With ``--report`` the table, the data, the machine and the command replace this database's part of the
"Follow-up reports (issue 7)" section in the hand-written notes of docs/benchmarks.md (between the markers
``<!-- followup:<database> -->``), which ``manage.py bench`` keeps when it rewrites the rest. Use
production-like settings (``config.settings.base``: DEBUG off).
"""

from __future__ import annotations

import functools
import gc
import math
import os
import re
import shlex
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yrkesresan.accounts.models import PersonPlace, PlaceLevel, Role, RoleAssignment, User
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.followup import exports, reports
from yrkesresan.learning.models import CourseProgress, ProgressPlace
from yrkesresan.occasions.models import CourseDay, Occasion, Registration, RegistrationState
from yrkesresan.organisations.models import Region
from yrkesresan.trainers.models import DayAssignment

REGION_TARGET_MS = 300.0
NATION_TARGET_MS = 2000.0
EXPORT_TARGET_MS = 10_000.0
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SECTION_TITLE = "### Follow-up reports (issue 7)"

#: The four reports: (key, the selector, the export's rows), as ``followup.views.reports.KINDS`` calls them.
REPORTS: list[tuple[str, Callable[..., Any], Callable[[Any], exports.Rows]]] = [
    ("accounts", lambda actor, filters: reports.accounts_by_municipality(actor=actor, filters=filters),
     exports.accounts_rows),
    ("progress", lambda actor, filters: reports.progress_by_course(actor=actor, filters=filters),
     exports.progress_rows),
    ("occasions", lambda actor, filters: reports.occasions_by_course(actor=actor, filters=filters),
     exports.occasions_rows),
    ("trainers", lambda actor, filters: reports.trainer_activity(actor=actor, filters=filters),
     exports.trainers_rows),
]  # fmt: skip
SELECTOR_NAMES = {
    "accounts": "accounts_by_municipality",
    "progress": "progress_by_course",
    "occasions": "occasions_by_course",
    "trainers": "trainer_activity",
}


@dataclass
class Case:
    name: str
    reach: str  # "region", "nation" or "export"
    target_ms: float
    #: Called with what ``prepare`` returned (read before the clock starts: the actor, afresh).
    call: Callable[[Any], Any]
    prepare: Callable[[], Any] = lambda: None
    timings_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    queries: int = 0
    rows: int = 0  # spreadsheet rows of the report (without the header)
    #: The spreadsheet rows of what ``call`` returned (a report), counted once after the timing.
    count_rows: Callable[[Any], int] | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.timings_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def passed(self) -> bool:
        return self.p95 < self.target_ms


def _rows(rows_of: Callable[[Any], exports.Rows], report: Any) -> int:
    _header, rows = rows_of(report)
    return sum(1 for _row in rows)


def _workbook(kind: str, rows_of: Callable[[Any], exports.Rows], report: Any) -> bytes:
    """The export view's xlsx: the same rows, the same writer; the bytes it answers with."""
    header, rows = rows_of(report)
    response = spreadsheet_response(
        filename=exports.export_name(kind, report.filters), sheet=kind, header=header, rows=rows, fmt="xlsx"
    )
    return response.content


def _call(compute: Any, filters: Any, user: Any) -> Any:
    return compute(user, filters)


class Command(BaseCommand):
    help = "Time the four follow-up reports for the largest region and the nation, and the largest xlsx export."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--runs", type=int, default=20, help="Timed calls per case (default 20).")
        parser.add_argument("--warmup", type=int, default=2, help="Untimed calls per case first (default 2).")
        parser.add_argument(
            "--export-runs", type=int, default=0, help="Timed runs of the export cases (default: as --runs)."
        )
        parser.add_argument("--only", default="", help="Run only the cases whose name contains this text.")
        parser.add_argument("--report", default="", help="Markdown file whose follow-up section to write.")
        parser.add_argument("--generator-command", default="", help="The command that generated the data.")
        parser.add_argument("--generator-seconds", type=float, default=None, help="Wall time of the generator.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError("Benchmark with DEBUG off: DJANGO_SETTINGS_MODULE=config.settings.base.")
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1.")
        region, region_people = self._largest_region()
        regional_admin = self._actor(Role.REGIONAL_ADMIN, region=region)
        system_admin = self._actor(Role.SYSTEM_ADMIN)
        start, end = reports.this_year()
        filters = reports.ReportFilters(start=start, end=end)

        def fresh(user: User) -> Callable[[], User]:
            return lambda: User.objects.get(pk=user.pk)

        cases: list[Case] = []
        for reach, actor, target in (
            ("region", regional_admin, REGION_TARGET_MS),
            ("nation", system_admin, NATION_TARGET_MS),
        ):
            for key, compute, rows_of in REPORTS:
                cases.append(
                    Case(
                        name=f"{reach} · {SELECTOR_NAMES[key]}",
                        reach=reach,
                        target_ms=target,
                        call=functools.partial(_call, compute, filters),
                        prepare=fresh(actor),
                        count_rows=functools.partial(_rows, rows_of),
                    )
                )
        load_before = os.getloadavg()[0]
        self.stdout.write(
            f"Follow-up reports on {_database_label()}, {filters.start} to {filters.end}; region {region.name} "
            f"({region_people:,} people) as regional admin {regional_admin.username}, the nation as system admin "
            f"{system_admin.username}; {options['warmup']} warm-up + {options['runs']} timed calls each:"
        )
        gc.freeze()
        selected = [c for c in cases if options["only"] in c.name]
        for case in selected:
            self._time(case, warmup=options["warmup"], runs=options["runs"])
            self._print(case)

        # The export of the largest report: the nation's report with most spreadsheet rows.
        sizes = []
        for key, compute, rows_of in REPORTS:
            report = compute(User.objects.get(pk=system_admin.pk), filters)
            sizes.append((_rows(rows_of, report), key, compute, rows_of, report))
        for n, key, *_rest in sizes:
            self.stdout.write(f"  the nation's {SELECTOR_NAMES[key]} export: {n:,} rows")
        n_rows, kind, compute, rows_of, report = max(sizes, key=lambda s: s[0])
        export_runs = options["export_runs"] or options["runs"]
        export_cases = [
            Case(
                name=f"export · {SELECTOR_NAMES[kind]} (nation), the workbook from the report",
                reach="export",
                target_ms=EXPORT_TARGET_MS,
                call=lambda _none: _workbook(kind, rows_of, report),
                rows=n_rows,
            ),
            Case(
                name=f"export · {SELECTOR_NAMES[kind]} (nation), the report and the workbook",
                reach="export",
                target_ms=EXPORT_TARGET_MS,
                call=lambda user: _workbook(kind, rows_of, compute(user, filters)),
                prepare=fresh(system_admin),
                rows=n_rows,
            ),
        ]
        export_bytes = len(_workbook(kind, rows_of, report))
        for case in export_cases:
            if options["only"] in case.name:
                self._time(case, warmup=min(options["warmup"], 1), runs=export_runs)
                self._print(case)
                selected.append(case)
        load_after = os.getloadavg()[0]
        failed = [c.name for c in selected if not c.passed]
        if options["report"]:
            section = _section(
                selected,
                region=region,
                region_people=region_people,
                regional_admin=regional_admin,
                system_admin=system_admin,
                filters=filters,
                export_bytes=export_bytes,
                load=(load_before, load_after),
                options=options,
            )
            _write_report(Path(options["report"]), connection.vendor, section)
            self.stdout.write(f"Wrote the {DATABASE_NAMES.get(connection.vendor)} part of {options['report']}.")
        if failed:
            self.stdout.write(self.style.WARNING(f"{len(failed)} of {len(selected)} cases miss their target."))

    def _time(self, case: Case, *, warmup: int, runs: int) -> None:
        for _ in range(warmup):
            case.call(case.prepare())
        for _ in range(runs):
            prepared = case.prepare()
            started, cpu_started = time.perf_counter(), time.process_time()
            case.call(prepared)
            case.timings_ms.append((time.perf_counter() - started) * 1000)
            case.cpu_ms.append((time.process_time() - cpu_started) * 1000)
        prepared = case.prepare()
        with CaptureQueriesContext(connection) as queries:
            result = case.call(prepared)
        case.queries = len(queries.captured_queries)
        if case.count_rows is not None:
            case.rows = case.count_rows(result)

    def _print(self, case: Case) -> None:
        verdict = "PASS" if case.passed else self.style.ERROR("FAIL")
        self.stdout.write(
            f"  {case.name:<64} p50 {case.p50:8.1f}  p95 {case.p95:8.1f}  max {max(case.timings_ms):8.1f} ms"
            f"  cpu {statistics.median(case.cpu_ms):7.1f}  {case.queries:2d} q  {case.rows:6,} rows"
            f"  {verdict} (< {case.target_ms:.0f})"
        )

    def _largest_region(self) -> tuple[Region, int]:
        """The region with most people (active accounts that belong to it today)."""
        top = (
            PersonPlace.objects.filter(level=PlaceLevel.REGION)
            .values("place_id")
            .annotate(n=Count("user_id"))
            .order_by("-n", "place_id")
            .first()
        )
        if top is None:
            raise CommandError("No data: run generate_national_data first.")
        return Region.objects.get(pk=top["place_id"]), top["n"]

    def _actor(self, role: str, *, region: Region | None = None) -> User:
        qs = RoleAssignment.objects.active().filter(role=role, user__is_active=True)
        if region is not None:
            qs = qs.filter(region=region)
        found = qs.select_related("user").order_by("id").first()
        if found is None:
            where = f" in {region.name}" if region is not None else ""
            raise CommandError(f"No active {role}{where}: run generate_national_data first.")
        return found.user


# --- the report ----------------------------------------------------------------------------------------


def _database_label() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            shown = []
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather"):
                cursor.execute(f"SHOW {name}")  # names from this list, never from input
                shown.append(f"{name}={cursor.fetchone()[0]}")
        return f"PostgreSQL {version.split()[0]} ({', '.join(shown)})"
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


def _command_line() -> str:
    python = os.path.relpath(sys.executable, settings.BASE_DIR)
    env = f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', '')}"
    if "DATABASE_URL" in os.environ:
        env += f" DATABASE_URL={os.environ['DATABASE_URL']}"
    args, skip = [], False
    for arg in sys.argv:
        if skip:
            skip = False
        elif arg in ("--generator-command", "--generator-seconds"):
            skip = True
        elif not arg.startswith(("--generator-command=", "--generator-seconds=")):
            args.append(arg)
    return f"{env} {python} {shlex.join(args)}"


def _data() -> str:
    states = dict(Registration.objects.values("state").annotate(n=Count("id")).values_list("state", "n"))
    attended = sum(states.get(s, 0) for s in (RegistrationState.ATTENDED, RegistrationState.PARTLY_ATTENDED))
    return (
        f"{User.objects.count():,} accounts, {CourseProgress.objects.count():,} course-progress rows "
        f"({ProgressPlace.objects.count():,} rows of progress per municipality), "
        f"{Occasion.objects.count():,} occasions with {CourseDay.objects.count():,} course days, "
        f"{sum(states.values()):,} registrations ({attended:,} of them attended or partly attended), "
        f"{DayAssignment.objects.count():,} trainer day assignments"
    )


def _section(
    cases: list[Case],
    *,
    region: Region,
    region_people: int,
    regional_admin: User,
    system_admin: User,
    filters: reports.ReportFilters,
    export_bytes: int,
    load: tuple[float, float],
    options: dict[str, Any],
) -> str:
    name = DATABASE_NAMES.get(connection.vendor, connection.vendor)
    passed = sum(c.passed for c in cases)
    lines = [
        f"#### {name}",
        "",
        f"- **Measured** {timezone.localtime():%Y-%m-%d %H:%M %Z} on {os.cpu_count()} cores; {_database_label()}; "
        f"load average (1 min) {load[0]:.1f} before and {load[1]:.1f} after.",
        f"- **Data**: {_data()}.",
        f"- **Period** {filters.start} to {filters.end} (this year, the pages' default), no other filter. "
        f"**Region**: {region.name} ({region_people:,} people), as its regional admin `{regional_admin.username}`; "
        f"**nation** as the system admin `{system_admin.username}`.",
    ]
    if options.get("generator_seconds") is not None:
        lines.append(f"- **Generator wall time**: {options['generator_seconds']:.0f} s.")
    lines += [
        f"- **Result: {passed} of {len(cases)} cases meet their target** "
        f"({options['runs']} timed calls per report after {options['warmup']} warm-up; "
        f"{options['export_runs'] or options['runs']} per export; the workbook is {export_bytes / 1024:,.0f} KB).",
        "",
        "```sh",
    ]
    if options.get("generator_command"):
        lines.append(options["generator_command"])
    lines += [
        _command_line(),
        "```",
        "",
        "| case | p50 ms | p95 ms | max ms | CPU p50 ms | queries | target | result |",
        "|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for c in cases:
        label = c.name + f" ({c.rows:,} rows)"
        lines.append(
            f"| {label} | {c.p50:.1f} | {c.p95:.1f} | {max(c.timings_ms):.1f} | {statistics.median(c.cpu_ms):.1f} "
            f"| {c.queries} | {c.target_ms:,.0f} ms | {'PASS' if c.passed else '**FAIL**'} |"
        )
    return "\n".join(lines) + "\n"


def _write_report(path: Path, vendor: str, section: str) -> None:
    """Replace this database's part of the follow-up section (between its markers) inside the hand-written
    notes, which ``manage.py bench`` keeps; add the section at the end of the notes when it is not there."""
    text = path.read_text()
    start, end = f"<!-- followup:{vendor} -->\n", f"<!-- /followup:{vendor} -->\n"
    part = start + section + end
    if start in text and end in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _m: part, text, count=1, flags=re.S)
    elif SECTION_TITLE in text:
        # After the section's last part (or its title): the parts sit together, hand-written findings above.
        head, tail = text.split(SECTION_TITLE, 1)
        ends = [m.end() for m in re.finditer(r"<!-- /followup:\w+ -->\n", tail)]
        at = ends[-1] if ends else tail.index("\n") + 1
        text = head + SECTION_TITLE + tail[:at] + "\n" + part + tail[at:]
    else:
        notes_end = "<!-- /notes -->"
        if notes_end not in text:
            raise CommandError(f"{path} has no hand-written notes block ({notes_end}).")
        text = text.replace(notes_end, f"{SECTION_TITLE}\n\n{part}{notes_end}", 1)
    path.write_text(text)


__all__ = ["Command"]
