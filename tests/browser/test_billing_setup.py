"""Billing set-up in a real browser: Dalarna's regional administrator creates the year's fee schedule (its
total shows on the list) and opens the trainer pot page; the schedule form, the list, the pot, the cost
split and the population page are accessible on a desktop and on a 360 px phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yrkesresan.billing.models import FeeSchedule

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
YEAR = timezone.localdate().year
SAVE = re.compile(r"^(Spara avgiftsmodellen|Save the fee schedule)$")
POT = re.compile(rf"^(Utbildarpott|Trainer pot) {YEAR}$")


def test_a_regional_admin_creates_the_fee_schedule_and_opens_the_trainer_pot(
    world: Any, page: Any, open_as: Any, viewport: str
) -> None:
    open_as(world["regional_admin"], reverse("billing_schedule_create"))
    check_page(page, name="billing-schedule-form", viewport=viewport)

    page.locator("#id_year").fill(str(YEAR))
    for i, (name, amount) in enumerate((("Material, administration och buffert", "200"), ("Utbildarpott", "400"))):
        page.locator(f"#id_parts-{i}-name").fill(name)
        page.locator(f"#id_parts-{i}-amount").fill(amount)
    page.locator("#id_parts-1-is_pot").check()
    page.get_by_role("button", name=SAVE).click()

    expect(page.locator("tfoot").first).to_contain_text(f"600,00{NBSP}kr")
    schedule = FeeSchedule.objects.get(region=world.dalarna, year=YEAR)
    assert sum(c.amount for c in schedule.components.all()) == 600
    check_page(page, name="billing-schedule-list", viewport=viewport)
    assert small_touch_targets(page) == []

    page.get_by_role("link", name=POT).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(POT)
    check_page(page, name="billing-pot", viewport=viewport)


def test_the_costs_and_population_pages_are_accessible(world: Any, page: Any, open_as: Any, viewport: str) -> None:
    admin = world["regional_admin"]
    open_as(admin, reverse("billing_costs", args=[YEAR]))
    check_page(page, name="billing-costs", viewport=viewport)
    open_as(admin, reverse("billing_population"))
    check_page(page, name="billing-population", viewport=viewport)
    open_as(admin, reverse("billing_overview"))
    check_page(page, name="billing-overview", viewport=viewport)
