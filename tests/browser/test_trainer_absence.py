"""A trainer reports absence on a phone; the coordinator reassigns on a desktop (the trainer-teams issue).

The trainer opens their course days in Plattformen on a 360 px phone, opens the day and reports that they
cannot come, with a reason. The coordinator follows the link in the e-mail they get, on a desktop: the
ranked substitutes, the reserve first; one press puts the reserve in; the team page and the day's history
show both trainers and the reason. Every page on the way passes the accessibility check."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from yrkesresan.occasions.services import occasion_create
from yrkesresan.trainers.models import DayAction, DayAssignment, DayAssignmentEvent, DayRole, TeamRole
from yrkesresan.trainers.services import day_assign, qualification_grant, team_member_add, trainer_profile_save
from yrkesresan.trainers.tests.conftest import make_trainer

from .helpers import check_page

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

CANNOT_COME = re.compile(r"^(Jag kan inte komma|I cannot come)$")
WHY = re.compile(r"^(Varför kan du inte komma|Why can you not come)")
REPORT = re.compile(r"^(Anmäl att jag inte kan komma|Report that I cannot come)$")
FIND = re.compile(r"^(Hitta ersättare|Find a substitute)")
HISTORY = re.compile(r"^(Dagens historik|History of the day)")
TEAM_LINK = re.compile(r"^(Utbildarteam och kursdagar|Trainer team and course days)$")


def _signed_in(browser: Any, live_server: Any, user: Any, screen: dict[str, Any]) -> tuple[Any, Any]:
    """A browser context of its own (a phone or a desktop), signed in as ``user``, and a page in it."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", **screen)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    return context, page


def _team_with_a_day(world: Any, *, on: datetime.date) -> tuple[Any, DayAssignment, Any]:
    """A Dalarna occasion with one course day: the world's trainer (Avesta) leads it, a Falun trainer is
    the reserve. Returns the occasion, the leader's assignment and the reserve."""
    coordinator = world["regional_admin"]
    occasion = occasion_create(
        actor=coordinator,
        course=world.bou_course,
        region=world.dalarna,
        capacity=12,
        name="Omgång Browser",
        days=[
            {
                "date": on,
                "starts": datetime.time(9),
                "ends": datetime.time(16),
                "venue": "Folkets hus",
                "address": "Kungsgatan 1, Avesta",
            }
        ],
    )
    leader = trainer_profile_save(actor=coordinator, person=world["trainer"], home_municipality=world.avesta)
    qualification_grant(actor=coordinator, trainer=leader, course=world.bou_course)
    reserve = make_trainer(world, "reserv", world.falun)
    team_member_add(actor=coordinator, occasion=occasion, trainer=leader, role=TeamRole.LEADER)
    team_member_add(actor=coordinator, occasion=occasion, trainer=reserve, role=TeamRole.RESERVE)
    assignment = day_assign(actor=coordinator, course_day=occasion.days.get(), trainer=leader, role=DayRole.LEADER)
    return occasion, assignment, reserve


def test_a_trainer_reports_absence_on_a_phone_and_the_coordinator_reassigns_on_a_desktop(
    world, browser, live_server, mailoutbox
):
    on = timezone.localdate() + datetime.timedelta(days=14)
    occasion, assignment, reserve = _team_with_a_day(world, on=on)
    with translation.override("sv"):
        date_text = formats.date_format(on, "l j F Y")

    # --- the trainer, on a phone ---
    phone, page = _signed_in(browser, live_server, world["trainer"], PHONE)
    page.goto(reverse("my_trainer_days"))
    check_page(page, name="trainer-absence-my-days", viewport="phone")
    page.get_by_role("link", name=date_text).tap()
    expect(page).to_have_url(re.compile(re.escape(reverse("my_trainer_day", args=[assignment.pk])) + "$"))
    check_page(page, name="trainer-absence-my-day", viewport="phone")
    page.get_by_role("link", name=CANNOT_COME).tap()
    check_page(page, name="trainer-absence-form", viewport="phone")
    page.get_by_label(WHY).fill("Sjuk")
    page.get_by_role("button", name=REPORT).tap()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"(frånvaro|absence)", re.IGNORECASE))
    check_page(page, name="trainer-absence-reported", viewport="phone")
    phone.close()

    assignment.refresh_from_db()
    assert (assignment.absent, assignment.absence_reason) == (True, "Sjuk")

    # --- the coordinator, on a desktop: the e-mail links straight to the substitutes ---
    [mail] = [m for m in mailoutbox if "regional_admin@example.org" in m.to]
    found = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", mail.body)
    assert found, mail.body
    substitutes_url = reverse("course_day_substitutes", args=[occasion.pk, assignment.course_day_id, assignment.pk])
    assert found.group(1) == substitutes_url

    desktop, page = _signed_in(browser, live_server, world["regional_admin"], DESKTOP)
    page.goto(reverse("trainer_absences"))
    expect(page.get_by_role("cell", name=re.compile(r"^Trainer Testsson"))).to_be_visible()
    check_page(page, name="trainer-absence-list", viewport="desktop")
    page.get_by_role("link", name=FIND).click()
    expect(page).to_have_url(re.compile(re.escape(substitutes_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Trainer Testsson$"))
    first = page.get_by_role("row").nth(1)  # the header is row 0
    expect(first).to_contain_text("Reserv Utbildare")
    expect(first.locator(".badge")).to_have_text(re.compile(r"^(Reserv|Reserve)$"))
    check_page(page, name="trainer-absence-substitutes", viewport="desktop")

    first.get_by_role("button", name=re.compile(r"^(Sätt in som ersättare|Put in as substitute)")).click()

    expect(page).to_have_url(re.compile(re.escape(reverse("occasion_team", args=[occasion.pk]))))
    expect(page.get_by_role("status")).to_contain_text("Reserv Utbildare")
    expect(page.get_by_role("status")).to_contain_text("Trainer Testsson")
    check_page(page, name="trainer-absence-team", viewport="desktop")
    page.get_by_role("link", name=HISTORY).first.click()
    expect(page.get_by_role("table")).to_contain_text("Reserv Utbildare")
    check_page(page, name="trainer-absence-history", viewport="desktop")
    desktop.close()

    substitute = DayAssignment.objects.get(course_day_id=assignment.course_day_id, absent=False)
    assert (substitute.trainer, substitute.role, substitute.substitute_for) == (
        reserve,
        DayRole.LEADER,
        assignment.trainer,
    )
    actions = list(
        DayAssignmentEvent.objects.filter(course_day_id=assignment.course_day_id)
        .order_by("at", "pk")
        .values_list("trainer__user__username", "action", "reason")
    )
    assert actions == [
        ("trainer", DayAction.ASSIGNED, ""),
        ("trainer", DayAction.ABSENCE_REPORTED, "Sjuk"),
        ("trainer", DayAction.REPLACED, ""),
        ("reserv", DayAction.ASSIGNED, ""),
    ]


def test_the_coordinators_team_pages_are_accessible(world, page, open_as, viewport):
    on = timezone.localdate() + datetime.timedelta(days=21)
    occasion, assignment, _reserve = _team_with_a_day(world, on=on)
    coordinator = world["regional_admin"]

    open_as(coordinator, reverse("occasion_detail", args=[occasion.pk]))
    page.get_by_role("link", name=TEAM_LINK).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"(Utbildarteam|Trainer team)"))
    check_page(page, name="occasion-team", viewport=viewport)

    # A refused change: the team page again, with the reason (putting the leader on the day twice).
    page.locator(f"#day-{assignment.course_day_id}").get_by_label(
        re.compile(r"^(Person i teamet|Team member)")
    ).select_option(str(assignment.trainer_id))
    page.locator(f"#day-{assignment.course_day_id}").get_by_role(
        "button", name=re.compile(r"^(Sätt in på dagen|Put on the day)")
    ).click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, name="occasion-team-refused", viewport=viewport)

    # Replacing a trainer not yet absent: the page asks for the reason first.
    open_as(coordinator, reverse("course_day_substitutes", args=[occasion.pk, assignment.course_day_id, assignment.pk]))
    expect(
        page.get_by_role("button", name=re.compile(r"^(Registrera bara frånvaron|Record the absence only)$"))
    ).to_be_visible()
    check_page(page, name="course-day-substitutes", viewport=viewport)

    open_as(coordinator, reverse("course_day_history", args=[occasion.pk, assignment.course_day_id]))
    check_page(page, name="course-day-history", viewport=viewport)

    open_as(coordinator, reverse("trainer_absences"))
    check_page(page, name="trainer-absences", viewport=viewport)
