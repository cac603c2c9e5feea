"""Signing up for course occasions in a real browser: a staff member signs up from their course in
Min resa on a phone; a manager approves a sign-up; and every sign-up page is accessible on a desktop
and on a phone (axe-core, no sideways scrolling, touch targets within reach)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yrkesresan.accounts import services as accounts
from yrkesresan.demo.world import PASSWORD
from yrkesresan.learning import services as learning
from yrkesresan.occasions.models import Registration, RegistrationState
from yrkesresan.occasions.services import calendar_feed_renew, occasion_create, registration_create

from .helpers import check_page, sign_in, small_touch_targets

pytestmark = pytest.mark.browser

SIGN_ME_UP = re.compile(r"^(Anmäl mig|Sign me up)\b")
BOOKED = re.compile(r"(Du är bokad på|You are booked on)")
APPROVE = re.compile(r"^(Godkänn|Approve)\b")
APPROVED = re.compile(r"(Godkänd:|Approved:)")

Setup = Callable[[Any], tuple[Any, str]]


def _nora(world: Any) -> Any:
    person = accounts.person_create(
        actor=world["system_admin"],
        username="nora",
        first_name="Nora",
        last_name="Nyanställd",
        email="nora@example.org",
        role="staff",
        place=world.avesta_home,
        password=PASSWORD,
        notify=False,
    )
    learning.enrolment_place(actor=world["manager"], person=person, journey=world.bou, level=world.bou_ny, notify=False)
    return person


def _occasion(world: Any, *, name: str = "Omgång 2", days_ahead: int = 20, **fields: Any) -> Any:
    start = timezone.localdate() + datetime.timedelta(days=days_ahead)
    occasion = occasion_create(
        actor=world["regional_admin"],
        course=world.bou_course,
        region=world.dalarna,
        capacity=10,
        name=name,
        days=[
            {"date": start, "starts": datetime.time(9), "ends": datetime.time(15), "venue": "Kulturhuset"},
            {
                "date": start + datetime.timedelta(days=7),
                "starts": datetime.time(9),
                "ends": datetime.time(12),
                "mode": "digital",
                "link": "https://meet.example.org/x",
            },
        ],
    )
    if fields:
        type(occasion).objects.filter(pk=occasion.pk).update(**fields)
        occasion.refresh_from_db()
    return occasion


# --- 1. A staff member signs up from their course, on a phone -------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_staff_member_signs_up_from_their_course_on_a_phone(world, page, viewport):
    nora = _nora(world)
    occasion = _occasion(world)
    course_url = reverse("my_course", args=[world.bou_course.pk])

    sign_in(page, nora.username)
    page.goto(course_url)

    card = page.locator(f"#occasion-{occasion.pk}")
    expect(card).to_contain_text("Omgång 2")
    expect(card).to_contain_text("Kulturhuset")
    check_page(page, name="signup-course-open", viewport=viewport)
    assert not small_touch_targets(page), small_touch_targets(page)

    card.get_by_role("button", name=SIGN_ME_UP).click()

    expect(page).to_have_url(re.compile(rf"{re.escape(course_url)}(#days)?$"))
    expect(page.get_by_role("status")).to_contain_text(BOOKED)
    expect(page.locator("section[aria-labelledby=days]")).to_contain_text(BOOKED)
    assert Registration.objects.get(user=nora, occasion=occasion).state == RegistrationState.BOOKED
    check_page(page, name="signup-course-booked", viewport=viewport)


# --- 2. A manager approves a sign-up, on a desktop ----------------------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_manager_approves_a_requested_sign_up(world, page, open_as, viewport):
    nora = _nora(world)
    occasion = _occasion(world, needs_approval=True)
    registration = registration_create(actor=nora, occasion=occasion, person=nora)
    assert registration.state == RegistrationState.REQUESTED

    open_as(world["manager"], reverse("registration_approvals"))
    item = page.locator(f"#registration-{registration.pk}")
    expect(item).to_contain_text("Nora Nyanställd")

    item.get_by_role("button", name=APPROVE).click()

    expect(page.get_by_role("status")).to_contain_text(APPROVED)
    expect(page.locator(f"#registration-{registration.pk}")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.BOOKED


# --- 3. Every sign-up page is accessible ------------------------------------------------------------------


def _course_with_occasions(w: Any) -> tuple[Any, str]:
    nora = _nora(w)
    _occasion(w)
    _occasion(w, name="Stängd", registration_closes=timezone.now() - datetime.timedelta(hours=1))
    waitlisted_on = _occasion(w, name="Full")
    type(waitlisted_on).objects.filter(pk=waitlisted_on.pk).update(capacity=1)
    waitlisted_on.refresh_from_db()
    registration_create(actor=w["manager"], occasion=waitlisted_on, person=w["staff"])
    registration_create(actor=nora, occasion=waitlisted_on, person=nora)
    return nora, reverse("my_course", args=[w.bou_course.pk])


def _signup_many(w: Any) -> tuple[Any, str]:
    _nora(w)
    return w["manager"], reverse("occasion_signup_many", args=[w.occasion.pk])


def _approvals(w: Any) -> tuple[Any, str]:
    nora = _nora(w)
    registration_create(actor=nora, occasion=_occasion(w, needs_approval=True), person=nora)
    return w["manager"], reverse("registration_approvals")


def _cancel_late(w: Any) -> tuple[Any, str]:
    type(w.occasion).objects.filter(pk=w.occasion.pk).update(
        cancel_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    registration = Registration.objects.get(user=w["staff"], occasion=w.occasion)
    return w["staff"], reverse("registration_cancel", args=[registration.pk])


def _absence(w: Any) -> tuple[Any, str]:
    registration = Registration.objects.get(user=w["staff"], occasion=w.occasion)
    return w["staff"], reverse("registration_absence", args=[registration.pk])


def _calendar(w: Any) -> tuple[Any, str]:
    calendar_feed_renew(actor=w["staff"])
    return w["staff"], reverse("calendar_subscribe")


PAGES: list[tuple[str, Setup]] = [
    ("course-occasions", _course_with_occasions),
    ("signup-many", _signup_many),
    ("approvals", _approvals),
    ("approvals-empty", lambda w: (w["manager"], reverse("registration_approvals"))),
    ("cancel-late", _cancel_late),
    ("absence", _absence),
    ("my-registrations", lambda w: (w["staff"], reverse("my_registrations"))),
    ("calendar-new", lambda w: (w["staff"], reverse("calendar_subscribe"))),
    ("calendar", _calendar),
]


@pytest.mark.parametrize(("name", "setup"), PAGES, ids=[name for name, _setup in PAGES])
def test_the_signup_page_is_accessible(world, page, open_as, viewport, name, setup):
    user, url = setup(world)

    response = open_as(user, url)

    assert response.status == 200, f"{url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name=f"signup-{name}", viewport=viewport)
    assert not small_touch_targets(page), f"{name} ({viewport}): small touch targets {small_touch_targets(page)}"


def test_signing_up_staff_and_its_summary_are_accessible(world, page, open_as, viewport):
    _nora(world)
    occasion = _occasion(world)
    open_as(world["manager"], reverse("occasion_signup_many", args=[occasion.pk]))

    page.get_by_label("Nora Nyanställd").check()
    page.get_by_label("Staff Testsson").check()
    page.get_by_role("button", name=re.compile(r"^(Anmäl de förkryssade|Sign up the ticked people)$")).click()

    expect(page.get_by_role("status")).to_contain_text("Nora Nyanställd")
    check_page(page, name="signup-many-done", viewport=viewport)
    assert not small_touch_targets(page), small_touch_targets(page)


def test_an_all_or_nothing_refusal_is_accessible(world, page, open_as, viewport):
    _nora(world)
    open_as(world["manager"], reverse("occasion_signup_many", args=[world.occasion.pk]))

    page.get_by_label("Nora Nyanställd").check()
    # Staff is already booked on the occasion, so has no box: post them by hand as a stale page would.
    page.evaluate(
        """(id) => { const i = document.createElement('input'); i.type = 'hidden'; i.name = 'person';
                     i.value = id; document.querySelector('main form[method=post]').appendChild(i); }""",
        str(world["staff"].pk),
    )
    page.get_by_role("button", name=re.compile(r"^(Anmäl de förkryssade|Sign up the ticked people)$")).click()

    expect(page.get_by_role("alert")).to_contain_text("Staff Testsson")
    expect(page.get_by_label("Nora Nyanställd")).to_be_checked()
    check_page(page, name="signup-many-refused", viewport=viewport)
