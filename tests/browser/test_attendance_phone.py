"""Taking attendance on a phone (the occasions issue): a regional administrator opens the day's list for
an occasion with 40 booked, taps two people absent, gives each a reason and saves, in a handful of
actions; the list, the sign-in sheet and the "today" page are accessible on a desktop and on a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yrkesresan.occasions.models import DayAttendance
from yrkesresan.occasions.tests.test_attendance import booked_occasion

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

ABSENT = re.compile(r"^(Frånvarande|Absent)$")
REASON = re.compile(r"^(Orsak|Reason)$")
SAVE = re.compile(r"^(Spara närvaro|Save attendance)$")
PRINT = re.compile(r"^(Skriv ut|Print)$")


def _row(page: Any, name: str) -> Any:
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(name)}\b"))


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_regional_admin_takes_attendance_for_forty_on_a_phone(world, page, open_as, viewport):
    occasion = booked_occasion(world, 40)
    day = occasion.days.order_by("date").first()
    url = reverse("attendance_take", args=[occasion.pk, day.pk])
    actions = 0

    open_as(world["regional_admin"], url)
    actions += 1
    expect(page.get_by_text(re.compile(r"^(40 av 40 närvarande|40 of 40 present)$"))).to_be_visible()
    check_page(page, name="attendance-list", viewport=viewport)
    assert small_touch_targets(page) == []
    assert small_touch_targets(page, selector="main .att-btn") == []

    for name, reason in [("Deltagare Nummer 07", "Sjuk"), ("Deltagare Nummer 31", "Vård av barn")]:
        row = _row(page, name)
        row.locator("label", has_text=ABSENT).tap()
        actions += 1
        row.get_by_label(REASON).select_option(label=reason)
        actions += 1
    # The count follows the taps before anything is saved.
    expect(page.locator("#att-count")).to_have_text(re.compile(r"^(38 av 40 närvarande|38 of 40 present)$"))
    check_page(page, name="attendance-list-two-absent", viewport=viewport)

    save = page.get_by_role("button", name=SAVE)
    expect(save).to_be_in_viewport()  # sticky at the bottom of the phone's screen, no scrolling to find it
    save.tap()
    actions += 1

    expect(page.get_by_role("status")).to_contain_text(re.compile(r"(38 av 40 närvarande|38 of 40 present)"))
    expect(page.locator("#att-count")).to_have_text(re.compile(r"^(38 av 40 närvarande|38 of 40 present)$"))
    expect(page.get_by_text(re.compile(r"^(Sparad av|Saved by) Regional Testsson"))).to_be_visible()
    check_page(page, name="attendance-list-saved", viewport=viewport)
    assert actions <= 6, f"taking attendance for 40 with two absent took {actions} actions"

    absent = DayAttendance.objects.filter(course_day=day, present=False).order_by("registration__user__last_name")
    assert [(m.registration.user.last_name, m.reason) for m in absent] == [
        ("Nummer 07", "Sjuk"),
        ("Nummer 31", "Vård av barn"),
    ]
    assert DayAttendance.objects.filter(course_day=day, present=True).count() == 38


def test_the_attendance_list_and_the_sign_in_sheet_are_accessible(world, page, open_as, viewport):
    occasion = booked_occasion(world, 8)
    day = occasion.days.order_by("date").first()

    open_as(world["regional_admin"], reverse("attendance_take", args=[occasion.pk, day.pk]))
    _row(page, "Deltagare Nummer 02").locator("label", has_text=ABSENT).click()
    expect(_row(page, "Deltagare Nummer 02").get_by_label(REASON)).to_be_visible()
    check_page(page, name="attendance-take", viewport=viewport)

    open_as(world["regional_admin"], reverse("attendance_sheet", args=[occasion.pk, day.pk]))
    expect(page.get_by_role("button", name=PRINT)).to_be_visible()  # shown when JavaScript runs
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(8 + 6)
    check_page(page, name="attendance-sheet", viewport=viewport)

    open_as(world["regional_admin"], reverse("attendance_today"))
    expect(page.get_by_role("link", name=re.compile(r"Handläggning med barnet i centrum"))).to_be_visible()
    check_page(page, name="attendance-today", viewport=viewport)


def test_the_list_works_without_javascript(world, browser, live_server):
    """No script: the reason still appears when a person is marked absent (CSS), and the save works."""
    from django.conf import settings
    from django.test import Client

    occasion = booked_occasion(world, 3)
    day = occasion.days.order_by("date").first()
    client = Client()
    client.force_login(world["regional_admin"])
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", java_script_enabled=False)
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
    page.goto(reverse("attendance_take", args=[occasion.pk, day.pk]))

    row = _row(page, "Deltagare Nummer 01")
    expect(row.get_by_label(REASON)).to_be_hidden()
    row.locator("label", has_text=ABSENT).click()
    row.get_by_label(REASON).select_option(label="Okänd")
    page.get_by_role("button", name=SAVE).click()

    expect(page.locator("#att-count")).to_have_text("2 av 3 närvarande")
    assert DayAttendance.objects.get(course_day=day, present=False).reason == "Okänd"
    context.close()
