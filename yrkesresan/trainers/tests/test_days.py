"""Teams and course days: double bookings, term limits, absences, substitutes and their history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from yrkesresan.accounts.models import User
from yrkesresan.core import policy
from yrkesresan.core.models import AuditEvent
from yrkesresan.occasions.models import CourseDay
from yrkesresan.occasions.services import occasion_cancel, occasion_save
from yrkesresan.trainers.models import DayAction, DayAssignment, DayAssignmentEvent, DayRole, TeamMember, TeamRole
from yrkesresan.trainers.selectors import day_history, trainer_coming_days
from yrkesresan.trainers.services import (
    absence_report,
    day_assign,
    day_assignments_follow_days,
    day_unassign,
    qualification_grant,
    qualification_revoke,
    substitute_assign,
    team_member_add,
    team_member_remove,
    unavailability_add,
)

from .conftest import D1, D2, D3, day, make_occasion


def _team(pool, occasion=None, **roles):
    for name, role in roles.items():
        team_member_add(actor=pool.coordinator, occasion=occasion or pool.occasion, trainer=pool[name], role=role)


def _assign(pool, name, day_index, role=DayRole.TRAINER):
    return day_assign(actor=pool.coordinator, course_day=pool.days[day_index], trainer=pool[name], role=role)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- double bookings and roles ----------------------------------------------------------------------


def test_a_second_course_day_on_the_same_date_is_refused_with_a_clear_message(pool):
    _team(pool, falun=TeamRole.TRAINER)
    other = make_occasion(pool.world, [day(D1, address="Falun")], name="Omgång Falun")
    _team(pool, other, falun=TeamRole.LEADER)
    _assign(pool, "falun", 0)

    with pytest.raises(ValidationError) as refused:
        day_assign(actor=pool.coordinator, course_day=other.days.get(), trainer=pool["falun"], role=DayRole.LEADER)

    assert "Falun Utbildare undervisar redan 10 mars" in _messages(refused.value)
    assert DayAssignment.objects.filter(trainer=pool["falun"]).count() == 1


def test_the_database_refuses_a_double_booking_too(pool):
    first = pool.days[0]
    other = make_occasion(pool.world, [day(D1)], name="Omgång Falun").days.get()
    values = {"trainer": pool["falun"], "date": D1, "role": DayRole.TRAINER, "lending_municipality": pool.world.falun}
    DayAssignment.objects.create(course_day=first, **values)

    with pytest.raises(IntegrityError), transaction.atomic():
        DayAssignment.objects.create(course_day=other, **values)


def test_an_absent_trainer_frees_the_date_in_the_database(pool):
    first = pool.days[0]
    other = make_occasion(pool.world, [day(D1)], name="Omgång Falun").days.get()
    values = {"trainer": pool["falun"], "date": D1, "role": DayRole.TRAINER, "lending_municipality": pool.world.falun}
    DayAssignment.objects.create(course_day=first, absent=True, **values)

    DayAssignment.objects.create(course_day=other, **values)  # no error


def test_the_same_person_may_lead_one_day_and_train_another(pool):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER)
    _assign(pool, "avesta", 0, DayRole.LEADER)
    _assign(pool, "falun", 1, DayRole.LEADER)
    _assign(pool, "avesta", 1, DayRole.TRAINER)

    roles = {(a.date, a.trainer.user.username, a.role) for a in DayAssignment.objects.select_related("trainer__user")}
    assert roles == {(D1, "trainer", "leader"), (D2, "falun", "leader"), (D2, "trainer", "trainer")}


def test_a_course_day_has_one_course_leader(pool):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER)
    _assign(pool, "avesta", 0, DayRole.LEADER)

    with pytest.raises(ValidationError) as refused:
        _assign(pool, "falun", 0, DayRole.LEADER)

    assert "redan en kursledare" in _messages(refused.value)


def test_only_the_team_and_the_qualified_are_assigned(pool):
    _team(pool, falun=TeamRole.TRAINER)
    with pytest.raises(ValidationError) as not_on_team:
        _assign(pool, "borlange", 0)
    qualification_revoke(actor=pool.coordinator, qualification=pool["falun"].qualifications.get())
    with pytest.raises(ValidationError) as not_qualified:
        _assign(pool, "falun", 0)

    assert "är inte med i kurstillfällets utbildarteam" in _messages(not_on_team.value)
    assert "har inte utbildning för Handläggning med barnet i centrum" in _messages(not_qualified.value)
    assert not DayAssignment.objects.exists()


def test_an_unavailable_trainer_is_not_assigned(pool):
    _team(pool, falun=TeamRole.TRAINER)
    unavailability_add(actor=pool.coordinator, trainer=pool["falun"], start=D1, end=D2, reason="Kurs")

    with pytest.raises(ValidationError) as refused:
        _assign(pool, "falun", 1)

    assert "är inte tillgänglig" in _messages(refused.value)


# --- term limits ---------------------------------------------------------------------------------


def test_a_trainer_gets_no_more_days_a_term_than_their_manager_allows(pool):
    _team(pool, falun=TeamRole.TRAINER)  # two days a term
    _assign(pool, "falun", 0)
    _assign(pool, "falun", 1)

    with pytest.raises(ValidationError) as refused:
        _assign(pool, "falun", 2)

    assert f"har redan 2 av de 2 kursdagar som chefen tillåter VT {D3.year}" in _messages(refused.value)
    autumn = make_occasion(pool.world, [day(datetime.date(D1.year, 8, 20), address="Falun")], name="Hösten")
    _team(pool, autumn, falun=TeamRole.TRAINER)
    day_assign(actor=pool.coordinator, course_day=autumn.days.get(), trainer=pool["falun"], role=DayRole.TRAINER)
    assert DayAssignment.objects.filter(trainer=pool["falun"]).count() == 3


def test_an_absence_gives_the_day_back_to_the_term(pool):
    _team(pool, falun=TeamRole.TRAINER)
    pool["falun"].max_days_per_term = 1
    pool["falun"].save()
    first = _assign(pool, "falun", 0)
    absence_report(actor=pool["falun"].user, assignment=first, reason="Sjuk")

    _assign(pool, "falun", 1)  # allowed: the absent day does not count


# --- absence and substitutes ----------------------------------------------------------------------


def test_a_trainer_reports_absence_and_the_coordinators_are_told_with_the_best_substitutes(
    pool, django_capture_on_commit_callbacks, mailoutbox
):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    assignment = _assign(pool, "avesta", 0, DayRole.LEADER)

    with django_capture_on_commit_callbacks(execute=True):
        absence_report(actor=pool["avesta"].user, assignment=assignment, reason="Sjuk")

    assignment.refresh_from_db()
    assert assignment.absent and assignment.absence_reason == "Sjuk"
    assert assignment.absent_reported_by == pool["avesta"].user
    assert [(e.action, e.reason) for e in day_history(course_day=pool.days[0])] == [
        (DayAction.ASSIGNED, ""),
        (DayAction.ABSENCE_REPORTED, "Sjuk"),
    ]
    assert AuditEvent.objects.filter(action="day_assignment.absence", target_id=assignment.pk).exists()
    [mail] = mailoutbox
    assert sorted(mail.to) == ["regional_admin@example.org", "regional_project_leader@example.org"]
    assert "Trainer Testsson kan inte komma" in mail.subject
    assert "Sjuk" in mail.body
    # The reserve is named first among the substitutes.
    lines = [line for line in mail.body.splitlines() if line.startswith("- ")]
    assert lines[0].startswith("- Mora Utbildare (Reserv för kurstillfället")


def test_absence_cannot_be_reported_twice(pool):
    _team(pool, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "falun", 0)
    absence_report(actor=pool["falun"].user, assignment=assignment)

    with pytest.raises(ValidationError):
        absence_report(actor=pool.coordinator, assignment=assignment)


def test_a_substitute_takes_over_in_one_step_and_both_stay_in_the_history(
    pool, django_capture_on_commit_callbacks, mailoutbox
):
    _team(pool, avesta=TeamRole.LEADER, mora=TeamRole.RESERVE)
    absent = _assign(pool, "avesta", 0, DayRole.LEADER)

    with django_capture_on_commit_callbacks(execute=True):
        new = substitute_assign(actor=pool.coordinator, assignment=absent, substitute=pool["mora"], reason="Sjuk")

    absent.refresh_from_db()
    assert absent.absent and absent.absence_reason == "Sjuk"
    assert (new.trainer, new.role, new.substitute_for, new.lending_municipality.name) == (
        pool["mora"],
        DayRole.LEADER,
        pool["avesta"],
        "Mora",
    )
    history = [
        (e.trainer.user.username, e.action, getattr(e.other_trainer, "pk", None))
        for e in day_history(course_day=pool.days[0])
    ]
    assert history == [
        ("trainer", DayAction.ASSIGNED, None),
        ("trainer", DayAction.ABSENCE_REPORTED, None),
        ("trainer", DayAction.REPLACED, pool["mora"].pk),
        ("mora", DayAction.ASSIGNED, pool["avesta"].pk),
    ]
    assert [m.to for m in mailoutbox] == [["mora@example.org"]]
    assert "Du har blivit ombedd att hoppa in som kursledare" in mailoutbox[0].body


def test_a_substitute_who_cannot_take_the_day_changes_nothing(pool):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER)
    absent = _assign(pool, "avesta", 0, DayRole.LEADER)
    other = make_occasion(pool.world, [day(D1, address="Falun")], name="Omgång Falun")
    _team(pool, other, falun=TeamRole.TRAINER)
    day_assign(actor=pool.coordinator, course_day=other.days.get(), trainer=pool["falun"], role=DayRole.TRAINER)
    events = DayAssignmentEvent.objects.count()

    for substitute in (pool["falun"], pool["gavle"], pool["avesta_new"]):  # busy; another region; not qualified
        with pytest.raises(ValidationError):
            substitute_assign(actor=pool.coordinator, assignment=absent, substitute=substitute, reason="Sjuk")

    absent.refresh_from_db()
    assert not absent.absent  # the absence is not half-recorded
    assert DayAssignmentEvent.objects.count() == events
    assert DayAssignment.objects.filter(course_day=pool.days[0]).count() == 1


def test_a_day_is_replaced_once(pool):
    _team(pool, avesta=TeamRole.LEADER)
    absent = _assign(pool, "avesta", 0, DayRole.LEADER)
    substitute_assign(actor=pool.coordinator, assignment=absent, substitute=pool["mora"])

    with pytest.raises(ValidationError):
        substitute_assign(actor=pool.coordinator, assignment=absent, substitute=pool["falun"])


# --- who may ---------------------------------------------------------------------------------------


def test_outsiders_and_managers_change_nothing(pool):
    world = pool.world
    _team(pool, avesta=TeamRole.LEADER, mora=TeamRole.RESERVE)
    assignment = _assign(pool, "avesta", 0, DayRole.LEADER)
    before = (DayAssignment.objects.count(), DayAssignmentEvent.objects.count(), TeamMember.objects.count())
    outsiders = [pool["gavle"].user, world["manager"], world["regional_admin_gavleborg"], world["municipal_admin"]]

    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            team_member_add(actor=actor, occasion=pool.occasion, trainer=pool["falun"], role=TeamRole.TRAINER)
        with pytest.raises(PermissionDenied):
            day_assign(actor=actor, course_day=pool.days[1], trainer=pool["avesta"], role=DayRole.TRAINER)
        with pytest.raises(PermissionDenied):
            absence_report(actor=actor, assignment=assignment, reason="?")
        with pytest.raises(PermissionDenied):
            substitute_assign(actor=actor, assignment=assignment, substitute=pool["mora"])
    with pytest.raises(PermissionDenied):  # another trainer of the same region
        absence_report(actor=pool["falun"].user, assignment=assignment)

    assignment.refresh_from_db()
    assert not assignment.absent
    assert (DayAssignment.objects.count(), DayAssignmentEvent.objects.count(), TeamMember.objects.count()) == before


def test_the_team_takes_attendance_and_a_reserve_once_called_in(pool):
    _team(pool, avesta=TeamRole.LEADER, mora=TeamRole.RESERVE)
    mora = pool["mora"].user

    assert policy.can(pool["avesta"].user, "occasions.take_attendance", pool.occasion)
    assert not policy.can(mora, "occasions.take_attendance", pool.occasion)
    _assign(pool, "mora", 1)
    mora = User.objects.get(pk=mora.pk)  # a new request: what the user may do is read once per request
    assert policy.can(mora, "occasions.take_attendance", pool.occasion)
    assert not policy.can(pool["falun"].user, "occasions.take_attendance", pool.occasion)


def test_checking_many_occasions_for_attendance_asks_the_database_once(pool, django_assert_num_queries):
    _team(pool, avesta=TeamRole.LEADER)
    others = [make_occasion(pool.world, [day(D2)], name=f"Annan {i}") for i in range(3)]
    trainer = User.objects.get(pk=pool["avesta"].user.pk)

    with django_assert_num_queries(2):  # the roles, then the occasions the trainer teaches on
        answers = [policy.can(trainer, "occasions.take_attendance", o) for o in [pool.occasion, *others]]

    assert answers == [True, False, False, False]


def test_a_trainer_sees_their_own_days_and_teams_but_not_other_teams(pool):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER)
    _assign(pool, "avesta", 0, DayRole.LEADER)
    other = make_occasion(pool.world, [day(D2)], name="Annan")
    _team(pool, other, borlange=TeamRole.LEADER)

    seen = policy.visible(pool["falun"].user, TeamMember.objects.all())

    assert {m.occasion_id for m in seen} == {pool.occasion.pk}
    assert policy.visible(pool["gavle"].user, DayAssignment.objects.all()).count() == 0
    assert policy.visible(pool.coordinator, DayAssignment.objects.all()).count() == 1


# --- teams -------------------------------------------------------------------------------------------


def test_a_team_is_drawn_from_the_occasions_pool_of_the_qualified(pool):
    with pytest.raises(ValidationError) as other_region:
        _team(pool, gavle=TeamRole.TRAINER)
    with pytest.raises(ValidationError) as unqualified:
        _team(pool, avesta_new=TeamRole.TRAINER)
    _team(pool, avesta=TeamRole.LEADER)
    with pytest.raises(ValidationError) as second_leader:
        _team(pool, falun=TeamRole.LEADER)

    assert "finns inte i utbildarpoolen för Region Dalarna" in _messages(other_region.value)
    assert "har inte utbildning" in _messages(unqualified.value)
    assert "har redan en kursledare" in _messages(second_leader.value)
    assert TeamMember.objects.count() == 1


def test_a_team_member_with_coming_days_is_taken_off_the_days_first(pool):
    _team(pool, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "falun", 0)
    member = TeamMember.objects.get(trainer=pool["falun"])

    with pytest.raises(ValidationError):
        team_member_remove(actor=pool.coordinator, member=member)
    day_unassign(actor=pool.coordinator, assignment=assignment)
    team_member_remove(actor=pool.coordinator, member=member)

    assert not TeamMember.objects.exists()
    assert [e.action for e in day_history(course_day=pool.days[0])] == [DayAction.ASSIGNED, DayAction.REMOVED]


def test_a_trainer_cannot_mark_a_day_they_teach_as_unavailable(pool):
    _team(pool, falun=TeamRole.TRAINER)
    _assign(pool, "falun", 0)

    with pytest.raises(ValidationError):
        unavailability_add(actor=pool["falun"].user, trainer=pool["falun"], start=D1, end=D2)
    with pytest.raises(PermissionDenied):
        unavailability_add(actor=pool["mora"].user, trainer=pool["falun"], start=D2, end=D2)


# --- the trainer's coming days -------------------------------------------------------------------


def test_a_trainers_coming_days_with_the_day_team_and_the_occasion_team(pool, django_assert_num_queries):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    _assign(pool, "avesta", 0, DayRole.LEADER)
    _assign(pool, "falun", 0)
    later = _assign(pool, "falun", 1, DayRole.LEADER)
    absence_report(actor=pool["falun"].user, assignment=later)
    today = D1 - datetime.timedelta(days=3)

    with django_assert_num_queries(3):
        days = trainer_coming_days(trainer=pool["falun"], today=today)
        shown = [
            (
                d.course_day.date,
                d.assignment.role,
                d.assignment.absent,
                d.occasion.course.title,
                len(d.team),
                [a.trainer.user.username for a in d.day_team],
            )
            for d in days
        ]

    assert shown == [
        (D1, "trainer", False, "Handläggning med barnet i centrum", 3, ["trainer", "falun"]),
        (D2, "leader", True, "Handläggning med barnet i centrum", 3, []),
    ]
    assert trainer_coming_days(trainer=pool["falun"], today=D2 + datetime.timedelta(days=1)) == []


# --- when the course days move --------------------------------------------------------------------


def test_assignments_follow_a_course_day_that_moved(pool):
    _team(pool, falun=TeamRole.TRAINER, mora=TeamRole.TRAINER)
    moved = _assign(pool, "falun", 0)
    _assign(pool, "mora", 0)
    _assign(pool, "mora", 1)
    new_date = D1 + datetime.timedelta(days=1)
    CourseDay.objects.filter(pk__in=[pool.days[0].pk, pool.days[1].pk]).update(date=new_date)

    day_assignments_follow_days(occasion_id=pool.occasion.pk)

    moved.refresh_from_db()
    assert moved.date == new_date
    # Mora would now teach two course days on one date: one of them is taken from Mora, the reason kept.
    assert list(DayAssignment.objects.filter(trainer=pool["mora"]).values_list("date", flat=True)) == [new_date]
    removed = DayAssignmentEvent.objects.get(trainer=pool["mora"], action=DayAction.REMOVED)
    assert "flyttades" in removed.reason


def test_a_web_course_has_no_trainers(pool):
    web = pool.world.bou_course
    web.kind, web.day_count = "web", 0
    web.save()

    with pytest.raises(ValidationError):
        qualification_grant(actor=pool.coordinator, trainer=pool["avesta_new"], course=web)


def test_planning_a_new_date_for_a_day_moves_its_trainers_with_it(pool):
    _team(pool, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "falun", 0)
    occasion = pool.occasion
    new_date = D1 + datetime.timedelta(days=2)
    days = [
        {
            "id": d.pk,
            "date": new_date if i == 0 else d.date,
            "starts": d.starts,
            "ends": d.ends,
            "mode": d.mode,
            "venue": d.venue,
            "address": d.address,
            "link": d.link,
        }
        for i, d in enumerate(pool.days)
    ]

    occasion_save(
        actor=pool.coordinator,
        occasion=occasion,
        course=occasion.course,
        delivery_level=occasion.delivery_level,
        region=occasion.region,
        name=occasion.name,
        capacity=occasion.capacity,
        days=days,
    )

    assignment.refresh_from_db()
    assert assignment.date == new_date


def test_cancelling_the_occasion_frees_its_trainers_days_and_keeps_the_history(pool):
    _team(pool, falun=TeamRole.TRAINER)
    _assign(pool, "falun", 0)

    occasion_cancel(actor=pool.coordinator, occasion=pool.occasion, reason="För få anmälda")

    assert not DayAssignment.objects.filter(trainer=pool["falun"]).exists()
    assert DayAssignmentEvent.objects.get(trainer=pool["falun"], action=DayAction.REMOVED).reason
    other = make_occasion(pool.world, [day(D1, address="Falun")], name="Annan")
    team_member_add(actor=pool.coordinator, occasion=other, trainer=pool["falun"], role=TeamRole.TRAINER)
    day_assign(actor=pool.coordinator, course_day=other.days.get(), trainer=pool["falun"], role=DayRole.TRAINER)
