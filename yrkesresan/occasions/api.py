"""API for course occasions, sign-ups and attendance: the same services, selectors and scoping as the pages.

Every write calls a service (``services``), which checks the rights and the rules; the handlers here parse
the body, look up the ids it names within what the caller sees (an id outside reads as unknown, a 400), and
answer. An occasion or registration outside the caller's scope is a 404, like a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yrkesresan.accounts.models import User
from yrkesresan.catalog.models import Course, Level
from yrkesresan.core import policy
from yrkesresan.core.api import ScopedViewSetMixin
from yrkesresan.organisations.models import Municipality, Region, Unit

from . import services
from .models import (
    PLACE_STATES,
    AttendanceEvent,
    CourseDay,
    DayAttendance,
    DayMode,
    DeliveryLevel,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationEvent,
    RegistrationState,
    SeatQuota,
)
from .selectors import attendance as attendance_selectors
from .selectors import planning as planning_selectors
from .selectors.signup import people_to_sign_up

# --- reading occasions -------------------------------------------------------------------------------


class CourseDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseDay
        fields = ["id", "date", "starts", "ends", "mode", "venue", "address", "link"]
        read_only_fields = fields


class SeatQuotaSerializer(serializers.ModelSerializer):
    used = serializers.SerializerMethodField(help_text="How many of the kept places its staff hold.")
    released = serializers.SerializerMethodField(help_text="The kept places are open to everyone now.")

    class Meta:
        model = SeatQuota
        fields = ["municipality", "seats", "release_at", "used", "released"]
        read_only_fields = fields

    def get_used(self, quota: SeatQuota) -> int:
        return min(quota.seats, getattr(quota, "taken", 0))

    def get_released(self, quota: SeatQuota) -> bool:
        return quota.release_at <= timezone.now()


class OccasionSerializer(serializers.ModelSerializer):
    days = CourseDaySerializer(many=True, read_only=True)
    quotas = SeatQuotaSerializer(many=True, read_only=True)
    booked = serializers.IntegerField(read_only=True, help_text="Places held (booked, or attended since).")
    waitlisted = serializers.IntegerField(read_only=True)
    requested = serializers.IntegerField(read_only=True, help_text="Sign-ups waiting for the manager's approval.")
    places_left = serializers.SerializerMethodField()

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
            "cancel_reason",
            "capacity",
            "min_participants",
            "booked",
            "waitlisted",
            "requested",
            "places_left",
            "registration_opens",
            "registration_closes",
            "cancel_deadline",
            "needs_approval",
            "waitlist_stops_days",
            "target_municipalities",
            "target_units",
            "target_levels",
            "quotas",
            "notes",
            "first_day",
            "last_day",
            "days",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_places_left(self, occasion: Occasion) -> int:
        return max(0, occasion.capacity - getattr(occasion, "booked", 0))


def _quota_taken() -> Coalesce:
    """Places held by the staff of the quota's municipality (a subquery, so the list stays a fixed number
    of queries however many occasions and sign-ups there are)."""
    rows = (
        Registration.objects.filter(
            occasion_id=OuterRef("occasion_id"),
            municipality_at_signup_id=OuterRef("municipality_id"),
            state__in=PLACE_STATES,
        )
        .order_by()
        .values("occasion_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _with_details(qs: QuerySet[Occasion]) -> QuerySet[Occasion]:
    """What the serializer shows besides the counts: the days, targets and kept places, prefetched."""
    return qs.prefetch_related(
        "days",
        "target_municipalities",
        "target_units",
        "target_levels",
        Prefetch("quotas", queryset=SeatQuota.objects.annotate(taken=_quota_taken())),
    )


class OccasionFilterSerializer(serializers.Serializer):
    """The list's filters (query parameters)."""

    region = serializers.IntegerField(required=False, min_value=1)
    course = serializers.IntegerField(required=False, min_value=1)
    municipality = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Given in the municipality, or regional and open to it.",
    )
    delivery_level = serializers.ChoiceField(choices=DeliveryLevel.choices, required=False)
    status = serializers.ChoiceField(choices=OccasionStatus.choices, required=False)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        # ``from`` is a Python keyword, so these two are added here rather than declared.
        fields["from"] = serializers.DateField(required=False, help_text="With a course day on or after this date.")
        fields["to"] = serializers.DateField(required=False, help_text="With a course day on or before this date.")
        return fields


# --- writing occasions ---------------------------------------------------------------------------------


class CourseDayInputSerializer(serializers.Serializer):
    """A course day. Give the ``id`` of a day the occasion already has to keep or change it; a day
    without ``id`` is added, and an existing day left out is removed."""

    id = serializers.IntegerField(required=False, min_value=1)
    date = serializers.DateField()
    starts = serializers.TimeField()
    ends = serializers.TimeField()
    mode = serializers.ChoiceField(choices=DayMode.choices, default=DayMode.ON_SITE)
    venue = serializers.CharField(required=False, allow_blank=True, max_length=160, default="")
    address = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    link = serializers.URLField(required=False, allow_blank=True, max_length=200, default="")


class SeatQuotaInputSerializer(serializers.Serializer):
    municipality = serializers.IntegerField(min_value=1)
    seats = serializers.IntegerField(min_value=1)
    release_at = serializers.DateTimeField(help_text="Until when the places are kept for the municipality.")


def _ids(**kwargs: Any) -> serializers.ListField:
    kwargs.setdefault("max_length", 500)
    return serializers.ListField(child=serializers.IntegerField(min_value=1), **kwargs)


class OccasionWriteSerializer(serializers.Serializer):
    """An occasion with its course days and kept places. With PATCH, what is left out stays as it is
    (``days`` and ``quotas``, when given, replace the whole list)."""

    course = serializers.IntegerField(min_value=1)
    delivery_level = serializers.ChoiceField(choices=DeliveryLevel.choices, default=DeliveryLevel.REGIONAL)
    region = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    municipality = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    unit = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1)
    min_participants = serializers.IntegerField(min_value=0, default=0)
    registration_opens = serializers.DateTimeField(required=False, allow_null=True, default=None)
    registration_closes = serializers.DateTimeField(required=False, allow_null=True, default=None)
    cancel_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    needs_approval = serializers.BooleanField(default=False)
    waitlist_stops_days = serializers.IntegerField(min_value=0, max_value=365, default=2)
    target_municipalities = _ids(default=list)
    target_units = _ids(default=list)
    target_levels = _ids(default=list)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    days = CourseDayInputSerializer(many=True)
    quotas = SeatQuotaInputSerializer(many=True, default=list)


def _visible_regions(actor: Any) -> QuerySet[Region]:
    """The regions the actor sees, and those of the municipalities they see (a k-admin names their
    municipality's region when planning in it)."""
    seen_municipalities = policy.visible(actor, Municipality.objects.all()).values("region_id")
    return Region.objects.filter(
        Q(pk__in=policy.visible(actor, Region.objects.all()).values("pk")) | Q(pk__in=seen_municipalities)
    )


def _lookup(qs: QuerySet[Any], ids: Iterable[int], field: str, errors: dict[str, list[str]]) -> list[Any]:
    """The rows of ``qs`` (already narrowed to what the actor sees) with these ids, in the order given;
    any id not among them is reported under ``field``, never told apart from a missing one."""
    wanted = list(dict.fromkeys(ids))
    found = {obj.pk: obj for obj in qs.filter(pk__in=wanted)}
    unknown = [str(pk) for pk in wanted if pk not in found]
    if unknown:
        errors.setdefault(field, []).append(_("Unknown id: %(ids)s.") % {"ids": ", ".join(unknown)})
    return [found[pk] for pk in wanted if pk in found]


def _lookup_one(qs: QuerySet[Any], pk: int | None, field: str, errors: dict[str, list[str]]) -> Model | None:
    if pk is None:
        return None
    found = _lookup(qs, [pk], field, errors)
    return found[0] if found else None


def _current(occasion: Occasion) -> dict[str, Any]:
    """The occasion's settings as ``occasion_save`` takes them: what a PATCH leaves as it is."""
    return {
        "course": occasion.course,
        "delivery_level": occasion.delivery_level,
        "region": occasion.region,
        "municipality": occasion.municipality,
        "unit": occasion.unit,
        "name": occasion.name,
        "capacity": occasion.capacity,
        "min_participants": occasion.min_participants,
        "registration_opens": occasion.registration_opens,
        "registration_closes": occasion.registration_closes,
        "cancel_deadline": occasion.cancel_deadline,
        "needs_approval": occasion.needs_approval,
        "waitlist_stops_days": occasion.waitlist_stops_days,
        "target_municipalities": list(occasion.target_municipalities.all()),
        "target_units": list(occasion.target_units.all()),
        "target_levels": list(occasion.target_levels.all()),
        "notes": occasion.notes,
        "days": [
            {
                "id": d.pk,
                "date": d.date,
                "starts": d.starts,
                "ends": d.ends,
                "mode": d.mode,
                "venue": d.venue,
                "address": d.address,
                "link": d.link,
            }
            for d in occasion.days.all()
        ],
        "quotas": [
            {"municipality": q.municipality, "seats": q.seats, "release_at": q.release_at}
            for q in occasion.quotas.all()
        ],
    }


def _planning_arguments(actor: Any, data: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with the fields given in ``data``, every id looked up within the actor's sight. All the
    unknown ids are reported at once, and nothing is written."""
    errors: dict[str, list[str]] = {}
    municipalities = policy.visible(actor, Municipality.objects.all())
    values = dict(base)
    for name, value in data.items():
        if name == "course":
            values[name] = _lookup_one(policy.visible(actor, Course.objects.all()), value, name, errors)
        elif name == "region":
            values[name] = _lookup_one(_visible_regions(actor), value, name, errors)
        elif name == "municipality":
            values[name] = _lookup_one(municipalities, value, name, errors)
        elif name == "unit":
            values[name] = _lookup_one(policy.visible(actor, Unit.objects.all()), value, name, errors)
        elif name == "target_municipalities":
            values[name] = _lookup(municipalities, value, name, errors)
        elif name == "target_units":
            values[name] = _lookup(policy.visible(actor, Unit.objects.all()), value, name, errors)
        elif name == "target_levels":
            values[name] = _lookup(policy.visible(actor, Level.objects.all()), value, name, errors)
        elif name == "quotas":
            places = {m.pk: m for m in _lookup(municipalities, [q["municipality"] for q in value], "quotas", errors)}
            values[name] = [
                {**q, "municipality": places[q["municipality"]]} for q in value if q["municipality"] in places
            ]
        elif name == "days":
            values[name] = [dict(day) for day in value]
        else:
            values[name] = value
    if errors:
        raise serializers.ValidationError(errors)
    return values


class OccasionCopySerializer(serializers.Serializer):
    first_day = serializers.DateField(help_text="The copy's first course day; every other date moves with it.")


class OccasionCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Told to everyone signed up."
    )


# --- sign-ups -------------------------------------------------------------------------------------------


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
    """Whom to sign up: leave out ``person`` and ``people`` to sign yourself up; ``people`` signs up
    several at once (all or nobody)."""

    person = serializers.IntegerField(min_value=1, required=False)
    people = _ids(required=False, min_length=1, max_length=200)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if "person" in data and "people" in data:
            raise serializers.ValidationError(_("Give either person or people, not both."))
        return data


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class DecisionSerializer(ReasonSerializer):
    approve = serializers.BooleanField()


class AbsenceSerializer(serializers.Serializer):
    course_day = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# --- attendance -------------------------------------------------------------------------------------------


class AttendanceEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AttendanceEvent
        fields = ["present", "reason", "announced", "by", "at"]
        read_only_fields = fields


class DayAttendanceSerializer(serializers.ModelSerializer):
    history = AttendanceEventSerializer(source="events", many=True, read_only=True)

    class Meta:
        model = DayAttendance
        fields = ["id", "registration", "course_day", "present", "reason", "announced", "by", "at", "history"]
        read_only_fields = fields


#: A mark on the attendance sheet: present, absent, or not taken yet (an absence announced in advance is
#: "absent" with ``announced`` true until attendance is taken).
MARKS = [("present", "present"), ("absent", "absent"), ("not_taken", "not taken")]


class AttendanceRowSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    person = serializers.IntegerField()
    name = serializers.CharField()
    # Not an enum here: the choice set is the schema's ``Registration.state`` (one enum, one name).
    outcome = serializers.CharField(
        help_text="The registration's state (as Registration.state): booked until the last course day, then "
        "attended, partly_attended or no_show."
    )
    mark = serializers.ChoiceField(choices=MARKS)
    reason = serializers.CharField()
    announced = serializers.BooleanField()
    by = serializers.IntegerField(allow_null=True)
    at = serializers.DateTimeField(allow_null=True)
    history = AttendanceEventSerializer(many=True, help_text="The first mark and every correction, oldest first.")


class AttendanceDaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    starts = serializers.TimeField()
    ends = serializers.TimeField()
    participants = AttendanceRowSerializer(many=True)


class AttendanceSheetSerializer(serializers.Serializer):
    occasion = serializers.IntegerField()
    days = AttendanceDaySerializer(many=True)


class AbsentSerializer(serializers.Serializer):
    registration = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttendanceTakeSerializer(serializers.Serializer):
    """Everyone holding a place is present except those listed."""

    absent = AbsentSerializer(many=True, default=list)


class AttendanceCountSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    absent = serializers.IntegerField()


class AttendanceMarkSerializer(serializers.Serializer):
    present = serializers.BooleanField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _attendance_sheet(occasion: Occasion) -> dict[str, Any]:
    """Per course day, everyone holding a place with their mark and its history (a fixed number of queries)."""
    days, rows = attendance_selectors.attendance_per_day(occasion=occasion)
    rows = [row for row in rows if row.registration.state in PLACE_STATES]
    marks = [mark for row in rows for mark in row.marks if mark is not None]
    prefetch_related_objects(marks, "events")
    sheet_days = []
    for index, day in enumerate(days):
        participants = []
        for row in rows:
            registration, mark = row.registration, row.marks[index]
            participants.append(
                {
                    "registration": registration.pk,
                    "person": registration.user_id,
                    "name": attendance_selectors.full_name(registration.user),
                    "outcome": registration.state,
                    "mark": "not_taken" if mark is None else ("present" if mark.present else "absent"),
                    "reason": mark.reason if mark else "",
                    "announced": mark.announced if mark else False,
                    "by": mark.by_id if mark else None,
                    "at": mark.at if mark else None,
                    "history": list(mark.events.all()) if mark else [],
                }
            )
        sheet_days.append(
            {"id": day.pk, "date": day.date, "starts": day.starts, "ends": day.ends, "participants": participants}
        )
    return {"occasion": occasion.pk, "days": sheet_days}


# --- the endpoints -------------------------------------------------------------------------------------------


_DAY = OpenApiParameter("day_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The course day.")
_REGISTRATION = OpenApiParameter(
    "registration_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The registration (sign-up)."
)


def _error(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


class OccasionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Course occasions: the national ones and those of the regions you have a role in, with their counts,
    targets and kept places. Planners create, change, copy and cancel them; the occasion's planners (and
    whoever the policy names) take attendance."""

    serializer_class = OccasionSerializer
    base_queryset = Occasion.objects.all()

    def get_queryset(self) -> Any:
        if self.action not in ("list", "retrieve"):
            # The writes and the sign-up only need the occasion (the sign-up is the busy path).
            return policy.visible(self.request.user, Occasion.objects.select_related("course", "region"))
        filters: dict[str, Any] = {}
        if self.action == "list":
            params = OccasionFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            given = params.validated_data
            if "municipality" in given:
                # A filter only narrows what the caller already sees; an unknown id finds nothing.
                filters["municipality"] = Municipality.objects.filter(pk=given["municipality"]).first()
                if filters["municipality"] is None:
                    return Occasion.objects.none()
            for name in ("region", "course", "delivery_level", "status"):
                if name in given:
                    filters[name] = given[name]
            filters["date_from"], filters["date_to"] = given.get("from"), given.get("to")
        return _with_details(planning_selectors.occasion_list(actor=self.request.user, **filters))

    def _reread(self, occasion: Occasion) -> Occasion:
        """The occasion as the serializer shows it, after a service wrote it."""
        return _with_details(planning_selectors.with_counts(Occasion.objects.all())).get(pk=occasion.pk)

    @extend_schema(parameters=[OccasionFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``region``, ``course``, ``municipality``, ``delivery_level``, ``status`` and the dates
        ``from`` and ``to`` (occasions with a course day in the range). First day first."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=OccasionWriteSerializer, responses={201: OccasionSerializer})
    def create(self, request: Any) -> Response:
        """Plan an occasion with its course days, targets and kept places. Where you may plan (a region,
        or your municipality's municipal and workplace occasions) is the service's rule: elsewhere is a 403."""
        policy.require(request.user, "occasions.plan")
        data = OccasionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = _planning_arguments(request.user, data.validated_data, {})
        occasion = services.occasion_save(actor=request.user, **arguments)
        return Response(OccasionSerializer(self._reread(occasion)).data, status=status.HTTP_201_CREATED)

    def _save(self, request: Any, *, partial: bool) -> Response:
        occasion = self.get_object()
        policy.require(request.user, "occasions.manage", occasion)
        data = OccasionWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        arguments = _planning_arguments(request.user, data.validated_data, _current(occasion) if partial else {})
        saved = services.occasion_save(actor=request.user, occasion=occasion, **arguments)
        return Response(OccasionSerializer(self._reread(saved)).data)

    @extend_schema(request=OccasionWriteSerializer, responses=OccasionSerializer)
    def update(self, request: Any, pk: Any = None) -> Response:
        """Replace the occasion's settings (fields left out take their defaults). Fewer places than are
        booked, or removing a course day with attendance taken, is refused. Those signed up are told of a
        change of the course days; more places promote from the waitlist."""
        return self._save(request, partial=False)

    @extend_schema(request=OccasionWriteSerializer, responses=OccasionSerializer)
    def partial_update(self, request: Any, pk: Any = None) -> Response:
        """Change some of the occasion's settings; what is left out stays as it is."""
        return self._save(request, partial=True)

    @extend_schema(request=OccasionCopySerializer, responses={201: OccasionSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request: Any, pk: Any = None) -> Response:
        """A new occasion with the same settings, every date moved so that the first course day is
        ``first_day``. Nobody is signed up on the copy."""
        occasion = self.get_object()
        policy.require(request.user, "occasions.manage", occasion)
        data = OccasionCopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.occasion_copy(actor=request.user, occasion=occasion, first_day=data.validated_data["first_day"])
        return Response(OccasionSerializer(self._reread(copy)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OccasionCancelSerializer, responses=OccasionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Any, pk: Any = None) -> Response:
        """Cancel the occasion (the reason is required): every open sign-up is cancelled and told why."""
        occasion = self.get_object()
        policy.require(request.user, "occasions.manage", occasion)
        data = OccasionCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cancelled = services.occasion_cancel(
            actor=request.user, occasion=occasion, reason=data.validated_data["reason"]
        )
        return Response(OccasionSerializer(self._reread(cancelled)).data)

    @extend_schema(
        request=SignUpSerializer,
        responses={
            201: PolymorphicProxySerializer(
                component_name="SignUpResult",
                serializers=[RegistrationSerializer, RegistrationSerializer(many=True)],
                resource_type_field_name=None,
                many=False,
            )
        },
    )
    @action(detail=True, methods=["post"])
    def registrations(self, request: Any, pk: Any = None) -> Response:
        """Sign up yourself (``{}``), someone you administer (``{"person": 12}``, answers the registration)
        or several at once (``{"people": [12, 13]}``, answers a list). When the occasion is full, a sign-up
        joins the waitlist in arrival order. A refusal (closed, not in the target group, already signed up,
        cancelled) is a 400 with the reason, for each person refused, and nobody is signed up."""
        occasion = self.get_object()
        data = SignUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        if "people" in given:
            ids = list(dict.fromkeys(given["people"]))
            seen = {p.pk: p for p in people_to_sign_up(actor=request.user, ids=ids)}
            seen.setdefault(request.user.pk, request.user)
            unknown = [str(pk) for pk in ids if pk not in seen]
            if unknown:
                raise _error("people", _("Unknown person: %(ids)s.") % {"ids": ", ".join(unknown)})
            registrations = services.registration_create_many(
                actor=request.user, occasion=occasion, people=[seen[pk] for pk in ids]
            )
            return Response(RegistrationSerializer(registrations, many=True).data, status=status.HTTP_201_CREATED)
        person = request.user
        if "person" in given and given["person"] != request.user.pk:
            person = policy.visible(request.user, User.objects.all()).filter(pk=given["person"]).first()
            if person is None:
                raise _error("person", _("Unknown person."))
        registration = services.registration_create(actor=request.user, occasion=occasion, person=person)
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    def _for_attendance(self) -> Occasion:
        occasion = self.get_object()
        policy.require(self.request.user, "occasions.take_attendance", occasion)
        return occasion

    def _course_day(self, occasion: Occasion, day_id: Any) -> CourseDay:
        day = CourseDay.objects.select_related("occasion").filter(occasion=occasion, pk=day_id).first()
        if day is None:
            raise Http404
        return day

    @extend_schema(responses=AttendanceSheetSerializer)
    @action(detail=True, methods=["get"])
    def attendance(self, request: Any, pk: Any = None) -> Response:
        """The attendance sheet: per course day, everyone holding a place with their mark (present, absent
        or not taken), the reason, whether the absence was announced in advance, the registration's outcome
        and the history of the mark (its corrections). For those who take attendance on the occasion."""
        occasion = self._for_attendance()
        return Response(AttendanceSheetSerializer(_attendance_sheet(occasion)).data)

    @extend_schema(
        request=AttendanceTakeSerializer,
        responses=AttendanceCountSerializer,
        parameters=[_DAY],
        operation_id="v1_occasions_days_attendance_take",
    )
    @action(detail=True, methods=["post"], url_path=r"days/(?P<day_id>\d+)/attendance")
    def take_attendance(self, request: Any, pk: Any = None, day_id: Any = None) -> Response:
        """Take a course day's attendance at once: everyone holding a place is present except those listed
        in ``absent``. A registration that is not a booking on the occasion is refused and nothing is
        changed. From the course day itself."""
        occasion = self._for_attendance()
        day = self._course_day(occasion, day_id)
        data = AttendanceTakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        absent = {row["registration"]: row["reason"] for row in data.validated_data["absent"]}
        counts = services.attendance_take(actor=request.user, course_day=day, absent=absent)
        return Response(AttendanceCountSerializer(counts).data)

    @extend_schema(
        request=AttendanceMarkSerializer,
        responses=DayAttendanceSerializer,
        parameters=[_DAY, _REGISTRATION],
        operation_id="v1_occasions_days_attendance_mark",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"days/(?P<day_id>\d+)/attendance/(?P<registration_id>\d+)",
    )
    def mark_attendance(
        self, request: Any, pk: Any = None, day_id: Any = None, registration_id: Any = None
    ) -> Response:
        """Mark one participant present or absent on a course day, or correct an earlier mark (the earlier
        one stays in the history)."""
        occasion = self._for_attendance()
        day = self._course_day(occasion, day_id)
        registration = Registration.objects.select_related("user").filter(occasion=occasion, pk=registration_id).first()
        if registration is None:
            raise Http404
        data = AttendanceMarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mark = services.attendance_mark(
            actor=request.user,
            course_day=day,
            person=registration.user,
            present=data.validated_data["present"],
            reason=data.validated_data["reason"],
        )
        mark = DayAttendance.objects.prefetch_related("events").get(pk=mark.pk)
        return Response(DayAttendanceSerializer(mark).data)


class RegistrationFilterSerializer(serializers.Serializer):
    occasion = serializers.IntegerField(required=False, min_value=1)
    person = serializers.IntegerField(required=False, min_value=1)
    state = serializers.ListField(
        child=serializers.ChoiceField(choices=RegistrationState.choices),
        required=False,
        help_text="One or more states (repeat the parameter).",
    )


class RegistrationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Sign-ups with their history: your own, the people you administer, your region's occasions'."""

    serializer_class = RegistrationSerializer
    base_queryset = Registration.objects.prefetch_related("events").order_by("id")

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action != "list":
            return qs
        params = self.request.query_params
        filters = RegistrationFilterSerializer(
            data={
                **{name: params[name] for name in ("occasion", "person") if params.get(name)},
                **({"state": params.getlist("state")} if params.getlist("state") else {}),
            }
        )
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        if "occasion" in given:
            qs = qs.filter(occasion_id=given["occasion"])
        if "person" in given:
            qs = qs.filter(user_id=given["person"])
        if given.get("state"):
            qs = qs.filter(state__in=given["state"])
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("occasion", OpenApiTypes.INT),
            OpenApiParameter("person", OpenApiTypes.INT),
            OpenApiParameter("state", OpenApiTypes.STR, enum=RegistrationState.values, many=True),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``occasion``, ``person`` and ``state`` (repeatable: requested, declined, booked,
        waitlisted, cancelled, cancelled_late, attended, partly_attended, no_show)."""
        return super().list(request, *args, **kwargs)

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

    @extend_schema(request=AbsenceSerializer, responses={201: DayAttendanceSerializer})
    @action(detail=True, methods=["post"])
    def absence(self, request: Any, pk: Any = None) -> Response:
        """Say in advance that the participant will miss a course day of their occasion (the participant,
        or whoever may sign them up). The booking stays; the attendance list opens with them absent."""
        registration = self.get_object()
        data = AbsenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        day = CourseDay.objects.filter(
            pk=data.validated_data["course_day"], occasion_id=registration.occasion_id
        ).first()
        if day is None:
            raise _error("course_day", _("Unknown course day of this occasion."))
        mark = services.absence_announce(
            actor=request.user, registration=registration, course_day=day, reason=data.validated_data["reason"]
        )
        mark = DayAttendance.objects.prefetch_related("events").get(pk=mark.pk)
        return Response(DayAttendanceSerializer(mark).data, status=status.HTTP_201_CREATED)
