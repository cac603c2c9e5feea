"""Signing in, and failing to, in a real browser on a desktop and on a phone."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yrkesresan.demo.world import PASSWORD

from .helpers import PASSWORD_LABEL, SIGN_IN, USERNAME, check_page, sign_in

pytestmark = pytest.mark.browser

LOGIN_PATH = reverse("account_login")
WELCOME = re.compile(r"^\s*(Välkommen|Welcome),\s+Staff\s*$")


def _path_is(path: str) -> re.Pattern[str]:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$")


def test_an_anonymous_visitor_is_sent_to_sign_in_and_lands_on_the_home_page(world, page, viewport):
    page.goto("/")
    expect(page).to_have_url(_path_is(LOGIN_PATH))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name="login", viewport=viewport)

    page.get_by_label(USERNAME).fill("staff")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()

    expect(page).to_have_url(_path_is(reverse("home")))
    expect(page.get_by_role("heading", level=1)).to_have_text(WELCOME)
    expect(page.get_by_role("navigation", name=re.compile("Huvudmeny|Main menu", re.IGNORECASE))).to_be_visible()


def test_a_wrong_password_shows_an_error_and_stays_on_the_sign_in_page(world, page, viewport):
    sign_in(page, "staff", password="not-the-password")

    expect(page).to_have_url(_path_is(LOGIN_PATH))
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(re.compile(r"användarnamn|username", re.IGNORECASE))
    expect(page.get_by_label(USERNAME)).to_have_value("staff")
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_value("")
    check_page(page, name="login-error", viewport=viewport)
