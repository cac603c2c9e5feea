"""Reads of the catalog, each with its related rows fetched up front."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from yrkesresan.core import policy

from .models import Course, Journey, JourneyEditor, Level, PreparationTask


def _courses_with_totals() -> QuerySet[Course]:
    return Course.objects.annotate(
        total_minutes=Sum("tasks__minutes"),
        mandatory_minutes=Sum("tasks__minutes", filter=Q(tasks__mandatory=True)),
        task_count=Count("tasks"),
    ).order_by("order", "id")


def journey_list(*, actor: Any) -> QuerySet[Journey]:
    levels = Level.objects.annotate(course_count=Count("courses")).order_by("order", "id")
    return (
        policy.visible(actor, Journey.objects.all())
        .prefetch_related(Prefetch("levels", queryset=levels))
        .annotate(course_count=Count("courses", distinct=True))
    )


def journey_get(*, actor: Any, code: str) -> Journey:
    levels = Level.objects.order_by("order", "id").prefetch_related(
        "objectives", Prefetch("courses", queryset=_courses_with_totals())
    )
    return policy.get_visible_or_404(
        actor, Journey.objects.prefetch_related(Prefetch("levels", queryset=levels)), code=code
    )


def course_get(*, actor: Any, pk: Any) -> Course:
    return policy.get_visible_or_404(
        actor,
        Course.objects.select_related("level", "journey").prefetch_related("tasks", "checklist"),
        pk=pk,
    )


def course_list(*, actor: Any, journey_code: str = "", kind: str = "") -> QuerySet[Course]:
    qs = policy.visible(actor, _courses_with_totals().select_related("level", "journey"))
    if journey_code:
        qs = qs.filter(journey__code=journey_code)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("journey__order", "level__order", "order", "id")


def task_get(*, actor: Any, pk: Any) -> PreparationTask:
    return policy.get_visible_or_404(
        actor, PreparationTask.objects.select_related("course__journey", "course__level"), pk=pk
    )


def journey_editors(*, actor: Any, journey: Journey) -> QuerySet[JourneyEditor]:
    return policy.visible(actor, JourneyEditor.objects.filter(journey=journey)).select_related("user")
