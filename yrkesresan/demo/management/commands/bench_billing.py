"""Time issue 6's case on generated national data: a region's trainer pot for the year and every municipality's
year-end basis, from one reading of the data (``billing.selectors.year_close``), per region.

    DJANGO_SETTINGS_MODULE=config.settings.base DATABASE_URL=... python manage.py bench_billing --runs 7

Needs the nation of ``generate_national_data`` (which adds the fee schedules through ``national_billing``; this
command adds them too if they are missing, so an older generated database works). For each of the 21 regions:
one warm-up run, then ``--runs`` timed ones; p50 and p95 (nearest rank) and the slowest. The charged
participant-days are the pot's, the lines every municipality's year-end draft. Writes nothing but the schedules.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.db.models import Count
from django.utils import timezone

from yrkesresan.billing import selectors
from yrkesresan.demo import national_billing
from yrkesresan.organisations.models import Region

TARGET_S = 2.0


def billing_case(region: Region, year: int) -> tuple[int, int]:
    """The timed work: the pot and every municipality's year-end basis; (participant-days, lines)."""
    pot, views = selectors.year_close(region=region, year=year)
    return pot.participant_days, sum(len(v.lines) for v in views)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Time a region's trainer pot and year-end bases (issue 6) for every region of the generated nation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--runs", type=int, default=7, help="Timed runs per region (default 7).")
        parser.add_argument("--year", type=int, default=None, help="The year (default: this year).")
        parser.add_argument("--only", default="", help="Only regions whose county code or name contains this.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError("Benchmark with DEBUG off: DJANGO_SETTINGS_MODULE=config.settings.base.")
        if not Region.objects.exists():
            raise CommandError("No regions: run generate_national_data first.")
        national_billing.generate(log=self.stdout.write)
        year = options["year"] or timezone.localdate().year
        regions = list(Region.objects.annotate(n=Count("municipalities")).order_by("county_code"))
        regions = [r for r in regions if options["only"] in r.county_code or options["only"] in r.name]
        self.stdout.write(
            f"Issue 6 on {connection.vendor}, {year}: year_close (pot + year-end bases) per region, "
            f"1 warm-up + {options['runs']} timed runs each."
        )
        self.stdout.write(
            "| county | region | municipalities | participant-days | lines | queries "
            "| p50 s | p95 s | max s | CPU p50 s |"
        )
        self.stdout.write("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        worst = 0.0
        for region in regions:
            days, lines = billing_case(region, year)
            timings, cpu = [], []
            for _ in range(options["runs"]):
                started, cpu_started = time.perf_counter(), time.process_time()
                billing_case(region, year)
                timings.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
            connection.force_debug_cursor = True
            reset_queries()
            billing_case(region, year)
            queries = len(connection.queries)
            connection.force_debug_cursor = False
            worst = max(worst, _p95(timings))
            self.stdout.write(
                f"| {region.county_code} | {region.name} | {region.n} | {days:,} | {lines:,} | {queries} "
                f"| {statistics.median(timings):.2f} | {_p95(timings):.2f} | {max(timings):.2f} "
                f"| {statistics.median(cpu):.2f} |"
            )
        self.stdout.write(f"Load average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
        verdict = "PASS" if worst < TARGET_S else "FAIL"
        self.stdout.write(f"Slowest region p95: {worst:.2f} s (target under {TARGET_S:.0f} s): {verdict}")
