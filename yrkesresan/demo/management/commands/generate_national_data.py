"""Fill the database with a synthetic nation for benchmarks (see ``yrkesresan.demo.national``).

    DATABASE_URL=sqlite:///var/bench.sqlite3 python manage.py generate_national_data --reset

Refuses a database that already holds organisations, people or journeys unless ``--reset``,
which empties every table first (``flush``). Never point it at data you want to keep.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from yrkesresan.demo import national, national_billing


class Command(BaseCommand):
    help = "Generate national-scale synthetic data: 21 regions, 290 municipalities, ~6,000 units, 300,000 accounts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--people", type=int, default=national.FULL_SCALE, help="Number of accounts (default 300000)."
        )
        parser.add_argument("--seed", type=int, default=2023, help="Random seed: the same seed gives the same data.")
        parser.add_argument(
            "--reset", action="store_true", help="Empty the whole database first (flush). Destroys all its data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if national.database_has_data():
            if not options["reset"]:
                raise CommandError(
                    f"The database {connection.settings_dict['NAME']} already holds data. "
                    "Run with --reset to empty it first (this deletes everything in it)."
                )
            self.stdout.write("Emptying the database (flush)…")
            call_command("flush", interactive=False, verbosity=0)
        self.stdout.write(f"Generating a nation with {options['people']:,} accounts on {connection.vendor}:")
        try:
            summary = national.generate(people=options["people"], seed=options["seed"], log=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        summary.counts.update(national_billing.generate(log=self.stdout.write))  # issue 6: a fee schedule a year
        for name, count in summary.counts.items():
            self.stdout.write(f"  {name:<24} {count:>10,}")
        self.stdout.write("  active roles:")
        for role, count in summary.roles.items():
            self.stdout.write(f"    {role:<26} {count:>8,}")
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.perf_counter() - started:.1f} s."))
