"""A course evaluation in a real browser: a staff member opens the option link from the e-mail on a phone
(no sign-in), the answer is saved at once, answers the rest and sends them; or taps an answer on *Min resa*. The
answer page, its thank-you and the journey page with the survey are accessible on a desktop and a 360 px phone."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from yrkesresan.followup.models import Answer, Invitation, QuestionKind, Response, SurveyKind
from yrkesresan.followup.services.surveys import course_evaluations_send, survey_save
from yrkesresan.occasions.services import attendance_mark

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

SAVED = re.compile(r"(Ditt svar är sparat|Your answer is saved)")
THANKS = re.compile(r"(Tack, ditt svar är sparat|Thank you, your answer is saved)")
SEND = re.compile(r"^(Skicka svaren|Send the answers)$")
YES_GREAT = re.compile(r"^(Ja, i hög grad|Yes, to a great extent)$")
FAIRLY_GOOD = re.compile(r"^(Ganska bra|Fairly good)$")


def _press(target, viewport: str) -> None:
    """A tap on a phone (touch events), a click on a desktop."""
    if viewport == "phone":
        target.tap()
    else:
        target.click()


def _evaluation(world):
    return survey_save(
        actor=world["system_admin"],
        kind=SurveyKind.COURSE_EVALUATION,
        title="Kursutvärdering",
        intro="Tack för att du var med!",
        questions=[
            {"text": "Vad tyckte du om kursen som helhet?", "kind": QuestionKind.QUALITY, "required": True},
            {"text": "Har kursen gett dig stöd i arbetet?", "kind": QuestionKind.AGREEMENT, "target_percent": 80},
            {"text": "Något du vill tillägga?", "kind": QuestionKind.TEXT},
        ],
    )


def _attended_and_asked(world, django_capture_on_commit_callbacks) -> None:
    for day in world.occasion.days.all():
        attendance_mark(
            actor=world["regional_admin"], course_day=day, person=world["staff"], present=True, today=day.date
        )
    world.occasion.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        course_evaluations_send(today=world.occasion.last_day + datetime.timedelta(days=1))


def test_a_staff_member_answers_the_course_evaluation_from_the_email(
    world, page, viewport, django_capture_on_commit_callbacks, mailoutbox
):
    survey = _evaluation(world)
    first, agreement, text = survey.questions.order_by("position")
    _attended_and_asked(world, django_capture_on_commit_callbacks)
    body = next(m.body for m in mailoutbox if "/enkat/" in m.body)
    links = [line.strip() for line in body.splitlines() if "/enkat/" in line and "v=4" in line]
    link = re.sub(r"^https?://[^/]+", "", links[0])  # "Fairly good", on the live server

    page.goto(link)
    expect(page.get_by_role("status").first).to_contain_text(SAVED)
    assert Answer.objects.get(question=first).value == "4"
    check_page(page, name="survey-answer", viewport=viewport)
    assert not small_touch_targets(page), small_touch_targets(page)

    choice = page.locator("label.survey-choice", has_text=YES_GREAT)
    _press(choice, viewport)
    page.get_by_role("textbox").fill("Mycket givande dagar.")
    page.get_by_role("button", name=SEND).click()

    expect(page.get_by_role("status")).to_contain_text(THANKS)
    check_page(page, name="survey-thanks", viewport=viewport)
    assert Response.objects.count() == 1
    assert sorted(Answer.objects.values_list("question_id", "value", "text")) == sorted(
        [(first.pk, "4", ""), (agreement.pk, "4", ""), (text.pk, "", "Mycket givande dagar.")]
    )
    assert Invitation.objects.get(user=world["staff"]).answered


def test_a_staff_member_answers_with_one_tap_on_the_journey_page(
    world, page, open_as, viewport, django_capture_on_commit_callbacks
):
    survey = _evaluation(world)
    first = survey.questions.order_by("position").first()
    _attended_and_asked(world, django_capture_on_commit_callbacks)

    open_as(world["staff"], "/min-resa/")
    section = page.locator("section.survey-taps")
    expect(section).to_contain_text(first.text)
    check_page(page, name="journey-survey", viewport=viewport)
    assert not small_touch_targets(page), small_touch_targets(page)

    option = section.get_by_role("link", name=FAIRLY_GOOD)
    _press(option, viewport)

    expect(page.get_by_role("status").first).to_contain_text(SAVED)
    assert Answer.objects.get(question=first).value == "4"
    page.goto("/min-resa/")
    expect(page.locator("section.survey-taps")).to_have_count(0)
