"""Writes of the surveys: building one, sending it (after each occasion, when a level is completed, the
yearly manager and trainer surveys) and answering it.

**Anonymity.** An invitation records only *that* it was answered. A response has no link to a person,
and answering writes nothing to the audit trail (that would say who answered when). The browser that
answered keeps the response id in a signed cookie, so it can change its answers; the server keeps no
such link (decision 0013).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.core import policy
from yrkesresan.core.audit import audit_record

from .. import notifications
from ..models import (
    SCALES,
    Answer,
    Dispatch,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
)
from ..selectors import surveys as selectors

# --- building -------------------------------------------------------------------------------------------


def _clean_questions(questions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Check the questions; every problem is reported at once, per question."""
    problems: list[str] = []
    cleaned: list[dict[str, Any]] = []
    for n, q in enumerate(questions, start=1):
        text = str(q.get("text") or "").strip()
        kind = q.get("kind") or ""
        target = q.get("target_percent")
        positive = [str(v).strip() for v in (q.get("positive") or []) if str(v).strip()]
        if not text:
            problems.append(_("Question %(n)d: write the question.") % {"n": n})
        if kind not in QuestionKind.values:
            problems.append(_("Question %(n)d: choose the kind of answer.") % {"n": n})
            continue
        values = {v for v, _label in SCALES.get(kind, [])}
        if kind == QuestionKind.TEXT and (target is not None or positive):
            problems.append(_("Question %(n)d: a free-text question cannot have a target.") % {"n": n})
        if target is not None and not 1 <= int(target) <= 100:
            problems.append(_("Question %(n)d: the target is a percentage from 1 to 100.") % {"n": n})
        if set(positive) - values or "0" in positive:
            problems.append(
                _("Question %(n)d: the answers that meet the target must be options of its scale.") % {"n": n}
            )
        cleaned.append(
            {
                "id": q.get("id"),
                "text": text,
                "kind": kind,
                "required": bool(q.get("required")),
                "target_percent": target,
                "positive": ",".join(positive),
            }
        )
    if not questions:
        problems.append(_("A survey needs at least one question."))
    if problems:
        raise ValidationError({"questions": problems})
    return cleaned


@transaction.atomic
def survey_save(
    *,
    actor: Any,
    survey: Survey | None = None,
    kind: str,
    title: str,
    intro: str = "",
    region: Any = None,
    journey: Any = None,
    active: bool = True,
    questions: Sequence[Mapping[str, Any]],
) -> Survey:
    """Create or change a survey and its questions (in the order given). System admins build national
    surveys (no region), the regional roles their region's. A question that has been answered keeps its
    kind and cannot be removed (its answers would lose their meaning); nothing is saved if anything is wrong."""
    if not policy.can(actor, "followup.build_survey", region):
        raise PermissionDenied("followup.build_survey")
    if survey is not None:
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if not policy.can(actor, "followup.build_survey", survey.region_id):
            raise PermissionDenied("followup.build_survey")
    if kind not in SurveyKind.values:
        raise ValidationError({"kind": _("Choose the kind of survey.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the survey a title.")})
    rows = _clean_questions(list(questions))
    existing = {q.pk: q for q in survey.questions.all()} if survey else {}
    answered = set(Answer.objects.filter(question__in=existing.values()).values_list("question_id", flat=True))
    kept = {int(r["id"]) for r in rows if r["id"] and int(r["id"]) in existing}
    problems = [
        _("“%(text)s” has answers and cannot be removed.") % {"text": existing[pk].text}
        for pk in sorted(answered - kept)
    ]
    problems += [
        _("“%(text)s” has answers: its kind of answer cannot change.") % {"text": existing[int(r["id"])].text}
        for r in rows
        if r["id"] and int(r["id"]) in answered and existing[int(r["id"])].kind != r["kind"]
    ]
    if problems:
        raise ValidationError({"questions": problems})

    before = {} if survey is None else {"title": survey.title, "active": survey.active, "kind": survey.kind}
    if survey is None:
        survey = Survey(created_by=actor)
    survey.kind, survey.title, survey.intro = kind, title.strip(), intro.strip()
    survey.region_id = getattr(region, "pk", region)
    survey.journey_id = getattr(journey, "pk", journey)
    survey.active = active
    survey.save()
    Question.objects.filter(pk__in=set(existing) - kept).delete()
    for position, row in enumerate(rows, start=1):
        question = existing[int(row["id"])] if row["id"] and int(row["id"]) in existing else Question(survey=survey)
        question.position = position
        for name in ("text", "kind", "required", "target_percent", "positive"):
            setattr(question, name, row[name])
        question.save()
    audit_record(
        actor=actor,
        action="survey.save",
        target=survey,
        changes={
            **{k: [before.get(k), getattr(survey, k)] for k in ("title", "kind", "active")},
            "questions": len(rows),
        },
        region_id=survey.region_id,
    )
    return survey


# --- sending --------------------------------------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)  # 43 characters


def _invite(*, dispatch: Dispatch, user: Any, municipality_id: int | None) -> Invitation | None:
    """Invite one person once; None if they already are."""
    if Invitation.objects.filter(dispatch=dispatch, user=user).exists():
        return None
    return Invitation.objects.create(dispatch=dispatch, user=user, municipality_id=municipality_id, token=_new_token())


def course_evaluation_send(*, occasion: Any, today: datetime.date) -> int:
    """Send the course evaluation of one occasion whose last day has passed to everyone who attended it
    (all days or some): once per occasion. Answers how many were invited (0 if it was already sent, or
    no survey is in use)."""
    survey = selectors.active_survey(
        kind=SurveyKind.COURSE_EVALUATION, region_id=occasion.region_id, journey_id=occasion.course.journey_id
    )
    if survey is None:
        return 0
    with transaction.atomic():
        if Dispatch.objects.filter(survey=survey, occasion=occasion).exists():
            return 0
        try:
            with transaction.atomic():
                dispatch = Dispatch.objects.create(
                    survey=survey, region_id=occasion.region_id, occasion=occasion, year=occasion.last_day.year
                )
        except IntegrityError:  # another worker sent it at the same moment
            return 0
        invited = []
        for registration in selectors.attended_registrations(occasion=occasion):
            invitation = _invite(
                dispatch=dispatch, user=registration.user, municipality_id=registration.municipality_at_signup_id
            )
            if invitation is not None:
                invited.append(invitation)
        audit_record(
            actor=None,
            action="survey.dispatch",
            target=dispatch,
            changes={"occasion": str(occasion), "invited": len(invited)},
            region_id=dispatch.region_id,
        )
        for invitation in invited:
            notifications.invitation_notify(invitation)
    return len(invited)


def course_evaluations_send(*, today: datetime.date | None = None) -> int:
    """The daily run: every regional or municipal occasion whose last day has passed (within the window)
    gets its course evaluation, once. Each occasion in its own transaction. Answers how many were invited."""
    today = today or timezone.localdate()
    return sum(
        course_evaluation_send(occasion=occasion, today=today)
        for occasion in selectors.occasions_due_for_evaluation_nationwide(today=today)
    )


def on_level_completed(*, user_id: int, level_id: int, journey_id: int, **_payload: Any) -> None:
    """Subscribed to ``level.completed``: invite the person to the year's level-completion survey of their
    region and level (one dispatch per region, level and year; people are added as they finish)."""
    region_id, municipality_id = selectors.home_place(user_id=user_id)
    if region_id is None:
        return
    survey = selectors.active_survey(kind=SurveyKind.LEVEL_COMPLETION, region_id=region_id, journey_id=journey_id)
    if survey is None:
        return
    year = timezone.localdate().year
    with transaction.atomic():
        dispatch = Dispatch.objects.filter(survey=survey, region_id=region_id, level_id=level_id, year=year).first()
        if dispatch is None:
            try:
                with transaction.atomic():
                    dispatch = Dispatch.objects.create(survey=survey, region_id=region_id, level_id=level_id, year=year)
            except IntegrityError:
                dispatch = Dispatch.objects.get(survey=survey, region_id=region_id, level_id=level_id, year=year)
        from yrkesresan.accounts.models import User

        user = User.objects.get(pk=user_id)
        invitation = _invite(dispatch=dispatch, user=user, municipality_id=municipality_id)
        if invitation is not None:
            notifications.invitation_notify(invitation)


@transaction.atomic
def yearly_survey_send(*, actor: Any, kind: str, region: Any, year: int) -> Dispatch:
    """Send the yearly manager (or trainer) survey in use in ``region`` to everyone holding that role in the
    region today: once per survey, region and year. The regional roles send their region's."""
    region_id = getattr(region, "pk", region)
    if not policy.can(actor, "followup.build_survey", region_id):
        raise PermissionDenied("followup.build_survey")
    if kind not in selectors.YEARLY_ROLES:
        raise ValidationError({"kind": _("Choose the yearly manager or trainer survey.")})
    survey = selectors.active_survey(kind=kind, region_id=region_id)
    if survey is None:
        raise ValidationError({"kind": _("No survey of this kind is in use in the region. Build one first.")})
    if selectors.yearly_dispatch(survey=survey, region_id=region_id, year=year) is not None:
        raise ValidationError(
            {"year": _("This survey has already been sent in the region for %(year)d.") % {"year": year}}
        )
    try:
        with transaction.atomic():
            dispatch = Dispatch.objects.create(survey=survey, region_id=region_id, year=year, created_by=actor)
    except IntegrityError:
        raise ValidationError(
            {"year": _("This survey has already been sent in the region for %(year)d.") % {"year": year}}
        ) from None
    invited = []
    for user, municipality_id in selectors.yearly_recipients(kind=kind, region_id=region_id):
        invitation = _invite(dispatch=dispatch, user=user, municipality_id=municipality_id)
        if invitation is not None:
            invited.append(invitation)
    audit_record(
        actor=actor,
        action="survey.dispatch",
        target=dispatch,
        changes={"year": year, "invited": len(invited)},
        region_id=region_id,
    )
    for invitation in invited:
        notifications.invitation_notify(invitation)
    return dispatch


# --- answering ------------------------------------------------------------------------------------------


def _check_value(question: Question, value: str, text: str) -> None:
    if question.kind == QuestionKind.TEXT:
        return
    if value and value not in {v for v, _label in question.options}:
        raise ValidationError({f"q{question.pk}": _("Choose one of the options.")})


@transaction.atomic
def response_save(
    *,
    invitation: Invitation,
    answers: Mapping[int, tuple[str, str]],
    response: Response | None = None,
    complete: bool = True,
    today: datetime.date | None = None,
) -> Response:
    """Save answers (question id → (option value, free text)) to the invitation's survey. Without
    ``response`` this is the first answer: the invitation must not be answered yet, and becomes answered;
    with it (the same browser, from its cookie) the answers are changed. ``complete``: the whole form was
    sent, so the required questions must be answered (a single tap from the e-mail is not complete)."""
    today = today or timezone.localdate()
    invitation = Invitation.objects.select_for_update().select_related("dispatch").get(pk=invitation.pk)
    dispatch = invitation.dispatch
    if dispatch.closes_on and today > dispatch.closes_on:
        raise ValidationError(_("The survey has closed."))
    questions = {q.pk: q for q in dispatch.survey.questions.all()}
    problems: dict[str, list[str]] = {}
    for qid, (value, text) in answers.items():
        if qid not in questions:
            raise ValidationError(_("That question is not part of this survey."))
        try:
            _check_value(questions[qid], value, text)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                problems.setdefault(key, []).extend(messages)
    if complete:
        for qid, q in questions.items():
            value, text = answers.get(qid, ("", ""))
            if q.required and not (value or text.strip()):
                problems.setdefault(f"q{qid}", []).append(_("Answer this question."))
    if problems:
        raise ValidationError(problems)
    if response is None:
        if invitation.answered:
            raise ValidationError(_("This survey has already been answered."))
        response = Response.objects.create(
            dispatch=dispatch, municipality_id=invitation.municipality_id, submitted_on=today
        )
        invitation.answered = True
        invitation.save(update_fields=["answered"])
    elif response.dispatch_id != dispatch.pk:
        raise ValidationError(_("That response is not to this survey."))
    for qid, (value, text) in answers.items():
        question = questions[qid]
        value = "" if question.kind == QuestionKind.TEXT else value
        text = text.strip()[:4000] if question.kind == QuestionKind.TEXT else ""
        if not value and not text:
            Answer.objects.filter(response=response, question=question).delete()
            continue
        Answer.objects.update_or_create(response=response, question=question, defaults={"value": value, "text": text})
    return response
