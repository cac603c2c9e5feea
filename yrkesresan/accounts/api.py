"""API for people and their roles. Same services and the same scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from yrkesresan.core import policy
from yrkesresan.core.api import ScopedViewSetMixin
from yrkesresan.organisations.models import Municipality, Region, Unit

from . import selectors, services
from .forms import ROLES_GIVEN_ELSEWHERE
from .models import Role, RoleAssignment, User


class RoleAssignmentSerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="scope_name", read_only=True)
    scope_level = serializers.CharField(read_only=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "role",
            "scope_level",
            "region",
            "municipality",
            "unit",
            "place",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    roles = RoleAssignmentSerializer(source="visible_roles", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "is_active", "last_login", "roles"]
        read_only_fields = ["id", "is_active", "last_login", "roles"]


class RoleInputSerializer(serializers.Serializer):
    """A role and where it is held: give exactly one of unit, municipality or region (none: nationally)."""

    role = serializers.ChoiceField(choices=Role.choices)
    unit = serializers.IntegerField(required=False, min_value=1)
    municipality = serializers.IntegerField(required=False, min_value=1)
    region = serializers.IntegerField(required=False, min_value=1)

    def validate_role(self, value: str) -> str:
        if value in ROLES_GIVEN_ELSEWHERE:
            raise serializers.ValidationError(_("National editors are appointed on the journey they edit."))
        return value

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        given = [key for key in ("unit", "municipality", "region") if key in data]
        if len(given) > 1:
            raise serializers.ValidationError(_("Give only one of unit, municipality or region."))
        actor = self.context["request"].user
        place = None
        if given:
            model = {"unit": Unit, "municipality": Municipality, "region": Region}[given[0]]
            place = policy.visible(actor, model._default_manager.all()).filter(pk=data[given[0]]).first()
            if place is None:
                unknown = {
                    "unit": _("Unknown unit."),
                    "municipality": _("Unknown municipality."),
                    "region": _("Unknown region."),
                }
                raise serializers.ValidationError({given[0]: unknown[given[0]]})
        return {"role": data["role"], "place": place}


class PersonCreateSerializer(RoleInputSerializer):
    username = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    password = serializers.CharField(required=False, allow_blank=True, default="", write_only=True, max_length=128)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        person = {key: data[key] for key in ("username", "first_name", "last_name", "email", "password")}
        return {**person, **super().validate(data)}


class PersonViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """People the caller administers, with the roles the caller can see.

    Filters: ``search`` (every word matches name, username or e-mail), ``municipality``,
    ``role``, ``status`` (active, inactive, all)."""

    serializer_class = PersonSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        params = self.request.query_params
        municipality = params.get("municipality", "")
        return (
            selectors.person_list(
                actor=self.request.user,
                search=params.get("search", "")[:100],
                municipality_id=int(municipality) if municipality.isdigit() else None,
                role=params.get("role", "") if params.get("role", "") in Role.values else "",
                status=params.get("status", "active")
                if params.get("status") in ("active", "inactive", "all")
                else "active",
            )
            if self.action == "list"
            else selectors.person_queryset(actor=self.request.user)
        )

    @extend_schema(request=PersonCreateSerializer, responses=PersonSerializer)
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        policy.require(request.user, "people.create")
        serializer = PersonCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        person = services.person_create(actor=request.user, **serializer.validated_data)
        return Response(PersonSerializer(selectors.person_get(actor=request.user, pk=person.pk)).data, status=201)

    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        serializer = self.get_serializer(person, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {
            f: serializer.validated_data.get(f, getattr(person, f))
            for f in ("username", "first_name", "last_name", "email")
        }
        services.person_update(actor=request.user, person=person, **data)
        return Response(PersonSerializer(selectors.person_get(actor=request.user, pk=person.pk)).data)

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=PersonSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Any, pk: Any = None) -> Response:
        person = services.person_deactivate(actor=request.user, person=self.get_object())
        return Response(PersonSerializer(selectors.person_get(actor=request.user, pk=person.pk)).data)

    @extend_schema(request=None, responses=PersonSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request: Any, pk: Any = None) -> Response:
        person = services.person_activate(actor=request.user, person=self.get_object())
        return Response(PersonSerializer(selectors.person_get(actor=request.user, pk=person.pk)).data)

    @extend_schema(request=RoleInputSerializer, responses=RoleAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def roles(self, request: Any, pk: Any = None) -> Response:
        person = self.get_object()
        policy.require(request.user, "people.manage", person)
        serializer = RoleInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        assignment = services.role_assign(actor=request.user, person=person, **serializer.validated_data)
        return Response(RoleAssignmentSerializer(assignment).data, status=201)


class RoleAssignmentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Role assignments (current and ended) inside the caller's scope. Filter with ``user``."""

    base_queryset = RoleAssignment.objects.select_related("region", "municipality", "unit").order_by("-id")
    serializer_class = RoleAssignmentSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        user = self.request.query_params.get("user", "")
        return qs.filter(user_id=int(user)) if user.isdigit() else qs

    @extend_schema(request=None, responses=RoleAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Any, pk: Any = None) -> Response:
        assignment = services.role_end(actor=request.user, assignment=self.get_object())
        return Response(RoleAssignmentSerializer(assignment).data)


class MeView(APIView):
    """The caller: who they are and which roles they hold."""

    @extend_schema(responses=PersonSerializer)
    def get(self, request: Any) -> Response:
        user = request.user
        user.visible_roles = list(
            RoleAssignment.objects.active().filter(user=user).select_related("region", "municipality", "unit")
        )
        return Response(PersonSerializer(user).data)
