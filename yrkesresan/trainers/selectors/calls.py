"""Reads for recruiting: the coordinators' calls with their counts and the "few answers" flag, a call's
answers and who has not answered, a trainer's open calls, and the answers that wait for a manager.

The few-answers rule lives in one function, ``short_of_answers``: the pages, the API and the daily
e-mail to the coordinators all ask it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.accounts.scopes import REGIONAL_ROLES, has_role, is_system_admin, role_scope
from yrkesresan.core import policy
from yrkesresan.occasions.models import CourseDay

from ..models import (
    Answer,
    Approval,
    CallAnswer,
    CallStatus,
    TrainerCall,
    TrainerKind,
    TrainerProfile,
)
from ..policies import is_over_trainer, over_trainer_q

#: A call is short of answers once its last day to answer is this near (or half its time has gone).
FEW_ANSWERS_WITHIN_DAYS = 7

#: Approval states in which a "yes" counts towards the trainers needed.
FIRM_APPROVALS = (Approval.APPROVED, Approval.NOT_NEEDED)

#: Answers that offer to teach (and so may need the manager's approval and can be confirmed).
OFFERS = (Answer.YES, Answer.RESERVE)


# --- the few-answers rule ------------------------------------------------------------------------------


def short_of_answers(
    *,
    status: str,
    needed: int,
    firm_yes: int,
    opened_on: datetime.date,
    answer_by: datetime.date,
    today: datetime.date,
) -> bool:
    """Is an open call short of answers, early enough to act?

    A call is short when it is open, fewer trainers have said yes than it needs (a yes counts once
    the manager approved it, or when no approval is needed; reserves and answers waiting for the
    manager do not count), and either half the time from opening the call to its last day to answer
    has gone, or that day is at most ``FEW_ANSWERS_WITHIN_DAYS`` days away (or has passed)."""
    if status != CallStatus.OPEN or firm_yes >= needed:
        return False
    if (answer_by - today).days <= FEW_ANSWERS_WITHIN_DAYS:
        return True
    # Half the time has gone: today - opened >= answer_by - today, in whole days.
    return 2 * (today - opened_on).days >= (answer_by - opened_on).days


def with_counts(qs: QuerySet[TrainerCall]) -> QuerySet[TrainerCall]:
    """Each call's answers counted, in the same query."""
    return qs.annotate(
        n_yes=Count("answers", filter=Q(answers__answer=Answer.YES)),
        n_reserve=Count("answers", filter=Q(answers__answer=Answer.RESERVE)),
        n_no=Count("answers", filter=Q(answers__answer=Answer.NO)),
        n_pending=Count("answers", filter=Q(answers__approval=Approval.PENDING, answers__answer__in=OFFERS)),
        n_confirmed=Count("answers", filter=Q(answers__confirmed_at__isnull=False)),
        n_firm_yes=Count("answers", filter=Q(answers__answer=Answer.YES, answers__approval__in=FIRM_APPROVALS)),
    )


@dataclass(frozen=True)
class CallRow:
    """A call with its answers counted and the few-answers flag."""

    call: TrainerCall
    yes: int
    reserve: int
    no: int
    pending: int
    confirmed: int
    firm_yes: int
    short: bool

    @property
    def needed(self) -> int:
        return self.call.needed

    @property
    def missing(self) -> int:
        """How many more firm yes-answers the call needs."""
        return max(0, self.call.needed - self.firm_yes)


def _row(call: Any, today: datetime.date) -> CallRow:
    return CallRow(
        call=call,
        yes=call.n_yes,
        reserve=call.n_reserve,
        no=call.n_no,
        pending=call.n_pending,
        confirmed=call.n_confirmed,
        firm_yes=call.n_firm_yes,
        short=short_of_answers(
            status=call.status,
            needed=call.needed,
            firm_yes=call.n_firm_yes,
            opened_on=timezone.localdate(call.created_at),
            answer_by=call.answer_by,
            today=today,
        ),
    )


def call_row(call: TrainerCall, *, today: datetime.date | None = None) -> CallRow:
    """One call, read again with its course, occasion and region, and its answers counted (one query)."""
    counted = with_counts(_with_call_details(TrainerCall.objects.filter(pk=call.pk))).get()
    return _row(counted, today or timezone.localdate())


# --- who coordinates, who answers, who approves ---------------------------------------------------------


def coordinates_call(actor: Any, call: Any) -> bool:
    """The call's coordinators: whoever coordinates its occasion, or the region's coordinators for a
    call for a course and a term (the rule ``trainers.coordinate_call``)."""
    if not isinstance(call, TrainerCall):
        return False
    return policy.can(actor, "trainers.coordinate", call.occasion if call.occasion_id else call.region)


def call_pool(call: TrainerCall) -> QuerySet[TrainerProfile]:
    """The trainers a call goes to: the active trainers of its region qualified for its course."""
    return TrainerProfile.objects.filter(
        region_id=call.region_id,
        kind=TrainerKind.TRAINER,
        active=True,
        user__is_active=True,
        qualifications__course_id=call.course_id,
    )


def call_pool_size(*, call: TrainerCall) -> int:
    return call_pool(call).count()


def profile_in_pool(actor: Any, call: TrainerCall) -> TrainerProfile | None:
    """The actor's own trainer profile, if the call goes to them (one query)."""
    if actor is None or not getattr(actor, "pk", None):
        return None
    return call_pool(call).filter(user_id=actor.pk).select_related("user", "home_municipality").first()


def may_answer(actor: Any, call: Any) -> bool:
    """A trainer the call goes to (the rule ``trainers.answer_call``)."""
    return isinstance(call, TrainerCall) and profile_in_pool(actor, call) is not None


def opens_calls(actor: Any, obj: Any = None) -> bool:
    """Coordinates a region's trainers: may open a call for a course and a term (``trainers.open_calls``)."""
    return is_system_admin(actor) or bool(role_scope(actor, *REGIONAL_ROLES).regions)


def answers_calls(actor: Any, obj: Any = None) -> bool:
    """Holds the trainer role: has the page of calls in Plattformen (the rule ``trainers.my_calls``)."""
    return has_role(actor, Role.TRAINER)


def may_approve(actor: Any, answer: Any) -> bool:
    """The trainer's manager or k-admin (or a system admin) approves an answer (``trainers.approve_call``)."""
    return isinstance(answer, CallAnswer) and is_over_trainer(actor, answer.trainer)


def approves_some(actor: Any, obj: Any = None) -> bool:
    """Managers and k-admins (and system admins) have the page of answers to approve."""
    return has_role(actor, Role.MANAGER, Role.MUNICIPAL_ADMIN) or is_system_admin(actor)


def approvers_of(trainer: TrainerProfile) -> list[User]:
    """Whom to ask to approve the trainer's answer: the managers whose scope covers a unit where the
    trainer works (or their whole municipality); when there is none, the k-admins of the trainer's
    home municipality."""
    roles = list(
        RoleAssignment.objects.active().filter(user_id=trainer.user_id).values_list("municipality_id", "unit_id")
    )
    units = {unit for _m, unit in roles if unit}
    municipalities = {municipality for municipality, _u in roles if municipality}
    managers = RoleAssignment.objects.active().filter(
        Q(unit_id__in=units) | Q(unit__isnull=True, municipality_id__in=municipalities), role=Role.MANAGER
    )
    people = User.objects.filter(is_active=True).exclude(pk=trainer.user_id).order_by("pk")
    found = list(people.filter(pk__in=managers.values("user_id")))
    if found:
        return found
    kadmins = RoleAssignment.objects.active().filter(
        role=Role.MUNICIPAL_ADMIN, municipality_id=trainer.home_municipality_id
    )
    return list(people.filter(pk__in=kadmins.values("user_id")))


def region_coordinators(region_id: int) -> list[User]:
    """The regional administrators and project leaders of a region (told about calls short of answers)."""
    holders = RoleAssignment.objects.active().filter(role__in=REGIONAL_ROLES, region_id=region_id)
    return list(User.objects.filter(pk__in=holders.values("user_id"), is_active=True).order_by("pk"))


# --- the coordinators' list and one call ------------------------------------------------------------------

#: The list's status filter.
OPEN, CLOSED = "open", "closed"


def _with_call_details(qs: QuerySet[TrainerCall]) -> QuerySet[TrainerCall]:
    return qs.select_related("course__journey", "occasion__course", "region")


def call_list(*, actor: Any, status: str = OPEN, today: datetime.date | None = None) -> list[CallRow]:
    """The calls the actor coordinates, counted. ``status`` "open": the open calls, those short of
    answers first, then by the last day to answer; "closed": closed and cancelled calls, the most
    recently ended first. Two queries at most, however many calls and answers."""
    today = today or timezone.localdate()
    qs = policy.visible(actor, TrainerCall.objects.all())
    if not is_system_admin(actor):
        qs = qs.filter(region_id__in=role_scope(actor, *REGIONAL_ROLES).regions)
    if status == CLOSED:
        qs = qs.exclude(status=CallStatus.OPEN).order_by("-closed_at", "-pk")
        return [_row(call, today) for call in with_counts(_with_call_details(qs))]
    qs = qs.filter(status=CallStatus.OPEN).order_by("answer_by", "pk")
    rows = [_row(call, today) for call in with_counts(_with_call_details(qs))]
    return sorted(rows, key=lambda row: not row.short)  # stable: short ones first, each group by date


def call_answers(*, call: TrainerCall) -> list[CallAnswer]:
    """Every answer to the call, yes first, then reserve, then no; within each, first answered first."""
    order: dict[str, int] = {Answer.YES: 0, Answer.RESERVE: 1, Answer.NO: 2}
    answers = list(
        CallAnswer.objects.filter(call=call).select_related(
            "trainer__user", "trainer__home_municipality", "approval_by", "confirmed_by"
        )
    )
    return sorted(answers, key=lambda a: (order.get(a.answer, 9), a.answered_at, a.pk))


def not_answered(*, call: TrainerCall) -> list[TrainerProfile]:
    """The trainers the call went to who have not answered yet."""
    return list(
        call_pool(call)
        .exclude(call_answers__call=call)
        .select_related("user", "home_municipality")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# --- a trainer's calls --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyCall:
    call: TrainerCall
    answer: CallAnswer | None

    @property
    def answerable(self) -> bool:
        return self.call.status == CallStatus.OPEN and (self.answer is None or self.answer.confirmed_at is None)


def _mine(actor: Any) -> Prefetch:
    return Prefetch("answers", queryset=CallAnswer.objects.filter(trainer__user_id=actor.pk), to_attr="my_answers")


def _my_calls(qs: QuerySet[TrainerCall], actor: Any) -> list[MyCall]:
    calls = _with_call_details(qs).prefetch_related(_mine(actor))
    return [MyCall(call=c, answer=next(iter(getattr(c, "my_answers", [])), None)) for c in calls]


def _open_for(actor: Any, today: datetime.date) -> QuerySet[TrainerCall]:
    """The open calls that go to the actor and may still be answered (their pool: region and course)."""
    profile = TrainerProfile.objects.filter(user_id=actor.pk, kind=TrainerKind.TRAINER, active=True).first()
    if profile is None:
        return TrainerCall.objects.none()
    return TrainerCall.objects.filter(
        status=CallStatus.OPEN,
        answer_by__gte=today,
        region_id=profile.region_id,
        course_id__in=profile.qualifications.values("course_id"),
    )


def trainer_calls(*, actor: Any, today: datetime.date | None = None, answered_limit: int = 20) -> dict[str, Any]:
    """A trainer's calls: ``open``, those still to answer or whose answer may change, last day to answer
    first; ``answered``, the calls they answered that have ended or passed their last day (most recent
    first). Four queries."""
    today = today or timezone.localdate()
    open_qs = _open_for(actor, today).order_by("answer_by", "pk")
    open_calls = _my_calls(open_qs, actor)
    open_ids = [m.call.pk for m in open_calls]
    answered_qs = (
        policy.visible(actor, TrainerCall.objects.all())
        .filter(answers__trainer__user_id=actor.pk)
        .exclude(pk__in=open_ids)
        .order_by("-answer_by", "-pk")[:answered_limit]
    )
    return {"open": open_calls, "answered": _my_calls(answered_qs, actor)}


def unanswered_count(*, actor: Any, today: datetime.date | None = None) -> int:
    """Open calls that go to the trainer and that they have not answered yet (one or two queries)."""
    today = today or timezone.localdate()
    return _open_for(actor, today).exclude(answers__trainer__user_id=actor.pk).count()


def my_answer(*, actor: Any, call: TrainerCall) -> CallAnswer | None:
    """The actor's own answer to the call, if any."""
    return CallAnswer.objects.filter(call=call, trainer__user_id=actor.pk).first()


def course_days(*, call: TrainerCall) -> list[CourseDay]:
    """The course days of the call's occasion (none for a call for a course and a term)."""
    if call.occasion_id is None:
        return []
    return list(CourseDay.objects.filter(occasion_id=call.occasion_id).order_by("date", "starts"))


# --- the managers' approvals ---------------------------------------------------------------------------------


def answers_to_approve(*, actor: Any) -> QuerySet[CallAnswer]:
    """The answers of the actor's staff that wait for their approval on calls still open, first answered
    first."""
    qs = CallAnswer.objects.filter(approval=Approval.PENDING, answer__in=OFFERS, call__status=CallStatus.OPEN)
    if not is_system_admin(actor):
        qs = qs.filter(over_trainer_q(actor))
    return qs.select_related(
        "call__course", "call__occasion__course", "call__region", "trainer__user", "trainer__home_municipality"
    ).order_by("answered_at", "pk")


def answers_to_approve_count(*, actor: Any) -> int:
    return answers_to_approve(actor=actor).count()


# --- the daily check (crosses scopes, by name) -----------------------------------------------------------


def calls_short_of_answers_everywhere(*, today: datetime.date | None = None) -> list[CallRow]:
    """Every open call in the country that is short of answers today, unscoped: for the background task
    that tells each region's coordinators, not for a person's page."""
    today = today or timezone.localdate()
    qs = with_counts(_with_call_details(TrainerCall.objects.filter(status=CallStatus.OPEN))).order_by(
        "region_id", "answer_by", "pk"
    )
    return [row for row in (_row(call, today) for call in qs) if row.short]
