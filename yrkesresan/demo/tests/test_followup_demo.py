"""The demo's follow-up (``yrkesresan.demo.followup``): course evaluations with results and one with too few
answers, the yearly manager survey short of its target, a trainer survey with too few answers, the inventory
and a planning suggestion; and what the README's tour opens."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.models import Journey
from yrkesresan.demo.followup import MANAGER_ITEM, OVERALL
from yrkesresan.followup.models import ANONYMITY_THRESHOLD, Dispatch, Invitation, Response, Survey, SurveyKind
from yrkesresan.followup.selectors import inventory as inventory_selectors
from yrkesresan.followup.selectors import surveys as selectors
from yrkesresan.organisations.models import Region


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Region.objects.get(name="Region Dalarna")


def _results(dispatch: Dispatch) -> selectors.SurveyResults:
    return selectors.survey_results(survey=dispatch.survey, dispatches=Dispatch.objects.filter(pk=dispatch.pk))


def _signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_second_load_adds_no_surveys_answers_or_inventory(demo):
    counts = (Survey.objects.count(), Dispatch.objects.count(), Response.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Survey.objects.count(), Dispatch.objects.count(), Response.objects.count()) == counts
    assert counts[0] == 4 and counts[1] == 4


def test_the_bou_course_evaluation_shows_results_and_avestas_has_too_few_answers(demo):
    evaluations = Dispatch.objects.filter(region=demo, survey__kind=SurveyKind.COURSE_EVALUATION)
    bou = evaluations.get(occasion__course__journey__code="bou")
    shown = _results(bou)
    assert not shown.hidden and shown.responses >= ANONYMITY_THRESHOLD
    # Everyone asked attended the occasion.
    assert bou.occasion is not None
    attended = set(selectors.attended_registrations(occasion=bou.occasion).values_list("user_id", flat=True))
    assert set(bou.invitations.values_list("user_id", flat=True)) == attended
    overall = next(q for q in shown.questions if q.question.text == OVERALL)
    assert sum(o.count for o in overall.options) == shown.responses
    assert overall.question.target_percent == 80 and overall.target_met is not None
    assert any(q.texts for q in shown.questions)

    avesta = evaluations.get(occasion__name="Avesta, hösten")
    assert _results(avesta).hidden and 0 < avesta.responses.count() < ANONYMITY_THRESHOLD
    # Sara attended and has not answered: the evaluation waits on her home page.
    sara = User.objects.get(username="medarbetare")
    assert [i.dispatch for i in selectors.pending_invitations(user=sara)] == [avesta]


def test_the_managers_say_68_percent_against_a_target_of_80_and_the_trainers_too_few(demo):
    year = timezone.localdate().year
    managers = Dispatch.objects.get(region=demo, survey__kind=SurveyKind.MANAGER_YEARLY, year=year)
    asked = managers.invitations.count()
    assert asked >= 5 and asked == (
        RoleAssignment.objects.active().filter(role=Role.MANAGER, region=demo).values("user").distinct().count()
    )
    item = next(q for q in _results(managers).questions if q.question.text == MANAGER_ITEM)
    assert item.answered >= ANONYMITY_THRESHOLD
    assert item.positive_percent == 68.0 and item.question.target_percent == 80 and item.target_met is False
    assert Invitation.objects.filter(dispatch=managers, user__username="chef", answered=False).exists()

    trainers = Dispatch.objects.get(region=demo, survey__kind=SurveyKind.TRAINER_YEARLY, year=year)
    assert _results(trainers).hidden and 0 < trainers.responses.count() < ANONYMITY_THRESHOLD
    assert Survey.objects.filter(kind=SurveyKind.LEVEL_COMPLETION, region__isnull=True, active=True).exists()


def test_the_inventory_has_four_municipalities_and_the_planning_suggestion_course_starts(demo):
    year = timezone.localdate().year
    coordinator = User.objects.get(username="regionadmin")
    for code in ("bou", "funk-utforare"):
        journey = Journey.objects.get(code=code)
        overview = inventory_selectors.inventory_overview(coordinator, demo, journey, year)
        assert overview.reported == 4 and len(overview.not_reported) == 11 and overview.staff > 0
        suggestion = inventory_selectors.planning_suggestion(coordinator, demo, journey, year)
        assert suggestion.assumptions.saved and suggestion.starts > 0 and suggestion.trainers > 0
        assert suggestion.venues.fits
        # The yearly report plans next year, from next year's inventory.
        following = inventory_selectors.planning_suggestion(coordinator, demo, journey, year + 1)
        assert following.assumptions.saved and following.reported == 4 and following.starts >= suggestion.starts
    assert overview.venues


def test_the_tours_follow_up_pages_open(demo):
    year = timezone.localdate().year
    coordinator = _signed_in("regionadmin")
    managers = Survey.objects.get(kind=SurveyKind.MANAGER_YEARLY, region=demo)
    page = coordinator.get(reverse("survey_results", args=[managers.pk]))
    assert page.status_code == 200
    assert "Positiva: 68,0 %" in page.content.decode() and "Målet inte uppfyllt" in page.content.decode()
    trainers = Survey.objects.get(kind=SurveyKind.TRAINER_YEARLY, region=demo)
    page = coordinator.get(reverse("survey_results", args=[trainers.pk]))
    assert page.status_code == 200 and "För få svar" in page.content.decode()
    for name in ("followup_reports", "followup_yearly", "survey_list", "followup_inventory", "followup_planning"):
        assert coordinator.get(reverse(name)).status_code == 200, name
    kadmin = _signed_in("kadmin")
    avesta = demo.municipalities.get(name="Avesta")
    funk = Journey.objects.get(code="funk-utforare")
    edit = reverse("followup_inventory_edit", args=[avesta.pk, funk.pk, year])
    assert kadmin.get(edit).status_code == 200
    # Sara's home page offers the evaluation; its page opens without signing in.
    token = Invitation.objects.get(user__username="medarbetare").token
    answer = reverse("survey_answer", args=[token])
    assert answer in _signed_in("medarbetare").get(reverse("home")).content.decode()
    assert OVERALL in Client().get(answer).content.decode()
