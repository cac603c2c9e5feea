"""Recruiting trainers in a real browser: a trainer answers a call on a phone, from Plattformen to the
answer; and every recruiting page (the coordinators' list, a call, opening one, the trainer's calls and
answer page, the manager's approvals) is accessible on a desktop and on a phone."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.models import User
from yrkesresan.trainers.models import Answer, Approval, CallAnswer, TrainerCall
from yrkesresan.trainers.services import call_answer, call_open, qualification_grant, trainer_profile_save
from yrkesresan.trainers.tests.conftest import D1, day, make_occasion, make_trainer

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

ANSWER_NOW = re.compile(r"^(Svara nu|Answer now)$")
ANSWER = re.compile(r"^(Svara på förfrågan|Answer the call)\b")
YES = re.compile(r"^(Ja|Yes)$")
SEND = re.compile(r"^(Skicka svaret|Send the answer)$")
THANKS = re.compile(r"(Tack\. Du svarade: ja|Thank you\. You answered: yes)")


def _recruiting(world: Any) -> TrainerCall:
    """The world's trainer (Avesta, also in Avesta hemtjänst under the world's manager) and two more in
    Dalarna's pool, and an open call for a Dalarna occasion next spring."""
    trainer = trainer_profile_save(
        actor=world["regional_admin"], person=world["trainer"], home_municipality=world.avesta
    )
    qualification_grant(actor=world["regional_admin"], trainer=trainer, course=world.bou_course)
    accounts.role_assign(actor=world["system_admin"], person=world["trainer"], role="staff", place=world.avesta_home)
    make_trainer(world, "falun_utbildare", world.falun)
    make_trainer(world, "avesta_utbildare", world.avesta)
    occasion = make_occasion(world, [day(D1, address="Kungsgatan 1, Avesta")], name="Omgång V")
    return call_open(
        actor=world["regional_admin"],
        occasion=occasion,
        needed=3,
        answer_by=timezone.localdate() + datetime.timedelta(days=14),
        message="Kursdagen hålls i Avesta. Förberedelse: läs handboken.",
    )


# --- 1. A trainer answers a call on a phone ----------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_trainer_answers_a_call_on_a_phone(world, page, open_as, viewport):
    call = _recruiting(world)

    open_as(world["trainer"], reverse("plattformen"))
    section = page.locator("section[aria-labelledby=trainer-calls-title]")
    expect(section).to_contain_text(re.compile(r"(1 förfrågan väntar på ditt svar|1 call waits for your answer)"))
    section.get_by_role("link", name=ANSWER_NOW).tap()

    expect(page).to_have_url(re.compile(re.escape(reverse("my_trainer_calls")) + "$"))
    check_page(page, name="trainer-calls-mine", viewport=viewport)
    assert not small_touch_targets(page), small_touch_targets(page)
    page.get_by_role("link", name=ANSWER).first.tap()

    expect(page).to_have_url(re.compile(re.escape(reverse("trainer_call_answer", args=[call.pk])) + "$"))
    expect(page.get_by_text("Kursdagen hålls i Avesta.")).to_be_visible()
    check_page(page, name="trainer-call-answer", viewport=viewport)
    assert not small_touch_targets(page), small_touch_targets(page)
    page.locator("label.call-choice", has_text=YES).tap()
    expect(page.get_by_role("radio", name=YES)).to_be_checked()
    page.get_by_role("textbox").fill("Jag kan hela dagen.")
    page.get_by_role("button", name=SEND).tap()

    expect(page.get_by_role("status")).to_contain_text(THANKS)
    saved = CallAnswer.objects.get(call=call)
    assert (saved.answer, saved.comment, saved.approval) == (Answer.YES, "Jag kan hela dagen.", Approval.PENDING)
    check_page(page, name="trainer-calls-answered", viewport=viewport)


# --- 2. Every recruiting page is accessible --------------------------------------------------------------------

Setup = Callable[[Any], tuple[Any, str]]


def _list(w: Any) -> tuple[Any, str]:
    call = _recruiting(w)
    TrainerCall.objects.filter(pk=call.pk).update(answer_by=timezone.localdate() + datetime.timedelta(days=3))
    return w["regional_admin"], reverse("trainer_call_list")


def _detail(w: Any) -> tuple[Any, str]:
    call = _recruiting(w)
    call_answer(actor=w["trainer"], call=call, answer=Answer.YES, comment="Dag 1 passar bäst")
    call_answer(actor=_user("falun_utbildare"), call=call, answer=Answer.NO)
    return w["regional_admin"], reverse("trainer_call_detail", args=[call.pk])


def _user(username: str) -> Any:
    return User.objects.get(username=username)


def _create(w: Any) -> tuple[Any, str]:
    return w["regional_admin"], reverse("trainer_call_create")


def _create_for_occasion(w: Any) -> tuple[Any, str]:
    occasion = make_occasion(w, [day(D1, address="Falun")], name="Omgång F")
    return w["regional_admin"], reverse("trainer_call_create") + f"?occasion={occasion.pk}"


def _answer(w: Any) -> tuple[Any, str]:
    call = _recruiting(w)
    return w["trainer"], reverse("trainer_call_answer", args=[call.pk])


def _approvals(w: Any) -> tuple[Any, str]:
    call = _recruiting(w)
    call_answer(actor=w["trainer"], call=call, answer=Answer.RESERVE, comment="Helst som reserv")
    return w["manager"], reverse("trainer_call_approvals")


PAGES: list[tuple[str, Setup]] = [
    ("list", _list),
    ("list-empty", lambda w: (w["regional_admin"], reverse("trainer_call_list"))),
    ("detail", _detail),
    ("create", _create),
    ("create-for-occasion", _create_for_occasion),
    ("answer", _answer),
    ("mine-empty", lambda w: (w["trainer"], reverse("my_trainer_calls"))),
    ("approvals", _approvals),
    ("approvals-empty", lambda w: (w["manager"], reverse("trainer_call_approvals"))),
]


@pytest.mark.parametrize(("name", "setup"), PAGES, ids=[name for name, _setup in PAGES])
def test_the_recruiting_page_is_accessible(world, page, open_as, viewport, name, setup):
    user, url = setup(world)

    response = open_as(user, url)

    assert response.status == 200, f"{url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name=f"trainer-calls-{name}", viewport=viewport)
    assert not small_touch_targets(page), f"{name} ({viewport}): small touch targets {small_touch_targets(page)}"


def test_a_form_with_errors_is_accessible(world, page, open_as, viewport):
    _recruiting(world)
    open_as(world["regional_admin"], reverse("trainer_call_create"))

    page.get_by_label(re.compile(r"^(Utbildare som behövs|Trainers needed)")).fill("0")
    page.get_by_role("button", name=re.compile(r"^(Öppna utropet|Open the call)")).click()

    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, name="trainer-calls-create-errors", viewport=viewport)
    assert TrainerCall.objects.count() == 1
