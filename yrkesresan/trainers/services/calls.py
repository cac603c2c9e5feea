"""Writes for recruiting trainers: a coordinator opens a call for an occasion, or for a course and a
term; the qualified trainers of the region answer yes, reserve or no; the trainer's manager approves
when the call asks for it; the coordinator confirms whom they take, which for an occasion puts the
trainer on its team; the call is closed when the team is formed, or cancelled.

Each write locks the call's row, so two coordinators confirming at once, or a trainer changing their
answer while it is confirmed, happen one after the other. Every change is audited; e-mail goes out
after the commit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from yrkesresan.catalog.models import Course, CourseKind
from yrkesresan.core import policy
from yrkesresan.core.audit import audit_record
from yrkesresan.core.models import AuditEvent
from yrkesresan.occasions.models import DeliveryLevel, Occasion, OccasionStatus
from yrkesresan.organisations.models import Region

from ..models import (
    AUTUMN,
    SPRING,
    Answer,
    Approval,
    CallAnswer,
    CallStatus,
    TeamRole,
    TrainerCall,
    term_of,
    term_range,
)
from ..notifications_calls import (
    answer_confirmed_notify,
    approval_decided_notify,
    approval_requested_notify,
    call_ended_notify,
    call_opened_notify,
    calls_short_notify,
)
from ..selectors.calls import (
    OFFERS,
    CallRow,
    approvers_of,
    call_pool,
    calls_short_of_answers_everywhere,
    profile_in_pool,
    region_coordinators,
)
from .teams import team_member_add

#: The most trainers one call may ask for.
MAX_NEEDED = 30
MAX_MESSAGE = 2000
MAX_NOTE = 300


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _audit(actor: Any, action: str, target: Any, call: TrainerCall, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        changes=changes,
        region_id=call.region_id,
        municipality_id=call.occasion.municipality_id if call.occasion_id and call.occasion else None,
    )


def _lock_call(call: TrainerCall) -> TrainerCall:
    return (
        TrainerCall.objects.select_for_update(of=("self",))
        .select_related("course", "occasion__course", "region")
        .get(pk=call.pk)
    )


def _require_coordinator(actor: Any, call: TrainerCall) -> None:
    if not policy.can(actor, "trainers.coordinate", call.occasion if call.occasion_id else call.region):
        raise PermissionDenied(_("You may not coordinate this call."))


# --- opening a call ------------------------------------------------------------------------------------


@transaction.atomic
def call_open(
    *,
    actor: Any,
    needed: int,
    answer_by: datetime.date,
    occasion: Occasion | None = None,
    region: Region | None = None,
    course: Course | None = None,
    year: int | None = None,
    term: str | None = None,
    message: str = "",
    manager_approval: bool = True,
    today: datetime.date | None = None,
) -> TrainerCall:
    """Open a call for trainers, for a regional occasion (its course, region and term follow from it)
    or for a course and a term in a region (to form that term's teams). The coordinator says how many
    trainers they need (the course leader included, at least one) and by when trainers answer (not in
    the past; for an occasion, not after its first course day). One open call per occasion. The active
    trainers of the region qualified for the course are e-mailed."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if occasion is not None:
        occasion = (
            Occasion.objects.select_for_update(of=("self",)).select_related("course", "region").get(pk=occasion.pk)
        )
        if not policy.can(actor, "trainers.coordinate", occasion):
            raise PermissionDenied(_("You may not form the team of this occasion."))
        if occasion.delivery_level != DeliveryLevel.REGIONAL or occasion.region_id is None:
            refuse(
                "occasion",
                _(
                    "A call goes to the region's trainers: only a regional occasion can have one. Put discussion "
                    "leaders on a municipal occasion's team directly."
                ),
            )
        if occasion.status == OccasionStatus.CANCELLED:
            refuse("occasion", _("The occasion is cancelled."))
        if occasion.first_day is None:
            refuse("occasion", _("The occasion has no course days yet."))
        elif occasion.first_day < today:
            refuse("occasion", _("The occasion has already started."))
        elif answer_by and answer_by > occasion.first_day:
            refuse(
                "answer_by",
                _("Give a last day to answer on or before the first course day, %(date)s.")
                % {"date": _date(occasion.first_day)},
            )
        if TrainerCall.objects.filter(occasion=occasion, status=CallStatus.OPEN).exists():
            refuse("occasion", _("The occasion already has an open call for trainers."))
        region, course = occasion.region, occasion.course
        year, term = term_of(occasion.first_day or today)
    else:
        if region is None:
            refuse("region", _("Choose the region."))
        elif not policy.can(actor, "trainers.coordinate", region):
            raise PermissionDenied(_("You may not coordinate this region's trainers."))
        if course is None:
            refuse("course", _("Choose the course."))
        elif course.kind == CourseKind.WEB:
            refuse("course", _("A web course has no course days to teach."))
        if term not in (SPRING, AUTUMN):
            refuse("term", _("Choose spring (VT) or autumn (HT)."))
        if not isinstance(year, int) or not today.year <= year <= today.year + 5:
            refuse("year", _("Give a year from %(first)d to %(last)d.") % {"first": today.year, "last": today.year + 5})
        elif term in (SPRING, AUTUMN) and term_range(year, term)[1] < today:
            refuse("term", _("The term has already ended."))
    if not isinstance(needed, int) or isinstance(needed, bool) or not 1 <= needed <= MAX_NEEDED:
        refuse("needed", _("Give how many trainers you need, 1 to %(max)d.") % {"max": MAX_NEEDED})
    if not answer_by:
        refuse("answer_by", _("Give the last day to answer."))
    elif answer_by < today:
        refuse("answer_by", _("The last day to answer cannot be in the past."))
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        refuse("message", _("Keep the message under %(max)d characters.") % {"max": MAX_MESSAGE})
    if errors:
        raise ValidationError(errors)
    assert region is not None and course is not None and year is not None and term is not None

    call = TrainerCall.objects.create(
        region=region,
        occasion=occasion,
        course=course,
        year=year,
        term=term,
        needed=needed,
        answer_by=answer_by,
        message=message,
        manager_approval=bool(manager_approval),
        created_by=actor,
    )
    _audit(
        actor,
        "trainer_call.open",
        call,
        call,
        {
            "course": course.title,
            "occasion": str(occasion) if occasion else "",
            "term": f"{term} {year}",
            "needed": needed,
            "answer_by": str(answer_by),
            "manager_approval": call.manager_approval,
        },
    )
    call_opened_notify(call, call_pool(call).select_related("user"))
    return call


# --- answering --------------------------------------------------------------------------------------------


@transaction.atomic
def call_answer(
    *, actor: Any, call: TrainerCall, answer: str, comment: str = "", today: datetime.date | None = None
) -> CallAnswer:
    """A trainer the call goes to (active, of its region, qualified for its course) answers yes, reserve
    or no, while the call is open and until its last day to answer. They may change their answer until
    the coordinator has confirmed it. When the call asks for the manager's approval, a yes or reserve is
    sent to the trainer's managers (pending); switching between yes and reserve keeps what the manager
    decided, and a no needs no approval."""
    today = today or timezone.localdate()
    locked = _lock_call(call)
    profile = profile_in_pool(actor, locked)
    if profile is None:
        raise PermissionDenied(_("The call is not for you: it goes to the region's trainers qualified for the course."))
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose yes, reserve or no.")})
    if locked.status != CallStatus.OPEN:
        raise ValidationError(_("The call is no longer open."))
    if today > locked.answer_by:
        raise ValidationError(
            _("The last day to answer was %(date)s. Contact the coordinator.") % {"date": _date(locked.answer_by)}
        )
    comment = (comment or "").strip()
    if len(comment) > MAX_NOTE:
        raise ValidationError({"comment": _("Keep the comment under %(max)d characters.") % {"max": MAX_NOTE}})

    existing = CallAnswer.objects.select_for_update(of=("self",)).filter(call=locked, trainer=profile).first()
    if existing is not None and existing.confirmed_at is not None:
        raise ValidationError(_("The coordinator has already confirmed your answer. Contact them to change it."))
    before = existing.answer if existing else ""
    was_offer = before in OFFERS
    approval: str = Approval.NOT_NEEDED
    ask_manager = False
    if answer in OFFERS and locked.manager_approval:
        if was_offer and existing is not None and existing.approval != Approval.NOT_NEEDED:
            approval = existing.approval  # yes <-> reserve: the manager's decision stands
        else:
            approval, ask_manager = Approval.PENDING, True
    row = existing or CallAnswer(call=locked, trainer=profile)
    row.answer, row.comment, row.approval = answer, comment, approval
    if ask_manager or approval == Approval.NOT_NEEDED:
        row.approval_by, row.approval_at, row.approval_note = None, None, ""
    row.save()
    _audit(
        actor,
        "call_answer.save",
        row,
        locked,
        {"answer": [before, answer] if before else answer, "comment": comment, "approval": approval},
    )
    if ask_manager:
        approval_requested_notify(row, approvers_of(profile))
    return row


# --- the manager's approval ------------------------------------------------------------------------------


def _lock_answer(answer: CallAnswer) -> CallAnswer:
    return (
        CallAnswer.objects.select_for_update(of=("self",))
        .select_related(
            "call__course", "call__occasion__course", "call__region", "trainer__user", "trainer__home_municipality"
        )
        .get(pk=answer.pk)
    )


@transaction.atomic
def call_approve(*, actor: Any, answer: CallAnswer, approve: bool, note: str = "") -> CallAnswer:
    """The trainer's manager (or the k-admin of their home municipality) approves or declines the
    trainer's offer to teach, while the call is open; a decline says why. The trainer is told."""
    _lock_call(answer.call)
    locked = _lock_answer(answer)
    if not policy.can(actor, "trainers.approve_call", locked):
        raise PermissionDenied(_("You may not approve this trainer's assignments."))
    note = (note or "").strip()
    if locked.approval != Approval.PENDING or locked.answer not in OFFERS:
        raise ValidationError(_("The answer is not waiting for approval."))
    if locked.call.status != CallStatus.OPEN:
        raise ValidationError(_("The call is no longer open."))
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under %(max)d characters.") % {"max": MAX_NOTE}})
    if not approve and not note:
        raise ValidationError({"note": _("Say why you decline: the trainer is told.")})
    locked.approval = Approval.APPROVED if approve else Approval.DECLINED
    locked.approval_by, locked.approval_at, locked.approval_note = actor, timezone.now(), note
    locked.save(update_fields=["approval", "approval_by", "approval_at", "approval_note"])
    _audit(
        actor,
        "call_answer.approve" if approve else "call_answer.decline",
        locked,
        locked.call,
        {"trainer": str(locked.trainer), "approval": [Approval.PENDING, locked.approval], "note": note},
    )
    approval_decided_notify(locked)
    return locked


# --- the coordinator's confirmation, closing and cancelling ---------------------------------------------------


@transaction.atomic
def call_confirm(*, actor: Any, answer: CallAnswer, role: str) -> CallAnswer:
    """The coordinator takes a trainer who said yes or reserve (approved by the manager, or not needing
    it) as course leader, trainer or reserve. For an occasion's call the trainer is put on its team (with
    every rule of the team: one course leader, qualified, in the pool); for a course and a term the
    confirmation is kept and the teams are formed on each occasion. The trainer is told."""
    call = _lock_call(answer.call)
    _require_coordinator(actor, call)
    locked = _lock_answer(answer)
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose course leader, trainer or reserve.")})
    if call.status != CallStatus.OPEN:
        raise ValidationError(_("The call is no longer open."))
    name = {"name": locked.trainer}
    if locked.confirmed_at is not None:
        raise ValidationError(_("%(name)s is already confirmed.") % name)
    if locked.answer not in OFFERS:
        raise ValidationError(_("%(name)s has answered no.") % name)
    if locked.approval == Approval.PENDING:
        raise ValidationError(_("%(name)s's answer is waiting for the manager's approval.") % name)
    if locked.approval == Approval.DECLINED:
        raise ValidationError(_("%(name)s's manager has declined.") % name)
    if call.occasion is not None:
        team_member_add(actor=actor, occasion=call.occasion, trainer=locked.trainer, role=role)
    locked.confirmed_role, locked.confirmed_by, locked.confirmed_at = role, actor, timezone.now()
    locked.save(update_fields=["confirmed_role", "confirmed_by", "confirmed_at"])
    _audit(actor, "call_answer.confirm", locked, call, {"trainer": str(locked.trainer), "role": role})
    answer_confirmed_notify(locked)
    return locked


def _ended_answers(call: TrainerCall) -> list[CallAnswer]:
    """Those who offered and were not confirmed: they are told the call has ended."""
    return list(
        CallAnswer.objects.filter(call=call, answer__in=OFFERS, confirmed_at__isnull=True).select_related(
            "trainer__user"
        )
    )


@transaction.atomic
def call_close(*, actor: Any, call: TrainerCall) -> TrainerCall:
    """The team is formed: the call closes (at least one trainer must have been confirmed; otherwise
    cancel it). Those who offered and were not taken are thanked."""
    locked = _lock_call(call)
    _require_coordinator(actor, locked)
    if locked.status != CallStatus.OPEN:
        raise ValidationError(_("The call is no longer open."))
    if not CallAnswer.objects.filter(call=locked, confirmed_at__isnull=False).exists():
        raise ValidationError(_("Confirm at least one trainer before you close the call, or cancel it."))
    locked.status, locked.closed_at = CallStatus.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    _audit(actor, "trainer_call.close", locked, locked, {"status": [CallStatus.OPEN, CallStatus.CLOSED]})
    call_ended_notify(locked, _ended_answers(locked))
    return locked


@transaction.atomic
def call_cancel(*, actor: Any, call: TrainerCall, reason: str = "") -> TrainerCall:
    """The call is not needed after all: it is cancelled, and those who offered to teach are told (with
    the reason, if given). Trainers already put on an occasion's team stay on it."""
    locked = _lock_call(call)
    _require_coordinator(actor, locked)
    if locked.status != CallStatus.OPEN:
        raise ValidationError(_("The call is no longer open."))
    reason = (reason or "").strip()
    if len(reason) > MAX_NOTE:
        raise ValidationError({"reason": _("Keep the reason under %(max)d characters.") % {"max": MAX_NOTE}})
    locked.status, locked.closed_at = CallStatus.CANCELLED, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    _audit(
        actor,
        "trainer_call.cancel",
        locked,
        locked,
        {"status": [CallStatus.OPEN, CallStatus.CANCELLED], "reason": reason},
    )
    call_ended_notify(locked, _ended_answers(locked), reason=reason)
    return locked


# --- the daily check ---------------------------------------------------------------------------------------

#: The audit action that remembers a call's coordinators were told it is short of answers (once a call).
SHORT_NOTIFIED = "trainer_call.short_of_answers"


def calls_short_notify_coordinators(*, today: datetime.date | None = None) -> int:
    """Tell each region's coordinators, once per call, which open calls have become short of answers
    (the rule: ``selectors.calls.short_of_answers``). The audit trail remembers which calls have been
    told about, so a call is reported once however often this runs. Answers how many calls were
    reported."""
    rows = calls_short_of_answers_everywhere(today=today)
    if not rows:
        return 0
    told = set(
        AuditEvent.objects.filter(
            action=SHORT_NOTIFIED,
            target_type=TrainerCall._meta.label_lower,
            target_id__in=[row.call.pk for row in rows],
        ).values_list("target_id", flat=True)
    )
    by_region: dict[int, list[CallRow]] = {}
    for row in rows:
        if row.call.pk not in told:
            by_region.setdefault(row.call.region_id, []).append(row)
    reported = 0
    for region_id, region_rows in by_region.items():
        with transaction.atomic():
            for row in region_rows:
                _audit(
                    None,
                    SHORT_NOTIFIED,
                    row.call,
                    row.call,
                    {"yes": row.firm_yes, "needed": row.call.needed, "answer_by": str(row.call.answer_by)},
                )
            calls_short_notify(region_coordinators(region_id), region_rows)
        reported += len(region_rows)
    return reported
