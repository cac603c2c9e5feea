"""The yearly report in a real browser: a regional administrator chooses last year's BoU report of their region,
reads the attendance table and the survey targets, and prints it (the menu and the form are not printed); the
page is accessible on a desktop and on a 360 px phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yrkesresan.followup.tests.test_yearly import COURSE, Y
from yrkesresan.followup.tests.test_yearly import year_world as year_world  # noqa: PLC0414 (fixture)

from .helpers import check_page

pytestmark = pytest.mark.browser

SHOW = re.compile(r"^(Visa|Show)$")
YEAR = re.compile(r"^(År|Year)$")


def test_a_regional_admin_reads_and_prints_last_years_report(
    year_world: Any, page: Any, open_as: Any, viewport: str
) -> None:
    open_as(year_world["regional_admin"], reverse("followup_yearly"))
    page.get_by_label(YEAR).fill(str(Y))
    page.get_by_role("button", name=SHOW).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(str(Y))
    row = page.get_by_role("row", name=re.compile(COURSE)).first
    expect(row).to_contain_text("80")
    expect(page.get_by_role("row", name=re.compile("Chefsenkät"))).to_contain_text("68")
    expect(page.get_by_role("figure").first).to_be_visible()
    check_page(page, name="followup-yearly", viewport=viewport)

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.get_by_role("row", name=re.compile(COURSE)).first).to_be_visible()


def test_the_empty_report_and_a_bad_year_are_accessible(
    year_world: Any, page: Any, open_as: Any, viewport: str
) -> None:
    open_as(year_world["system_admin"], reverse("followup_yearly") + f"?region={year_world.gavleborg.pk}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name="followup-yearly-empty", viewport=viewport)
    page.goto(reverse("followup_yearly") + "?year=1999")
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, name="followup-yearly-error", viewport=viewport)
