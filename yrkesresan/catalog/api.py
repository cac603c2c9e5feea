"""Read API for the catalog: journeys with their levels, courses with their three parts."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from yrkesresan.core.api import ScopedViewSetMixin

from . import selectors
from .models import ChecklistItem, Course, Journey, Level, PreparationTask


class ObjectiveListField(serializers.ListField):
    child = serializers.CharField()

    def to_representation(self, value: Any) -> list[str]:
        return [o.text for o in value.all()]


class CourseSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "code", "title", "kind", "day_count", "day_mode"]


class LevelSerializer(serializers.ModelSerializer):
    objectives = ObjectiveListField(read_only=True)
    courses = CourseSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Level
        fields = ["id", "code", "name", "description", "order", "objectives", "courses"]


class JourneySerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = Journey
        fields = ["id", "code", "name", "short_name", "producer", "launched", "audience", "description", "levels"]


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = PreparationTask
        fields = ["id", "title", "format", "minutes", "mandatory", "body", "url", "order"]


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "text", "order"]


class CourseSerializer(serializers.ModelSerializer):
    journey = serializers.SlugRelatedField(slug_field="code", read_only=True)
    level = serializers.SlugRelatedField(slug_field="code", read_only=True)
    total_minutes = serializers.IntegerField(read_only=True)
    mandatory_minutes = serializers.IntegerField(read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    checklist = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "journey",
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
            "total_minutes",
            "mandatory_minutes",
            "tasks",
            "checklist",
        ]


class JourneyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The five journeys with their levels, learning objectives and courses. Look up by ``code``."""

    serializer_class = JourneySerializer
    lookup_field = "code"
    base_queryset = Journey.objects.prefetch_related(
        Prefetch(
            "levels",
            queryset=Level.objects.order_by("order", "id").prefetch_related(
                "objectives", Prefetch("courses", queryset=Course.objects.order_by("order", "id"))
            ),
        )
    ).order_by("order", "name")


class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    """Courses with preparation tasks, course days and the after-course checklist.
    Filters: ``journey`` (code), ``kind`` (led, web)."""

    serializer_class = CourseSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.course_list(
            actor=self.request.user, journey_code=params.get("journey", "")[:40], kind=params.get("kind", "")[:8]
        ).prefetch_related("tasks", "checklist")
