"""Benchmark the pages and API endpoints on national-scale data (``generate_national_data``).

The journey's cases (a staff member's journey and course pages, marking a task done, a manager's hub of 500
staff) and the trainers' (ranking substitutes, a trainer's coming days) are also the *scaling* cases: with
``--scaling-only`` only they run, on a smaller nation, and their figures are kept in ``--scaling-file``
(JSON, one entry per number of accounts); the full run adds its own and writes the table of p50/p95 per size
into the report.

Each case is requested through Django's test client (the real URLconf, middleware, sessions,
templates and serializers; no network or WSGI server) as a signed-in person of a given role:
first a few warm-up requests, then ``--requests`` timed ones, then one more that counts its SQL
queries. p50 and p95 are nearest-rank percentiles of the timed requests. The figures, with the
machine, the database and the commands, replace this database's section of ``--report``
(docs/benchmarks.md); the other database's section is kept.

    DJANGO_SETTINGS_MODULE=config.settings.base DATABASE_URL=... python manage.py bench --report docs/benchmarks.md

With ``--signups N`` it then signs N people up over HTTP, ``--signup-clients`` at once, against gunicorn on
loopback (``yrkesresan.demo.signup_bench``), and reports sign-ups per second, their latency and a check of the
database afterwards.

Use production-like settings (``config.settings.base``: DEBUG off). ``make bench`` runs it all.
"""

from __future__ import annotations

import datetime
import gc
import json
import math
import os
import platform
import random
import re
import shlex
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import django
from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection, models
from django.db.models import Count, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.models import Course, Journey, PreparationTask
from yrkesresan.demo import signup_bench
from yrkesresan.learning.models import CourseProgress, Enrolment, EnrolmentStatus, ProgressState, TaskCompletion
from yrkesresan.learning.selectors import staff_progress
from yrkesresan.occasions.models import DeliveryLevel, Occasion, Registration, RegistrationState
from yrkesresan.organisations.models import Municipality, Population, Region, Unit
from yrkesresan.trainers.models import DayAssignment, TrainerKind, TrainerProfile

TARGET_P95_MS = 100.0
#: The journey's targets (issue 3): a person's own pages and marking a task done, and a hub page of 500 staff.
JOURNEY_TARGET_MS = 50.0
HUB_TARGET_MS = 300.0
HUB_ROWS = 500
#: The occasions' targets (the occasions issue): a region's occasion list, a trainer's schedule and the occasion
#: page at national scale (about 50,000 occasions, 1,000,000 sign-ups).
OCCASIONS_TARGET_MS = 150.0
#: The trainer teams' targets (issue 5) at national scale (50,000 occasions, 10,000 trainers): ranking substitutes
#: for a course day, and a trainer's coming days.
TRAINERS_SUBSTITUTES_TARGET_MS = 100.0
TRAINERS_DAYS_TARGET_MS = 50.0
#: How many absences, and trainers, the trainer cases take in turn (drawn with a fixed seed).
TRAINER_SAMPLE = 20
TRAINER_SEED = 5
#: Issue 6: a region's trainer pot and every municipality's year-end basis, under 2 s a region (BILLING_RUNS runs).
BILLING_TARGET_MS = 2000.0
BILLING_RUNS = 7
GENERATOR_LIMIT_S = 300.0
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass
class Case:
    name: str
    actor: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    target_ms: float = TARGET_P95_MS
    #: POST these forms in turn (e.g. done=1, done=0, so that every request writes); GET when empty.
    posts: list[dict[str, str]] = field(default_factory=list)
    status: int = 200
    scaling: str = ""  # the name in the scaling table: such a case is also timed at the smaller sizes
    #: Requests taken in turn, (actor, path) each, instead of ``actor`` and ``path`` (then a pattern, for the
    #: report): many people, or many rows, so that a case is not one lucky row cached hot.
    variants: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""  # shown after the request in the report, e.g. what the variants are
    #: Not a request: call this with the request's number (issue 6's billing computation, timed in-process).
    call: Callable[[int], Any] | None = None
    #: At most this many warm-up and timed runs (a case that takes seconds a run); 0: as the options say.
    max_warmup: int = -1
    max_requests: int = 0
    #: Exactly this many timed runs, whatever ``--requests`` says (each of the 21 regions once); 0: as it says.
    runs: int = 0
    timings_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    queries: int = 0
    size_kb: float = 0.0

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

    @property
    def method(self) -> str:
        if self.call is not None:
            return "CALL"
        return "POST" if self.posts else "GET"

    def request_for(self, n: int) -> tuple[str, str]:
        """The actor and path of the ``n``-th request."""
        if self.variants:
            return self.variants[n % len(self.variants)]
        return self.actor, self.path


class Command(BaseCommand):
    help = "Time the people lists, the catalog and the API list endpoints on generated national data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--requests", type=int, default=50, help="Timed requests per case (default 50).")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests per case first (default 5).")
        parser.add_argument("--search", default="berg", help="The common name fragment to search for.")
        parser.add_argument("--only", default="", help="Run only the cases whose name contains this text.")
        parser.add_argument("--report", default="", help="Markdown file whose section for this database to write.")
        parser.add_argument("--generator-seconds", type=float, default=None, help="Wall time of the generator.")
        parser.add_argument("--generator-command", default="", help="The command that generated the data.")
        parser.add_argument("--migrate-command", default="", help="The command that migrated the database.")
        parser.add_argument(
            "--scaling-only", action="store_true", help="Run only the scaling cases and keep them in --scaling-file."
        )
        parser.add_argument(
            "--signups",
            type=int,
            default=0,
            help="Then sign this many people up over HTTP with --signup-clients clients at once (0: do not).",
        )
        parser.add_argument(
            "--signup-clients", type=int, default=50, help="Concurrent clients of the sign-up run (default 50)."
        )
        parser.add_argument(
            "--scaling-file",
            default="",
            help="JSON file of the scaling cases per number of accounts (kept between runs).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError("Benchmark with DEBUG off: DJANGO_SETTINGS_MODULE=config.settings.base.")
        if options["requests"] < 1:
            raise CommandError("--requests must be at least 1.")
        actors = self._actors()
        actors.update(self._journey_actors())
        sampled: dict[str, User] = {}  # the people that cases with variants take in turn
        cases = [
            c
            for c in self._cases(search=options["search"], actors=actors, sampled=sampled)
            if options["only"] in c.name
        ]
        if options["scaling_only"]:
            cases = [c for c in cases if c.scaling]
        self.stdout.write(
            f"{len(cases)} cases on {_database_label()}, {options['warmup']} warm-up + "
            f"{options['requests']} timed requests each:"
        )
        options["load_before"] = os.getloadavg()[0]
        gc.freeze()  # as config/wsgi.py does once the application is loaded
        clients: dict[str, Client] = {}
        for case in cases:
            # Writes get a client of their own, so that their messages never reach the pages timed as the same person.
            for actor in dict.fromkeys([case.actor] + [a for a, _path in case.variants] if case.call is None else []):
                key = f"{actor} {case.method}"
                if key not in clients:
                    clients[key] = Client(HTTP_HOST="127.0.0.1")
                    clients[key].force_login(actors.get(actor) or sampled[actor])
            self._run(clients, case, warmup=options["warmup"], requests=options["requests"])
            verdict = "PASS" if case.passed else self.style.ERROR("FAIL")
            self.stdout.write(
                f"  {case.name:<58} p50 {case.p50:7.1f}  p95 {case.p95:7.1f}  max {max(case.timings_ms):7.1f} ms"
                f"  cpu {statistics.median(case.cpu_ms):6.1f}  {case.queries:3d} q  {verdict} (< {case.target_ms:.0f})"
            )
        options["signup_run"] = None
        if options["signups"] > 0 and not options["scaling_only"]:
            options["signup_run"] = self._signups(clients=options["signup_clients"], signups=options["signups"])
        options["load_after"] = os.getloadavg()[0]
        failed = [c.name for c in cases if not c.passed]
        if options["signup_run"] is not None and not options["signup_run"].passed:
            failed.append("sign-ups")
        if options["scaling_file"]:
            _keep_scaling(Path(options["scaling_file"]), cases, options=options)
        if options["report"] and not options["scaling_only"]:
            section = _section(cases, actors=actors, options=options)
            _write_report(Path(options["report"]), connection.vendor, section)
            self.stdout.write(f"Wrote the {DATABASE_NAMES.get(connection.vendor)} section of {options['report']}.")
        if failed:
            self.stdout.write(self.style.WARNING(f"{len(failed)} of {len(cases)} cases miss their p95 target."))

    def _signups(self, *, clients: int, signups: int) -> signup_bench.SignupRun:
        self.stdout.write(f"Sign-ups per second over HTTP on {_database_label()}:")
        run = signup_bench.run(clients=clients, signups=signups, log=self.stdout.write)
        verdict = "PASS" if run.passed else self.style.ERROR("FAIL")
        self.stdout.write(
            f"  {len(run.latencies_ms):,} sign-ups in {run.seconds:.1f} s: {run.per_second:.1f} a second; "
            f"latency p50 {run.percentile(0.5):.0f}  p95 {run.percentile(0.95):.0f}  "
            f"max {max(run.latencies_ms, default=0):.0f} ms; "
            f"answers {dict(run.statuses)}; {_states(run.states)}  {verdict}"
        )
        for line in run.errors[:5] + run.problems[:10]:
            self.stdout.write(self.style.WARNING(f"    {line}"))
        return run

    def _run(self, clients: dict[str, Client], case: Case, *, warmup: int, requests: int) -> None:
        cache.clear()  # the API's per-user throttle counts in the cache; start every case from zero
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in case.headers.items()}
        if case.max_warmup >= 0:
            warmup = min(warmup, case.max_warmup)
        if case.max_requests:
            requests = min(requests, case.max_requests)
        if case.runs:
            requests = case.runs
        n = 0
        for _ in range(warmup):
            self._request(clients, case, extra, n)
            n += 1
        for _ in range(requests):
            started, cpu_started = time.perf_counter(), time.process_time()
            self._request(clients, case, extra, n)
            case.timings_ms.append((time.perf_counter() - started) * 1000)
            case.cpu_ms.append((time.process_time() - cpu_started) * 1000)
            n += 1
        with CaptureQueriesContext(connection) as queries:
            response = self._request(clients, case, extra, n)
        case.queries = len(queries.captured_queries)
        case.size_kb = len(getattr(response, "content", b"")) / 1024
        if case.posts and (n + 1) % len(case.posts):  # leave the data as it was: every form posted as often
            for i in range(n + 1, n + 1 + len(case.posts) - (n + 1) % len(case.posts)):
                self._request(clients, case, extra, i)

    def _request(self, clients: dict[str, Client], case: Case, extra: dict[str, str], n: int) -> Any:
        if case.call is not None:
            return case.call(n)
        actor, path = case.request_for(n)
        client = clients[f"{actor} {case.method}"]
        # The test client leaves the connection open between requests; a server closes or health-checks it at
        # the start and end of each one (CONN_MAX_AGE: 0 for SQLite, so a new connection per request).
        close_old_connections()
        if case.posts:
            response = client.post(path, case.posts[n % len(case.posts)], **cast(dict[str, Any], extra))
            client.cookies.pop("messages", None)  # the page it redirects to would show and drop them
        else:
            response = client.get(path, **cast(dict[str, Any], extra))
        close_old_connections()
        if response.status_code != case.status:
            raise CommandError(f"{case.name}: {case.method} {path} answered {response.status_code}, not {case.status}.")
        return response

    def _actors(self) -> dict[str, User]:
        """The people the cases run as: the k-admin of the largest municipality, the regional admin and a
        trainer of the largest region, a system admin."""
        largest = Population.objects.order_by("-year", "-count").select_related("municipality").first()
        region = (
            Population.objects.values("municipality__region")
            .annotate(total=Sum("count"))
            .order_by("-total")
            .values_list("municipality__region", flat=True)
            .first()
        )
        if largest is None or region is None:
            raise CommandError("No data: run generate_national_data first.")
        roles = RoleAssignment.objects.active().select_related("user").order_by("id")
        found = {
            "k-admin": roles.filter(role=Role.MUNICIPAL_ADMIN, municipality=largest.municipality).first(),
            "regional admin": roles.filter(role=Role.REGIONAL_ADMIN, region_id=region).first(),
            "system admin": roles.filter(role=Role.SYSTEM_ADMIN).first(),
            "trainer": roles.filter(role=Role.TRAINER, region_id=region, user__is_active=True).first(),
        }
        missing = [name for name, assignment in found.items() if assignment is None and name != "trainer"]
        if missing:
            raise CommandError(f"No {', '.join(missing)} in the data: run generate_national_data first.")
        return {name: assignment.user for name, assignment in found.items() if assignment}

    def _journey_actors(self) -> dict[str, User]:
        """A staff member on Barn och unga at the first level with a course under way and a course booked (the
        first by id, so the same kind of person at every size), and the manager of the unit with most staff."""
        person = (
            Enrolment.objects.filter(
                journey__code="bou",
                level__order=Enrolment.objects.filter(journey__code="bou")
                .values("level__order")
                .order_by("level__order")[:1],
                status=EnrolmentStatus.ACTIVE,
                user__is_active=True,
                user_id__in=CourseProgress.objects.filter(
                    state=ProgressState.ONGOING, course__kind="led", mandatory_done__lt=models.F("mandatory_total")
                ).values("user_id"),
            )
            .filter(
                user_id__in=Registration.objects.filter(state=RegistrationState.BOOKED).values("user_id"),
            )
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .first()
        )
        largest = (
            RoleAssignment.objects.active()
            .filter(role=Role.STAFF, unit__isnull=False)
            .values("unit_id")
            .annotate(n=Count("id"))
            .order_by("-n", "unit_id")
            .values_list("unit_id", flat=True)
            .first()
        )
        manager = (
            RoleAssignment.objects.active().filter(role=Role.MANAGER, unit_id=largest).order_by("id").first()
            if largest is not None
            else None
        )
        if person is None or manager is None:
            raise CommandError("No staff member on a journey, or no manager: run generate_national_data first.")
        return {"staff": User.objects.get(pk=person), "manager": manager.user}

    def _cases(self, *, search: str, actors: dict[str, User], sampled: dict[str, User]) -> list[Case]:
        course = Course.objects.annotate(n=Count("tasks")).order_by("-n", "id").first()
        journey = Journey.objects.annotate(n=Count("courses")).order_by("-n", "id").first()
        if course is None or journey is None:
            raise CommandError("The catalog is empty: run generate_national_data first.")
        q = f"?q={search}"
        htmx = {"HX-Request": "true"}
        staff, manager = actors["staff"], actors["manager"]
        ongoing = (
            CourseProgress.objects.filter(user=staff, state=ProgressState.ONGOING, course__kind="led")
            .filter(mandatory_done__lt=models.F("mandatory_total"))
            .order_by("course__level__order", "course__order", "course_id")
            .select_related("course")
            .first()
        )
        assert ongoing is not None  # the staff member was chosen for it
        done = TaskCompletion.objects.filter(user=staff, course=ongoing.course).values("task_id")
        task = (
            PreparationTask.objects.filter(course=ongoing.course, mandatory=True)
            .exclude(pk__in=done)
            .order_by("order", "id")
            .first()
        )
        assert task is not None
        listed = staff_progress(actor=manager).count()
        if listed < HUB_ROWS:
            raise CommandError(f"The manager's hub lists {listed} people, fewer than {HUB_ROWS}.")
        journey_cases = [
            Case(
                "staff · journey page (Min resa)",
                "staff",
                "/min-resa/",
                target_ms=JOURNEY_TARGET_MS,
                scaling="journey page",
            ),
            Case(
                f"staff · course page ({ongoing.course.title[:24]})",
                "staff",
                f"/min-resa/kurs/{ongoing.course_id}/",
                target_ms=JOURNEY_TARGET_MS,
                scaling="course page",
            ),
            Case(
                "staff · mark a task done (done=1 / done=0 in turn)",
                "staff",
                f"/min-resa/uppgift/{task.pk}/klar/",
                target_ms=JOURNEY_TARGET_MS,
                posts=[{"done": "1"}, {"done": "0"}],
                status=302,
                scaling="mark a task done",
            ),
            Case(
                f"manager · Stationen, {HUB_ROWS} staff a page ({listed} in the unit)",
                "manager",
                f"/stationen/?per_page={HUB_ROWS}",
                target_ms=HUB_TARGET_MS,
                scaling=f"manager's hub, {HUB_ROWS} staff",
            ),
            Case(
                f"k-admin · Stationen, {HUB_ROWS} staff a page (municipality)",
                "k-admin",
                f"/stationen/?per_page={HUB_ROWS}",
                target_ms=HUB_TARGET_MS,
            ),
        ]
        api = {"Accept": "application/json"}
        occasion_cases = self._occasion_cases(actors)
        return [
            Case("k-admin · people list", "k-admin", "/personer/"),
            Case("k-admin · people list, page 2", "k-admin", "/personer/?page=2"),
            Case(f"k-admin · people search '{search}'", "k-admin", f"/personer/{q}"),
            Case(f"k-admin · people search '{search}', htmx partial", "k-admin", f"/personer/{q}", htmx),
            Case(f"k-admin · people search '{search}', page 2, htmx", "k-admin", f"/personer/{q}&page=2", htmx),
            Case("k-admin · people search 'anna lind'", "k-admin", "/personer/?q=anna+lind"),
            Case("regional admin · people list (region)", "regional admin", "/personer/"),
            Case(f"regional admin · people search '{search}'", "regional admin", f"/personer/{q}"),
            Case("system admin · people list (nation)", "system admin", "/personer/"),
            Case(f"system admin · people search '{search}'", "system admin", f"/personer/{q}"),
            Case("k-admin · catalog index", "k-admin", "/katalog/"),
            Case(f"k-admin · journey page ({journey.code})", "k-admin", f"/katalog/{journey.code}/"),
            Case(f"k-admin · course page ({course.n} tasks)", "k-admin", f"/katalog/kurser/{course.pk}/"),
            Case("k-admin · API people", "k-admin", "/api/v1/people/", api),
            Case(f"k-admin · API people ?search={search}", "k-admin", f"/api/v1/people/?search={search}", api),
            Case("k-admin · API regions", "k-admin", "/api/v1/regions/", api),
            Case("k-admin · API municipalities", "k-admin", "/api/v1/municipalities/", api),
            Case("k-admin · API units", "k-admin", "/api/v1/units/", api),
            Case("k-admin · API role-assignments", "k-admin", "/api/v1/role-assignments/", api),
            Case("k-admin · API journeys", "k-admin", "/api/v1/journeys/", api),
            Case("k-admin · API courses", "k-admin", "/api/v1/courses/", api),
            Case("regional admin · API people", "regional admin", "/api/v1/people/", api),
            Case("system admin · API people", "system admin", "/api/v1/people/", api),
            *journey_cases,
            *occasion_cases,
            *self._trainer_cases(actors, sampled),
            *self._billing_cases(),
        ]

    def _billing_cases(self) -> list[Case]:
        """Issue 6: a region's trainer pot for this year and every municipality's year-end basis from one reading of
        the data (``bench_billing.billing_case``), timed in-process (no request): for the 15-municipality region
        (Dalarna's county code, 20) and for all 21 regions in turn. The fee schedules come from ``national_billing``
        (the generator adds them; added here if an older database lacks them)."""
        from yrkesresan.demo import national_billing

        from .bench_billing import billing_case

        national_billing.generate()
        year = timezone.localdate().year
        regions = list(Region.objects.annotate(n=Count("municipalities")).order_by("county_code"))
        if not regions:
            return []
        dalarna = next((r for r in regions if r.n == 15), regions[0])
        what = "`billing.selectors.year_close` (the pot and every year-end basis)"
        return [
            Case(
                f"billing · pot + year-end bases, {dalarna.n} municipalities",
                "regional admin",
                what,
                target_ms=BILLING_TARGET_MS,
                call=lambda _n: billing_case(dalarna, year),
                max_warmup=1,
                max_requests=BILLING_RUNS,
                note=f"{dalarna.name} ({dalarna.county_code}), {year}",
            ),
            Case(
                "billing · pot + year-end bases, every region",
                "regional admin",
                what,
                target_ms=BILLING_TARGET_MS,
                call=lambda n: billing_case(regions[n % len(regions)], year),
                max_warmup=0,
                runs=len(regions),
                note=f"the {len(regions)} regions in turn, once each, {year}",
            ),
        ]

    def _occasion_cases(self, actors: dict[str, User]) -> list[Case]:
        """The occasions' pages, as the regional admin and a trainer of the largest region: the list (first page,
        and filtered on the course with most occasions there and the coming 60 days), the month calendar of the
        region's course days (trainer teams come later: until then it is a trainer's schedule), and the page of
        the coming occasion with the longest waitlist. Left out, with a note, where the pages do not exist yet."""
        try:
            paths = {name: reverse(name) for name in ("occasion_list", "occasion_calendar")}
        except NoReverseMatch:
            self.stdout.write(self.style.WARNING("  The occasion list and calendar are not there yet: left out."))
            return []
        region = RoleAssignment.objects.get(user=actors["regional admin"], role=Role.REGIONAL_ADMIN).region_id
        assert region is not None  # a regional admin's role is in a region
        today = timezone.localdate()
        course = (
            Occasion.objects.filter(region_id=region, first_day__gte=today)
            .values("course_id")
            .annotate(n=Count("id"))
            .order_by("-n", "course_id")
            .values_list("course_id", flat=True)
            .first()
        )
        waitlist = (
            Registration.objects.filter(
                state=RegistrationState.WAITLISTED, occasion__region_id=region, occasion__first_day__gte=today
            )
            .values("occasion_id")
            .annotate(n=Count("id"))
            .order_by("-n", "occasion_id")
            .first()
        )
        if course is None or waitlist is None:
            self.stdout.write(
                self.style.WARNING("  No coming occasion with a waitlist in the largest region: left out.")
            )
            return []
        shown = Occasion.objects.filter(region_id=region).count()
        until = today + datetime.timedelta(days=60)
        filtered = f"{paths['occasion_list']}?course={course}&date_from={today:%Y-%m-%d}&date_to={until:%Y-%m-%d}"
        trainer = "trainer" if "trainer" in actors else "regional admin"
        return [
            Case(
                f"regional admin · occasion list, first page ({shown:,} in the region)",
                "regional admin",
                paths["occasion_list"],
                target_ms=OCCASIONS_TARGET_MS,
            ),
            Case(
                "regional admin · occasion list, a course and the coming 60 days",
                "regional admin",
                filtered,
                target_ms=OCCASIONS_TARGET_MS,
            ),
            Case(
                "trainer · a trainer's schedule (the region's course days this month)",
                trainer,
                f"{paths['occasion_calendar']}?month={today:%Y-%m}",
                target_ms=OCCASIONS_TARGET_MS,
            ),
            Case(
                f"regional admin · occasion page (full, {waitlist['n']} on the waitlist)",
                "regional admin",
                reverse("occasion_detail", args=[waitlist["occasion_id"]]),
                target_ms=OCCASIONS_TARGET_MS,
            ),
        ]

    def _trainer_cases(self, actors: dict[str, User], sampled: dict[str, User]) -> list[Case]:
        """The trainer teams' pages (issue 5), in the largest region: the coordinator's ranked substitutes
        for course days a trainer reported absence from and nobody has taken yet (topped up with other coming
        days of trainers, whose page offers to record the absence, where there are too few), and a trainer's
        coming days in Plattformen, as trainers with most coming days there. Both take TRAINER_SAMPLE days or
        trainers in turn, drawn with a fixed seed. Left out, with a note, where the pages or the data are not there."""
        try:
            reverse("course_day_substitutes", args=[1, 1, 1])
            days_path = reverse("my_trainer_days")
        except NoReverseMatch:
            self.stdout.write(
                self.style.WARNING("  The trainers' substitutes and days pages are not there yet: left out.")
            )
            return []
        region = RoleAssignment.objects.get(user=actors["regional admin"], role=Role.REGIONAL_ADMIN).region_id
        assert region is not None  # a regional admin's role is in a region
        today = timezone.localdate()
        rng = random.Random(TRAINER_SEED)  # noqa: S311 (a sample, not a secret)
        coming = DayAssignment.objects.filter(
            date__gte=today,
            course_day__occasion__region_id=region,
            course_day__occasion__delivery_level=DeliveryLevel.REGIONAL,
        )
        covered = DayAssignment.objects.filter(
            course_day_id=models.OuterRef("course_day_id"), substitute_for_id=models.OuterRef("trainer_id")
        )
        absent = coming.filter(absent=True).exclude(models.Exists(covered))
        # The absences to cover first; topped up with other coming days (the page offers to record the absence
        # and ranks the substitutes the same way) where the region has fewer than TRAINER_SAMPLE.
        to_cover = list(absent.order_by("pk").values_list("pk", "course_day_id", "course_day__occasion_id"))
        picked = rng.sample(to_cover, min(len(to_cover), TRAINER_SAMPLE))
        if len(picked) < TRAINER_SAMPLE:
            others = list(
                coming.filter(absent=False).order_by("pk").values_list("pk", "course_day_id", "course_day__occasion_id")
            )
            picked += rng.sample(others, min(len(others), TRAINER_SAMPLE - len(picked)))
        cases = []
        if picked:
            topped_up = len(picked) - min(len(to_cover), TRAINER_SAMPLE)
            note = f"{len(picked)} course days of the region in turn: {len(picked) - topped_up} absences to cover"
            if topped_up:
                note += f" and {topped_up} other trainers' coming days"
            cases.append(
                Case(
                    f"regional admin · substitutes for a course day ({len(to_cover):,} absences to cover)",
                    "regional admin",
                    "/tillfallen/<id>/dagar/<id>/ersattare/<id>/",
                    target_ms=TRAINERS_SUBSTITUTES_TARGET_MS,
                    scaling="ranking substitutes",
                    variants=[
                        ("regional admin", reverse("course_day_substitutes", args=[occasion, day, pk]))
                        for pk, day, occasion in picked
                    ],
                    note=note,
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING("  No coming course day with a trainer in the largest region: left out.")
            )
        busiest = list(
            coming.filter(absent=False, trainer__kind=TrainerKind.TRAINER, trainer__user__is_active=True)
            .values("trainer__user_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "trainer__user_id")
            .values_list("trainer__user_id", "n")[: 5 * TRAINER_SAMPLE]
        )
        if busiest:
            picked_trainers = rng.sample(busiest, min(len(busiest), TRAINER_SAMPLE))
            for user in User.objects.filter(pk__in=[u for u, _n in picked_trainers]):
                sampled[f"trainer {user.pk}"] = user
            days = sorted(n for _u, n in picked_trainers)
            cases.append(
                Case(
                    f"trainer · my coming days (Plattformen, {days[0]}–{days[-1]} coming days)",
                    f"trainer {picked_trainers[0][0]}",
                    days_path,
                    target_ms=TRAINERS_DAYS_TARGET_MS,
                    scaling="a trainer's coming days",
                    variants=[(f"trainer {u}", days_path) for u, _n in picked_trainers],
                    note=f"{len(picked_trainers)} trainers in turn, of the {len(busiest)} with most coming days",
                )
            )
        else:
            self.stdout.write(self.style.WARNING("  No trainer with coming days in the largest region: left out."))
        return cases


# --- the report ------------------------------------------------------------------------------

HEADER = """# Benchmarks

Produced by `make bench` ([scripts/bench.sh](../scripts/bench.sh)); do not edit by hand. It generates a synthetic
nation at the scale of DESIGN.md (21 regions, 290 municipalities, about 6,000 units, 300,000 accounts with their
roles, the five journeys, and the staff's journeys: enrolments, about 2,000,000 course-progress rows, about
5,000,000 task completions, course occasions with their days, registrations and attendance, about 10,000
trainers with their teams and the course days they teach) with
`manage.py generate_national_data`, then times the pages and API list endpoints with `manage.py bench`, first on
SQLite and then on PostgreSQL. Each database has its own section below, with the exact commands that produced it.
Before the full size, the journey's and the trainers' cases are also timed on nations of 3,000 and 30,000 accounts
(`BENCH_SCALES`),
each generated afresh in the same throwaway database: the table at the end of each section shows how they grow.

**Targets** (this 2-core machine): the people lists, catalog and API under **100 ms p95**; a staff member's journey
page, course page and marking a task done under **50 ms p95**; a manager's hub (Stationen) listing 500 staff under
**300 ms p95**; a region's occasion list, a trainer's schedule and the occasion page under **150 ms p95** with about
50,000 occasions and 1,000,000 sign-ups in the nation; ranking the substitutes for a course day under **100 ms p95**
and a trainer's coming days under **50 ms p95** with about 10,000 trainers; the generator under **5 minutes**. A staff
member's own pages and a trainer's own days must not grow with the nation. On PostgreSQL, **sign-ups per second**
with 50 clients at once over HTTP (a real server on loopback), with no error answer and no overbooking: see the end of
its section. The follow-up reports (issue 7): each under **300 ms** for one region and **2 s** for the nation on
PostgreSQL, the xlsx export of the largest under **10 s**; `manage.py bench_followup` times them after the pages, on
the same data, and writes its own part of the notes ("Follow-up reports").

**How it is measured.** Each case is requested through Django's test client as a signed-in person (the real URLconf,
middleware, session, templates and serializers; no network and no WSGI server, so a real deployment adds a little):
5 warm-up requests, then N timed requests one after another, then one more that counts the SQL queries. p50 and p95
are nearest-rank percentiles of the N timings; *max* is the slowest. *CPU p50* is the benchmark process's own CPU
time per request (Python, templates, and on SQLite the database too; PostgreSQL's work happens in its server): it
moves less than the wall-clock figures when other work shares the machine. Settings: `config.settings.base` (DEBUG
off, as in production; locmem cache; database connections are closed or health-checked around each request as
Django's request handler does, so SQLite (`CONN_MAX_AGE` 0) connects per request and PostgreSQL keeps its
connection). The people are the k-admin of the largest municipality, the regional admin and a trainer of the largest
region, a system admin (who sees the nation), a staff member on Barn och unga at its first level with a course under
way and a course day booked (the first such by id), and the manager of the largest unit (a home-care area of 540
staff). The occasion page is the coming occasion of the largest region with the longest waitlist; the filtered list
is that region's course with most coming occasions over the coming 60 days. The trainers' cases take 20 rows in
turn, drawn with a fixed seed, so that no single row is timed hot: the substitutes page (the ranked list with the
one-step reassign form) for 20 coming course days of the largest region that a trainer reported absence from and
nobody has taken yet, as its regional admin; *Mina dagar* in Plattformen as 20 of the 100 trainers of that region
with most coming days, each signed in. Marking a task done posts `done=1` and `done=0` in turn to a mandatory task
of the course under way, so every request writes (the task row, the course's progress row, the enrolment's last
activity) and the data ends as it began; it answers with a redirect, which is not followed. Every account shares one
Argon2 hash, made once; signing in is not measured (`force_login`). After loading, the generator runs `ANALYZE`
(PostgreSQL: `VACUUM ANALYZE`), as autovacuum would.
"""


#: Server settings that decide plans and memory, shown with the figures (the benchmark changes none of them).
PG_SETTINGS = [
    "shared_buffers",
    "work_mem",
    "effective_cache_size",
    "random_page_cost",
    "max_parallel_workers_per_gather",
]


def _database_label() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            shown = []
            for name in PG_SETTINGS:
                cursor.execute(f"SHOW {name}")  # names from the list above, never from input
                shown.append(f"{name}={cursor.fetchone()[0]}")
        return f"PostgreSQL {version} ({', '.join(shown)})"
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


def _machine() -> str:
    memory = cpu = "?"
    try:
        kib = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        memory = f"{int(kib.group(1)) / 1024 / 1024:.0f} GiB"  # type: ignore[union-attr]
        model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = model.group(1).strip()  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} memory, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )


#: Options that only carry figures and commands into the report; left out of the command line it shows.
BOOKKEEPING = ("--generator-seconds", "--generator-command", "--migrate-command")


def _command_line() -> str:
    python = os.path.relpath(sys.executable, settings.BASE_DIR)
    env = f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', '')}"
    if "DATABASE_URL" in os.environ:
        env += f" DATABASE_URL={os.environ['DATABASE_URL']}"
    args, skip = [], False
    for arg in sys.argv:
        if skip:
            skip = False
        elif arg in BOOKKEEPING:
            skip = True
        elif not arg.startswith(tuple(f"{b}=" for b in BOOKKEEPING)):
            args.append(arg)
    return f"{env} {python} {shlex.join(args)}"


def _counts() -> str:
    roles = dict(RoleAssignment.objects.active().values("role").annotate(n=Count("id")).values_list("role", "n"))
    return (
        f"{Region.objects.count()} regions, {Municipality.objects.count()} municipalities, "
        f"{Unit.objects.count():,} units, {User.objects.count():,} accounts, "
        f"{RoleAssignment.objects.count():,} role assignments (active: "
        + ", ".join(f"{n:,} {role}" for role, n in sorted(roles.items(), key=lambda kv: -kv[1]))
        + f"), {Journey.objects.count()} journeys, {Course.objects.count()} courses; "
        + ", ".join(f"{n:,} {name}" for name, n in _learning_counts().items())
    )


def _learning_counts() -> dict[str, int]:
    return {
        "enrolments": Enrolment.objects.count(),
        "course-progress rows": CourseProgress.objects.count(),
        "task completions": TaskCompletion.objects.count(),
        "course occasions": Occasion.objects.count(),
        "registrations": Registration.objects.count(),
        "trainers": TrainerProfile.objects.filter(kind=TrainerKind.TRAINER).count(),
        "discussion leaders": TrainerProfile.objects.filter(kind=TrainerKind.DISCUSSION_LEADER).count(),
        "trainer day assignments": DayAssignment.objects.count(),
    }


def _states(states: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {state}" for state, n in sorted(states.items(), key=lambda kv: -kv[1]))


def _signup_lines(run: signup_bench.SignupRun | None) -> list[str]:
    """The sign-up run's figures, for the report."""
    if run is None:
        return []
    checks = "; ".join(run.problems) if run.problems else (
        "no occasion holds more people than its places, every waitlist is numbered 1..n without a gap or a "
        "repeat, no person is signed up twice, and there is one sign-up in the database per answer 201"
    )  # fmt: skip
    errors = run.failed
    lines = [
        "",
        "### Sign-ups per second over HTTP",
        "",
        f"**{run.per_second:.0f} sign-ups a second** with {run.clients} clients at once on loopback: "
        f"{len(run.latencies_ms):,} sign-ups in {run.seconds:.1f} s, latency p50 {run.percentile(0.5):.0f} ms, "
        f"p95 {run.percentile(0.95):.0f} ms, max {max(run.latencies_ms, default=0):.0f} ms; "
        f"**{errors} error answers** ({', '.join(f'{n:,} × {status}' for status, n in sorted(run.statuses.items()))}). "
        f"Result: {'PASS' if run.passed else '**FAIL**'}.",
        "",
        f"- **Server**: `{run.server}` on 127.0.0.1 (the production server and WSGI module, this database, "
        "the settings above; one database connection per server thread).",
        f"- **Clients**: {run.clients} threads of the bench process, each with its own keep-alive connection and its "
        "own signed-in session (CSRF cookie and header as a browser sends them), each a benchmark account with the "
        f'regional administrator\'s role in {run.region}. Each POSTs `{{"person": id}}` to '
        "`/api/v1/occasions/<id>/registrations/`, taking the next (occasion, person) pair from a shared list until "
        "none is left; latency is from sending the request to reading the whole answer.",
        f"- **Occasions**: {run.occasions} new coming occasions made for the run (`occasion_create`) with "
        f"{', '.join(map(str, signup_bench.CAPACITIES))} places in turn, {signup_bench.PER_OCCASION} sign-ups each, "
        f"{signup_bench.OPEN_AT_ONCE} taking sign-ups at a time; each person is active staff of the region, each "
        f"(occasion, person) pair once. Written: {_states(run.states)}.",
        f"- **Checked afterwards in the database**: {checks}. The run's accounts, sessions, occasions, sign-ups, "
        "audit lines and new progress rows are then removed again.",
    ]
    if connection.vendor == "sqlite":
        lines.append(
            "- **On SQLite** every transaction takes the database's write lock when it starts (`transaction_mode = "
            "IMMEDIATE`), so the sign-ups are written one at a time whatever the number of clients: hence fewer "
            "clients here. The figure to judge is PostgreSQL's."
        )
    lines += [f"- Error: `{e}`" for e in run.errors[:5]]
    return lines


def _section(cases: list[Case], *, actors: dict[str, User], options: dict[str, Any]) -> str:
    passed = sum(c.passed for c in cases)
    lines = [
        f"## {DATABASE_NAMES.get(connection.vendor, connection.vendor)}",
        "",
        f"- **Measured** {timezone.localtime():%Y-%m-%d %H:%M %Z} on {_machine()}; database {_database_label()}.",
        f"- **Data**: {_counts()}.",
    ]
    seconds = options["generator_seconds"]
    if seconds is not None:
        verdict = "PASS" if seconds < GENERATOR_LIMIT_S else "FAIL"
        lines.append(
            f"- **Generator wall time: {seconds:.1f} s** (target under {GENERATOR_LIMIT_S:.0f} s: {verdict}), "
            "including Python's start-up."
        )
    who = ", ".join(f"{name} `{user.username}`" for name, user in actors.items())
    lines += [
        f"- **As**: {who}.",
        f"- **Load average** (1 min) {options['load_before']:.1f} before and {options['load_after']:.1f} after the "
        f"run, on {os.cpu_count()} cores: anything above the benchmark's own 1 means other work shared the machine.",
        f"- **Result: {passed} of {len(cases)} cases meet their p95 target**, "
        f"{options['requests']} timed requests each.",
        "",
        "Commands:",
        "",
        "```sh",
    ]
    lines += [c for c in (options["migrate_command"], options["generator_command"]) if c]
    lines += [
        _command_line(),
        "```",
        "",
        "| case | request | p50 ms | p95 ms | max ms | CPU p50 ms | queries | KB | target p95 | result |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for c in cases:
        htmx = " (HX-Request)" if "HX-Request" in c.headers else ""
        request = f"{c.method} `{c.path}`{htmx}" + (
            " (" + " / ".join(_form(p) for p in c.posts) + ")" if c.posts else ""
        )
        if c.note:
            request += f" ({c.note})"
        lines.append(
            f"| {c.name} | {request} | {c.p50:.1f} | {c.p95:.1f} | {max(c.timings_ms):.1f} "
            f"| {statistics.median(c.cpu_ms):.1f} | {c.queries} "
            f"| {c.size_kb:.0f} | {c.target_ms:.0f} ms | {'PASS' if c.passed else '**FAIL**'} |"
        )
    lines += _signup_lines(options.get("signup_run"))
    lines += _scaling_table(options)
    return "\n".join(lines) + "\n"


def _form(data: dict[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in data.items())


# --- the scaling table: the journey's and the trainers' cases at each size ----------------------------


def _keep_scaling(path: Path, cases: list[Case], *, options: dict[str, Any]) -> None:
    """Add this run's scaling cases to the JSON file, under this nation's number of accounts."""
    kept = json.loads(path.read_text()) if path.exists() else {}
    accounts = User.objects.count()
    kept[str(accounts)] = {
        "accounts": accounts,
        **_learning_counts(),
        "generator_seconds": options["generator_seconds"],
        "generator_command": options["generator_command"],
        "bench_command": _command_line(),
        "load": [round(options["load_before"], 1), round(options["load_after"], 1)],
        "order": [c.scaling for c in cases if c.scaling],
        "cases": {
            c.scaling: {"p50": round(c.p50, 1), "p95": round(c.p95, 1), "target": c.target_ms, "queries": c.queries}
            for c in cases
            if c.scaling
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(kept, indent=1, sort_keys=True))
    options["scaling"] = kept


def _scaling_table(options: dict[str, Any]) -> list[str]:
    kept: dict[str, Any] = options.get("scaling") or {}
    if not kept:
        return []
    sizes = sorted(kept.values(), key=lambda k: k["accounts"])
    names = list(dict.fromkeys(name for size in sizes for name in size.get("order", sorted(size["cases"]))))
    lines = [
        "",
        "### How the journey's and the trainers' cases grow with the nation",
        "",
        "p50 / p95 in ms (queries per request). Each size is its own generated nation "
        "(`generate_national_data --people N`, same seed); the same kind of person at each size.",
        "",
        "| case | target p95 | " + " | ".join(f"{s['accounts']:,} accounts" for s in sizes) + " |",
        "|---|--:|" + "--:|" * len(sizes),
    ]
    for name in names:
        target = next(s["cases"][name]["target"] for s in sizes if name in s["cases"])
        cells = []
        for s in sizes:
            c = s["cases"].get(name)
            cells.append(f"{c['p50']:.1f} / {c['p95']:.1f} ({c['queries']} q)" if c else "–")
        lines.append(f"| {name} | {target:.0f} ms | " + " | ".join(cells) + " |")
    for label, key in (
        ("course-progress rows", "course-progress rows"),
        ("task completions", "task completions"),
        ("registrations", "registrations"),
        ("trainers", "trainers"),
        ("trainer day assignments", "trainer day assignments"),
    ):
        lines.append(f"| *{label}* | | " + " | ".join(f"{s.get(key, 0):,}" for s in sizes) + " |")
    lines.append(
        "| *generator wall time* | | "
        + " | ".join(f"{s['generator_seconds']:.1f} s" if s.get("generator_seconds") else "–" for s in sizes)
        + " |"
    )
    lines.append(
        "| *load average before / after* | | " + " | ".join(f"{s['load'][0]} / {s['load'][1]}" for s in sizes) + " |"
    )
    lines += ["", "Commands for the smaller sizes (the full size's are above):", "", "```sh"]
    for s in sizes[:-1]:
        lines += [c for c in (s.get("generator_command"), s.get("bench_command")) if c]
    lines.append("```")
    return lines


def _write_report(path: Path, vendor: str, section: str) -> None:
    """Replace this database's section (between markers), keep the others and the hand-written notes,
    rewrite the header."""
    old = path.read_text() if path.exists() else ""
    sections = dict(re.findall(r"<!-- bench:(\w+) -->\n(.*?)<!-- /bench:\1 -->", old, flags=re.S))
    notes = re.search(r"<!-- notes -->\n.*?<!-- /notes -->\n", old, flags=re.S)
    sections[vendor] = section
    order = [v for v in DATABASE_NAMES if v in sections] + sorted(v for v in sections if v not in DATABASE_NAMES)
    body = "\n".join(f"<!-- bench:{v} -->\n{sections[v]}<!-- /bench:{v} -->\n" for v in order)
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = notes.group(0) if notes else "<!-- notes -->\n<!-- /notes -->\n"
    path.write_text(f"{HEADER}\n{kept}\n{body}")
