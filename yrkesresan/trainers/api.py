"""API for trainer teams: the pool, teams, course-day assignments, absence, substitutes and days taught,
with the same services, selectors and scoping as the pages.

Every write calls a service (``services``), which checks the rights and the rules; the handlers here parse
the body, look up the ids it names within what the caller sees (an id outside reads as unknown, a 400),
and answer. An object in the URL outside the caller's scope is a 404, like a missing one; one the caller
sees but may not change is a 403. Recruiting calls and trainer meetings have their own modules
(``api_calls``, ``api_meetings``).

``ROUTES`` lists (prefix, viewset, basename) for the router in ``config/api_urls.py``; ``URLS`` lists
plain paths.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from yrkesresan.accounts.models import User
from yrkesresan.catalog.models import Course
from yrkesresan.core import policy
from yrkesresan.core.api import NamedChoiceField, ScopedViewSetMixin
from yrkesresan.occasions.models import CourseDay, Occasion
from yrkesresan.organisations.models import Municipality, Region

from . import selectors, services
from .models import (
    DEFAULT_MAX_DAYS_PER_TERM,
    DayAction,
    DayAssignment,
    DayAssignmentEvent,
    DayRole,
    Qualification,
    TeamMember,
    TeamRole,
    TrainerKind,
    TrainerProfile,
    Unavailability,
)
from .policies import sees_private
from .selectors.pool import days_taught_report

# --- choices ----------------------------------------------------------------------------------------------


_EnumField = NamedChoiceField


class TeamRoleField(_EnumField):
    choices_class = TeamRole


class DayRoleField(_EnumField):
    choices_class = DayRole


class TrainerKindField(_EnumField):
    choices_class = TrainerKind


class DayActionField(_EnumField):
    choices_class = DayAction


# --- shared helpers ---------------------------------------------------------------------------------------


def _error(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _one(qs: QuerySet[Any], pk: int, field: str, errors: dict[str, list[str]] | None = None) -> Any:
    """The row of ``qs`` (already narrowed to what the caller sees) with this id. Any other id, missing or
    outside the caller's scope, is reported under ``field``: in ``errors`` when given (to report every
    unknown id of a body at once), else at once as a 400."""
    found = qs.filter(pk=pk).first()
    if found is None:
        message = _("Unknown id: %(ids)s.") % {"ids": pk}
        if errors is None:
            raise _error(field, message)
        errors[field] = [message]
    return found


def _refuse(errors: dict[str, list[str]]) -> None:
    if errors:
        raise serializers.ValidationError(errors)


def _params(request: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The query parameters given (a plain dict: a missing boolean stays missing, not false)."""
    return {name: request.query_params[name] for name in names if request.query_params.get(name, "") != ""}


def _visible_trainers(actor: Any) -> QuerySet[TrainerProfile]:
    return policy.visible(actor, TrainerProfile.objects.select_related("user", "home_municipality"))


# --- the pool ---------------------------------------------------------------------------------------------


class QualificationSerializer(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = Qualification
        fields = ["id", "trainer", "course", "course_title", "since"]
        read_only_fields = fields


class UnavailabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Unavailability
        fields = ["id", "trainer", "start", "end", "reason", "created_at"]
        read_only_fields = fields


class TrainerSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="user_id", read_only=True, help_text="The person (see /people/).")
    name = serializers.CharField(source="user.__str__", read_only=True)
    kind = TrainerKindField(read_only=True)
    home_municipality_name = serializers.CharField(source="home_municipality.name", read_only=True)
    qualifications = QualificationSerializer(many=True, read_only=True, help_text="The courses they give.")

    class Meta:
        model = TrainerProfile
        fields = [
            "id",
            "person",
            "name",
            "kind",
            "home_municipality",
            "home_municipality_name",
            "region",
            "max_days_per_term",
            "active",
            "note",
            "qualifications",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: TrainerProfile) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not sees_private(request.user, instance):
            data["note"] = ""  # the coordinator's note is for those who keep or lend the trainer
        return data


class TrainerDetailSerializer(TrainerSerializer):
    unavailability = UnavailabilitySerializer(
        source="visible_unavailability",
        many=True,
        read_only=True,
        help_text="Days the trainer cannot teach: shown to the trainer, those who keep their pool and the "
        "k-admins of the municipality that lends them; empty for everyone else.",
    )

    class Meta(TrainerSerializer.Meta):
        fields = [*TrainerSerializer.Meta.fields, "unavailability"]
        read_only_fields = fields


class TrainerFilterSerializer(serializers.Serializer):
    """The pool's filters (query parameters)."""

    region = serializers.IntegerField(required=False, min_value=1)
    municipality = serializers.IntegerField(required=False, min_value=1, help_text="The home municipality.")
    kind = TrainerKindField(required=False)
    active = serializers.BooleanField(required=False)
    course = serializers.IntegerField(required=False, min_value=1, help_text="Qualified for this course.")


class TrainerChangeSerializer(serializers.Serializer):
    """A trainer's profile. The service checks the values (days a term 0–60, a note under 300 characters)."""

    home_municipality = serializers.IntegerField(min_value=1, help_text="The municipality that lends them.")
    kind = TrainerKindField(default=TrainerKind.TRAINER)
    max_days_per_term = serializers.IntegerField(
        default=DEFAULT_MAX_DAYS_PER_TERM, help_text="Course days a term the trainer's manager allows."
    )
    active = serializers.BooleanField(default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TrainerCreateSerializer(TrainerChangeSerializer):
    person = serializers.IntegerField(min_value=1, help_text="The person to put in the pool.")


class QualificationGrantSerializer(serializers.Serializer):
    course = serializers.IntegerField(min_value=1)
    since = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today if left out.")


class UnavailabilityAddSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The last day, included.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


_QUALIFICATION = OpenApiParameter(
    "qualification_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The qualification."
)
_UNAVAILABILITY = OpenApiParameter(
    "unavailability_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The unavailability."
)


class TrainerViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The trainer pools: a region's trainers and a municipality's discussion leaders, with the courses
    they are qualified for. Coordinators see and keep their pools; a trainer sees their region's pool;
    a k-admin also sees the trainers their municipality lends."""

    serializer_class = TrainerSerializer
    base_queryset = TrainerProfile.objects.select_related("user", "home_municipality")

    def get_serializer_class(self) -> Any:
        return TrainerDetailSerializer if self.action == "retrieve" else TrainerSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action not in ("list", "retrieve"):
            # The writes only need the profile.
            return qs
        qualifications = policy.visible(self.request.user, Qualification.objects.select_related("course"))
        qs = qs.prefetch_related(Prefetch("qualifications", queryset=qualifications))
        if self.action == "retrieve":
            return self._with_unavailability(qs)
        filters = TrainerFilterSerializer(
            data=_params(self.request, ("region", "municipality", "kind", "active", "course"))
        )
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        if "region" in given:
            qs = qs.filter(region_id=given["region"])
        if "municipality" in given:
            qs = qs.filter(home_municipality_id=given["municipality"])
        if "kind" in given:
            qs = qs.filter(kind=given["kind"])
        if "active" in given:
            qs = qs.filter(active=given["active"])
        if "course" in given:
            qs = qs.filter(qualifications__course_id=given["course"])
        return qs

    def _with_unavailability(self, qs: QuerySet[TrainerProfile]) -> QuerySet[TrainerProfile]:
        unavailable = policy.visible(self.request.user, Unavailability.objects.all())
        return qs.prefetch_related(Prefetch("unavailable", queryset=unavailable, to_attr="visible_unavailability"))

    def _detail(self, profile: TrainerProfile) -> dict[str, Any]:
        """The profile as the detail shows it, after a service wrote it."""
        qs = self._with_unavailability(
            TrainerProfile.objects.select_related("user", "home_municipality").prefetch_related(
                Prefetch("qualifications", queryset=Qualification.objects.select_related("course"))
            )
        )
        return TrainerDetailSerializer(qs.get(pk=profile.pk)).data

    @extend_schema(parameters=[TrainerFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``region``, ``municipality`` (home municipality), ``kind`` (trainer, discussion_leader),
        ``active`` and ``course`` (qualified for it). By name."""
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """One trainer, with their qualifications and (for those who may see it) their unavailability."""
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=TrainerCreateSerializer, responses={201: TrainerDetailSerializer})
    def create(self, request: Any) -> Response:
        """Put a person in a trainer pool. A trainer holds the trainer role in their home municipality (which
        lends them); a discussion leader works in the municipality. The region's coordinators keep its
        trainers, a k-admin their municipality's discussion leaders: elsewhere is a 403."""
        policy.require(request.user, "trainers.coordinate_some")  # 403 for who keeps no pool, before any id
        data = TrainerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        errors: dict[str, list[str]] = {}
        person: User = _one(policy.visible(request.user, User.objects.all()), given["person"], "person", errors)
        municipality = _one(
            policy.visible(request.user, Municipality.objects.all()),
            given["home_municipality"],
            "home_municipality",
            errors,
        )
        _refuse(errors)
        if TrainerProfile.objects.filter(user=person).exists():
            raise _error("person", _("%(name)s is already in a trainer pool: change their profile.") % {"name": person})
        profile = services.trainer_profile_save(
            actor=request.user,
            person=person,
            home_municipality=municipality,
            kind=given["kind"],
            max_days_per_term=given["max_days_per_term"],
            active=given["active"],
            note=given["note"],
        )
        return Response(self._detail(profile), status=status.HTTP_201_CREATED)

    @extend_schema(request=TrainerChangeSerializer, responses=TrainerDetailSerializer)
    def partial_update(self, request: Any, pk: Any = None) -> Response:
        """Change a trainer's profile; what is left out stays as it is. Moving them to another pool needs the
        right to keep both."""
        profile = self.get_object()
        data = TrainerChangeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        municipality = profile.home_municipality
        if "home_municipality" in given:
            municipality = _one(
                policy.visible(request.user, Municipality.objects.all()),
                given["home_municipality"],
                "home_municipality",
            )
        saved = services.trainer_profile_save(
            actor=request.user,
            person=profile.user,
            home_municipality=municipality,
            kind=given.get("kind", profile.kind),
            max_days_per_term=given.get("max_days_per_term", profile.max_days_per_term),
            active=given.get("active", profile.active),
            note=given.get("note", profile.note),
        )
        return Response(self._detail(saved))

    @extend_schema(request=QualificationGrantSerializer, responses={201: QualificationSerializer})
    @action(detail=True, methods=["post"], url_path="qualifications")
    def qualification_grant(self, request: Any, pk: Any = None) -> Response:
        """The trainer is qualified to give a course (one with course days). Those who keep the pool."""
        profile = self.get_object()
        data = QualificationGrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        course = _one(policy.visible(request.user, Course.objects.all()), given["course"], "course")
        qualification = services.qualification_grant(
            actor=request.user, trainer=profile, course=course, since=given["since"]
        )
        return Response(QualificationSerializer(qualification).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, parameters=[_QUALIFICATION])
    @action(detail=True, methods=["delete"], url_path=r"qualifications/(?P<qualification_id>\d+)")
    def qualification_revoke(self, request: Any, pk: Any = None, qualification_id: Any = None) -> Response:
        """The trainer no longer gives the course: days already assigned stay, new ones are refused."""
        profile = self.get_object()
        qualification = policy.get_visible_or_404(
            request.user,
            Qualification.objects.select_related("trainer__user", "course"),
            pk=qualification_id,
            trainer=profile,
        )
        services.qualification_revoke(actor=request.user, qualification=qualification)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=UnavailabilityAddSerializer, responses={201: UnavailabilitySerializer})
    @action(detail=True, methods=["post"], url_path="unavailability")
    def unavailability_add(self, request: Any, pk: Any = None) -> Response:
        """The trainer cannot teach from ``start`` to ``end`` (included). The trainer themselves or those who
        keep their pool. A day they are already assigned to is an absence to report instead (400)."""
        profile = self.get_object()
        data = UnavailabilityAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        unavailable = services.unavailability_add(
            actor=request.user, trainer=profile, start=given["start"], end=given["end"], reason=given["reason"]
        )
        return Response(UnavailabilitySerializer(unavailable).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, parameters=[_UNAVAILABILITY])
    @action(detail=True, methods=["delete"], url_path=r"unavailability/(?P<unavailability_id>\d+)")
    def unavailability_remove(self, request: Any, pk: Any = None, unavailability_id: Any = None) -> Response:
        """The trainer can teach on those days after all."""
        profile = self.get_object()
        unavailable = policy.get_visible_or_404(
            request.user, Unavailability.objects.select_related("trainer__user"), pk=unavailability_id, trainer=profile
        )
        services.unavailability_remove(actor=request.user, unavailability=unavailable)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- teams ------------------------------------------------------------------------------------------------


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="trainer.user.__str__", read_only=True)
    home_municipality = serializers.IntegerField(source="trainer.home_municipality_id", read_only=True)
    role = TeamRoleField(read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "occasion", "trainer", "name", "home_municipality", "role", "added_by", "added_at"]
        read_only_fields = fields


class TeamMemberFilterSerializer(serializers.Serializer):
    occasion = serializers.IntegerField(required=False, min_value=1)
    trainer = serializers.IntegerField(required=False, min_value=1)


class TeamMemberWriteSerializer(serializers.Serializer):
    occasion = serializers.IntegerField(min_value=1)
    trainer = serializers.IntegerField(min_value=1, help_text="The trainer profile (see /trainers/).")
    role = TeamRoleField()


class TeamMemberViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Occasions' trainer teams: course leader, trainers, reserve. Seen by the occasion's coordinators, its
    team, and the k-admins of the municipalities that lend its trainers; formed by the coordinators."""

    serializer_class = TeamMemberSerializer
    base_queryset = TeamMember.objects.select_related("trainer__user").order_by("occasion_id", "role", "id")

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action == "destroy":
            return qs.select_related("occasion")
        if self.action != "list":
            return qs
        filters = TeamMemberFilterSerializer(data=_params(self.request, ("occasion", "trainer")))
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        if "occasion" in given:
            qs = qs.filter(occasion_id=given["occasion"])
        if "trainer" in given:
            qs = qs.filter(trainer_id=given["trainer"])
        return qs

    @extend_schema(parameters=[TeamMemberFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``occasion`` and ``trainer``. By occasion, then role."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TeamMemberWriteSerializer, responses={201: TeamMemberSerializer})
    def create(self, request: Any) -> Response:
        """Put a trainer on an occasion's team. They must be active, in the pool the occasion draws from and
        qualified for its course; a team has one course leader and a person is on it once (400 otherwise)."""
        policy.require(request.user, "trainers.coordinate_some")  # 403 for who keeps no pool, before any id
        data = TeamMemberWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        errors: dict[str, list[str]] = {}
        occasion = _one(policy.visible(request.user, Occasion.objects.all()), given["occasion"], "occasion", errors)
        trainer = _one(_visible_trainers(request.user), given["trainer"], "trainer", errors)
        _refuse(errors)
        member = services.team_member_add(actor=request.user, occasion=occasion, trainer=trainer, role=given["role"])
        member = TeamMember.objects.select_related("trainer__user").get(pk=member.pk)
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Take a trainer off the team. Their coming course days on the occasion must go to someone else
        first (400 otherwise); days already held stay."""
        services.team_member_remove(actor=request.user, member=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- course days ------------------------------------------------------------------------------------------


class DayAssignmentSerializer(serializers.ModelSerializer):
    occasion = serializers.IntegerField(source="course_day.occasion_id", read_only=True)
    name = serializers.CharField(source="trainer.user.__str__", read_only=True)
    role = DayRoleField(read_only=True)
    lending_municipality_name = serializers.CharField(source="lending_municipality.name", read_only=True)

    class Meta:
        model = DayAssignment
        fields = [
            "id",
            "course_day",
            "occasion",
            "date",
            "trainer",
            "name",
            "role",
            "lending_municipality",
            "lending_municipality_name",
            "substitute_for",
            "absent",
            "absence_reason",
            "absent_reported_at",
            "absent_reported_by",
            "by",
            "at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: DayAssignment) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not sees_private(request.user, instance.trainer):
            data["absence_reason"] = ""  # often about health: not for the rest of the team
        return data


class DayAssignmentFilterSerializer(serializers.Serializer):
    """The list's filters (query parameters)."""

    occasion = serializers.IntegerField(required=False, min_value=1)
    course_day = serializers.IntegerField(required=False, min_value=1)
    trainer = serializers.IntegerField(required=False, min_value=1)
    absent = serializers.BooleanField(required=False, help_text="Only absences (true) or only those who come.")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        # ``from`` is a Python keyword, so these two are added here rather than declared.
        fields["from"] = serializers.DateField(required=False, help_text="On or after this date.")
        fields["to"] = serializers.DateField(required=False, help_text="On or before this date.")
        return fields


class DayAssignWriteSerializer(serializers.Serializer):
    course_day = serializers.IntegerField(min_value=1)
    trainer = serializers.IntegerField(min_value=1, help_text="The trainer profile (see /trainers/).")
    role = DayRoleField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Kept in the history.")


class DayReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SubstituteSerializer(serializers.Serializer):
    trainer = serializers.IntegerField(min_value=1, help_text="The substitute's trainer profile.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Kept in the history.")


class CandidateSerializer(serializers.Serializer):
    trainer = serializers.IntegerField(source="trainer.pk")
    name = serializers.CharField(source="trainer.user.__str__")
    home_municipality = serializers.IntegerField(source="trainer.home_municipality_id")
    home_municipality_name = serializers.CharField(source="trainer.home_municipality.name")
    is_reserve = serializers.BooleanField(help_text="The occasion's reserve: ranked first.")
    team_role = TeamRoleField(allow_null=True, help_text="Their role on the occasion's team, if they are on it.")
    distance_km = serializers.SerializerMethodField(help_text="From their home municipality; null when unknown.")
    days_this_term = serializers.IntegerField(help_text="Course days they teach (or are booked for) this term.")
    max_days = serializers.IntegerField(help_text="Course days a term their manager allows.")
    days_left = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why they stand where they do.")

    def get_distance_km(self, candidate: selectors.Candidate) -> float | None:
        return None if candidate.distance_km is None else round(candidate.distance_km, 1)


class SubstitutesSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    course_day = serializers.IntegerField()
    date = serializers.DateField()
    role = DayRoleField()
    place = serializers.IntegerField(allow_null=True, help_text="The municipality the day is held in, if known.")
    place_name = serializers.CharField(allow_null=True)
    candidates = CandidateSerializer(many=True, help_text="Best first.")


class DayEventSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="trainer.user.__str__", read_only=True)
    other_name = serializers.SerializerMethodField()
    role = DayRoleField(read_only=True)
    action = DayActionField(read_only=True)
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = DayAssignmentEvent
        fields = [
            "id",
            "course_day",
            "date",
            "trainer",
            "name",
            "role",
            "action",
            "reason",
            "other_trainer",
            "other_name",
            "by",
            "by_name",
            "at",
        ]
        read_only_fields = fields

    def get_other_name(self, event: DayAssignmentEvent) -> str | None:
        """The substitute (for "replaced") or the trainer replaced (for a substitute's "assigned")."""
        return str(event.other_trainer) if event.other_trainer is not None else None

    def get_by_name(self, event: DayAssignmentEvent) -> str | None:
        return str(event.by) if event.by is not None else None


_REASON = OpenApiParameter(
    "reason", OpenApiTypes.STR, description="Why (needed for a day already held); may also be sent in the body."
)


class DayAssignmentViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Who leads and trains each course day, from which municipality: the record the trainer pot pays from.
    Absences stay (marked absent) and a substitute gets an assignment of their own; every change is kept in
    the day's history. Seen by the occasion's coordinators, its team, the trainer, and the k-admins of the
    municipality that lends them."""

    serializer_class = DayAssignmentSerializer
    base_queryset = DayAssignment.objects.select_related("course_day", "trainer__user", "lending_municipality")

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action != "list":
            return qs.select_related("course_day__occasion__course")
        filters = DayAssignmentFilterSerializer(
            data=_params(self.request, ("occasion", "course_day", "trainer", "absent", "from", "to"))
        )
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        if "occasion" in given:
            qs = qs.filter(course_day__occasion_id=given["occasion"])
        if "course_day" in given:
            qs = qs.filter(course_day_id=given["course_day"])
        if "trainer" in given:
            qs = qs.filter(trainer_id=given["trainer"])
        if "absent" in given:
            qs = qs.filter(absent=given["absent"])
        if "from" in given:
            qs = qs.filter(date__gte=given["from"])
        if "to" in given:
            qs = qs.filter(date__lte=given["to"])
        return qs

    def _reread(self, assignment: DayAssignment) -> dict[str, Any]:
        return DayAssignmentSerializer(self.base_queryset.get(pk=assignment.pk)).data

    def _coordinated(self) -> DayAssignment:
        assignment = self.get_object()
        policy.require(self.request.user, "trainers.coordinate", assignment)
        return assignment

    @extend_schema(parameters=[DayAssignmentFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``occasion``, ``course_day``, ``trainer``, ``absent`` and the dates ``from`` and ``to``.
        By date."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DayAssignWriteSerializer, responses={201: DayAssignmentSerializer})
    def create(self, request: Any) -> Response:
        """Put a trainer of the occasion's team on a course day as course leader or trainer. Refused (400,
        with the reason) if they are not qualified, not free that day, already teach that date, have used
        the days their manager allows this term, or the day already has a course leader."""
        policy.require(request.user, "trainers.coordinate_some")  # 403 for who keeps no pool, before any id
        data = DayAssignWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        errors: dict[str, list[str]] = {}
        course_day = _one(
            policy.visible(request.user, CourseDay.objects.all()), given["course_day"], "course_day", errors
        )
        trainer = _one(_visible_trainers(request.user), given["trainer"], "trainer", errors)
        _refuse(errors)
        assignment = services.day_assign(
            actor=request.user, course_day=course_day, trainer=trainer, role=given["role"], reason=given["reason"]
        )
        return Response(self._reread(assignment), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, parameters=[_REASON])
    def destroy(self, request: Any, pk: Any = None) -> Response:
        """Take a trainer off a course day they were put on by mistake (the history keeps it). A day already
        held needs a ``reason``; an absence is kept and cannot be removed."""
        assignment = self.get_object()
        body = request.data if hasattr(request.data, "get") else {}
        data = DayReasonSerializer(data={"reason": body.get("reason") or request.query_params.get("reason", "")})
        data.is_valid(raise_exception=True)
        services.day_unassign(actor=request.user, assignment=assignment, reason=data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=DayReasonSerializer, responses=DayAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def absence(self, request: Any, pk: Any = None) -> Response:
        """Report that the trainer cannot come: the trainer themselves or the occasion's coordinators. The
        assignment stays, marked absent; the coordinators are e-mailed with the best substitutes."""
        assignment = self.get_object()
        data = DayReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.absence_report(actor=request.user, assignment=assignment, reason=data.validated_data["reason"])
        return Response(self._reread(assignment))

    @extend_schema(request=None, responses=SubstitutesSerializer)
    @action(detail=True, methods=["get"])
    def substitutes(self, request: Any, pk: Any = None) -> Response:
        """Who could take the day in this trainer's place, best first: the occasion's reserve, then the
        nearest, then whoever has taught fewest days this term. Qualified, free that day and with days left
        this term. For the occasion's coordinators."""
        assignment = self._coordinated()
        found = selectors.substitutes_for(course_day=assignment.course_day, role=assignment.role)
        body = {
            "assignment": assignment.pk,
            "course_day": assignment.course_day_id,
            "date": assignment.date,
            "role": found.role,
            "place": found.place.pk if found.place else None,
            "place_name": found.place.name if found.place else None,
            "candidates": found.candidates,
        }
        return Response(SubstitutesSerializer(body).data)

    @extend_schema(request=SubstituteSerializer, responses={201: DayAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def substitute(self, request: Any, pk: Any = None) -> Response:
        """In one step: ``trainer`` takes over the day in the same role (the absence is reported now if it
        was not). The absent trainer's assignment stays; the substitute's names whom they replace, and the
        reason is kept in the history. Answers the substitute's assignment. Nothing changes on a refusal."""
        assignment = self._coordinated()
        data = SubstituteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        substitute = _one(_visible_trainers(request.user), given["trainer"], "trainer")
        new = services.substitute_assign(
            actor=request.user, assignment=assignment, substitute=substitute, reason=given["reason"]
        )
        return Response(self._reread(new), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DayEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Any, pk: Any = None) -> Response:
        """Every change of who leads and trains this assignment's course day, oldest first. For the
        occasion's coordinators."""
        assignment = self._coordinated()
        return Response(DayEventSerializer(selectors.day_history(course_day=assignment.course_day), many=True).data)


# --- days taught ------------------------------------------------------------------------------------------


class DaysTaughtFilterSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The first day of the period.")
    end = serializers.DateField(help_text="The last day of the period (included).")
    region = serializers.IntegerField(required=False, min_value=1, help_text="Occasions of this region.")
    municipality = serializers.IntegerField(required=False, min_value=1, help_text="The lending municipality.")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": [_("The last day cannot be before the first.")]})
        return data


class TaughtRowSerializer(serializers.Serializer):
    trainer = serializers.IntegerField(source="trainer_id")
    name = serializers.CharField()
    municipality = serializers.IntegerField(source="municipality_id", help_text="The lending municipality.")
    municipality_name = serializers.CharField(source="municipality")
    days_led = serializers.IntegerField(help_text="Course days as course leader.")
    days_trained = serializers.IntegerField(help_text="Course days as trainer.")
    days = serializers.IntegerField()


class TaughtTotalsSerializer(serializers.Serializer):
    days_led = serializers.IntegerField()
    days_trained = serializers.IntegerField()
    days = serializers.IntegerField()


class TaughtMunicipalitySerializer(TaughtTotalsSerializer):
    municipality = serializers.IntegerField()
    municipality_name = serializers.CharField()


class DaysTaughtSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    rows = TaughtRowSerializer(many=True, help_text="Per trainer and lending municipality.")
    municipalities = TaughtMunicipalitySerializer(many=True, help_text="Per lending municipality.")
    totals = TaughtTotalsSerializer()


def _totals(rows: list[selectors.TaughtRow]) -> dict[str, int]:
    led, trained = sum(r.days_led for r in rows), sum(r.days_trained for r in rows)
    return {"days_led": led, "days_trained": trained, "days": led + trained}


def _per_municipality(rows: list[selectors.TaughtRow]) -> list[dict[str, Any]]:
    """The rows summed per lending municipality, in the rows' order (by municipality name)."""
    grouped: dict[int, list[selectors.TaughtRow]] = {}
    for row in rows:
        grouped.setdefault(row.municipality_id, []).append(row)
    return [
        {"municipality": pk, "municipality_name": group[0].municipality, **_totals(group)}
        for pk, group in grouped.items()
    ]


class DaysTaughtView(APIView):
    """Days taught per trainer, role and lending municipality in a period: what the trainer pot is computed
    from. Absences, cancelled occasions and days not yet held do not count; a substitute's day counts for
    the substitute."""

    @extend_schema(parameters=[DaysTaughtFilterSerializer], responses=DaysTaughtSerializer)
    def get(self, request: Any) -> Response:
        """For those who keep a trainer pool (the regional roles, k-admins, system admins), within what they
        see. ``start`` and ``end`` are required; ``region`` and ``municipality`` narrow it."""
        policy.require(request.user, "trainers.coordinate_some")
        params = DaysTaughtFilterSerializer(data=_params(request, ("start", "end", "region", "municipality")))
        params.is_valid(raise_exception=True)
        given = params.validated_data
        region = municipality = None
        errors: dict[str, list[str]] = {}
        if "region" in given:
            region = _one(policy.visible(request.user, Region.objects.all()), given["region"], "region", errors)
        if "municipality" in given:
            municipality = _one(
                policy.visible(request.user, Municipality.objects.all()), given["municipality"], "municipality", errors
            )
        _refuse(errors)
        # The same rows as the report page: those of the municipalities whose trainers the caller keeps or lends.
        rows = days_taught_report(
            actor=request.user, start=given["start"], end=given["end"], region=region, municipality=municipality
        ).rows
        body = {
            "start": given["start"],
            "end": given["end"],
            "rows": rows,
            "municipalities": _per_municipality(rows),
            "totals": _totals(rows),
        }
        return Response(DaysTaughtSerializer(body).data)


# --- the trainer's own days -------------------------------------------------------------------------------


class TeamMateSerializer(serializers.Serializer):
    trainer = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField(help_text="On the day: leader or trainer; on the team: also reserve.")


class ComingDaySerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    course_day = serializers.IntegerField()
    date = serializers.DateField()
    starts = serializers.TimeField()
    ends = serializers.TimeField()
    mode = serializers.CharField(help_text="on_site or digital.")
    venue = serializers.CharField()
    address = serializers.CharField()
    link = serializers.CharField()
    role = DayRoleField()
    absent = serializers.BooleanField(help_text="Reported absent: someone else takes the day.")
    absence_reason = serializers.CharField()
    substitute_for = serializers.IntegerField(allow_null=True, help_text="The trainer they replace, if any.")
    occasion = serializers.IntegerField()
    occasion_name = serializers.CharField()
    course = serializers.IntegerField()
    course_title = serializers.CharField()
    day_team = TeamMateSerializer(many=True, help_text="Who leads and trains the day.")
    team = TeamMateSerializer(many=True, help_text="The occasion's team.")


class MyTrainerDaysSerializer(serializers.Serializer):
    trainer = serializers.IntegerField(allow_null=True, help_text="Your trainer profile; null if you have none.")
    coming = ComingDaySerializer(many=True, help_text="Your course days from today on, soonest first.")
    days_this_term = serializers.IntegerField(help_text="Course days you teach or are booked for this term.")
    max_days_per_term = serializers.IntegerField(allow_null=True, help_text="What your manager allows a term.")
    taught_this_year = TaughtTotalsSerializer(help_text="Course days taught so far this year.")


def _coming_day(day: selectors.ComingDay) -> dict[str, Any]:
    a, course_day, occasion = day.assignment, day.course_day, day.occasion
    return {
        "assignment": a.pk,
        "course_day": course_day.pk,
        "date": course_day.date,
        "starts": course_day.starts,
        "ends": course_day.ends,
        "mode": course_day.mode,
        "venue": course_day.venue,
        "address": course_day.address,
        "link": course_day.link,
        "role": a.role,
        "absent": a.absent,
        "absence_reason": a.absence_reason,
        "substitute_for": a.substitute_for_id,
        "occasion": occasion.pk,
        "occasion_name": str(occasion),
        "course": occasion.course_id,
        "course_title": occasion.course.title,
        "day_team": [{"trainer": d.trainer_id, "name": str(d.trainer), "role": d.role} for d in day.day_team],
        "team": [{"trainer": m.trainer_id, "name": str(m.trainer), "role": m.role} for m in day.team],
    }


class MyTrainerDaysView(APIView):
    """Your course days as a trainer: the coming ones with times, place and team, and the days taught so
    far this year."""

    @extend_schema(responses=MyTrainerDaysSerializer)
    def get(self, request: Any) -> Response:
        today = timezone.localdate()
        profile = _visible_trainers(request.user).filter(user_id=request.user.pk).first()
        if profile is None:
            empty = {"days_led": 0, "days_trained": 0, "days": 0}
            body: dict[str, Any] = {
                "trainer": None,
                "coming": [],
                "days_this_term": 0,
                "max_days_per_term": None,
                "taught_this_year": empty,
            }
            return Response(MyTrainerDaysSerializer(body).data)
        taught = selectors.days_taught(actor=request.user, start=datetime.date(today.year, 1, 1), end=today)
        body = {
            "trainer": profile.pk,
            "coming": [_coming_day(day) for day in selectors.trainer_coming_days(trainer=profile, today=today)],
            "days_this_term": selectors.days_this_term(profile, today),
            "max_days_per_term": profile.max_days_per_term,
            "taught_this_year": _totals([row for row in taught if row.trainer_id == profile.pk]),
        }
        return Response(MyTrainerDaysSerializer(body).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("trainers", TrainerViewSet, "trainer"),
    ("team-members", TeamMemberViewSet, "teammember"),
    ("day-assignments", DayAssignmentViewSet, "dayassignment"),
]
URLS: list[URLPattern] = [
    path("days-taught/", DaysTaughtView.as_view(), name="api_days_taught"),
    path("me/trainer-days/", MyTrainerDaysView.as_view(), name="api_my_trainer_days"),
]
