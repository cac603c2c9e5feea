"""The inventory survey and the planning suggestion in a real browser: Avesta's k-admin fills in the
inventory (a wrong number first, then right); the regional admin opens the planning suggestion and changes
an assumption. Every page is checked with axe-core on a desktop and on a 360 px phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yrkesresan.followup.models import InventoryReport, PlanningAssumptions
from yrkesresan.followup.services.inventory import inventory_save

from .helpers import check_page

pytestmark = pytest.mark.browser

YEAR = 2026
SAVE_INVENTORY = re.compile(r"^(Spara inventeringen|Save the inventory)$")
SAVE_ASSUMPTIONS = re.compile(r"^(Spara antagandena|Save the assumptions)$")
STAFF = re.compile(r"^(Medarbetare|Staff)")
VENUE_NAME = re.compile(r"^(Lokalens namn|Name of the venue)")
PLACES = re.compile(r"^(Platser|Places)")
SHARE = re.compile(r"^(Andel av de rapporterade medarbetarna|Share of the reported staff)")


def test_a_kadmin_fills_in_the_inventory(world: Any, page: Any, open_as: Any, viewport: str) -> None:
    url = reverse("followup_inventory_edit", args=[world.avesta.pk, world.bou.pk, YEAR])
    open_as(world["municipal_admin"], url)
    check_page(page, name="followup-inventory-edit", viewport=viewport)

    ny = page.get_by_role("group", name="NY")
    ny.get_by_label(STAFF).fill("-4")
    page.get_by_role("group", name=re.compile(r"^(Lokal|Venue) 1$")).get_by_label(PLACES).fill("30")
    page.get_by_role("button", name=SAVE_INVENTORY).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(2)  # the staff figure, the venue's name
    assert not InventoryReport.objects.exists()
    check_page(page, name="followup-inventory-errors", viewport=viewport)

    ny.get_by_label(STAFF).fill("45")
    venue = page.get_by_role("group", name=re.compile(r"^(Lokal|Venue) 1$"))
    venue.get_by_label(VENUE_NAME).fill("Folkets hus")
    page.get_by_role("button", name=SAVE_INVENTORY).click()
    expect(page.locator(".messages")).to_contain_text("Avesta")
    expect(page.locator("table")).to_contain_text("45")
    check_page(page, name="followup-inventory", viewport=viewport)
    saved = InventoryReport.objects.get(municipality=world.avesta)
    assert saved.levels.get().staff == 45
    assert [v.name for v in saved.venues.all()] == ["Folkets hus"]


def test_the_regional_admin_changes_an_assumption_of_the_planning(
    world: Any, page: Any, open_as: Any, viewport: str
) -> None:
    inventory_save(
        actor=world["regional_admin"],
        municipality=world.avesta,
        journey=world.bou,
        year=YEAR,
        levels={world.bou_ny.pk: (45, 2)},
        venues=[{"name": "Folkets hus", "places": 30}],
    )
    query = f"?region={world.dalarna.pk}&journey={world.bou.pk}&year={YEAR}"
    open_as(world["regional_admin"], reverse("followup_planning") + query)
    expect(page.locator("body")).to_contain_text(re.compile(r"45 (deltagare|participants) / 20"))
    check_page(page, name="followup-planning", viewport=viewport)

    page.get_by_label(SHARE).fill("50")
    page.get_by_role("button", name=SAVE_ASSUMPTIONS).click()
    expect(page.locator("body")).to_contain_text(re.compile(r"23 (deltagare|participants) / 20"))
    assert PlanningAssumptions.objects.get().share_per_year == 50
    check_page(page, name="followup-planning-saved", viewport=viewport)
