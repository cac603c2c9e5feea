"""The pages people use, each as the person who uses it, on a desktop and on a phone: they
load, they have a main heading, and axe-core finds no serious or critical violation."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .helpers import check_page

pytestmark = pytest.mark.browser

Path = Callable[[Any], str]

#: (screenshot name, who looks at it, None for an anonymous visitor, where it is)
PAGES: list[tuple[str, str | None, Path]] = [
    ("accessibility-statement", None, lambda w: reverse("accessibility")),
    ("password-reset", None, lambda w: reverse("account_reset_password")),
    ("catalog", "staff", lambda w: reverse("catalog_index")),
    ("journey", "staff", lambda w: reverse("journey_detail", args=[w.bou.code])),
    ("journey-as-editor", "national_editor", lambda w: reverse("journey_detail", args=[w.bou.code])),
    ("course", "staff", lambda w: reverse("course_detail", args=[w.bou_course.pk])),
    ("task", "staff", lambda w: reverse("task_detail", args=[w.bou_task.pk])),
    ("organisations", "regional_admin", lambda w: reverse("organisation_index")),
    ("region", "regional_admin", lambda w: reverse("region_detail", args=[w.dalarna.pk])),
    ("municipality", "regional_admin", lambda w: reverse("municipality_detail", args=[w.avesta.pk])),
    ("audit-trail", "system_admin", lambda w: reverse("audit_list")),
    ("my-account", "staff", lambda w: reverse("my_account")),
]

SEARCH = re.compile(r"^(Sök|Search)$")
SAVE = re.compile(r"^(Spara|Save)$")


@pytest.mark.parametrize(("name", "role", "path"), PAGES, ids=[name for name, _role, _path in PAGES])
def test_the_page_is_accessible(world, page, open_as, viewport, name, role, path):
    url = path(world)
    response = open_as(world[role], url) if role else page.goto(url)

    assert response.status == 200, f"{url} answered {response.status}"
    expect(page).to_have_url(re.compile(rf"{re.escape(url)}$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name=name, viewport=viewport)


def test_a_k_admin_searches_people_and_the_results_narrow_as_they_type(world, page, open_as, viewport):
    open_as(world["municipal_admin"], reverse("person_list"))
    rows = page.get_by_role("table").locator("tbody").get_by_role("row")
    expect(rows).to_have_count(5)  # Avesta's staff, manager, k-admin, trainer and staff at Avesta boende
    check_page(page, name="people", viewport=viewport)

    page.get_by_role("search").get_by_role("searchbox", name=SEARCH).fill("trainer")

    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("trainer")
    expect(page).to_have_url(re.compile(r"[?&]q=trainer\b"))  # the search can be bookmarked and shared
    check_page(page, name="people-search", viewport=viewport)


def test_the_person_form_shows_what_to_correct(world, page, open_as, viewport):
    open_as(world["municipal_admin"], reverse("person_create"))

    page.get_by_role("button", name=SAVE).click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link").first).to_be_visible()  # each error leads to its field
    expect(page.locator(".field-error").first).to_be_visible()
    check_page(page, name="person-form-errors", viewport=viewport)
