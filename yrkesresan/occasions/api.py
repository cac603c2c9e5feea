"""API for course occasions and sign-ups: the same services and scoping as everywhere else."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yrkesresan.accounts.models import User
from yrkesresan.core import policy
from yrkesresan.core.api import ScopedViewSetMixin

from . import services
from .models import CourseDay, Occasion, Registration, RegistrationEvent


class CourseDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseDay
        fields = ["id", "date", "starts", "ends", "mode", "venue", "address", "link"]
        read_only_fields = fields


class OccasionSerializer(serializers.ModelSerializer):
    days = CourseDaySerializer(many=True, read_only=True)

    class Meta:
        model = Occasion
        fields = [
            "id",
            "course",
            "name",
            "delivery_level",
            "region",
            "municipality",
            "unit",
            "status",
            "capacity",
            "registration_opens",
            "registration_closes",
            "cancel_deadline",
            "needs_approval",
            "waitlist_stops_days",
            "days",
        ]
        read_only_fields = fields


class RegistrationEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistrationEvent
        fields = ["from_state", "to_state", "by", "at", "reason"]
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer):
    history = RegistrationEventSerializer(source="events", many=True, read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "occasion", "user", "state", "position", "municipality_at_signup", "created_at", "history"]
        read_only_fields = fields


class SignUpSerializer(serializers.Serializer):
    """Whom to sign up: leave out ``person`` to sign yourself up."""

    person = serializers.IntegerField(min_value=1, required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class DecisionSerializer(ReasonSerializer):
    approve = serializers.BooleanField()


class OccasionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Course occasions: the national ones and those of the regions you have a role in."""

    serializer_class = OccasionSerializer
    base_queryset = Occasion.objects.prefetch_related("days").order_by("id")

    @extend_schema(request=SignUpSerializer, responses={201: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def registrations(self, request: Any, pk: Any = None) -> Response:
        """Sign up yourself, or someone you administer. When the occasion is full, the sign-up joins the
        waitlist in arrival order; a refusal (closed, not in the target group, already signed up,
        cancelled) is a 400 with the reason, and nothing is written."""
        occasion = self.get_object()
        data = SignUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = request.user
        if "person" in data.validated_data and data.validated_data["person"] != request.user.pk:
            person = policy.visible(request.user, User.objects.all()).filter(pk=data.validated_data["person"]).first()
            if person is None:
                raise serializers.ValidationError({"person": _("Unknown person.")})
        registration = services.registration_create(actor=request.user, occasion=occasion, person=person)
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


class RegistrationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Sign-ups with their history: your own, the people you administer, your region's occasions'.

    Filters: ``occasion``, ``person``, ``state``."""

    serializer_class = RegistrationSerializer
    base_queryset = Registration.objects.prefetch_related("events").order_by("id")

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        for field, column in (("occasion", "occasion_id"), ("person", "user_id")):
            if params.get(field, "").isdigit():
                qs = qs.filter(**{column: int(params[field])})
        if params.get("state"):
            qs = qs.filter(state=params["state"])
        return qs

    @extend_schema(request=ReasonSerializer, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Any, pk: Any = None) -> Response:
        """Cancel; after the occasion's last day to cancel it is recorded as late. The first on the waitlist
        gets the place."""
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_cancel(
            actor=request.user, registration=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(RegistrationSerializer(registration).data)

    @extend_schema(request=DecisionSerializer, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None) -> Response:
        """Approve (``{"approve": true}``) or decline a sign-up that waits for the manager."""
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_decide(
            actor=request.user,
            registration=self.get_object(),
            approve=data.validated_data["approve"],
            reason=data.validated_data["reason"],
        )
        return Response(RegistrationSerializer(registration).data)
