"""Surveys: building, sending (after an occasion, on a completed level, the yearly ones), answering by
token, and results that show nothing below the anonymity threshold."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from yrkesresan.followup.models import (
    ANONYMITY_THRESHOLD,
    Answer,
    Dispatch,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
)
from yrkesresan.followup.selectors import surveys as selectors
from yrkesresan.followup.services import surveys as services
from yrkesresan.learning import services as learning
from yrkesresan.occasions.services import attendance_mark

QUALITY = [{"text": "Vad tyckte du om kursen som helhet?", "kind": QuestionKind.QUALITY, "required": True}]


def make_survey(world: Any, kind: str = SurveyKind.COURSE_EVALUATION, *, region: Any = None, questions=None) -> Survey:
    actor = world["system_admin"] if region is None else world["regional_admin"]
    return services.survey_save(
        actor=actor,
        kind=kind,
        title=f"Enkät {kind}",
        region=region,
        questions=questions
        or [
            *QUALITY,
            {"text": "Stöd vid introduktion", "kind": QuestionKind.AGREEMENT, "target_percent": 80},
            {"text": "Något mer?", "kind": QuestionKind.TEXT},
        ],
    )


def _attend(world: Any, person: Any, presence: list[bool]) -> None:
    for day, present in zip(world.occasion.days.order_by("date"), presence, strict=True):
        attendance_mark(actor=world["regional_admin"], course_day=day, person=person, present=present, today=day.date)


def _after(world: Any) -> datetime.date:
    world.occasion.refresh_from_db()
    return world.occasion.last_day + datetime.timedelta(days=1)


def _yearly_dispatch(world: Any, survey: Survey, *, invitations: int) -> Dispatch:
    """A dispatch with ``invitations`` invitations to made-up people (for results)."""
    from yrkesresan.accounts.models import User

    dispatch = Dispatch.objects.create(survey=survey, region=world.dalarna, year=2025)
    for i in range(invitations):
        user = User.objects.create(username=f"svarare{survey.pk}_{i}")
        Invitation.objects.create(dispatch=dispatch, user=user, token=f"t{survey.pk}-{i}", municipality=world.avesta)
    return dispatch


def _answer_all(dispatch: Dispatch, values: list[dict[int, tuple[str, str]]]) -> None:
    for invitation, answers in zip(dispatch.invitations.order_by("id"), values, strict=False):
        services.response_save(invitation=invitation, answers=answers, complete=False)


# --- building ----------------------------------------------------------------------------------------------


def test_a_regional_admin_builds_their_regions_survey_and_not_a_national_one_nor_another_regions(world):
    survey = make_survey(world, region=world.dalarna)
    assert [q.text for q in survey.questions.all()] == [
        "Vad tyckte du om kursen som helhet?",
        "Stöd vid introduktion",
        "Något mer?",
    ]
    with pytest.raises(PermissionDenied):
        services.survey_save(actor=world["regional_admin"], kind="other", title="Nationell", questions=QUALITY)
    with pytest.raises(PermissionDenied):
        services.survey_save(
            actor=world["regional_admin"], kind="other", title="G", region=world.gavleborg, questions=QUALITY
        )
    with pytest.raises(PermissionDenied):
        services.survey_save(actor=world["staff"], kind="other", title="S", region=world.dalarna, questions=QUALITY)


def test_bad_questions_save_nothing_and_every_problem_is_named(world):
    with pytest.raises(ValidationError) as refused:
        services.survey_save(
            actor=world["system_admin"],
            kind=SurveyKind.OTHER,
            title="Trasig",
            questions=[
                {"text": "", "kind": QuestionKind.QUALITY},
                {"text": "Fritext med mål", "kind": QuestionKind.TEXT, "target_percent": 80},
                {"text": "Fel mål", "kind": QuestionKind.YES_NO, "target_percent": 120},
            ],
        )
    assert len(refused.value.message_dict["questions"]) == 3
    assert not Survey.objects.exists()
    assert not Question.objects.exists()


def test_an_answered_question_can_be_reworded_but_not_removed(world):
    survey = make_survey(world)
    dispatch = _yearly_dispatch(world, survey, invitations=1)
    first = survey.questions.first()
    _answer_all(dispatch, [{first.pk: ("5", "")}])
    with pytest.raises(ValidationError):
        services.survey_save(
            actor=world["system_admin"],
            survey=survey,
            kind=survey.kind,
            title=survey.title,
            questions=[{"text": "Bara en ny fråga", "kind": QuestionKind.YES_NO}],
        )
    services.survey_save(
        actor=world["system_admin"],
        survey=survey,
        kind=survey.kind,
        title=survey.title,
        questions=[{"id": first.pk, "text": "Kursen som helhet?", "kind": QuestionKind.QUALITY}],
    )
    first.refresh_from_db()
    assert first.text == "Kursen som helhet?"
    assert Answer.objects.filter(question=first).count() == 1


def test_the_regions_own_survey_replaces_the_national_one_there(world):
    national = make_survey(world)
    own = make_survey(world, region=world.dalarna)
    assert selectors.active_survey(kind=SurveyKind.COURSE_EVALUATION, region_id=world.dalarna.pk) == own
    assert selectors.active_survey(kind=SurveyKind.COURSE_EVALUATION, region_id=world.gavleborg.pk) == national


# --- course evaluation after the occasion ----------------------------------------------------------------------


def test_the_daily_task_invites_only_those_who_attended_once_per_occasion(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    make_survey(world)
    _attend(world, world["staff"], [True, False])  # partly attended
    _attend(world, world["staff_boende"], [False, False])  # did not come
    today = _after(world)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.course_evaluations_send(today=today) == 1
    dispatch = Dispatch.objects.get(occasion=world.occasion)
    assert [i.user for i in dispatch.invitations.all()] == [world["staff"]]
    assert [m.to for m in mailoutbox] == [["staff@example.org"]]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.course_evaluations_send(today=today + datetime.timedelta(days=1)) == 0
    assert Dispatch.objects.filter(occasion=world.occasion).count() == 1
    assert len(mailoutbox) == 1


def test_nothing_is_sent_before_the_last_day_has_passed(world):
    make_survey(world)
    _attend(world, world["staff"], [True, True])
    assert services.course_evaluations_send(today=world.occasion.last_day) == 0
    assert not Dispatch.objects.exists()


def test_the_invitation_mail_has_the_first_questions_options_as_links_that_answer_it(
    world, client, django_capture_on_commit_callbacks, mailoutbox
):
    survey = make_survey(world)
    _attend(world, world["staff"], [True, True])
    with django_capture_on_commit_callbacks(execute=True):
        services.course_evaluations_send(today=_after(world))
    body = mailoutbox[0].body
    first = survey.questions.first()
    links = [line for line in body.splitlines() if "/enkat/" in line and "?q=" in line]
    assert len(links) == len(first.options) == 6
    link = urlparse(links[1].strip())
    assert parse_qs(link.query) == {"q": [str(first.pk)], "v": ["4"]}

    client.get(f"{link.path}?{link.query}", headers={"accept-language": "en"})
    assert Answer.objects.get(question=first).value == "4"
    assert Invitation.objects.get(user=world["staff"]).answered


# --- level completion --------------------------------------------------------------------------------------------


def test_completing_a_level_invites_the_person_to_the_years_level_survey(world, django_capture_on_commit_callbacks):
    survey = make_survey(world, SurveyKind.LEVEL_COMPLETION, questions=QUALITY)
    staff = world["staff"]
    for task in world.bou_course.tasks.filter(mandatory=True):
        learning.task_mark_done(actor=staff, task=task)
    with django_capture_on_commit_callbacks(execute=True):
        _attend(world, staff, [True, True])
    dispatch = Dispatch.objects.get(survey=survey)
    assert (dispatch.region, dispatch.level) == (world.dalarna, world.bou_ny)
    assert [i.user for i in dispatch.invitations.all()] == [staff]


def test_the_level_event_invites_once_and_adds_people_to_the_same_dispatch(world):
    make_survey(world, SurveyKind.LEVEL_COMPLETION, questions=QUALITY)
    payload = {"level_id": world.bou_ny.pk, "journey_id": world.bou.pk}
    services.on_level_completed(user_id=world["staff"].pk, **payload)
    services.on_level_completed(user_id=world["staff"].pk, **payload)
    services.on_level_completed(user_id=world["staff_boende"].pk, **payload)
    assert Dispatch.objects.count() == 1
    assert Invitation.objects.count() == 2


# --- yearly surveys ------------------------------------------------------------------------------------------------


def test_the_yearly_manager_survey_goes_to_the_regions_managers_once_a_year(world):
    make_survey(world, SurveyKind.MANAGER_YEARLY)
    dispatch = services.yearly_survey_send(
        actor=world["regional_admin"], kind=SurveyKind.MANAGER_YEARLY, region=world.dalarna, year=2025
    )
    assert [i.user for i in dispatch.invitations.all()] == [world["manager"]]
    with pytest.raises(ValidationError):
        services.yearly_survey_send(
            actor=world["regional_admin"], kind=SurveyKind.MANAGER_YEARLY, region=world.dalarna, year=2025
        )
    with pytest.raises(PermissionDenied):
        services.yearly_survey_send(
            actor=world["regional_admin"], kind=SurveyKind.MANAGER_YEARLY, region=world.gavleborg, year=2025
        )
    assert (
        services.yearly_survey_send(
            actor=world["regional_admin"], kind=SurveyKind.MANAGER_YEARLY, region=world.dalarna, year=2026
        ).invitations.count()
        == 1
    )


def test_the_yearly_trainer_survey_goes_to_the_trainers(world):
    make_survey(world, SurveyKind.TRAINER_YEARLY)
    dispatch = services.yearly_survey_send(
        actor=world["system_admin"], kind=SurveyKind.TRAINER_YEARLY, region=world.dalarna, year=2025
    )
    assert [i.user for i in dispatch.invitations.all()] == [world["trainer"]]


# --- answering ---------------------------------------------------------------------------------------------------


def test_a_token_answers_once(world):
    survey = make_survey(world)
    dispatch = _yearly_dispatch(world, survey, invitations=1)
    invitation = dispatch.invitations.get()
    first = survey.questions.first()
    response = services.response_save(invitation=invitation, answers={first.pk: ("5", "")}, complete=False)
    with pytest.raises(ValidationError):
        services.response_save(invitation=invitation, answers={first.pk: ("1", "")}, complete=False)
    # The same browser (which has the response) may change it.
    services.response_save(invitation=invitation, answers={first.pk: ("3", "")}, response=response, complete=False)
    assert list(Answer.objects.values_list("value", flat=True)) == ["3"]
    assert Response.objects.count() == 1


def test_a_required_question_must_be_answered_and_a_value_must_be_an_option(world):
    survey = make_survey(world)
    invitation = _yearly_dispatch(world, survey, invitations=1).invitations.get()
    first = survey.questions.first()
    with pytest.raises(ValidationError):
        services.response_save(invitation=invitation, answers={first.pk: ("", "")})
    with pytest.raises(ValidationError):
        services.response_save(invitation=invitation, answers={first.pk: ("9", "")}, complete=False)
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.answered


def test_a_response_has_no_link_to_a_person():
    for model in (Response, Answer):
        related = {f.related_model for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)}
        assert not any(getattr(m, "_meta", None) and m._meta.label_lower == "accounts.user" for m in related)
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"user", "person", "invitation", "token", "created_by"}
    invitation_fields = {f.name for f in Invitation._meta.get_fields()}
    assert not invitation_fields & {"response", "answered_at", "submitted_on"}


# --- results -------------------------------------------------------------------------------------------------------


def _scored(world: Any, n: int) -> tuple[Survey, Dispatch]:
    survey = make_survey(world, SurveyKind.MANAGER_YEARLY)
    dispatch = _yearly_dispatch(world, survey, invitations=10)
    first = survey.questions.first()
    text = survey.questions.get(kind=QuestionKind.TEXT)
    _answer_all(dispatch, [{first.pk: ("5", ""), text.pk: ("", f"Svar {i}")} for i in range(n)])
    return survey, dispatch


def test_four_answers_show_nothing(world):
    survey, dispatch = _scored(world, ANONYMITY_THRESHOLD - 1)
    results = selectors.survey_results(survey=survey, dispatches=Dispatch.objects.all())
    assert results.hidden
    assert results.responses == 0 and results.response_rate is None and results.questions == []


def test_five_answers_are_shown_with_the_response_rate_and_the_texts(world):
    survey, dispatch = _scored(world, ANONYMITY_THRESHOLD)
    results = selectors.survey_results(survey=survey, dispatches=Dispatch.objects.all())
    assert not results.hidden
    assert (results.responses, results.invitations, results.response_rate) == (5, 10, 50.0)
    first, agreement, text = results.questions
    assert [o.count for o in first.options] == [5, 0, 0, 0, 0, 0]
    assert agreement.hidden  # nobody answered this one
    assert text.texts == [f"Svar {i}" for i in range(5)]


def test_a_target_compares_the_positive_share_of_those_with_an_opinion(world):
    survey = make_survey(world, SurveyKind.MANAGER_YEARLY)
    dispatch = _yearly_dispatch(world, survey, invitations=30)
    q = survey.questions.get(kind=QuestionKind.AGREEMENT)  # target 80 %, positive: the top two
    # 25 with an opinion, 17 of them positive (68 %), and 5 with no opinion, which do not count.
    values = ["4"] * 9 + ["3"] * 8 + ["2"] * 5 + ["1"] * 3 + ["0"] * 5
    _answer_all(dispatch, [{q.pk: (v, "")} for v in values])
    result = next(
        r
        for r in selectors.survey_results(survey=survey, dispatches=Dispatch.objects.all()).questions
        if r.question == q
    )
    assert result.answered == 30
    assert result.positive_percent == 68.0
    assert result.target_met is False

    services.survey_save(
        actor=world["system_admin"],
        survey=survey,
        kind=survey.kind,
        title=survey.title,
        questions=[
            {"id": x.pk, "text": x.text, "kind": x.kind, "target_percent": 60 if x == q else x.target_percent}
            for x in survey.questions.all()
        ],
    )
    q.refresh_from_db()
    result = selectors._question_result(q, list(Answer.objects.filter(question=q)))
    assert result.target_met is True


def test_results_per_municipality_hide_a_municipality_with_few_answers(world):
    survey, dispatch = _scored(world, 6)
    assert not selectors.survey_results(
        survey=survey, dispatches=Dispatch.objects.all(), municipality_ids=[world.avesta.pk]
    ).hidden
    assert selectors.survey_results(
        survey=survey, dispatches=Dispatch.objects.all(), municipality_ids=[world.falun.pk]
    ).hidden


def test_survey_results_for_the_yearly_report(world):
    survey, dispatch = _scored(world, 5)
    found = selectors.survey_results_for(region=world.dalarna, year=2025)
    assert [r.survey for r in found] == [survey]
    assert found[0].responses == 5
    assert selectors.survey_results_for(region=world.gavleborg, year=2025) == []
    assert selectors.survey_results_for(region=world.dalarna, year=2024) == []
