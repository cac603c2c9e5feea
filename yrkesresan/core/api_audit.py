"""The audit trail through the API, scoped like the page."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets

from . import policy
from .api import ScopedViewSetMixin
from .audit import action_label
from .models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    action_label = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "actor_name",
            "action",
            "action_label",
            "target_type",
            "target_id",
            "target_repr",
            "changes",
        ]

    def get_action_label(self, event: AuditEvent) -> str:
        return action_label(event.action)


class AuditEventViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Who changed what and when, within the caller's scope (system and regional admins)."""

    base_queryset = AuditEvent.objects.order_by("-at", "-id")
    serializer_class = AuditEventSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return AuditEvent.objects.none()
        policy.require(self.request.user, "audit.view")
        return super().get_queryset()
