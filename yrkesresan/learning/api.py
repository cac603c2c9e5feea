"""API for journeys and progress: the same services, selectors and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from yrkesresan.accounts.models import User
from yrkesresan.catalog.models import Level, PreparationTask
from yrkesresan.core import policy
from yrkesresan.core.api import ScopedViewSetMixin

from . import selectors, services
from .models import CourseProgress, Enrolment, EnrolmentStatus, ProgressState


class CourseProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseProgress
        fields = [
            "id",
            "user",
            "course",
            "journey",
            "state",
            "tasks_done",
            "mandatory_done",
            "mandatory_total",
            "days_attended",
            "started_at",
            "completed_at",
            "last_activity_at",
        ]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["id", "user", "journey", "level", "status", "enrolled_at", "status_changed_at", "last_activity_at"]
        read_only_fields = fields


class EnrolmentCreateSerializer(serializers.Serializer):
    """Place a person on a journey at a level (the level says which journey). If they are
    already on the journey they move to the level."""

    person = serializers.IntegerField(min_value=1)
    level = serializers.IntegerField(min_value=1)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        actor = self.context["request"].user
        person = policy.visible(actor, User.objects.all()).filter(pk=data["person"]).first()
        if person is None:
            raise serializers.ValidationError({"person": _("Unknown person.")})
        level = Level.objects.select_related("journey").filter(pk=data["level"]).first()
        if level is None:
            raise serializers.ValidationError({"level": _("Unknown level.")})
        return {"person": person, "level": level}


class PauseSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class EnrolmentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Who is on which journey, at which level: your own, and those of the people you administer.

    Filters: ``person``, ``journey``, ``status`` (active, paused, finished)."""

    serializer_class = EnrolmentSerializer
    base_queryset = Enrolment.objects.order_by("id")

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        for field in ("person", "journey"):
            value = params.get(field, "")
            if value.isdigit():
                qs = qs.filter(**{"user_id" if field == "person" else "journey_id": int(value)})
        if params.get("status") in EnrolmentStatus.values:
            qs = qs.filter(status=params["status"])
        return qs

    @extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentSerializer})
    def create(self, request: Any) -> Response:
        policy.require(request.user, "learning.enrol_some")
        data = EnrolmentCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        level = data.validated_data["level"]
        enrolment = services.enrolment_place(
            actor=request.user, person=data.validated_data["person"], journey=level.journey, level=level
        )
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PauseSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Any, pk: Any = None) -> Response:
        """Pause the journey: nothing done is lost."""
        data = PauseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = services.enrolment_pause(
            actor=request.user, enrolment=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(EnrolmentSerializer(enrolment).data)

    @extend_schema(request=None, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Any, pk: Any = None) -> Response:
        """Resume a paused journey where it was left."""
        enrolment = services.enrolment_resume(actor=request.user, enrolment=self.get_object())
        return Response(EnrolmentSerializer(enrolment).data)


class CourseProgressViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Progress per person and course: your own, and that of the people you administer.

    Filters: ``person``, ``course``, ``journey``, ``state`` (not_started, ongoing, completed)."""

    serializer_class = CourseProgressSerializer
    base_queryset = CourseProgress.objects.order_by("id")

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        for field, column in (("person", "user_id"), ("course", "course_id"), ("journey", "journey_id")):
            value = params.get(field, "")
            if value.isdigit():
                qs = qs.filter(**{column: int(value)})
        if params.get("state") in ProgressState.values:
            qs = qs.filter(state=params["state"])
        return qs


class StopSerializer(serializers.Serializer):
    course = serializers.IntegerField(source="course.pk")
    title = serializers.CharField(source="course.title")
    kind = serializers.CharField(source="course.kind")
    mandatory = serializers.BooleanField(source="course.mandatory")
    state = serializers.CharField()
    started_at = serializers.DateTimeField(source="progress.started_at", allow_null=True, default=None)
    completed_at = serializers.DateTimeField(source="progress.completed_at", allow_null=True, default=None)


class LevelStopSerializer(serializers.Serializer):
    level = serializers.IntegerField(source="level.pk")
    name = serializers.CharField(source="level.name")
    is_current = serializers.BooleanField()
    state = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    courses = StopSerializer(source="stops", many=True)


class NextStepSerializer(serializers.Serializer):
    kind = serializers.CharField()
    url = serializers.CharField()
    course = serializers.IntegerField(source="course.pk", allow_null=True, default=None)
    task = serializers.IntegerField(source="task.id", allow_null=True, default=None)


class RouteSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(source="enrolment.pk")
    journey = serializers.CharField(source="enrolment.journey.code")
    journey_name = serializers.CharField(source="enrolment.journey.name")
    status = serializers.CharField(source="enrolment.status")
    next_step = NextStepSerializer()
    levels = LevelStopSerializer(many=True)


class MyJourneysView(APIView):
    """Your journeys as routes: levels, courses with their state and dates, and the next step."""

    @extend_schema(responses=RouteSerializer(many=True))
    def get(self, request: Any) -> Response:
        journeys = selectors.my_journeys(user=request.user)
        return Response(RouteSerializer(journeys.routes, many=True).data)


class MyTaskDoneView(APIView):
    """Mark one of your preparation tasks done (POST) or not done (DELETE). Returns the course's progress."""

    def _task(self, request: Any, pk: int) -> PreparationTask:
        return policy.get_visible_or_404(request.user, PreparationTask.objects.select_related("course"), pk=pk)

    @extend_schema(request=None, responses=CourseProgressSerializer)
    def post(self, request: Any, pk: int) -> Response:
        progress = services.task_mark_done(actor=request.user, task=self._task(request, pk))
        return Response(CourseProgressSerializer(progress).data)

    @extend_schema(request=None, responses=CourseProgressSerializer)
    def delete(self, request: Any, pk: int) -> Response:
        progress = services.task_mark_undone(actor=request.user, task=self._task(request, pk))
        return Response(CourseProgressSerializer(progress).data)
