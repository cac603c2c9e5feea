"""Load the demo: Dalarna and Gävleborg, units, people in every role, the five journeys, staff
on their journeys with course occasions (yrkesresan.demo.journeys), and Dalarna's trainer pool with
the teams and course days of its occasions (yrkesresan.demo.trainer_pool), billing
(yrkesresan.demo.billing) and follow-up: surveys with answers, the inventory and planning (yrkesresan.demo.followup).

Runs through the same services as the pages, so the audit trail shows the demo's history.
Safe to run again: it does nothing when the demo is already loaded.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.models import User
from yrkesresan.catalog.demo_content import JOURNEYS
from yrkesresan.catalog.models import Journey
from yrkesresan.catalog.seed import catalog_seed
from yrkesresan.catalog.services import journey_editor_appoint
from yrkesresan.organisations.models import Municipality, Region, Unit
from yrkesresan.organisations.services import municipality_create, region_create, unit_create

from ...billing import demo_billing_load
from ...data import (
    COORDINATES,
    DALARNA,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    EXTRA_ROLES,
    FIRST_NAMES,
    GAVLEBORG,
    LAST_NAMES,
    STAFF_PER_UNIT,
    UNIT_NAMES,
)
from ...followup import demo_followup_load
from ...journeys import demo_journeys_load
from ...trainer_pool import demo_trainers_load
from ...trainer_recruiting import demo_recruiting_load


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username="admin").exists():
            self.stdout.write("The demo data is already loaded.")
        else:
            self._load()
        self._print_logins()

    @transaction.atomic
    def _load(self) -> None:
        admin_row = DEMO_LOGINS[0]
        admin = accounts.system_admin_bootstrap(
            username=admin_row[0],
            password=DEMO_PASSWORD,
            first_name=admin_row[1],
            last_name=admin_row[2],
            email=admin_row[3],
        )
        for spec in (DALARNA, GAVLEBORG):
            region = region_create(name=spec["name"], county_code=spec["county_code"])
            for name, code, population in spec["municipalities"]:
                latitude, longitude = COORDINATES[code]
                municipality = municipality_create(
                    region=region,
                    name=name,
                    scb_code=code,
                    populations={2023: population},
                    latitude=Decimal(latitude),
                    longitude=Decimal(longitude),
                )
                for unit_name in UNIT_NAMES[: 4 if name in ("Avesta", "Falun", "Borlänge", "Gävle") else 3]:
                    unit_create(actor=admin, municipality=municipality, name=unit_name)
        catalog_seed(actor=admin, journeys=JOURNEYS)

        for username, first, last, email, role, place in DEMO_LOGINS[1:]:
            if role == "national_editor":
                person = accounts.person_create(
                    actor=admin,
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=email,
                    role=role,
                    place=None,
                    password=DEMO_PASSWORD,
                )
                journey_editor_appoint(actor=admin, journey=Journey.objects.get(code=place[1]), person=person)
                continue
            accounts.person_create(
                actor=admin,
                username=username,
                first_name=first,
                last_name=last,
                email=email,
                role=role,
                place=_place(place),
                password=DEMO_PASSWORD,
            )
        for username, role, place in EXTRA_ROLES:
            accounts.role_assign(
                actor=admin, person=User.objects.get(username=username), role=role, place=_place(place)
            )

        # Staff in every unit: one shared password hash, so the demo loads in seconds (Argon2 is slow by design).
        shared_hash = make_password(DEMO_PASSWORD)
        names = itertools.cycle(itertools.product(FIRST_NAMES, LAST_NAMES))
        taken = set(User.objects.values_list("username", flat=True))
        for unit in Unit.objects.select_related("municipality").order_by("municipality__name", "name"):
            for i in range(STAFF_PER_UNIT):
                first, last = next(names)
                username = f"{first}.{last}".lower()
                n = 1
                while username in taken:
                    n += 1
                    username = f"{first}.{last}{n}".lower()
                taken.add(username)
                email = "" if i % 2 else f"{username}@{unit.municipality.name.lower()}.example"
                person = accounts.person_create(
                    actor=admin,
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=email.replace("ä", "a").replace("å", "a").replace("ö", "o"),
                    role="staff",
                    place=unit,
                    password="",
                    notify=False,
                )
                User.objects.filter(pk=person.pk).update(password=shared_hash)
        demo_journeys_load(admin=admin)
        demo_trainers_load(admin=admin)
        demo_recruiting_load(admin=admin)
        demo_billing_load(admin=admin)
        demo_followup_load(admin=admin)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {Region.objects.count()} regions, {Municipality.objects.count()} municipalities, "
                f"{Unit.objects.count()} units, {User.objects.count()} people and {Journey.objects.count()} journeys."
            )
        )

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for username, _first, _last, _email, role, place in DEMO_LOGINS:
            where = " / ".join(place[1:]) or "hela landet"
            self.stdout.write(f"  {username:<24} {role:<26} {where}")


def _place(place: tuple[str, ...]) -> Any:
    kind = place[0]
    if kind == "nation":
        return None
    if kind == "region":
        return Region.objects.get(name=place[1])
    if kind == "municipality":
        return Municipality.objects.get(name=place[1])
    return Unit.objects.get(municipality__name=place[1], name=place[2])
