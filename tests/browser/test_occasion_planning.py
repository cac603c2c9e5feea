"""Planning course occasions in a real browser: a regional administrator plans an occasion with two
course days (the second added with the "add a course day" button) and finds it in the list and the
calendar; and the planning pages are accessible on a desktop and on a 360 px phone."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yrkesresan.occasions.models import Occasion

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

ADD_A_DAY = re.compile(r"^(Lägg till en kursdag|Add a course day)$")
PLAN_IT = re.compile(r"^(Planera kurstillfället|Plan the occasion)$")
PLANNED = re.compile(r"(Kurstillfället är planerat|The occasion is planned)")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_regional_admin_plans_an_occasion_with_two_days_and_finds_it_in_the_list_and_calendar(
    world: Any, page: Any, open_as: Any, viewport: str
) -> None:
    first = timezone.localdate() + datetime.timedelta(days=60)
    second = first + datetime.timedelta(days=7)
    open_as(world["regional_admin"], reverse("occasion_create"))

    page.locator("#id_course").select_option(label=f"{world.funk.short_name} – {world.funk_course.title}")
    page.locator("#id_name").fill("Webbläsaromgången")
    page.locator("#id_region").select_option(label=world.dalarna.name)
    page.locator("#id_capacity").fill("15")
    page.locator("#id_days-0-date").fill(first.isoformat())
    page.locator("#id_days-0-starts").fill("09:00")
    page.locator("#id_days-0-ends").fill("16:00")
    page.locator("#id_days-0-venue").fill("Kulturhuset")
    page.locator("#id_days-0-address").fill("Slottsgatan 1, Falun")

    page.get_by_role("button", name=ADD_A_DAY).click()

    expect(page.locator("#id_days-1-date")).to_be_visible()
    expect(page.locator("#id_days-0-venue")).to_have_value("Kulturhuset")  # the first day is kept
    page.locator("#id_days-1-date").fill(second.isoformat())
    page.locator("#id_days-1-starts").fill("09:00")
    page.locator("#id_days-1-ends").fill("12:00")
    page.locator("#id_days-1-mode").select_option("digital")
    page.locator("#id_days-1-link").fill("https://meet.example.org/webb")
    page.get_by_role("button", name=PLAN_IT).click()

    expect(page.get_by_text(PLANNED)).to_be_visible()
    occasion = Occasion.objects.get(name="Webbläsaromgången")
    expect(page).to_have_url(re.compile(rf"{reverse('occasion_detail', args=[occasion.pk])}$"))
    assert [d.date for d in occasion.days.all()] == [first, second]

    page.goto(reverse("occasion_list"))
    expect(page.get_by_role("link", name=re.compile("Webbläsaromgången"))).to_be_visible()

    page.goto(f"{reverse('occasion_calendar')}?month={first:%Y-%m}")
    expect(page.get_by_role("link", name=re.compile("Webbläsaromgången")).first).to_be_visible()


PAGES = [
    ("occasion-create", lambda w: reverse("occasion_create")),
    ("occasion-list", lambda w: reverse("occasion_list")),
    ("occasion-calendar", lambda w: f"{reverse('occasion_calendar')}?month={w.occasion.first_day:%Y-%m}"),
    ("occasion-detail", lambda w: reverse("occasion_detail", args=[w.occasion.pk])),
    ("occasion-edit", lambda w: reverse("occasion_edit", args=[w.occasion.pk])),
    ("occasion-copy", lambda w: reverse("occasion_copy", args=[w.occasion.pk])),
    ("occasion-cancel", lambda w: reverse("occasion_cancel", args=[w.occasion.pk])),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _path in PAGES])
def test_the_planning_pages_are_accessible(world: Any, page: Any, open_as: Any, viewport: str, name: str, path):
    response = open_as(world["regional_admin"], path(world))

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name=name, viewport=viewport)
    if viewport == "phone":
        assert small_touch_targets(page) == []
