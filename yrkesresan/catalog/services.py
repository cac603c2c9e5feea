"""Writes to the catalog. Only a journey's editors (or system admins) change it; every change
is in the audit trail with the fields that changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.accounts.services import role_assign, role_end
from yrkesresan.core import policy
from yrkesresan.core.audit import audit_record, diff

from .models import (
    ChecklistItem,
    CompletionRule,
    Course,
    CourseKind,
    InfoPage,
    Journey,
    JourneyEditor,
    LearningObjective,
    Level,
    PreparationTask,
)
from .policies import forget_edited_journeys

JOURNEY_FIELDS = ("name", "short_name", "producer", "launched", "audience", "description")
LEVEL_FIELDS = ("code", "name", "description", "order")
COURSE_FIELDS = (
    "level",
    "code",
    "title",
    "kind",
    "summary",
    "day_count",
    "day_mode",
    "day_mode_note",
    "completion_rule",
    "mandatory",
    "trainer_material",
    "order",
)
INFO_FIELDS = ("slug", "audience", "title", "summary", "body", "order")
TASK_FIELDS = ("title", "format", "minutes", "mandatory", "body", "url", "file", "order")


def _require_edit(actor: Any, obj: Any) -> None:
    if not policy.can(actor, "catalog.edit", obj):
        raise PermissionDenied(_("You do not edit this journey."))


def _snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, FieldFile):
            value = value.name or ""
        elif isinstance(value, models.Model):
            value = str(value)
        out[name] = value
    return out


M = TypeVar("M", bound=models.Model)


def _apply(*, actor: Any, obj: M, fields: tuple[str, ...], data: dict[str, Any], action: str, created: bool) -> M:
    before = {} if created else _snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.full_clean(validate_unique=True, validate_constraints=True)
    obj.save()
    changes = diff(before, _snapshot(obj, fields))
    if changes or created:
        audit_record(actor=actor, action=action, target=obj, changes=changes)
    return obj


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _replace_lines(
    *,
    actor: Any,
    owner: models.Model,
    items: Any,
    text: str,
    field: str,
    action: str,
    make: Callable[[str, int], models.Model],
) -> None:
    """Replace a text list kept one row per line (learning objectives, a checklist), in the order written;
    the audit trail keeps the old and the new list."""
    new = _lines(text)
    old = list(items.order_by("order", "id").values_list("text", flat=True))
    if new != old:
        items.all().delete()
        items.model.objects.bulk_create(make(line, i) for i, line in enumerate(new, start=1))
        audit_record(actor=actor, action=action, target=owner, changes={field: [old, new]})


@transaction.atomic
def journey_update(*, actor: Any, journey: Journey, **data: Any) -> Journey:
    _require_edit(actor, journey)
    return _apply(actor=actor, obj=journey, fields=JOURNEY_FIELDS, data=data, action="journey.update", created=False)


@transaction.atomic
def level_save(
    *, actor: Any, journey: Journey, level: Level | None = None, objectives: str | None = None, **data: Any
) -> Level:
    """Create or change a level; ``objectives`` is one learning objective per line."""
    _require_edit(actor, journey)
    created = level is None
    if level is None:
        next_order = (journey.levels.aggregate(m=Max("order"))["m"] or 0) + 1
        level = Level(journey=journey, order=data.pop("order", None) or next_order)
    level = _apply(
        actor=actor,
        obj=level,
        fields=LEVEL_FIELDS,
        data=data,
        action="level.create" if created else "level.update",
        created=created,
    )
    if objectives is not None:
        _replace_lines(
            actor=actor,
            owner=level,
            items=level.objectives,
            text=objectives,
            field="objectives",
            action="level.objectives",
            make=lambda text, i: LearningObjective(level=level, text=text, order=i),
        )
    return level


@transaction.atomic
def course_save(
    *, actor: Any, journey: Journey, course: Course | None = None, checklist: str | None = None, **data: Any
) -> Course:
    """Create or change a course in ``journey``; ``checklist`` is one after-course item per line.
    A web course has no course days and is completed when its mandatory tasks are done."""
    _require_edit(actor, journey)
    level = data.get("level") or (course.level if course else None)
    if level is None or level.journey_id != journey.pk:
        raise ValidationError({"level": _("Choose a level of this journey.")})
    if data.get("kind", course.kind if course else CourseKind.LED) == CourseKind.WEB:
        data.update(day_count=0, day_mode="", completion_rule=CompletionRule.TASKS)
    elif not data.get("day_count", course.day_count if course else 0):
        raise ValidationError({"day_count": _("A course with course days needs at least one day.")})
    created = course is None
    if course is None:
        next_order = (level.courses.aggregate(m=Max("order"))["m"] or 0) + 1
        course = Course(journey=journey, order=data.pop("order", None) or next_order)
    course = _apply(
        actor=actor,
        obj=course,
        fields=COURSE_FIELDS,
        data=data,
        action="course.create" if created else "course.update",
        created=created,
    )
    if checklist is not None:
        _replace_lines(
            actor=actor,
            owner=course,
            items=course.checklist,
            text=checklist,
            field="checklist",
            action="course.checklist",
            make=lambda text, i: ChecklistItem(course=course, text=text[:300], order=i),
        )
    return course


@transaction.atomic
def task_save(*, actor: Any, course: Course, task: PreparationTask | None = None, **data: Any) -> PreparationTask:
    _require_edit(actor, course)
    created = task is None
    if task is None:
        next_order = (course.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
        task = PreparationTask(course=course, order=data.pop("order", None) or next_order)
    fmt = data.get("format", task.format)
    if fmt in ("film", "podcast", "link") and not (data.get("url") or data.get("file") or task.url or task.file):
        raise ValidationError({"url": _("A film, podcast or link needs a web address or a file.")})
    if fmt == "file" and not (data.get("file") or task.file):
        raise ValidationError({"file": _("Attach the file.")})
    return _apply(
        actor=actor,
        obj=task,
        fields=TASK_FIELDS,
        data=data,
        action="task.create" if created else "task.update",
        created=created,
    )


@transaction.atomic
def task_delete(*, actor: Any, task: PreparationTask) -> None:
    _require_edit(actor, task.course)
    audit_record(
        actor=actor, action="task.delete", target=task, changes={"course": task.course.title, "title": task.title}
    )
    task.delete()


@transaction.atomic
def journey_editor_appoint(*, actor: Any, journey: Journey, person: User) -> JourneyEditor:
    """Make ``person`` a national editor of ``journey`` (system admins only)."""
    if not policy.can(actor, "catalog.appoint_editors"):
        raise PermissionDenied(_("Only system administrators appoint national editors."))
    if not person.is_active:
        raise ValidationError({"person": _("%(name)s is deactivated.") % {"name": person}})
    if JourneyEditor.objects.filter(journey=journey, user=person).exists():
        raise ValidationError({"person": _("%(name)s already edits this journey.") % {"name": person}})
    editor = JourneyEditor.objects.create(journey=journey, user=person)
    if not RoleAssignment.objects.active().filter(user=person, role=Role.NATIONAL_EDITOR).exists():
        role_assign(actor=actor, person=person, role=Role.NATIONAL_EDITOR, place=None)
    audit_record(actor=actor, action="journey.editor_appoint", target=journey, changes={"editor": str(person)})
    forget_edited_journeys(person)
    return editor


@transaction.atomic
def journey_editor_remove(*, actor: Any, editor: JourneyEditor) -> None:
    if not policy.can(actor, "catalog.appoint_editors"):
        raise PermissionDenied(_("Only system administrators appoint national editors."))
    person, journey = editor.user, editor.journey
    editor.delete()
    if not JourneyEditor.objects.filter(user=person).exists():
        for assignment in RoleAssignment.objects.active().filter(user=person, role=Role.NATIONAL_EDITOR):
            role_end(actor=actor, assignment=assignment)
    audit_record(actor=actor, action="journey.editor_remove", target=journey, changes={"editor": str(person)})
    forget_edited_journeys(person)


@transaction.atomic
def info_page_save(*, actor: Any, page: InfoPage | None = None, **data: Any) -> InfoPage:
    """Create or change one of the programme's information pages (system admins and national editors)."""
    policy.require(actor, "info.edit")
    created = page is None
    return _apply(
        actor=actor,
        obj=page or InfoPage(),
        fields=INFO_FIELDS,
        data=data,
        action="info.create" if created else "info.update",
        created=created,
    )
