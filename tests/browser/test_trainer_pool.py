"""The coordinators' trainer pool in a real browser: the regional administrator finds a trainer in the pool,
opens their page and notes days the trainer cannot teach; the pool, a trainer's page, the "add a trainer"
page and the days-taught report are accessible on a desktop and on a 360 px phone."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yrkesresan.accounts import services as accounts
from yrkesresan.trainers.models import DayRole, TeamRole, TrainerProfile, Unavailability
from yrkesresan.trainers.services import day_assign, team_member_add, trainer_profile_save
from yrkesresan.trainers.tests.conftest import day, make_occasion, make_trainer

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

SHOW = re.compile(r"^(Visa|Show)$")
SAVE_DAYS = re.compile(r"^(Spara dagarna|Save the days)$")
SAVED = re.compile(r"(kan inte undervisa då|cannot teach then)")
ADD_TRAINER = re.compile(r"^(Lägg till utbildare|Add a trainer)$")

TODAY = timezone.localdate()
LAST_YEAR = datetime.date(TODAY.year - 1, 3, 3)


def _pool(world: Any) -> dict[str, TrainerProfile]:
    """Dalarna's pool: the world's trainer (Avesta) and Falun's, who taught last year and teaches today."""
    admin = world["regional_admin"]
    trainers = {
        "avesta": trainer_profile_save(actor=admin, person=world["trainer"], home_municipality=world.avesta),
        "falun": make_trainer(world, "falun", world.falun),
    }
    for when, name in ((LAST_YEAR, "Förra året"), (TODAY, "I dag")):
        occasion = make_occasion(world, [day(when, address="Falun")], name=name)
        team_member_add(actor=admin, occasion=occasion, trainer=trainers["falun"], role=TeamRole.LEADER)
        day_assign(actor=admin, course_day=occasion.days.get(), trainer=trainers["falun"], role=DayRole.LEADER)
    return trainers


def test_a_regional_admin_finds_a_trainer_and_notes_days_they_cannot_teach(
    world: Any, page: Any, open_as: Any, viewport: str
) -> None:
    trainer = _pool(world)["falun"]
    start = TODAY + datetime.timedelta(days=40)
    open_as(world["regional_admin"], reverse("trainer_pool"))

    page.get_by_label(re.compile(r"^(Namn|Name)")).fill("falun")
    page.get_by_role("button", name=SHOW).click()
    expect(page.get_by_role("link", name="Utbildare, Falun")).to_have_count(1)
    expect(page.get_by_role("link", name="Testsson, Trainer")).to_have_count(0)
    page.get_by_role("link", name="Utbildare, Falun").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Falun Utbildare")
    page.locator("#id_unavailable-start").fill(start.isoformat())
    page.locator("#id_unavailable-end").fill((start + datetime.timedelta(days=6)).isoformat())
    page.locator("#id_unavailable-reason").fill("Semester")
    page.get_by_role("button", name=SAVE_DAYS).click()

    expect(page.get_by_text(SAVED)).to_be_visible()
    assert Unavailability.objects.get(trainer=trainer).reason == "Semester"
    check_page(page, name="trainer-detail", viewport=viewport)
    assert small_touch_targets(page) == []


def test_the_pool_pages_and_the_report_are_accessible(world: Any, page: Any, open_as: Any, viewport: str) -> None:
    trainer = _pool(world)["falun"]
    admin = world["regional_admin"]

    open_as(admin, reverse("trainer_pool"))
    expect(page.get_by_role("link", name=ADD_TRAINER)).to_be_visible()
    check_page(page, name="trainer-pool", viewport=viewport)
    assert small_touch_targets(page) == []

    accounts.person_create(
        actor=world["system_admin"],
        username="ny_utbildare",
        first_name="Nya",
        last_name="Avestasson",
        email="ny.utbildare.med.en.lang.adress@avesta.example.org",
        role="trainer",
        place=world.avesta,
        notify=False,
    )
    open_as(admin, reverse("trainer_add"))
    expect(page.get_by_label(re.compile(r"^Nya Avestasson"))).to_be_visible()  # suggested: a trainer not in a pool
    check_page(page, name="trainer-add", viewport=viewport)

    open_as(admin, reverse("trainer_edit", args=[trainer.pk]))
    check_page(page, name="trainer-edit", viewport=viewport)

    open_as(admin, reverse("days_taught_report") + "?period=last_year")
    expect(page.get_by_role("cell", name="Falun Utbildare")).to_be_visible()
    check_page(page, name="days-taught-report", viewport=viewport)
