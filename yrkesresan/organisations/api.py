"""API for the organisation tree: read for everyone with a scope, units writable by their admins."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from yrkesresan.core import policy
from yrkesresan.core.api import ScopedViewSetMixin

from . import services
from .models import Municipality, Population, Region, Unit


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "county_code"]


class PopulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Population
        fields = ["year", "count"]


class MunicipalitySerializer(serializers.ModelSerializer):
    populations = PopulationSerializer(many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = ["id", "name", "scb_code", "region", "populations"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "municipality", "region", "is_active"]
        read_only_fields = ["region"]

    def validate_municipality(self, value: Municipality) -> Municipality:
        actor = self.context["request"].user
        if not policy.visible(actor, Municipality.objects.filter(pk=value.pk)).exists():
            raise serializers.ValidationError(_("Unknown municipality."))
        if not policy.can(actor, "units.manage", value):
            raise serializers.ValidationError(_("You may not add units to this municipality."))
        return value


class RegionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Regions (one RSS per county) the caller administers."""

    base_queryset = Region.objects.order_by("name")
    serializer_class = RegionSerializer


class MunicipalityViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Municipalities in the caller's scope, with their population per year."""

    base_queryset = Municipality.objects.prefetch_related("populations").order_by("name")
    serializer_class = MunicipalitySerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        region = self.request.query_params.get("region")
        return qs.filter(region_id=region) if region and region.isdigit() else qs


class UnitViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Units (workplaces) in the caller's scope. k-admins and regional admins add and rename them."""

    base_queryset = Unit.objects.order_by("name")
    serializer_class = UnitSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        municipality = self.request.query_params.get("municipality")
        return qs.filter(municipality_id=municipality) if municipality and municipality.isdigit() else qs

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        policy.require(request.user, "units.manage")  # someone who manages no units: 403, as for people
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit = services.unit_create(
            actor=request.user,
            municipality=serializer.validated_data["municipality"],
            name=serializer.validated_data["name"],
        )
        return Response(UnitSerializer(unit).data, status=201)

    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        unit = self.get_object()
        policy.require(request.user, "units.manage", unit)
        serializer = self.get_serializer(unit, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "municipality" in data and data["municipality"].pk != unit.municipality_id:
            raise serializers.ValidationError({"municipality": _("A unit cannot move to another municipality.")})
        unit = services.unit_update(
            actor=request.user,
            unit=unit,
            name=data.get("name", unit.name),
            is_active=data.get("is_active", unit.is_active),
        )
        return Response(UnitSerializer(unit).data)

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)
