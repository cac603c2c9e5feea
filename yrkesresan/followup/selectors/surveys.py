"""Reads of the surveys: which survey is in use where, who is due an invitation, what a person has
waiting, and the results.

**Results are anonymous.** Nothing (no count, no percentage, no free text) is shown for a group where
fewer than ``ANONYMITY_THRESHOLD`` people answered; a question that fewer answered is hidden on its own.
Free-text answers are listed in alphabetical order, never in the order they came in.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from yrkesresan.accounts.models import Role, RoleAssignment
from yrkesresan.accounts.scopes import is_system_admin
from yrkesresan.core import policy
from yrkesresan.occasions.models import DeliveryLevel, Occasion, OccasionStatus, Registration, RegistrationState

from ..models import (
    ANONYMITY_THRESHOLD,
    NO_OPINION,
    Answer,
    Dispatch,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
)
from ..policies import coordinating_regions, report_scope

#: Occasions whose last day is longer ago than this are not evaluated any more (so that the first run
#: after the task is deployed, or after a long stop, does not ask about courses from years ago).
EVALUATION_WINDOW_DAYS = 14
#: Who counts as having taken part in an occasion.
ATTENDED = (RegistrationState.ATTENDED, RegistrationState.PARTLY_ATTENDED)
#: Which role a yearly survey goes to.
YEARLY_ROLES: dict[str, str] = {SurveyKind.MANAGER_YEARLY: Role.MANAGER, SurveyKind.TRAINER_YEARLY: Role.TRAINER}


# --- which survey ---------------------------------------------------------------------------------------


def active_survey(*, kind: str, region_id: int | None, journey_id: int | None = None) -> Survey | None:
    """The survey of ``kind`` in use in a region: the region's own, else the national one. One made for a
    journey is preferred, for that journey, to one made for all journeys."""
    candidates = Survey.objects.filter(kind=kind, active=True).filter(
        Q(region__isnull=True) | Q(region_id=region_id) if region_id else Q(region__isnull=True)
    )
    candidates = candidates.filter(
        Q(journey__isnull=True) | Q(journey_id=journey_id) if journey_id else Q(journey__isnull=True)
    )
    best = sorted(candidates, key=lambda s: (s.region_id is None, s.journey_id is None, -s.pk))
    return best[0] if best else None


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position", "id"))


def buildable_surveys(*, actor: Any) -> QuerySet[Survey]:
    """The surveys ``actor`` may change: all (system admin) or their regions' own."""
    regions = coordinating_regions(actor)
    qs = Survey.objects.select_related("region", "journey").order_by("kind", "region__name", "title", "id")
    return qs if regions is None else qs.filter(region_id__in=regions)


def survey_list(*, actor: Any) -> QuerySet[Survey]:
    """The surveys ``actor`` sees (national ones, and their regions' own)."""
    return policy.visible(actor, Survey.objects.select_related("region", "journey")).order_by(
        "kind", "region__name", "title", "id"
    )


# --- who is due an invitation (these cross every scope: the daily task runs for the whole nation) ------------


def occasions_due_for_evaluation_nationwide(*, today: datetime.date) -> QuerySet[Occasion]:
    """Regional and municipal occasions, not cancelled, whose last day has passed within the window."""
    return (
        Occasion.objects.filter(
            delivery_level__in=(DeliveryLevel.REGIONAL, DeliveryLevel.MUNICIPAL),
            status=OccasionStatus.PLANNED,
            last_day__lt=today,
            last_day__gte=today - datetime.timedelta(days=EVALUATION_WINDOW_DAYS),
            region__isnull=False,
        )
        .select_related("course")
        .order_by("last_day", "id")
    )


def attended_registrations(*, occasion: Occasion) -> QuerySet[Registration]:
    """Those who took part in the occasion (attended every day, or some of them)."""
    return Registration.objects.filter(occasion=occasion, state__in=ATTENDED).select_related("user").order_by("id")


def home_place(*, user_id: int) -> tuple[int | None, int | None]:
    """(region id, municipality id) of a person's first active role that has a place."""
    row = (
        RoleAssignment.objects.active()
        .filter(user_id=user_id, region__isnull=False)
        .order_by("id")
        .values_list("region_id", "municipality_id")
        .first()
    )
    return (row[0], row[1]) if row else (None, None)


def yearly_recipients(*, kind: str, region_id: int) -> list[tuple[Any, int | None]]:
    """(user, municipality id) of everyone holding the yearly survey's role in the region today."""
    role = YEARLY_ROLES[kind]
    seen: dict[int, tuple[Any, int | None]] = {}
    rows = (
        RoleAssignment.objects.active()
        .filter(role=role, region_id=region_id, user__is_active=True)
        .select_related("user")
        .order_by("user_id", "id")
    )
    for row in rows:
        seen.setdefault(row.user_id, (row.user, row.municipality_id))
    return list(seen.values())


def yearly_dispatch(*, survey: Survey, region_id: int, year: int) -> Dispatch | None:
    return Dispatch.objects.filter(
        survey=survey, region_id=region_id, year=year, level__isnull=True, occasion__isnull=True
    ).first()


# --- what a person has waiting -------------------------------------------------------------------------


def pending_invitations(*, user: Any, today: datetime.date | None = None) -> list[Invitation]:
    """The person's unanswered invitations that are still open, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or datetime.date.today()
    return list(
        Invitation.objects.filter(user=user, answered=False)
        .filter(Q(dispatch__closes_on__isnull=True) | Q(dispatch__closes_on__gte=today))
        .select_related("dispatch__survey", "dispatch__occasion__course", "dispatch__level")
        .order_by("-created_at", "-id")[:5]
    )


def first_questions(invitations: Iterable[Invitation]) -> dict[int, Question]:
    """The first question of each invitation's survey, by survey id: one query for all of them."""
    survey_ids = {i.dispatch.survey_id for i in invitations}
    first: dict[int, Question] = {}
    if survey_ids:
        for q in Question.objects.filter(survey_id__in=survey_ids).order_by("survey_id", "position", "id"):
            first.setdefault(q.survey_id, q)
    return first


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose secret is ``token`` (the token is the key: no sign-in)."""
    if not token or len(token) > 43:
        return None
    return (
        Invitation.objects.select_related("dispatch__survey", "dispatch__occasion__course", "dispatch__level")
        .filter(token=token)
        .first()
    )


def response_answers(*, response: Response) -> dict[int, Answer]:
    return {a.question_id: a for a in response.answers.all()}


# --- results ----------------------------------------------------------------------------------------------


@dataclass
class OptionCount:
    value: str
    label: Any
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int
    hidden: bool
    options: list[OptionCount] = field(default_factory=list)
    #: Share of positive answers among those with an opinion ("No opinion" left out); None: no such answers.
    positive_percent: float | None = None
    target_met: bool | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    invitations: int
    responses: int
    hidden: bool
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        if self.hidden or not self.invitations:
            return None
        return round(100 * self.responses / self.invitations, 1)

    @property
    def threshold(self) -> int:
        return ANONYMITY_THRESHOLD


def _question_result(question: Question, answers: list[Answer]) -> QuestionResult:
    if question.kind == QuestionKind.TEXT:
        texts = sorted((a.text.strip() for a in answers if a.text.strip()), key=str.casefold)
        if len(texts) < ANONYMITY_THRESHOLD:
            return QuestionResult(question=question, answered=0, hidden=True)
        return QuestionResult(question=question, answered=len(texts), hidden=False, texts=texts)
    counts = Counter(a.value for a in answers if a.value)
    answered = sum(counts.values())
    if answered < ANONYMITY_THRESHOLD:
        return QuestionResult(question=question, answered=0, hidden=True)
    options = [
        OptionCount(value=value, label=label, count=counts[value], percent=round(100 * counts[value] / answered, 1))
        for value, label in question.options
    ]
    with_opinion = answered - counts[NO_OPINION]
    positive = sum(counts[v] for v in question.positive_values)
    percent = round(100 * positive / with_opinion, 1) if with_opinion else None
    met = None
    if question.target_percent is not None and percent is not None:
        met = percent >= question.target_percent
    return QuestionResult(
        question=question, answered=answered, hidden=False, options=options, positive_percent=percent, target_met=met
    )


def survey_results(
    *, survey: Survey, dispatches: QuerySet[Dispatch], municipality_ids: Iterable[int] | None = None
) -> SurveyResults:
    """The results of ``survey`` over ``dispatches`` (already narrowed to what may be seen), for some
    municipalities only where given. Hidden below the anonymity threshold."""
    dispatches = dispatches.filter(survey=survey)
    invitations = Invitation.objects.filter(dispatch__in=dispatches)
    responses = Response.objects.filter(dispatch__in=dispatches)
    if municipality_ids is not None:
        ids = list(municipality_ids)
        invitations = invitations.filter(municipality_id__in=ids)
        responses = responses.filter(municipality_id__in=ids)
    invited = invitations.count()
    answered = responses.count()
    if answered < ANONYMITY_THRESHOLD:
        return SurveyResults(survey=survey, invitations=invited, responses=0, hidden=True)
    by_question: dict[int, list[Answer]] = {}
    for answer in Answer.objects.filter(response__in=responses).only("question_id", "value", "text"):
        by_question.setdefault(answer.question_id, []).append(answer)
    return SurveyResults(
        survey=survey,
        invitations=invited,
        responses=answered,
        hidden=False,
        questions=[_question_result(q, by_question.get(q.pk, [])) for q in survey_questions(survey)],
    )


def result_municipalities(*, actor: Any, region_id: int | None) -> frozenset[int] | None:
    """The municipalities whose results ``actor`` reads within what the dispatch policy lets them see:
    ``None`` for all of them (system admins; the regional roles in their region), else the k-admin's
    municipality and the manager's units' municipalities."""
    if is_system_admin(actor):
        return None
    regions = coordinating_regions(actor) or frozenset()
    if region_id is not None and region_id in regions:
        return None
    scope = report_scope(actor)
    ids = set(scope.municipalities)
    if scope.units:
        from yrkesresan.organisations.models import Unit

        ids |= set(Unit.objects.filter(pk__in=scope.units).values_list("municipality_id", flat=True))
    return frozenset(ids)


def visible_dispatches(
    *,
    actor: Any,
    survey: Survey,
    year: int | None = None,
    region_id: int | None = None,
    dispatch_id: int | None = None,
) -> QuerySet[Dispatch]:
    qs = policy.visible(actor, Dispatch.objects.filter(survey=survey))
    if year:
        qs = qs.filter(year=year)
    if region_id:
        qs = qs.filter(region_id=region_id)
    if dispatch_id:
        qs = qs.filter(pk=dispatch_id)
    return qs


def dispatch_list(*, actor: Any, survey: Survey) -> list[Dispatch]:
    return list(
        visible_dispatches(actor=actor, survey=survey)
        .select_related("region", "occasion__course", "level")
        .order_by("-year", "-created_at", "-id")[:200]
    )


def survey_results_for(
    *, region: Any = None, journey: Any = None, year: int, kind: str | None = None
) -> list[SurveyResults]:
    """For the yearly report (which checks its reader's scope itself): the results of every survey sent in
    ``region`` (all regions where None) in ``year``, for ``journey`` (an occasion's course, a level, or the
    survey's own journey; surveys for all journeys count too), each hidden below the threshold."""
    dispatches = Dispatch.objects.filter(year=year)
    if region is not None:
        dispatches = dispatches.filter(region_id=getattr(region, "pk", region))
    if journey is not None:
        journey_id = getattr(journey, "pk", journey)
        dispatches = dispatches.filter(
            Q(occasion__course__journey_id=journey_id)
            | Q(level__journey_id=journey_id)
            | Q(occasion__isnull=True, level__isnull=True, survey__journey_id=journey_id)
            | Q(occasion__isnull=True, level__isnull=True, survey__journey__isnull=True)
        )
    if kind:
        dispatches = dispatches.filter(survey__kind=kind)
    surveys = Survey.objects.filter(pk__in=dispatches.values("survey_id")).order_by("kind", "title", "id")
    return [survey_results(survey=survey, dispatches=dispatches) for survey in surveys]


def yearly_dispatch_list(*, actor: Any) -> list[Dispatch]:
    """The yearly surveys sent in the regions ``actor`` runs, with how many were invited and answered."""
    from django.db.models import Count

    regions = coordinating_regions(actor)
    qs = Dispatch.objects.filter(
        survey__kind__in=list(YEARLY_ROLES), occasion__isnull=True, level__isnull=True
    ).select_related("survey", "region")
    if regions is not None:
        qs = qs.filter(region_id__in=regions)
    return list(
        qs.annotate(invited=Count("invitations", distinct=True)).order_by("-year", "region__name", "survey__title")[
            :100
        ]
    )


def default_result_region(*, actor: Any, survey: Survey) -> int | None:
    """For a national survey, the region whose results are shown first: the reader's own (None for a system
    admin: all regions together)."""
    if is_system_admin(actor):
        return None
    return (
        visible_dispatches(actor=actor, survey=survey).order_by("region_id").values_list("region_id", flat=True).first()
    )
