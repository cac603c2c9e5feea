"""A small, complete world for tests: two regions, municipalities, units and one person in
every role, plus outsiders in another municipality and another region. Built through the
real services, as the pages would build it.

    region Dalarna ── Avesta ── unit "Avesta hemtjänst" (staff, manager)
                   │         └─ unit "Avesta boende"
                   └─ Falun ─── unit "Falun hemtjänst" (staff_falun)
    region Gävleborg ── Gävle ── unit "Gävle hemtjänst" (staff_gavle)

Journeys: ``staff`` (Avesta hemtjänst) and ``staff_boende`` are on BoU, level NY, and booked
on ``occasion``, a Dalarna occasion of ``bou_course`` with two course days next month.
``staff_falun`` is on Funk utförare BAS. Nobody has done a task yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.models import User
from yrkesresan.catalog.models import Course, Journey, Level, PreparationTask
from yrkesresan.catalog.services import course_save, journey_editor_appoint, level_save, task_save
from yrkesresan.learning.services import enrolment_place
from yrkesresan.occasions.models import Occasion
from yrkesresan.occasions.services import occasion_create, registration_create
from yrkesresan.organisations.models import Municipality, Region, Unit
from yrkesresan.organisations.services import municipality_create, region_create, unit_create

PASSWORD = "Kursdag-2026"

#: The roles of the permission matrix, each an actor in ``World.people``.
ROLES = [
    "staff",
    "manager",
    "municipal_admin",
    "trainer",
    "regional_project_leader",
    "regional_admin",
    "national_editor",
    "system_admin",
]


@dataclass
class World:
    dalarna: Region
    gavleborg: Region
    avesta: Municipality
    falun: Municipality
    gavle: Municipality
    avesta_home: Unit
    avesta_boende: Unit
    falun_home: Unit
    gavle_home: Unit
    bou: Journey
    funk: Journey
    bou_ny: Level
    funk_bas: Level
    bou_course: Course
    funk_course: Course
    bou_task: PreparationTask
    bou_file_task: PreparationTask
    funk_task: PreparationTask
    occasion: Occasion
    people: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, key: str) -> User:
        return self.people[key]


def build_world(*, password: str = PASSWORD) -> World:
    admin = accounts.system_admin_bootstrap(
        username="system_admin", password=password, first_name="Sys", last_name="Admin"
    )
    dalarna = region_create(name="Region Dalarna", county_code="20")
    gavleborg = region_create(name="Region Gävleborg", county_code="21")
    avesta = municipality_create(region=dalarna, name="Avesta", scb_code="2084", populations={2023: 22753})
    falun = municipality_create(region=dalarna, name="Falun", scb_code="2080", populations={2023: 59986})
    gavle = municipality_create(region=gavleborg, name="Gävle", scb_code="2180", populations={2023: 104000})
    units = {
        "avesta_home": unit_create(actor=admin, municipality=avesta, name="Avesta hemtjänst"),
        "avesta_boende": unit_create(actor=admin, municipality=avesta, name="Avesta boende"),
        "falun_home": unit_create(actor=admin, municipality=falun, name="Falun hemtjänst"),
        "gavle_home": unit_create(actor=admin, municipality=gavle, name="Gävle hemtjänst"),
    }
    bou = Journey.objects.create(code="bou", name="Barn och unga, myndighetsutövning", short_name="BoU", order=1)
    funk = Journey.objects.create(
        code="funk-utforare", name="Funktionshinder, utförarverksamhet", short_name="Funk utförare", order=2
    )
    bou_ny = level_save(actor=admin, journey=bou, code="ny", name="NY", objectives="Arbeta utifrån uppdraget")
    funk_bas = level_save(actor=admin, journey=funk, code="bas", name="BAS")
    bou_course = course_save(
        actor=admin,
        journey=bou,
        level=bou_ny,
        code="barnet-i-centrum",
        title="Handläggning med barnet i centrum",
        kind="led",
        day_count=4,
        day_mode="mixed",
        checklist="Läs mer om BBIC",
    )
    funk_course = course_save(
        actor=admin,
        journey=funk,
        level=funk_bas,
        code="kurs-1",
        title="Kurs 1 Introduktionskurs",
        kind="led",
        day_count=1,
        day_mode="on_site",
    )
    bou_task = task_save(actor=admin, course=bou_course, title="Läs om BBIC", format="text", minutes=30, body="Text")
    funk_task = task_save(actor=admin, course=funk_course, title="Värdegrund", format="text", minutes=20, body="Text")
    bou_file_task = task_save(
        actor=admin,
        course=bou_course,
        title="Handbok, kapitel 1",
        format="file",
        minutes=15,
        file=ContentFile(b"%PDF-1.4\n% test\n", name="handbok.pdf"),
    )

    people: dict[str, User] = {"system_admin": admin}

    def person(username: str, role: str, place: Any) -> User:
        user = accounts.person_create(
            actor=admin,
            username=username,
            first_name=username.split("_")[0].title(),
            last_name="Testsson",
            email=f"{username}@example.org",
            role=role,
            place=place,
            password=password,
        )
        people[username] = user
        return user

    person("staff", "staff", units["avesta_home"])
    person("manager", "manager", units["avesta_home"])
    person("municipal_admin", "municipal_admin", avesta)
    person("trainer", "trainer", avesta)
    person("regional_project_leader", "regional_project_leader", dalarna)
    person("regional_admin", "regional_admin", dalarna)
    editor = person("national_editor", "national_editor", None)
    journey_editor_appoint(actor=admin, journey=bou, person=editor)
    # Outsiders: the same roles elsewhere, and staff to try to reach.
    person("staff_boende", "staff", units["avesta_boende"])
    person("staff_falun", "staff", units["falun_home"])
    person("municipal_admin_falun", "municipal_admin", falun)
    person("staff_gavle", "staff", units["gavle_home"])
    person("regional_admin_gavleborg", "regional_admin", gavleborg)

    enrolment_place(actor=people["manager"], person=people["staff"], journey=bou, level=bou_ny, notify=False)
    enrolment_place(
        actor=people["municipal_admin"], person=people["staff_boende"], journey=bou, level=bou_ny, notify=False
    )
    enrolment_place(
        actor=people["municipal_admin_falun"], person=people["staff_falun"], journey=funk, level=funk_bas, notify=False
    )
    soon = timezone.localdate() + datetime.timedelta(days=30)
    occasion = occasion_create(
        actor=people["regional_admin"],
        course=bou_course,
        region=dalarna,
        capacity=20,
        name="Omgång 1",
        days=[
            {
                "date": soon,
                "starts": datetime.time(9),
                "ends": datetime.time(16),
                "venue": "Folkets hus",
                "address": "Avesta",
            },
            {
                "date": soon + datetime.timedelta(days=7),
                "starts": datetime.time(9),
                "ends": datetime.time(12),
                "mode": "digital",
                "link": "https://meet.example.org/bou",
            },
        ],
    )
    for username in ("staff", "staff_boende"):
        registration_create(actor=people["regional_admin"], occasion=occasion, person=people[username])
    return World(
        dalarna=dalarna,
        gavleborg=gavleborg,
        avesta=avesta,
        falun=falun,
        gavle=gavle,
        bou=bou,
        funk=funk,
        bou_ny=bou_ny,
        funk_bas=funk_bas,
        bou_course=bou_course,
        funk_course=funk_course,
        bou_task=bou_task,
        bou_file_task=bou_file_task,
        funk_task=funk_task,
        occasion=occasion,
        people=people,
        **units,
    )


def grow_catalog(world: World, *, n: int = 5, prefix: str = "extra") -> None:
    """Add ``n`` courses with three tasks each to BoU NY: for tests that pin query counts, which
    must not grow with the catalog."""
    admin = world["system_admin"]
    for i in range(n):
        course = course_save(
            actor=admin,
            journey=world.bou,
            level=world.bou_ny,
            code=f"{prefix}-{i}",
            title=f"Kurs {prefix} {i}",
            kind="led",
            day_count=1,
            day_mode="on_site",
            checklist="a\nb",
        )
        for j in range(3):
            task_save(actor=admin, course=course, title=f"Uppgift {i}.{j}", format="text", minutes=10)
