"""Loading a whole catalog from structured data (the demo, and a fresh installation)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from yrkesresan.core.audit import audit_record

from .models import (
    ChecklistItem,
    CompletionRule,
    Course,
    CourseKind,
    InfoPage,
    Journey,
    LearningObjective,
    Level,
    PreparationTask,
)


@transaction.atomic
def catalog_seed(*, actor: Any, journeys: list[dict[str, Any]]) -> int:
    """Create the journeys that do not exist yet, with their levels, objectives, courses, tasks and checklists.
    Returns the number of journeys created. Existing journeys are left as they are."""
    created = 0
    for j_order, j in enumerate(journeys, start=1):
        if Journey.objects.filter(code=j["code"]).exists():
            continue
        journey = Journey.objects.create(
            code=j["code"],
            name=j["name"],
            short_name=j["short_name"],
            producer=j.get("producer", ""),
            launched=j.get("launched", ""),
            audience=j.get("audience", ""),
            description=j.get("description", ""),
            order=j_order,
        )
        for l_order, lv in enumerate(j.get("levels", []), start=1):
            level = Level.objects.create(
                journey=journey, code=lv["code"], name=lv["name"], description=lv.get("description", ""), order=l_order
            )
            LearningObjective.objects.bulk_create(
                LearningObjective(level=level, text=text, order=i) for i, text in enumerate(lv.get("objectives", []), 1)
            )
            for c_order, c in enumerate(lv.get("courses", []), start=1):
                web = c.get("kind") == CourseKind.WEB
                course = Course.objects.create(
                    journey=journey,
                    level=level,
                    code=c["code"],
                    title=c["title"],
                    kind=c.get("kind", "led"),
                    summary=c.get("summary", ""),
                    day_count=0 if web else c.get("day_count", 1),
                    day_mode="" if web else c.get("day_mode", ""),
                    day_mode_note=c.get("day_mode_note", ""),
                    completion_rule=CompletionRule.TASKS if web else CompletionRule.TASKS_AND_DAYS,
                    mandatory=c.get("mandatory", True),
                    trainer_material=c.get("trainer_material", ""),
                    order=c_order,
                )
                PreparationTask.objects.bulk_create(
                    PreparationTask(
                        course=course,
                        title=t["title"],
                        format=t["format"],
                        minutes=t["minutes"],
                        mandatory=t.get("mandatory", True),
                        body=t.get("body", ""),
                        url=t.get("url", ""),
                        order=i,
                    )
                    for i, t in enumerate(c.get("tasks", []), start=1)
                )
                ChecklistItem.objects.bulk_create(
                    ChecklistItem(course=course, text=text, order=i) for i, text in enumerate(c.get("checklist", []), 1)
                )
        audit_record(actor=actor, action="journey.create", target=journey, changes={"source": "seed"})
        created += 1
    return created


@transaction.atomic
def info_pages_seed(*, pages: list[dict[str, Any]]) -> int:
    """Create the information pages that do not exist yet (by slug). Returns how many were created."""
    created = 0
    for order, page in enumerate(pages, start=1):
        _page, was_created = InfoPage.objects.get_or_create(slug=page["slug"], defaults={**page, "order": order})
        created += was_created
    return created
