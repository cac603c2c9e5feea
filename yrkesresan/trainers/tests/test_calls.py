"""Recruiting trainers: opening a call, answering it, the manager's approval, the coordinator's
confirmation forming the team, closing and cancelling, the few-answers rule and its daily e-mail, and
who sees which call and answer."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.catalog.services import course_save
from yrkesresan.core import policy
from yrkesresan.core.models import AuditEvent
from yrkesresan.occasions.services import occasion_create
from yrkesresan.trainers.models import (
    AUTUMN,
    SPRING,
    Answer,
    Approval,
    CallAnswer,
    CallStatus,
    TeamMember,
    TeamRole,
    TrainerCall,
    term_of,
)
from yrkesresan.trainers.selectors import calls as selectors
from yrkesresan.trainers.services import (
    call_answer,
    call_approve,
    call_cancel,
    call_close,
    call_confirm,
    call_open,
    team_member_add,
)
from yrkesresan.trainers.services.calls import SHORT_NOTIFIED, calls_short_notify_coordinators
from yrkesresan.trainers.tasks import calls_short_of_answers_task

from .conftest import D1, NEXT, make_trainer

TODAY = timezone.localdate()
IN_TWO_WEEKS = TODAY + datetime.timedelta(days=14)
#: The pool's qualified, active trainers in Dalarna (not the unqualified one, not Gävleborg's).
DALARNA_QUALIFIED = ["borlange", "falun", "gagnef", "mora", "trainer"]


def open_call(pool: Any, **extra: Any) -> TrainerCall:
    actor = extra.pop("actor", pool.coordinator)
    values: dict[str, Any] = {"needed": 3, "answer_by": IN_TWO_WEEKS, **extra}
    if "region" not in extra:
        values.setdefault("occasion", pool.occasion)
    return call_open(actor=actor, **values)


def term_call(pool: Any, **extra: Any) -> TrainerCall:
    year, term = term_of(D1)
    return open_call(pool, region=pool.world.dalarna, course=pool.world.bou_course, year=year, term=term, **extra)


def answer(pool: Any, call: TrainerCall, name: str, value: str = Answer.YES, **extra: Any) -> CallAnswer:
    return call_answer(actor=pool[name].user, call=call, answer=value, **extra)


@pytest.fixture
def managed(pool):
    """The world's trainer (Avesta) also works in Avesta hemtjänst, whose manager is the world's manager."""
    accounts.role_assign(
        actor=pool.world["system_admin"], person=pool["avesta"].user, role="staff", place=pool.world.avesta_home
    )
    return pool["avesta"]


def _recipients(mailoutbox: list[Any]) -> list[str]:
    return sorted(address.split("@")[0] for mail in mailoutbox for address in mail.to)


# --- opening a call ---------------------------------------------------------------------------------------


def test_a_call_for_an_occasion_takes_its_course_region_and_term_and_emails_the_qualified_trainers(
    pool, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        call = open_call(pool, message="Två kursdagar i Avesta och Falun.")

    assert (call.region, call.occasion, call.course, call.year, call.term) == (
        pool.world.dalarna,
        pool.occasion,
        pool.world.bou_course,
        NEXT,
        SPRING,
    )
    assert (call.status, call.needed, call.manager_approval, call.created_by) == (
        CallStatus.OPEN,
        3,
        True,
        pool.coordinator,
    )
    assert _recipients(mailoutbox) == DALARNA_QUALIFIED
    mail = mailoutbox[0]
    assert mail.subject == f"Yrkesresan: utbildare sökes till {pool.occasion}"
    assert "Två kursdagar i Avesta och Falun." in mail.body
    assert f"/plattformen/utrop/{call.pk}/" in mail.body
    assert AuditEvent.objects.filter(action="trainer_call.open", target_id=call.pk).exists()


def test_a_call_for_a_course_and_a_term_has_no_occasion(pool):
    call = term_call(pool, needed=4, manager_approval=False)

    assert (call.occasion, call.course, call.year, call.term, call.needed) == (
        None,
        pool.world.bou_course,
        NEXT,
        SPRING,
        4,
    )
    assert not call.manager_approval


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"needed": 0}, "needed"),
        ({"needed": 31}, "needed"),
        ({"answer_by": TODAY - datetime.timedelta(days=1)}, "answer_by"),
        ({"answer_by": D1 + datetime.timedelta(days=1)}, "answer_by"),
        ({"message": "x" * 2001}, "message"),
    ],
)
def test_a_call_with_bad_input_is_refused_by_field_and_nothing_is_opened(pool, change, field):
    with pytest.raises(ValidationError) as refused:
        open_call(pool, **change)

    assert field in refused.value.message_dict
    assert not TrainerCall.objects.exists()


def test_an_occasion_has_one_open_call_and_a_municipal_one_none(pool):
    open_call(pool)
    with pytest.raises(ValidationError) as twice:
        open_call(pool)
    municipal = occasion_create(
        actor=pool.world["municipal_admin"],
        course=pool.world.funk_course,
        region=None,
        delivery_level="municipal",
        municipality=pool.world.avesta,
        capacity=10,
        days=[{"date": D1, "starts": datetime.time(9), "ends": datetime.time(12), "venue": "Kommunhuset"}],
    )
    with pytest.raises(ValidationError) as local:
        open_call(pool, occasion=municipal, actor=pool.world["system_admin"])

    assert "redan ett öppet utrop" in " ".join(twice.value.message_dict["occasion"])
    assert "regionalt kurstillfälle" in " ".join(local.value.message_dict["occasion"])
    assert TrainerCall.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region": None}, "region"),
        ({"course": None}, "course"),
        ({"term": "XX"}, "term"),
        ({"year": NEXT + 10}, "year"),
        ({"year": TODAY.year, "term": SPRING if TODAY.month > 6 else None}, "term"),
    ],
)
def test_a_call_for_a_course_and_a_term_needs_all_four(pool, change, field):
    values = {"region": pool.world.dalarna, "course": pool.world.bou_course, "year": NEXT, "term": AUTUMN, **change}
    if values["term"] is None:
        pytest.skip("In the spring no term of this year has ended yet.")

    with pytest.raises(ValidationError) as refused:
        open_call(pool, **values)

    assert field in refused.value.message_dict


def test_a_web_course_has_no_call(pool):
    web = course_save(
        actor=pool.world["system_admin"],
        journey=pool.world.bou,
        level=pool.world.bou_ny,
        code="webbkurs",
        title="Webbkurs",
        kind="web",
    )

    with pytest.raises(ValidationError) as refused:
        open_call(pool, region=pool.world.dalarna, course=web, year=NEXT, term=SPRING)

    assert "course" in refused.value.message_dict


@pytest.mark.parametrize("who", ["municipal_admin", "trainer", "manager", "regional_admin_gavleborg", "staff"])
def test_only_the_regions_coordinators_open_a_call(pool, who):
    actor = pool.world[who]
    with pytest.raises(PermissionDenied):
        open_call(pool, actor=actor)
    with pytest.raises(PermissionDenied):
        term_call(pool, actor=actor)


# --- answering --------------------------------------------------------------------------------------------


def test_a_qualified_trainer_answers_and_may_change_the_answer_until_it_is_confirmed(pool):
    call = open_call(pool, manager_approval=False)

    first = answer(pool, call, "falun", Answer.RESERVE, comment="Helst dag 2")
    changed = answer(pool, call, "falun", Answer.YES)

    assert first.pk == changed.pk
    assert (changed.answer, changed.comment, changed.approval) == (Answer.YES, "", Approval.NOT_NEEDED)
    assert CallAnswer.objects.count() == 1
    assert AuditEvent.objects.filter(action="call_answer.save", target_id=changed.pk).count() == 2

    call_confirm(actor=pool.coordinator, answer=changed, role=TeamRole.TRAINER)
    with pytest.raises(ValidationError) as late:
        answer(pool, call, "falun", Answer.NO)
    assert "redan bekräftat" in " ".join(late.value.messages)


@pytest.mark.parametrize("name", ["avesta_new", "gavle"])
def test_a_call_is_not_answered_by_the_unqualified_nor_another_regions_trainers(pool, name):
    call = open_call(pool)

    with pytest.raises(PermissionDenied):
        answer(pool, call, name)
    with pytest.raises(PermissionDenied):
        call_answer(actor=pool.coordinator, call=call, answer=Answer.YES)


def test_an_inactive_trainer_cannot_answer(pool):
    call = open_call(pool)
    pool["mora"].active = False
    pool["mora"].save(update_fields=["active"])

    with pytest.raises(PermissionDenied):
        answer(pool, call, "mora")


def test_answers_after_the_last_day_to_answer_or_on_an_ended_call_are_refused(pool):
    call = open_call(pool)

    with pytest.raises(ValidationError) as late:
        answer(pool, call, "falun", today=IN_TWO_WEEKS + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as unknown:
        answer(pool, call, "falun", "maybe")
    answer(pool, call, "falun", today=IN_TWO_WEEKS)  # on the last day itself it is fine
    call_cancel(actor=pool.coordinator, call=call)
    with pytest.raises(ValidationError) as ended:
        answer(pool, call, "mora")

    assert "Sista dag att svara var" in " ".join(late.value.messages)
    assert "answer" in unknown.value.message_dict
    assert "inte längre öppet" in " ".join(ended.value.messages)


# --- the manager's approval ----------------------------------------------------------------------------------


def test_a_yes_asks_the_trainers_manager_who_approves_and_the_trainer_is_told(
    pool, managed, django_capture_on_commit_callbacks, mailoutbox
):
    call = open_call(pool)

    with django_capture_on_commit_callbacks(execute=True):
        offered = answer(pool, call, "avesta", Answer.YES)
    assert offered.approval == Approval.PENDING
    assert _recipients(mailoutbox) == ["manager"]
    assert "Trainer Testsson erbjuder sig att utbilda" in mailoutbox[0].subject
    assert "/stationen/utbildaruppdrag/" in mailoutbox[0].body
    assert list(selectors.answers_to_approve(actor=pool.world["manager"])) == [offered]

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approved = call_approve(actor=pool.world["manager"], answer=offered, approve=True, note="Går bra")

    assert (approved.approval, approved.approval_by, approved.approval_note) == (
        Approval.APPROVED,
        pool.world["manager"],
        "Går bra",
    )
    assert approved.approval_at is not None
    assert _recipients(mailoutbox) == ["trainer"]
    assert "din chef har godkänt" in mailoutbox[0].subject
    assert AuditEvent.objects.filter(action="call_answer.approve", target_id=offered.pk).exists()
    assert list(selectors.answers_to_approve(actor=pool.world["manager"])) == []


def test_without_a_manager_over_the_trainer_the_kadmins_of_the_home_municipality_are_asked(
    pool, django_capture_on_commit_callbacks, mailoutbox
):
    call = open_call(pool)

    with django_capture_on_commit_callbacks(execute=True):
        answer(pool, call, "falun", Answer.RESERVE)
        answer(pool, call, "avesta", Answer.YES)

    assert _recipients(mailoutbox) == ["municipal_admin", "municipal_admin_falun"]
    assert selectors.approvers_of(pool["avesta"]) == [pool.world["municipal_admin"]]


def test_a_no_needs_no_approval_and_switching_between_yes_and_reserve_keeps_the_decision(pool, managed):
    call = open_call(pool)
    offered = answer(pool, call, "avesta", Answer.YES)
    call_approve(actor=pool.world["manager"], answer=offered, approve=True)

    assert answer(pool, call, "avesta", Answer.RESERVE).approval == Approval.APPROVED
    no = answer(pool, call, "avesta", Answer.NO)
    assert (no.approval, no.approval_by) == (Approval.NOT_NEEDED, None)
    assert answer(pool, call, "avesta", Answer.YES).approval == Approval.PENDING


def test_declining_says_why_and_only_the_trainers_manager_or_kadmin_decides(pool, managed):
    call = open_call(pool)
    offered = answer(pool, call, "avesta", Answer.YES)

    for outsider in ("regional_admin", "municipal_admin_falun", "trainer", "staff"):
        with pytest.raises(PermissionDenied):
            call_approve(actor=pool.world[outsider], answer=offered, approve=True)
    with pytest.raises(ValidationError) as without_note:
        call_approve(actor=pool.world["manager"], answer=offered, approve=False)
    declined = call_approve(actor=pool.world["municipal_admin"], answer=offered, approve=False, note="Hög belastning")
    with pytest.raises(ValidationError) as again:
        call_approve(actor=pool.world["manager"], answer=offered, approve=True)

    assert "note" in without_note.value.message_dict
    assert (declined.approval, declined.approval_note) == (Approval.DECLINED, "Hög belastning")
    assert "väntar inte på godkännande" in " ".join(again.value.messages)


# --- confirming, closing, cancelling ----------------------------------------------------------------------------


def test_confirming_an_occasions_call_puts_the_trainers_on_its_team_and_tells_them(
    pool, managed, django_capture_on_commit_callbacks, mailoutbox
):
    call = open_call(pool)
    leader = answer(pool, call, "avesta", Answer.YES)
    call_approve(actor=pool.world["manager"], answer=leader, approve=True)
    trainer = answer(pool, call, "falun", Answer.YES)
    call_approve(actor=pool.world["municipal_admin_falun"], answer=trainer, approve=True)
    reserve = answer(pool, call, "mora", Answer.RESERVE)
    call_approve(actor=pool.world["system_admin"], answer=reserve, approve=True)

    with django_capture_on_commit_callbacks(execute=True):
        call_confirm(actor=pool.coordinator, answer=leader, role=TeamRole.LEADER)
        call_confirm(actor=pool.coordinator, answer=trainer, role=TeamRole.TRAINER)
        confirmed = call_confirm(actor=pool.coordinator, answer=reserve, role=TeamRole.RESERVE)

    team = {m.trainer.user.username: m.role for m in TeamMember.objects.filter(occasion=pool.occasion)}
    assert team == {"trainer": TeamRole.LEADER, "falun": TeamRole.TRAINER, "mora": TeamRole.RESERVE}
    assert (confirmed.confirmed_role, confirmed.confirmed_by) == (TeamRole.RESERVE, pool.coordinator)
    assert _recipients(mailoutbox) == ["falun", "mora", "trainer"]
    assert all("du är med i utbildarteamet" in m.subject for m in mailoutbox)
    assert AuditEvent.objects.filter(action="call_answer.confirm").count() == 3
    assert AuditEvent.objects.filter(action="team_member.add").count() == 3


def test_confirming_is_refused_for_a_no_a_pending_or_declined_answer_and_by_the_teams_rules(pool, managed):
    call = open_call(pool)
    no = answer(pool, call, "borlange", Answer.NO)
    pending = answer(pool, call, "avesta", Answer.YES)
    declined = answer(pool, call, "falun", Answer.YES)
    call_approve(actor=pool.world["municipal_admin_falun"], answer=declined, approve=False, note="Nej")
    mora = answer(pool, call, "mora", Answer.YES)
    call_approve(actor=pool.world["system_admin"], answer=mora, approve=True)
    team_member_add(actor=pool.coordinator, occasion=pool.occasion, trainer=pool["gagnef"], role=TeamRole.LEADER)

    problems = {}
    for name, row, role in [
        ("no", no, TeamRole.TRAINER),
        ("pending", pending, TeamRole.TRAINER),
        ("declined", declined, TeamRole.TRAINER),
        ("second leader", mora, TeamRole.LEADER),
        ("bad role", mora, "boss"),
    ]:
        with pytest.raises(ValidationError) as refused:
            call_confirm(actor=pool.coordinator, answer=row, role=role)
        problems[name] = " ".join(refused.value.messages)

    assert "har svarat nej" in problems["no"]
    assert "väntar på chefens godkännande" in problems["pending"]
    assert "chef har inte godkänt" in problems["declined"]
    assert "redan en kursledare" in problems["second leader"]
    assert not CallAnswer.objects.filter(confirmed_at__isnull=False).exists()
    assert TeamMember.objects.filter(occasion=pool.occasion).count() == 1
    with pytest.raises(PermissionDenied):
        call_confirm(actor=pool.world["regional_admin_gavleborg"], answer=mora, role=TeamRole.TRAINER)
    call_confirm(actor=pool.coordinator, answer=mora, role=TeamRole.TRAINER)
    with pytest.raises(ValidationError):
        call_confirm(actor=pool.coordinator, answer=mora, role=TeamRole.RESERVE)


def test_a_course_and_term_call_records_the_confirmation_and_forms_no_team_yet(pool):
    call = term_call(pool, manager_approval=False)
    offered = answer(pool, call, "borlange", Answer.YES)

    confirmed = call_confirm(actor=pool.coordinator, answer=offered, role=TeamRole.LEADER)

    assert confirmed.confirmed_role == TeamRole.LEADER and confirmed.confirmed_at is not None
    assert not TeamMember.objects.exists()


def test_closing_needs_a_confirmed_trainer_and_thanks_those_not_taken(
    pool, django_capture_on_commit_callbacks, mailoutbox
):
    call = open_call(pool, manager_approval=False)
    taken = answer(pool, call, "falun", Answer.YES)
    answer(pool, call, "mora", Answer.RESERVE)
    answer(pool, call, "borlange", Answer.NO)
    with pytest.raises(ValidationError) as early:
        call_close(actor=pool.coordinator, call=call)
    call_confirm(actor=pool.coordinator, answer=taken, role=TeamRole.LEADER)

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        closed = call_close(actor=pool.coordinator, call=call)

    assert "Bekräfta minst en utbildare" in " ".join(early.value.messages)
    assert (closed.status, closed.closed_at is not None) == (CallStatus.CLOSED, True)
    assert _recipients(mailoutbox) == ["mora"]
    assert "utbildarteamet för" in mailoutbox[0].subject
    for again in (call_close, call_cancel):
        with pytest.raises(ValidationError):
            again(actor=pool.coordinator, call=call)


def test_cancelling_tells_those_who_offered_why(pool, django_capture_on_commit_callbacks, mailoutbox):
    call = open_call(pool, manager_approval=False)
    answer(pool, call, "falun", Answer.YES)
    answer(pool, call, "borlange", Answer.NO)
    with pytest.raises(PermissionDenied):
        call_cancel(actor=pool["falun"].user, call=call)

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = call_cancel(actor=pool.coordinator, call=call, reason="Kurstillfället flyttas")

    assert cancelled.status == CallStatus.CANCELLED
    assert _recipients(mailoutbox) == ["falun"]
    assert "Kurstillfället flyttas" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="trainer_call.cancel", target_id=call.pk).exists()


# --- the few-answers rule ---------------------------------------------------------------------------------------

DAY = datetime.date(2026, 3, 1)


def _d(days: int) -> datetime.date:
    return DAY + datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("opened", "answer_by", "today", "needed", "firm_yes", "status", "short"),
    [
        # 30 days to answer: short from day 15 on (half the time gone), not before.
        (0, 30, 14, 2, 0, "open", False),
        (0, 30, 15, 2, 0, "open", True),
        (0, 30, 15, 2, 1, "open", True),
        (0, 30, 15, 2, 2, "open", False),  # enough yes-answers
        (0, 30, 15, 2, 3, "open", False),
        # 9 days to answer: the last day is within a week from the start.
        (0, 9, 1, 2, 0, "open", False),
        (0, 9, 2, 2, 0, "open", True),
        # 60 days to answer: a week before the last day at the latest.
        (0, 60, 29, 3, 1, "open", False),
        (0, 60, 30, 3, 1, "open", True),
        (0, 60, 53, 3, 2, "open", True),
        # Past the last day to answer and still short.
        (0, 10, 12, 1, 0, "open", True),
        # Ended calls are never flagged.
        (0, 30, 29, 2, 0, "closed", False),
        (0, 30, 29, 2, 0, "cancelled", False),
    ],
)
def test_the_few_answers_rule(opened, answer_by, today, needed, firm_yes, status, short):
    assert (
        selectors.short_of_answers(
            status=status,
            needed=needed,
            firm_yes=firm_yes,
            opened_on=_d(opened),
            answer_by=_d(answer_by),
            today=_d(today),
        )
        is short
    )


def _opened_days_ago(call: TrainerCall, days: int) -> None:
    TrainerCall.objects.filter(pk=call.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_the_coordinators_list_counts_the_answers_and_shows_the_short_calls_first(pool, managed):
    relaxed = open_call(pool, needed=1, answer_by=TODAY + datetime.timedelta(days=40))
    short = term_call(pool, needed=3, answer_by=TODAY + datetime.timedelta(days=20))
    _opened_days_ago(short, 20)  # half its time has gone
    for name, value in [("avesta", Answer.YES), ("falun", Answer.RESERVE), ("mora", Answer.NO)]:
        answer(pool, short, name, value)
    firm = answer(pool, short, "borlange", Answer.YES)
    call_approve(actor=pool.world["system_admin"], answer=firm, approve=True)
    answer(pool, relaxed, "gagnef", Answer.YES)

    rows = selectors.call_list(actor=pool.coordinator)

    assert [row.call for row in rows] == [short, relaxed]
    first = rows[0]
    assert (first.yes, first.reserve, first.no, first.pending, first.firm_yes, first.confirmed) == (2, 1, 1, 2, 1, 0)
    assert first.short and first.missing == 2
    assert not rows[1].short  # one yes waits for the manager, but there are 40 days left
    assert selectors.call_list(actor=pool.coordinator, status=selectors.CLOSED) == []
    assert selectors.call_list(actor=pool.world["regional_admin_gavleborg"]) == []


def test_the_daily_task_tells_each_regions_coordinators_once_per_call(
    pool, django_capture_on_commit_callbacks, mailoutbox
):
    soon = open_call(pool, answer_by=TODAY + datetime.timedelta(days=5))
    term_call(pool, answer_by=TODAY + datetime.timedelta(days=30))  # fresh: not short yet
    gavleborg = call_open(
        actor=pool.world["regional_admin_gavleborg"],
        region=pool.world.gavleborg,
        course=pool.world.bou_course,
        year=NEXT,
        term=SPRING,
        needed=1,
        answer_by=TODAY + datetime.timedelta(days=3),
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reported = calls_short_of_answers_task.call_local()

    assert reported == 2
    by_recipients = {tuple(sorted(m.to)): m for m in mailoutbox}
    dalarna = by_recipients[("regional_admin@example.org", "regional_project_leader@example.org")]
    assert "1 utrop till utbildare har för få svar" in dalarna.subject
    assert f"/utbildare/utrop/{soon.pk}/" in dalarna.body
    assert ("regional_admin_gavleborg@example.org",) in by_recipients
    assert set(AuditEvent.objects.filter(action=SHORT_NOTIFIED).values_list("target_id", flat=True)) == {
        soon.pk,
        gavleborg.pk,
    }

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert calls_short_notify_coordinators() == 0
    assert mailoutbox == []


# --- who sees what ---------------------------------------------------------------------------------------------------


def test_trainers_see_the_open_calls_that_go_to_them_and_the_calls_they_answered(pool):
    call = open_call(pool)
    answer(pool, call, "falun", Answer.NO)
    call_cancel(actor=pool.coordinator, call=call)
    other = term_call(pool)

    def seen(name: str) -> set[int]:
        return set(policy.visible(pool[name].user, TrainerCall.objects.all()).values_list("pk", flat=True))

    assert seen("mora") == {other.pk}  # the cancelled one is gone for those who did not answer it
    assert seen("falun") == {call.pk, other.pk}
    assert seen("avesta_new") == set()  # not qualified
    assert seen("gavle") == set()  # another region
    assert seen_by(pool.world["regional_admin_gavleborg"]) == set()
    assert seen_by(pool.world["regional_project_leader"]) == {call.pk, other.pk}
    assert seen_by(pool.world["municipal_admin"]) == set()


def seen_by(user: Any) -> set[int]:
    return set(policy.visible(user, TrainerCall.objects.all()).values_list("pk", flat=True))


def test_answers_are_seen_by_the_coordinators_the_trainer_and_the_managers_asked(pool, managed):
    call = open_call(pool)
    mine = answer(pool, call, "avesta", Answer.YES)
    falun = answer(pool, call, "falun", Answer.NO)

    def seen(user: Any) -> set[int]:
        return set(policy.visible(user, CallAnswer.objects.all()).values_list("pk", flat=True))

    assert seen(pool.coordinator) == {mine.pk, falun.pk}
    assert seen(pool["avesta"].user) == {mine.pk}
    assert seen(pool.world["manager"]) == {mine.pk}
    assert seen(pool.world["municipal_admin"]) == {mine.pk}
    assert seen(pool.world["municipal_admin_falun"]) == set()  # a "no" asks nobody
    assert seen(pool["mora"].user) == set()
    assert seen(pool.world["regional_admin_gavleborg"]) == set()


def test_a_trainers_own_calls_and_the_unanswered_count(pool):
    call = open_call(pool)
    other = term_call(pool)
    answer(pool, call, "mora", Answer.RESERVE)

    mine = selectors.trainer_calls(actor=pool["mora"].user)

    assert [(m.call, m.answer.answer if m.answer else None) for m in mine["open"]] == [
        (call, Answer.RESERVE),
        (other, None),
    ]
    assert selectors.unanswered_count(actor=pool["mora"].user) == 1
    assert selectors.unanswered_count(actor=pool["avesta_new"].user) == 0
    late = TODAY + datetime.timedelta(days=15)
    assert selectors.unanswered_count(actor=pool["mora"].user, today=late) == 0


def test_a_new_trainer_qualified_after_the_call_opened_sees_it(pool):
    call = term_call(pool)
    newcomer = make_trainer(pool.world, "ny_utbildare", pool.world.falun)

    assert selectors.unanswered_count(actor=newcomer.user) == 1
    assert answer(pool, call, "falun").call == call
