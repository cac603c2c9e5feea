"""The follow-up reports in a real browser: a regional administrator opens the reports from the menu's
overview, narrows the attendance table to a municipality and reads the figures; every report page (with its
chart and table) is accessible on a desktop and on a 360 px phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yrkesresan.followup.tests.test_reports import Y
from yrkesresan.followup.tests.test_reports import occasions_world as occasions_world  # noqa: PLC0414 (fixture)

from .helpers import check_page

pytestmark = pytest.mark.browser

SHOW = re.compile(r"^(Visa|Show)$")
OCCASIONS = re.compile(r"(Kurstillfällen och närvaro|Course occasions and attendance)")
MUNICIPALITY = re.compile(r"^(Kommun|Municipality)$")
FROM = re.compile(r"^(Från|From)$")
TO = re.compile(r"^(Till och med|To and including)$")


def test_a_regional_admin_reads_the_attendance_table_of_a_municipality(
    occasions_world: Any, page: Any, open_as: Any, viewport: str
) -> None:
    world = occasions_world
    open_as(world["regional_admin"], reverse("followup_reports"))
    page.get_by_role("link", name=OCCASIONS).first.click()

    page.get_by_label(FROM).fill(f"{Y}-01-01")
    page.get_by_label(TO).fill(f"{Y}-12-31")
    page.get_by_label(MUNICIPALITY).select_option(label="Falun")
    page.get_by_role("button", name=SHOW).click()

    table = page.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile("Handläggning med barnet i centrum"))).to_contain_text("50")
    expect(page.get_by_role("figure")).to_be_visible()
    check_page(page, name="followup-occasions", viewport=viewport)


def test_the_report_pages_are_accessible(occasions_world: Any, page: Any, open_as: Any, viewport: str) -> None:
    admin = occasions_world["system_admin"]
    open_as(admin, reverse("followup_reports"))
    check_page(page, name="followup-reports", viewport=viewport)
    for name in ("accounts", "progress", "occasions", "trainers"):
        page.goto(reverse(f"followup_report_{name}") + f"?start={Y}-01-01&end={Y + 1}-12-31")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_page(page, name=f"followup-report-{name}", viewport=viewport)
    page.goto(reverse("followup_report_accounts") + "?start=igår&end=2024-01-01")
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, name="followup-report-error", viewport=viewport)
