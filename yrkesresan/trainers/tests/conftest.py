"""A trainer pool in Dalarna on top of the shared ``world``.

    Avesta ── "trainer" (world's; Avesta)      Falun ── falun
    Borlänge ── borlange                        Mora ── mora (far north)
    Gagnef ── gagnef (no coordinates: distance unknown)
    Avesta ── avesta_new (not qualified)        Gävle ── gavle (Gävleborg's pool)

Everyone but ``avesta_new`` is qualified for ``world.bou_course``. ``occasion`` is a Dalarna occasion of
that course next spring: day 1 in Avesta ("Kungsgatan 1, Avesta"), day 2 in Falun, day 3 digital.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.occasions.models import CourseDay, Occasion
from yrkesresan.occasions.services import occasion_create
from yrkesresan.organisations.models import Municipality
from yrkesresan.organisations.services import municipality_create
from yrkesresan.trainers.models import TrainerKind, TrainerProfile
from yrkesresan.trainers.services import qualification_grant, trainer_profile_save

NEXT = timezone.localdate().year + 1
D1 = datetime.date(NEXT, 3, 10)
D2 = datetime.date(NEXT, 3, 17)
D3 = datetime.date(NEXT, 4, 14)

COORDINATES = {
    "Avesta": ("60.1456", "16.1679"),
    "Falun": ("60.6065", "15.6355"),
    "Gävle": ("60.6749", "17.1413"),
}


def day(date: datetime.date, **extra: Any) -> dict[str, Any]:
    return {"date": date, "starts": datetime.time(9), "ends": datetime.time(16), "venue": "Medborgarhuset", **extra}


def make_occasion(world: Any, days: list[dict[str, Any]], *, name: str = "Omgång T", **extra: Any) -> Occasion:
    return occasion_create(
        actor=extra.pop("actor", world["regional_admin"]),
        course=world.bou_course,
        region=extra.pop("region", world.dalarna),
        capacity=20,
        name=name,
        days=days,
        **extra,
    )


def make_trainer(
    world: Any,
    username: str,
    municipality: Municipality,
    *,
    max_days: int = 2,
    qualified: bool = True,
    actor: Any = None,
) -> TrainerProfile:
    person = accounts.person_create(
        actor=world["system_admin"],
        username=username,
        first_name=username.replace("_", " ").title(),
        last_name="Utbildare",
        email=f"{username}@example.org",
        role="trainer",
        place=municipality,
        notify=False,
    )
    profile = trainer_profile_save(
        actor=actor or world["regional_admin"],
        person=person,
        home_municipality=municipality,
        max_days_per_term=max_days,
    )
    if qualified:
        qualification_grant(actor=actor or world["regional_admin"], trainer=profile, course=world.bou_course)
    return profile


def make_discussion_leader(world: Any, username: str, unit: Any) -> TrainerProfile:
    person = accounts.person_create(
        actor=world["system_admin"],
        username=username,
        first_name=username.title(),
        last_name="Samtalsledare",
        email=f"{username}@example.org",
        role="staff",
        place=unit,
        notify=False,
    )
    profile = trainer_profile_save(
        actor=world["municipal_admin"],
        person=person,
        home_municipality=unit.municipality,
        kind=TrainerKind.DISCUSSION_LEADER,
    )
    qualification_grant(actor=world["municipal_admin"], trainer=profile, course=world.funk_course)
    return profile


@dataclass
class Pool:
    world: Any
    occasion: Occasion
    days: list[CourseDay]
    trainers: dict[str, TrainerProfile] = field(default_factory=dict)

    def __getitem__(self, key: str) -> TrainerProfile:
        return self.trainers[key]

    @property
    def coordinator(self) -> Any:
        return self.world["regional_admin"]


@pytest.fixture
def pool(world):
    for name, (lat, lon) in COORDINATES.items():
        Municipality.objects.filter(name=name).update(latitude=Decimal(lat), longitude=Decimal(lon))
    world.avesta.refresh_from_db()
    world.falun.refresh_from_db()
    borlange = municipality_create(
        region=world.dalarna,
        name="Borlänge",
        scb_code="2081",
        latitude=Decimal("60.4858"),
        longitude=Decimal("15.4371"),
    )
    mora = municipality_create(
        region=world.dalarna, name="Mora", scb_code="2062", latitude=Decimal("61.0070"), longitude=Decimal("14.5430")
    )
    gagnef = municipality_create(region=world.dalarna, name="Gagnef", scb_code="2026")
    trainers = {
        "avesta": trainer_profile_save(
            actor=world["regional_admin"], person=world["trainer"], home_municipality=world.avesta
        ),
        "falun": make_trainer(world, "falun", world.falun),
        "borlange": make_trainer(world, "borlange", borlange),
        "mora": make_trainer(world, "mora", mora),
        "gagnef": make_trainer(world, "gagnef", gagnef),
        "avesta_new": make_trainer(world, "avesta_new", world.avesta, qualified=False),
        "gavle": make_trainer(world, "gavle", world.gavle, actor=world["regional_admin_gavleborg"]),
    }
    qualification_grant(actor=world["regional_admin"], trainer=trainers["avesta"], course=world.bou_course)
    occasion = make_occasion(
        world,
        [
            day(D1, address="Kungsgatan 1, Avesta"),
            day(D2, venue="Kulturhuset", address="Falun"),
            day(D3, mode="digital", link="https://meet.example.org/t", venue=""),
        ],
    )
    return Pool(world=world, occasion=occasion, days=list(occasion.days.order_by("date")), trainers=trainers)
