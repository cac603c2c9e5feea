"""The survey pages end to end: building (bad input saves nothing), who may build and see results, sending
the yearly survey, and answering by token without signing in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from yrkesresan.followup.models import Answer, Dispatch, Invitation, QuestionKind, Response, Survey, SurveyKind
from yrkesresan.followup.services import surveys as services

from .test_surveys import _after, _answer_all, _attend, _yearly_dispatch, make_survey

EN = {"accept-language": "en"}


def _survey_post(**extra: Any) -> dict[str, Any]:
    data = {
        "kind": SurveyKind.COURSE_EVALUATION,
        "title": "Kursutvärdering Dalarna",
        "intro": "",
        "region": "",
        "journey": "",
        "active": "on",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "60",
        "questions-0-text": "Vad tyckte du om kursen?",
        "questions-0-kind": QuestionKind.QUALITY,
        "questions-0-required": "on",
        "questions-0-top": "2",
        "questions-1-text": "Stöd i arbetet",
        "questions-1-kind": QuestionKind.AGREEMENT,
        "questions-1-target_percent": "80",
        "questions-1-top": "2",
    }
    data.update(extra)
    return data


def test_a_regional_admin_builds_a_survey_with_a_target(client, world):
    client.force_login(world["regional_admin"])
    response = client.post(reverse("survey_create"), _survey_post(region=world.dalarna.pk), headers=EN)
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert survey.region == world.dalarna
    q = survey.questions.get(kind=QuestionKind.AGREEMENT)
    assert (q.target_percent, q.positive_values) == (80, ("4", "3"))
    assert client.get(reverse("survey_edit", args=[survey.pk]), headers=EN).status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"questions-1-target_percent": "120"},
        {"questions-0-text": ""},
        {"questions-1-kind": "text"},  # free text with a target
        {"region": ""},  # a regional admin cannot build a national survey
    ],
)
def test_building_with_bad_input_saves_nothing_and_says_why(client, world, bad):
    client.force_login(world["regional_admin"])
    response = client.post(reverse("survey_create"), {**_survey_post(region=world.dalarna.pk), **bad}, headers=EN)
    assert response.status_code == 400
    assert b"error-summary" in response.content or b'role="alert"' in response.content
    assert not Survey.objects.exists()


def test_adding_a_question_with_htmx_shows_one_row_more_and_saves_nothing(client, world):
    client.force_login(world["system_admin"])
    response = client.post(
        reverse("survey_create"), _survey_post(add_question="1"), headers={**EN, "HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b'name="questions-TOTAL_FORMS" value="3"' in response.content
    assert b"<form" not in response.content
    assert not Survey.objects.exists()


def test_staff_cannot_build_or_send_surveys(client, world):
    client.force_login(world["staff"])
    assert client.get(reverse("survey_create"), headers=EN).status_code == 403
    assert client.post(reverse("survey_create"), _survey_post(region=world.dalarna.pk), headers=EN).status_code == 403
    assert client.get(reverse("survey_send"), headers=EN).status_code == 403
    assert client.get(reverse("survey_list"), headers=EN).status_code == 403
    assert not Survey.objects.exists()


def test_a_regional_admin_cannot_change_another_regions_survey(client, world):
    theirs = make_survey(world, region=None)
    theirs.region = world.gavleborg
    theirs.save()
    client.force_login(world["regional_admin"])
    assert client.get(reverse("survey_edit", args=[theirs.pk]), headers=EN).status_code == 404
    national = make_survey(world)
    assert client.get(reverse("survey_edit", args=[national.pk]), headers=EN).status_code == 403


def _dalarna_results(world: Any, n: int = 5) -> Survey:
    survey = make_survey(world, SurveyKind.MANAGER_YEARLY)
    dispatch = _yearly_dispatch(world, survey, invitations=n)
    first = survey.questions.first()
    _answer_all(dispatch, [{first.pk: ("5", "")}] * n)
    return survey


def test_gavleborgs_admin_cannot_see_dalarnas_results(client, world):
    survey = _dalarna_results(world)
    client.force_login(world["regional_admin"])
    page = client.get(reverse("survey_results", args=[survey.pk]), headers=EN)
    assert page.status_code == 200
    assert b"5 of 5 answered" in page.content

    client.force_login(world["regional_admin_gavleborg"])
    page = client.get(reverse("survey_results", args=[survey.pk]), {"region": world.dalarna.pk}, headers=EN)
    assert b"5 of 5 answered" not in page.content
    assert b"Too few answers to show (at least 5)" in page.content

    own = make_survey(world, SurveyKind.TRAINER_YEARLY, region=world.dalarna)
    assert client.get(reverse("survey_results", args=[own.pk]), headers=EN).status_code == 404


def test_results_below_the_threshold_show_nothing(client, world):
    survey = _dalarna_results(world, n=4)
    client.force_login(world["regional_admin"])
    page = client.get(reverse("survey_results", args=[survey.pk]), headers=EN)
    assert b"Too few answers to show (at least 5)" in page.content
    assert b"Very good" not in page.content


def test_the_yearly_survey_is_sent_from_the_page_once_a_year(client, world):
    make_survey(world, SurveyKind.MANAGER_YEARLY)
    client.force_login(world["regional_admin"])
    post = {"kind": SurveyKind.MANAGER_YEARLY, "region": world.dalarna.pk, "year": 2025}
    response = client.post(reverse("survey_send"), post, headers=EN, follow=True)
    assert b"1 people were invited" in response.content
    again = client.post(reverse("survey_send"), post, headers=EN)
    assert again.status_code == 400
    assert b"already been sent" in again.content
    assert Dispatch.objects.count() == 1
    theirs = client.post(reverse("survey_send"), {**post, "region": world.gavleborg.pk}, headers=EN)
    assert theirs.status_code == 400


# --- answering by token ------------------------------------------------------------------------------------------


def _invitation(world: Any) -> tuple[Survey, Invitation]:
    survey = make_survey(world)
    return survey, _yearly_dispatch(world, survey, invitations=2).invitations.order_by("id").first()


def test_the_answer_page_needs_no_sign_in_and_a_tap_records_the_answer_at_once(client, world):
    survey, invitation = _invitation(world)
    first, agreement, text = survey.questions.order_by("position")
    url = reverse("survey_answer", args=[invitation.token])
    tapped = client.get(url, {"q": first.pk, "v": "4"}, headers=EN, follow=True)
    assert tapped.status_code == 200
    assert b"Your answer is saved" in tapped.content
    assert Answer.objects.get(question=first).value == "4"
    assert re.search(rb'<input type="radio" name="q%d" value="4"[^>]* checked' % first.pk, tapped.content)

    done = client.post(url, {f"q{first.pk}": "5", f"q{agreement.pk}": "3", f"q{text.pk}": "Bra kurs"}, headers=EN)
    assert b"Thank you, your answer is saved." in done.content
    assert Response.objects.count() == 1
    assert sorted(Answer.objects.values_list("value", "text")) == [("", "Bra kurs"), ("3", ""), ("5", "")]
    invitation.refresh_from_db()
    assert invitation.answered


def test_another_browser_with_the_same_link_sees_only_that_it_is_answered(client, world):
    from django.test import Client

    survey, invitation = _invitation(world)
    first = survey.questions.first()
    url = reverse("survey_answer", args=[invitation.token])
    client.get(url, {"q": first.pk, "v": "5"}, headers=EN)
    other = Client()
    page = other.get(url, headers=EN)
    assert b"Thank you, your answer is saved." in page.content
    assert b"Very good" not in page.content
    other.get(url, {"q": first.pk, "v": "1"}, headers=EN)
    assert list(Answer.objects.values_list("value", flat=True)) == ["5"]


def test_a_browser_cannot_reach_another_invitations_response(client, world):
    survey, invitation = _invitation(world)
    second = invitation.dispatch.invitations.exclude(pk=invitation.pk).get()
    first = survey.questions.first()
    client.get(reverse("survey_answer", args=[invitation.token]), {"q": first.pk, "v": "5"}, headers=EN)
    page = client.get(reverse("survey_answer", args=[second.token]), headers=EN)
    assert not re.search(rb"<input[^>]* checked", page.content)
    client.get(reverse("survey_answer", args=[second.token]), {"q": first.pk, "v": "1"}, headers=EN)
    assert Response.objects.count() == 2


def test_an_unknown_token_gives_a_clear_page(client, world):
    page = client.get(reverse("survey_answer", args=["inte-en-riktig-nyckel"]), headers=EN)
    assert page.status_code == 404
    assert b"Survey not found" in page.content


def test_a_prefetch_does_not_answer(client, world):
    survey, invitation = _invitation(world)
    first = survey.questions.first()
    url = reverse("survey_answer", args=[invitation.token])
    client.get(url, {"q": first.pk, "v": "5"}, headers={**EN, "Sec-Purpose": "prefetch"})
    assert not Response.objects.exists()


def test_a_pending_survey_shows_on_the_persons_home_page(client, world):
    survey = make_survey(world, SurveyKind.MANAGER_YEARLY)
    services.yearly_survey_send(
        actor=world["regional_admin"], kind=SurveyKind.MANAGER_YEARLY, region=world.dalarna, year=2025
    )
    invitation = Invitation.objects.get(user=world["manager"])
    client.force_login(world["manager"])
    home = client.get(reverse("home"), headers=EN)
    assert reverse("survey_answer", args=[invitation.token]).encode() in home.content
    assert survey.title.encode() in home.content
    client.force_login(world["staff"])
    assert b"/enkat/" not in client.get(reverse("home"), headers=EN).content


def test_a_course_evaluation_is_answered_in_one_tap_from_the_journey_page(client, world):
    """After the occasion, Min resa shows the evaluation's first question with its answers as links: one tap
    saves the answer, and the survey leaves the page."""
    survey = make_survey(world)
    first = survey.questions.order_by("position").first()
    _attend(world, world["staff"], [True, True])
    assert services.course_evaluation_send(occasion=world.occasion, today=_after(world)) == 1
    invitation = Invitation.objects.get(user=world["staff"])
    client.force_login(world["staff"])

    page = client.get(reverse("my_journey"), headers=EN).content.decode()
    assert first.text in page
    assert page.index("What did you think?") > page.index('class="next-step"')  # the next step comes first
    taps = re.findall(r'<a class="button secondary" href="([^"]+)">([^<]+)</a>', page)
    with translation.override("en"):
        assert [label for _url, label in taps] == [str(label) for _value, label in first.options]
    url = {label: u for u, label in taps}["Fairly good"].replace("&amp;", "&")
    assert url.startswith(reverse("survey_answer", args=[invitation.token]) + "?")

    tapped = client.get(url, headers=EN, follow=True)

    assert b"Your answer is saved" in tapped.content
    assert Answer.objects.get(question=first).value == "4"
    assert Response.objects.get().answers.count() == 1
    assert first.text not in client.get(reverse("my_journey"), headers=EN).content.decode()


def test_the_journey_page_offers_no_survey_to_someone_not_asked(client, world):
    survey = make_survey(world)
    _yearly_dispatch(world, survey, invitations=2)
    client.force_login(world["staff"])

    page = client.get(reverse("my_journey"), headers=EN).content.decode()

    assert "What did you think?" not in page
    assert "/enkat/" not in page
