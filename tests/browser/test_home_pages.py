"""Every role signs in through the form and finds, on the home page, what it may do and
nothing it may not: on a desktop and on a phone, with no serious accessibility violation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yrkesresan.demo.world import ROLES

from .helpers import check_page, sign_in

pytestmark = pytest.mark.browser

# The home page's cards: where each leads, and its title in Swedish or English.
PEOPLE = ("person_list", re.compile(r"^(Personer|People)$"))
ORGANISATIONS = ("organisation_index", re.compile(r"^(Organisationer|Organisations)$"))
CATALOG = ("catalog_index", re.compile(r"^(Resor och kurser|Journeys and courses)$"))
AUDIT = ("audit_list", re.compile(r"^(Ändringslogg|Audit trail)$"))
MY_ACCOUNT = ("my_account", re.compile(r"^(Mitt konto|My account)$"))
MY_JOURNEY = ("my_journey", re.compile(r"^(Min resa|My journey)$"))
STATIONEN = ("stationen", re.compile(r"^Stationen$"))
PLATTFORMEN = ("plattformen", re.compile(r"^Plattformen$"))
INFO = ("info_index", re.compile(r"^(Om Yrkesresan|About Yrkesresan)$"))
OCCASIONS = ("occasion_list", re.compile(r"^(Kurstillfällen|Course occasions)$"))
APPROVALS = ("registration_approvals", re.compile(r"^(Anmälningar att godkänna|Sign-ups to approve)$"))
ATTENDANCE = ("attendance_today", re.compile(r"^(Närvaro|Attendance)$"))
TRAINER_POOL = ("trainer_pool", re.compile(r"^(Utbildarpoolen|Trainer pool)$"))
BILLING = ("billing_overview", re.compile(r"^(Fakturering|Billing)$"))
FOLLOWUP = ("followup_reports", re.compile(r"^(Uppföljning|Follow-up)$"))
SURVEYS = ("survey_list", re.compile(r"^(Enkäter|Surveys)$"))
INVENTORY = ("followup_inventory", re.compile(r"^(Inventering|Inventory)$"))
PLANNING = ("followup_planning", re.compile(r"^(Planeringsförslag|Planning suggestion)$"))
YEARLY = ("followup_yearly", re.compile(r"^(Årsrapport uppföljning|Yearly follow-up report)$"))
ALL_CARDS = (
    PEOPLE,
    ORGANISATIONS,
    CATALOG,
    AUDIT,
    MY_ACCOUNT,
    MY_JOURNEY,
    STATIONEN,
    PLATTFORMEN,
    INFO,
    OCCASIONS,
    APPROVALS,
    ATTENDANCE,
    TRAINER_POOL,
    BILLING,
    FOLLOWUP,
    SURVEYS,
    INVENTORY,
    PLANNING,
    YEARLY,
)

WHAT_YOU_CAN_DO = re.compile(r"^(Det här kan du göra|What you can do)$")
JOURNEYS_YOU_EDIT = re.compile(r"^(Delresorna du redigerar|The journeys you edit)$")

#: What each role should find on its home page; every other card must be absent.
EXPECTED_CARDS = {
    "staff": (MY_JOURNEY, CATALOG, INFO, MY_ACCOUNT),
    "trainer": (PLATTFORMEN, OCCASIONS, CATALOG, INFO, MY_ACCOUNT),
    "national_editor": (FOLLOWUP, CATALOG, INFO, MY_ACCOUNT),
    "manager": (
        PEOPLE,
        STATIONEN,
        ORGANISATIONS,
        OCCASIONS,
        APPROVALS,
        BILLING,
        FOLLOWUP,
        SURVEYS,
        CATALOG,
        INFO,
        MY_ACCOUNT,
    ),
    "municipal_admin": (
        PEOPLE,
        STATIONEN,
        ORGANISATIONS,
        OCCASIONS,
        TRAINER_POOL,
        APPROVALS,
        ATTENDANCE,
        BILLING,
        FOLLOWUP,
        SURVEYS,
        INVENTORY,
        CATALOG,
        INFO,
        MY_ACCOUNT,
    ),
    "regional_project_leader": (
        PEOPLE,
        STATIONEN,
        PLATTFORMEN,
        ORGANISATIONS,
        OCCASIONS,
        TRAINER_POOL,
        ATTENDANCE,
        BILLING,
        FOLLOWUP,
        SURVEYS,
        INVENTORY,
        PLANNING,
        YEARLY,
        CATALOG,
        AUDIT,
        INFO,
        MY_ACCOUNT,
    ),
    "regional_admin": (
        PEOPLE,
        STATIONEN,
        PLATTFORMEN,
        ORGANISATIONS,
        OCCASIONS,
        TRAINER_POOL,
        ATTENDANCE,
        BILLING,
        FOLLOWUP,
        SURVEYS,
        INVENTORY,
        PLANNING,
        YEARLY,
        CATALOG,
        AUDIT,
        INFO,
        MY_ACCOUNT,
    ),
    "system_admin": (
        PEOPLE,
        STATIONEN,
        PLATTFORMEN,
        ORGANISATIONS,
        OCCASIONS,
        TRAINER_POOL,
        APPROVALS,
        ATTENDANCE,
        BILLING,
        FOLLOWUP,
        SURVEYS,
        INVENTORY,
        PLANNING,
        YEARLY,
        CATALOG,
        AUDIT,
        INFO,
        MY_ACCOUNT,
    ),
}


def _cards_under(page, heading):
    """The list of cards that follows a section heading on the home page."""
    section_heading = page.get_by_role("main").get_by_role("heading", level=2, name=heading)
    return section_heading.locator("xpath=following-sibling::*[1][self::ul]")


def test_every_role_is_listed():
    assert set(EXPECTED_CARDS) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_and_sees_its_own_home_page(world, page, viewport, role):
    person = world[role]

    sign_in(page, person.username)

    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    greeting = re.compile(rf"^\s*(Välkommen|Welcome),\s+{re.escape(person.first_name)}\s*$")
    expect(page.get_by_role("heading", level=1)).to_have_text(greeting)

    cards = _cards_under(page, WHAT_YOU_CAN_DO)
    expected = EXPECTED_CARDS[role]
    for card_spec in ALL_CARDS:
        url_name, title = card_spec
        card = cards.locator(f'a[href="{reverse(url_name)}"]')
        if card_spec in expected:
            expect(card, f"{role} should have the card to {url_name}").to_have_count(1)
            expect(card.get_by_role("heading")).to_have_text(title)
        else:
            expect(card, f"{role} should not have the card to {url_name}").to_have_count(0)
    # Nothing more than that either: a card nobody listed here is a card nobody checked.
    expect(cards.get_by_role("link")).to_have_count(len(expected))

    # A national editor goes straight to the journey they edit; nobody else has such a shortcut.
    edited = _cards_under(page, JOURNEYS_YOU_EDIT).get_by_role("link")
    if role == "national_editor":
        expect(edited).to_have_count(1)
        expect(edited).to_have_attribute("href", reverse("journey_detail", args=[world.bou.code]))
        expect(edited.get_by_role("heading")).to_have_text(world.bou.name)
    else:
        expect(edited).to_have_count(0)

    check_page(page, name=role, viewport=viewport)
