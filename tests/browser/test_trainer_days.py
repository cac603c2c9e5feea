"""A trainer's own days (issue 5, the trainer's view): on a phone the trainer opens Plattformen and sees
their next course day at once, opens it and finds the team and the participants; reports that they cannot
come and says when they cannot teach. A manager sees their staff who teach. Every page is checked on a
desktop and on a 360 px phone."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yrkesresan.occasions.tests.test_attendance import booked_occasion
from yrkesresan.trainers.models import DayRole, TeamRole
from yrkesresan.trainers.services import (
    day_assign,
    qualification_grant,
    team_member_add,
    trainer_profile_save,
    unavailability_add,
)
from yrkesresan.trainers.tests.conftest import make_discussion_leader, make_trainer

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

NEXT_DAY = re.compile(r"^(Din nästa kursdag|Your next course day)$")
OPEN_DAY = re.compile(r"^(Öppna dagen: team och deltagare|Open the day: team and participants)$")
CANNOT_COME = re.compile(r"^(Jag kan inte komma|I cannot come)$")


def _trainer_with_days(world):
    """The world's trainer (Avesta) leads an occasion with five booked: day one in two days, day two in
    nine; Falun's trainer trains day one."""
    admin = world["regional_admin"]
    trainer = trainer_profile_save(actor=admin, person=world["trainer"], home_municipality=world.avesta)
    qualification_grant(actor=admin, trainer=trainer, course=world.bou_course)
    falun = make_trainer(world, "falun", world.falun)
    occasion = booked_occasion(world, 5, day_offsets=(2, 9))
    first, second = occasion.days.order_by("date")
    team_member_add(actor=admin, occasion=occasion, trainer=trainer, role=TeamRole.LEADER)
    team_member_add(actor=admin, occasion=occasion, trainer=falun, role=TeamRole.TRAINER)
    lead = day_assign(actor=admin, course_day=first, trainer=trainer, role=DayRole.LEADER)
    day_assign(actor=admin, course_day=first, trainer=falun, role=DayRole.TRAINER)
    day_assign(actor=admin, course_day=second, trainer=trainer, role=DayRole.LEADER)
    return trainer, lead


def test_a_trainer_sees_the_next_day_at_once_and_opens_its_team_and_participants(world, page, open_as, viewport):
    trainer, lead = _trainer_with_days(world)

    open_as(trainer.user, reverse("plattformen"))
    heading = page.get_by_role("heading", name=NEXT_DAY)
    expect(heading).to_be_in_viewport()  # no scrolling to find it, on a phone too
    expect(page.get_by_role("link", name=OPEN_DAY)).to_be_in_viewport()
    check_page(page, name="my-days-plattformen", viewport=viewport)
    assert small_touch_targets(page, selector="main .next-step .button") == []

    page.get_by_role("link", name=OPEN_DAY).click()
    expect(page).to_have_url(re.compile(reverse("my_trainer_day", args=[lead.pk]) + "$"))
    expect(page.get_by_text("Falun Utbildare").first).to_be_visible()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(5)
    expect(page.get_by_role("cell", name="Deltagare Nummer 03")).to_be_visible()
    check_page(page, name="my-day", viewport=viewport)
    assert small_touch_targets(page, selector="main .button") == []

    page.get_by_role("link", name=CANNOT_COME).click()
    check_page(page, name="my-day-absence", viewport=viewport)

    open_as(trainer.user, reverse("my_trainer_days"))
    expect(page.locator(".my-day")).to_have_count(2)
    check_page(page, name="my-days", viewport=viewport)
    assert small_touch_targets(page, selector="main .my-actions .button") == []

    unavailability_add(
        actor=trainer.user,
        trainer=trainer,
        start=timezone.localdate() + datetime.timedelta(days=30),
        end=timezone.localdate() + datetime.timedelta(days=36),
        reason="Semester",
    )
    open_as(trainer.user, reverse("my_availability"))
    expect(page.get_by_role("cell", name="Semester")).to_be_visible()
    check_page(page, name="my-availability", viewport=viewport)
    assert small_touch_targets(page) == []


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_trainer_reports_on_a_phone_that_they_cannot_come(world, page, open_as, viewport):
    trainer, lead = _trainer_with_days(world)

    open_as(trainer.user, reverse("my_trainer_day", args=[lead.pk]))
    page.get_by_role("link", name=CANNOT_COME).tap()
    page.get_by_label(re.compile(r"^(Varför kan du inte komma|Why can you not come)")).fill("Sjuk")
    page.get_by_role("button", name=re.compile(r"^(Anmäl att jag inte kan komma|Report that I cannot come)$")).tap()

    expect(page.get_by_role("status")).to_contain_text(re.compile(r"(Samordnaren har fått besked|has been told)"))
    check_page(page, name="my-day-absent", viewport=viewport)
    lead.refresh_from_db()
    assert lead.absent and lead.absence_reason == "Sjuk"


def test_a_manager_sees_the_days_their_staff_teach(world, page, open_as, viewport):
    leader = make_discussion_leader(world, "hanna", world.avesta_home)

    open_as(world["manager"], reverse("stationen"))
    page.get_by_role("link", name=re.compile(r"(Se deras kursdagar|See their course days)")).click()
    expect(page.get_by_role("heading", name=str(leader.user))).to_be_visible()
    check_page(page, name="staff-trainer-days", viewport=viewport)
