import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yrkesresan.catalog import selectors, services
from yrkesresan.catalog.models import Course, LearningObjective
from yrkesresan.core.models import AuditEvent


def test_a_national_editor_changes_their_own_journey_and_the_change_is_audited(world):
    editor = world["national_editor"]
    services.journey_update(actor=editor, journey=world.bou, description="Ny beskrivning")
    world.bou.refresh_from_db()
    assert world.bou.description == "Ny beskrivning"
    event = AuditEvent.objects.get(action="journey.update", target_id=world.bou.pk)
    assert event.actor == editor
    assert event.changes == {"description": ["", "Ny beskrivning"]}


def test_a_national_editor_cannot_change_another_journey(world):
    with pytest.raises(PermissionDenied):
        services.journey_update(actor=world["national_editor"], journey=world.funk, description="x")
    with pytest.raises(PermissionDenied):
        services.task_save(
            actor=world["national_editor"], course=world.funk_course, title="x", format="text", minutes=5
        )


def test_other_roles_cannot_change_the_catalog(world):
    for role in ("staff", "municipal_admin", "regional_admin"):
        with pytest.raises(PermissionDenied):
            services.journey_update(actor=world[role], journey=world.bou, description="x")


def test_an_editor_whose_role_has_ended_edits_nothing(world):
    from yrkesresan.accounts.models import RoleAssignment, User
    from yrkesresan.accounts.services import role_end

    role_end(actor=world["system_admin"], assignment=RoleAssignment.objects.get(user=world["national_editor"]))
    editor = User.objects.get(pk=world["national_editor"].pk)
    with pytest.raises(PermissionDenied):
        services.journey_update(actor=editor, journey=world.bou, description="x")


def test_a_course_shows_the_total_time_of_its_preparation(world):
    editor = world["national_editor"]
    services.task_save(
        actor=editor, course=world.bou_course, title="Film", format="film", minutes=15, url="https://example.org/film"
    )
    services.task_save(
        actor=editor, course=world.bou_course, title="Frivillig", format="text", minutes=45, mandatory=False
    )
    course = selectors.course_list(actor=editor, journey_code="bou").get(pk=world.bou_course.pk)
    # the world's course already has a 30-minute text and a 15-minute handbook file
    assert course.total_minutes == 30 + 15 + 15 + 45
    assert course.mandatory_minutes == 30 + 15 + 15


def test_a_web_course_has_no_course_days_and_is_completed_by_its_tasks(world):
    course = services.course_save(
        actor=world["national_editor"],
        journey=world.bou,
        level=world.bou_ny,
        code="webb",
        title="Webbkurs",
        kind="web",
        day_count=3,
        day_mode="on_site",
    )
    course.refresh_from_db()
    assert (course.day_count, course.day_mode, course.completion_rule) == (0, "", "tasks")


def test_a_course_with_course_days_needs_at_least_one(world):
    with pytest.raises(ValidationError) as exc:
        services.course_save(
            actor=world["national_editor"],
            journey=world.bou,
            level=world.bou_ny,
            code="noll",
            title="Noll dagar",
            kind="led",
            day_count=0,
        )
    assert "day_count" in exc.value.message_dict
    assert not Course.objects.filter(code="noll").exists()


def test_a_course_belongs_to_a_level_of_its_own_journey(world):
    with pytest.raises(ValidationError):
        services.course_save(
            actor=world["system_admin"],
            journey=world.bou,
            level=world.funk_bas,
            code="fel",
            title="Fel steg",
            kind="led",
            day_count=1,
        )


def test_a_film_needs_a_link_or_a_file(world):
    with pytest.raises(ValidationError) as exc:
        services.task_save(
            actor=world["national_editor"], course=world.bou_course, title="Film", format="film", minutes=10
        )
    assert "url" in exc.value.message_dict


def test_learning_objectives_and_the_checklist_are_kept_in_the_order_written(world):
    editor = world["national_editor"]
    services.level_save(
        actor=editor, journey=world.bou, level=world.bou_ny, objectives="Första målet\n\n  Andra målet  \n"
    )
    assert list(LearningObjective.objects.filter(level=world.bou_ny).values_list("text", flat=True)) == [
        "Första målet",
        "Andra målet",
    ]
    services.course_save(actor=editor, journey=world.bou, course=world.bou_course, checklist="B\nA")
    assert list(world.bou_course.checklist.values_list("text", flat=True)) == ["B", "A"]


def test_a_duplicate_course_code_in_a_journey_is_refused(world):
    with pytest.raises(ValidationError):
        services.course_save(
            actor=world["system_admin"],
            journey=world.bou,
            level=world.bou_ny,
            code=world.bou_course.code,
            title="Dubblett",
            kind="led",
            day_count=1,
        )


def test_removing_a_task_is_audited_with_what_it_was(world):
    task = world.bou_task
    services.task_delete(actor=world["national_editor"], task=task)
    event = AuditEvent.objects.get(action="task.delete")
    assert event.changes["title"] == "Läs om BBIC"


def test_only_system_admins_appoint_editors(world):
    with pytest.raises(PermissionDenied):
        services.journey_editor_appoint(actor=world["regional_admin"], journey=world.funk, person=world["staff"])
    editor = services.journey_editor_appoint(actor=world["system_admin"], journey=world.funk, person=world["staff"])
    from yrkesresan.core import policy

    assert policy.can(world["staff"], "catalog.edit", world.funk)
    services.journey_editor_remove(actor=world["system_admin"], editor=editor)
    from yrkesresan.accounts.models import User

    assert not policy.can(User.objects.get(pk=world["staff"].pk), "catalog.edit", world.funk)
