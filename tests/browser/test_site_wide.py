"""What every page shares: the language switch and the way past the menu for keyboard users."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LOGIN_PATH = reverse("account_login")


def test_the_language_switch_turns_the_page_into_english(world, page, viewport):
    page.goto(LOGIN_PATH)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "sv")

    page.get_by_role("button", name="In English").click()

    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"{re.escape(LOGIN_PATH)}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Yrkesresan")
    expect(page.get_by_role("button", name="På svenska")).to_have_attribute("lang", "sv")


def test_a_keyboard_user_can_skip_the_menu(world, page, open_as, viewport):
    open_as(world["municipal_admin"], reverse("home"))

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=re.compile(r"^(Hoppa till innehållet|Skip to content)$"))
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()
