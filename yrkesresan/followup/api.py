"""API for follow-up: the inventory and the planning suggestion, the four reports, surveys and their results,
with the same selectors, services and scoping as the pages.

Reads call the pages' selectors (``selectors.inventory``, ``reports``, ``selectors.surveys``) with the same
filters; writes call the same services (``services.inventory``, ``services.surveys``), which check the rights
and the rules. A region, municipality or object in the URL or in a filter outside the caller's follow-up is a
404, like a missing one; an area the caller has no part in (staff, trainers, national editors) is a 403, and so
is a write by someone who sees but may not change. An id in a body is looked up within what the caller sees
(outside reads as unknown, a 400). Survey results never show a figure below the anonymity threshold: the
selector withholds them, and this module adds none (not even how many were invited).

``ROUTES`` lists (prefix, viewset, basename) for the router in ``config/api_urls.py``; ``URLS`` lists plain
paths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from yrkesresan.accounts.scopes import is_system_admin
from yrkesresan.catalog.models import Journey
from yrkesresan.core import policy
from yrkesresan.core.api import NamedChoiceField
from yrkesresan.organisations.models import Municipality, Region

from . import reports, yearly
from .models import ANONYMITY_THRESHOLD, QuestionKind, Survey, SurveyKind
from .policies import report_journeys
from .selectors import inventory as inventory_selectors
from .selectors import surveys as survey_selectors
from .services import inventory as inventory_services
from .services import surveys as survey_services
from .views.yearly import FIRST_YEAR as YEARLY_FIRST_YEAR

#: The page rules (registered by ``views.inventory`` and ``views.surveys``): who has any part in an area.
REPORT_SOME = "followup.report_inventory_some"
PLAN_SOME = "followup.plan_some"
SEES_SURVEYS = "followup.surveys"
BUILDS_SOME_SURVEY = "followup.build_some_survey"
VIEW_REPORTS = "followup.view_reports"  # accounts, progress, course occasions: national editors too
VIEW_TRAINER_REPORT = "followup.view"  # days taught: not national editors

# --- choices ----------------------------------------------------------------------------------------------


class _ChoicesField(NamedChoiceField):
    """``kind`` is a field name of other apps too: follow-up's sets are named ``Followup…Enum``."""

    schema_prefix = "Followup"


class SurveyKindField(_ChoicesField):
    choices_class = SurveyKind


class QuestionKindField(_ChoicesField):
    choices_class = QuestionKind


class YearlySurveyKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=list(survey_selectors.YEARLY_ROLES), **kwargs)


class _YearlyKindSchema(OpenApiSerializerFieldExtension):
    target_class = YearlySurveyKindField

    def get_name(self) -> str:
        return "FollowupYearlySurveyKindEnum"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {"type": "string", "enum": list(survey_selectors.YEARLY_ROLES)}


# --- shared helpers ---------------------------------------------------------------------------------------


def _rule(action: str) -> type[BasePermission]:
    """A permission class for one of the page rules: 403 for whoever has no part in the area."""

    class HasPart(BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            return policy.can(request.user, action)

    HasPart.__name__ = f"Can_{action.replace('.', '_')}"
    return HasPart


def _params(request: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: request.query_params[name] for name in names if request.query_params.get(name, "") != ""}


def _journey(pk: int, *, field: str | None = None) -> Journey:
    """A journey (the catalog is public): 404 in a path, 400 under ``field`` in a filter or a body."""
    journey = Journey.objects.filter(pk=pk).first()
    if journey is None:
        if field is None:
            raise Http404
        raise serializers.ValidationError({field: [_("Unknown id: %(ids)s.") % {"ids": pk}]})
    return journey


def _year_in_path(year: int) -> int:
    if not inventory_services.FIRST_YEAR <= year <= inventory_services.LAST_YEAR:
        raise Http404
    return year


def _place(m: Municipality | Region) -> dict[str, Any]:
    return {"id": m.pk, "name": m.name}


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


_MUNICIPALITY = OpenApiParameter("municipality", OpenApiTypes.INT, OpenApiParameter.PATH, description="Municipality.")
_REGION = OpenApiParameter("region", OpenApiTypes.INT, OpenApiParameter.PATH, description="The region.")
_JOURNEY = OpenApiParameter("journey", OpenApiTypes.INT, OpenApiParameter.PATH, description="The journey.")
_YEAR = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description="The year (2000–2100).")


# --- the inventory ----------------------------------------------------------------------------------------


class InventoryLevelFiguresSerializer(serializers.Serializer):
    level = serializers.IntegerField(help_text="A level of the journey.")
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    staff = serializers.IntegerField(min_value=0, max_value=inventory_services.MAX_COUNT, default=0)
    managers = serializers.IntegerField(min_value=0, max_value=inventory_services.MAX_COUNT, default=0)


class InventoryVenueSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=inventory_services.VENUE_NAME_MAX)
    places = serializers.IntegerField(min_value=0, max_value=inventory_services.MAX_COUNT, default=0)
    note = serializers.CharField(
        max_length=inventory_services.VENUE_NOTE_MAX, required=False, allow_blank=True, default=""
    )


class InventoryReportSerializer(serializers.Serializer):
    municipality = PlaceSerializer()
    journey = serializers.IntegerField()
    year = serializers.IntegerField()
    reported = serializers.BooleanField(help_text="False: the municipality has not reported (every figure 0).")
    reported_at = serializers.DateTimeField(allow_null=True)
    levels = InventoryLevelFiguresSerializer(many=True, help_text="Every level of the journey, in order.")
    venues = InventoryVenueSerializer(many=True)
    note = serializers.CharField(allow_blank=True)


class InventoryWriteSerializer(serializers.Serializer):
    """A municipality's answer: it replaces the one before. A level left out counts as none."""

    levels = InventoryLevelFiguresSerializer(many=True, help_text="Staff and managers per level, whole, 0 or more.")
    venues = InventoryVenueSerializer(many=True, required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate_levels(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen = [row["level"] for row in value]
        if len(seen) != len(set(seen)):
            raise serializers.ValidationError(_("A level is given twice."))
        return value


def _inventory_body(municipality: Municipality, journey: Journey, year: int, report: Any) -> dict[str, Any]:
    counts = {row.level_id: row for row in report.levels.all()} if report else {}
    return {
        "municipality": _place(municipality),
        "journey": journey.pk,
        "year": year,
        "reported": report is not None,
        "reported_at": report.reported_at if report else None,
        "levels": [
            {
                "level": lv.pk,
                "code": lv.code,
                "name": lv.name,
                "staff": counts[lv.pk].staff if lv.pk in counts else 0,
                "managers": counts[lv.pk].managers if lv.pk in counts else 0,
            }
            for lv in inventory_selectors.journey_levels(journey)
        ],
        "venues": [{"name": v.name, "places": v.places, "note": v.note} for v in report.venues.all()] if report else [],
        "note": report.note if report else "",
    }


class InventoryView(APIView):
    """One municipality's answer to the inventory survey (*enkät – inventering*) for a journey and a year:
    staff and managers per level, the venues it offers, a note. A k-admin reports their own municipality;
    the regional roles see and correct their region's. A municipality outside that is a 404."""

    permission_classes = [IsAuthenticated, _rule(REPORT_SOME)]

    def _lookup(self, user: Any, municipality: int, journey: int, year: int) -> tuple[Municipality, Journey, int]:
        place = inventory_selectors.inventory_municipalities(user).filter(pk=municipality).first()
        if place is None or not policy.can(user, "followup.report_inventory", place):
            raise Http404
        return place, _journey(journey), _year_in_path(year)

    @extend_schema(parameters=[_MUNICIPALITY, _JOURNEY, _YEAR], responses=InventoryReportSerializer)
    def get(self, request: Any, municipality: int, journey: int, year: int) -> Response:
        """The report as saved (``reported`` false and zeros where the municipality has not reported)."""
        place, trip, year = self._lookup(request.user, municipality, journey, year)
        report = inventory_selectors.inventory_report_get(request.user, municipality=place, journey=trip, year=year)
        return Response(InventoryReportSerializer(_inventory_body(place, trip, year, report)).data)

    @extend_schema(
        parameters=[_MUNICIPALITY, _JOURNEY, _YEAR],
        request=InventoryWriteSerializer,
        responses=InventoryReportSerializer,
    )
    def put(self, request: Any, municipality: int, journey: int, year: int) -> Response:
        """Save the answer, replacing the figures and venues before. All or nothing: a bad number, a level of
        another journey or a venue without a name is a 400 by field and nothing is saved."""
        place, trip, year = self._lookup(request.user, municipality, journey, year)
        data = InventoryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        inventory_services.inventory_save(
            actor=request.user,
            municipality=place,
            journey=trip,
            year=year,
            levels={row["level"]: (row["staff"], row["managers"]) for row in given["levels"]},
            venues=given["venues"],
            note=given["note"],
        )
        report = inventory_selectors.inventory_report_get(request.user, municipality=place, journey=trip, year=year)
        return Response(InventoryReportSerializer(_inventory_body(place, trip, year, report)).data)


class ChoiceFilterSerializer(serializers.Serializer):
    region = serializers.IntegerField(min_value=1)
    journey = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(min_value=inventory_services.FIRST_YEAR, max_value=inventory_services.LAST_YEAR)


class OverviewLevelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class LevelCountSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    staff = serializers.IntegerField()
    managers = serializers.IntegerField()


class OverviewRowSerializer(serializers.Serializer):
    municipality = PlaceSerializer()
    reported = serializers.BooleanField()
    reported_at = serializers.DateTimeField(allow_null=True)
    figures = LevelCountSerializer(many=True, help_text="Per level, in the order of ``levels`` (0 if not reported).")
    staff = serializers.IntegerField()
    managers = serializers.IntegerField()
    venues = InventoryVenueSerializer(many=True)
    note = serializers.CharField(allow_blank=True)


class InventoryOverviewSerializer(serializers.Serializer):
    region = PlaceSerializer()
    journey = serializers.IntegerField()
    year = serializers.IntegerField()
    levels = OverviewLevelSerializer(many=True)
    rows = OverviewRowSerializer(many=True, help_text="One per municipality the caller sees, by name.")
    totals = LevelCountSerializer(many=True, help_text="Per level: the sums over the municipalities that reported.")
    staff = serializers.IntegerField()
    managers = serializers.IntegerField()
    reported = serializers.IntegerField(help_text="How many of the rows have reported.")
    not_reported = PlaceSerializer(many=True)


def _counts(figures: list[Any]) -> list[dict[str, int]]:
    return [{"level": f.level.pk, "staff": f.staff, "managers": f.managers} for f in figures]


def _overview_body(overview: inventory_selectors.InventoryOverview) -> dict[str, Any]:
    return {
        "region": _place(overview.region),
        "journey": overview.journey.pk,
        "year": overview.year,
        "levels": [{"id": lv.pk, "code": lv.code, "name": lv.name} for lv in overview.levels],
        "rows": [
            {
                "municipality": _place(r.municipality),
                "reported": r.reported,
                "reported_at": r.report.reported_at if r.report else None,
                "figures": _counts(r.figures),
                "staff": r.staff,
                "managers": r.managers,
                "venues": [{"name": v.name, "places": v.places, "note": v.note} for v in r.venues],
                "note": r.report.note if r.report else "",
            }
            for r in overview.rows
        ],
        "totals": _counts(overview.totals),
        "staff": overview.staff,
        "managers": overview.managers,
        "reported": overview.reported,
        "not_reported": [_place(m) for m in overview.not_reported],
    }


class InventoryOverviewView(APIView):
    """Per journey and year, each municipality's reported figures per level (or not reported) with the
    totals: the regional roles see their region's municipalities, a k-admin their own."""

    permission_classes = [IsAuthenticated, _rule(REPORT_SOME)]

    @extend_schema(parameters=[ChoiceFilterSerializer], responses=InventoryOverviewSerializer)
    def get(self, request: Any) -> Response:
        """``region``, ``journey`` and ``year`` are required (400 without); a region in which the caller sees no
        municipality's inventory is a 404."""
        filters = ChoiceFilterSerializer(data=_params(request, ("region", "journey", "year")))
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        region = next((r for r in inventory_selectors.inventory_regions(request.user) if r.pk == given["region"]), None)
        if region is None:
            raise Http404
        journey = _journey(given["journey"], field="journey")
        overview = inventory_selectors.inventory_overview(request.user, region, journey, given["year"])
        return Response(InventoryOverviewSerializer(_overview_body(overview)).data)


# --- planning ---------------------------------------------------------------------------------------------


class AssumptionsSerializer(serializers.Serializer):
    group_size = serializers.IntegerField(help_text="Participants per occasion (1–500).")
    share_per_year = serializers.IntegerField(help_text="Share of the reported staff to start in the year, % (1–100).")
    terms_per_year = serializers.IntegerField(help_text="Terms with courses in the year (1 or 2).")
    trainers_per_occasion = serializers.IntegerField(help_text="Trainers per occasion (1–20).")
    days_per_trainer = serializers.IntegerField(help_text="Course days a trainer gives in a year (1–365).")


class AssumptionsReadSerializer(AssumptionsSerializer):
    saved = serializers.BooleanField(help_text="False: nothing saved for the region, journey and year; the defaults.")


class PlannedCourseSerializer(serializers.Serializer):
    course = serializers.IntegerField()
    title = serializers.CharField()
    level = serializers.IntegerField()
    level_name = serializers.CharField()
    for_managers = serializers.BooleanField(help_text="Planned for the managers reported at a managers' level.")
    reported = serializers.IntegerField()
    participants = serializers.IntegerField()
    starts = serializers.IntegerField()
    starts_per_term = serializers.IntegerField()
    course_days = serializers.IntegerField()
    trainer_days = serializers.IntegerField()
    trainers = serializers.IntegerField()
    steps = serializers.ListField(child=serializers.CharField(), help_text="The arithmetic in words.")


class PlanningVenueSerializer(serializers.Serializer):
    municipality = PlaceSerializer()
    name = serializers.CharField()
    places = serializers.IntegerField()


class VenueCheckSerializer(serializers.Serializer):
    group_size = serializers.IntegerField()
    fits = serializers.BooleanField(help_text="Some reported venue has room for a whole group.")
    largest = PlanningVenueSerializer(allow_null=True)
    fitting = PlanningVenueSerializer(many=True)


class PlanningSuggestionSerializer(serializers.Serializer):
    region = PlaceSerializer()
    journey = serializers.IntegerField()
    year = serializers.IntegerField()
    assumptions = AssumptionsReadSerializer()
    courses = PlannedCourseSerializer(many=True, help_text="Each led course of the journey, in catalog order.")
    venues = VenueCheckSerializer()
    reported = serializers.IntegerField(help_text="Municipalities that reported.")
    municipalities = serializers.IntegerField(help_text="Municipalities in the region.")
    not_reported = PlaceSerializer(many=True)
    starts = serializers.IntegerField()
    course_days = serializers.IntegerField()
    trainer_days = serializers.IntegerField()
    trainers = serializers.IntegerField(help_text="For all the courses together: a trainer may teach several.")


def _venue(pair: tuple[Municipality, Any]) -> dict[str, Any]:
    municipality, venue = pair
    return {"municipality": _place(municipality), "name": venue.name, "places": venue.places}


def _suggestion_body(s: inventory_selectors.PlanningSuggestion) -> dict[str, Any]:
    return {
        "region": _place(s.region),
        "journey": s.journey.pk,
        "year": s.year,
        "assumptions": {**s.assumptions.as_dict(), "saved": s.assumptions.saved},
        "courses": [
            {
                "course": c.course.pk,
                "title": c.course.title,
                "level": c.level.pk,
                "level_name": c.level.name,
                "for_managers": c.for_managers,
                "reported": c.plan.reported,
                "participants": c.plan.participants,
                "starts": c.plan.starts,
                "starts_per_term": c.plan.starts_per_term,
                "course_days": c.plan.course_days,
                "trainer_days": c.plan.trainer_days,
                "trainers": c.plan.trainers,
                "steps": [str(step) for step in c.steps],
            }
            for c in s.courses
        ],
        "venues": {
            "group_size": s.venues.group_size,
            "fits": s.venues.fits,
            "largest": _venue(s.venues.largest) if s.venues.largest else None,
            "fitting": [_venue(mv) for mv in s.venues.fitting],
        },
        "reported": s.reported,
        "municipalities": s.municipalities,
        "not_reported": [_place(m) for m in s.not_reported],
        "starts": s.starts,
        "course_days": s.course_days,
        "trainer_days": s.trainer_days,
        "trainers": s.trainers,
    }


class PlanningView(APIView):
    """A region's planning suggestion for a journey and a year, from its municipalities' inventory and its
    planning assumptions: the regional administrators and project leaders of the region, and system admins.
    Another region is a 404."""

    permission_classes = [IsAuthenticated, _rule(PLAN_SOME)]

    def _lookup(self, user: Any, region: int, journey: int, year: int) -> tuple[Region, Journey, int]:
        place = Region.objects.filter(pk=region).first()
        if place is None or not policy.can(user, "followup.plan", place):
            raise Http404
        return place, _journey(journey), _year_in_path(year)

    def _answer(self, user: Any, region: Region, journey: Journey, year: int) -> Response:
        suggestion = inventory_selectors.planning_suggestion(user, region, journey, year)
        return Response(PlanningSuggestionSerializer(_suggestion_body(suggestion)).data)

    @extend_schema(parameters=[_REGION, _JOURNEY, _YEAR], responses=PlanningSuggestionSerializer)
    def get(self, request: Any, region: int, journey: int, year: int) -> Response:
        """The suggestion, its assumptions (the defaults until saved) and the arithmetic per course."""
        return self._answer(request.user, *self._lookup(request.user, region, journey, year))

    @extend_schema(
        parameters=[_REGION, _JOURNEY, _YEAR], request=AssumptionsSerializer, responses=PlanningSuggestionSerializer
    )
    def put(self, request: Any, region: int, journey: int, year: int) -> Response:
        """Save the assumptions (every one of them) and answer the suggestion worked out again. 400 by field
        for a figure out of its bounds; nothing is saved."""
        place, trip, year = self._lookup(request.user, region, journey, year)
        data = AssumptionsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inventory_services.planning_assumptions_save(
            actor=request.user, region=place, journey=trip, year=year, **data.validated_data
        )
        return self._answer(request.user, place, trip, year)


# --- the reports ------------------------------------------------------------------------------------------


class ReportFilterSerializer(serializers.Serializer):
    """The reports' filters, as on the pages: the period (this calendar year unless given; give both ends or
    neither), and optionally a region, a journey and a municipality inside the caller's reach."""

    region = serializers.IntegerField(required=False, min_value=1, help_text="A region in reach (else 404).")
    journey = serializers.IntegerField(required=False, min_value=1)
    municipality = serializers.IntegerField(
        required=False, min_value=1, help_text="A municipality in reach (else 404)."
    )

    MAX_DAYS = 366 * 5

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        # ``from`` is a Python keyword, so these two are added here rather than declared.
        fields["from"] = serializers.DateField(required=False, help_text="The first day (YYYY-MM-DD).")
        fields["to"] = serializers.DateField(required=False, help_text="The last day, included (YYYY-MM-DD).")
        return fields

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start, end = data.get("from"), data.get("to")
        if (start is None) != (end is None):
            raise serializers.ValidationError({"to" if end is None else "from": [_("Give both ends of the period.")]})
        if start is None or end is None:
            start, end = reports.this_year(timezone.localdate())
        if end < start:
            raise serializers.ValidationError({"to": [_("The last day cannot be before the first.")]})
        if (end - start).days > self.MAX_DAYS:
            raise serializers.ValidationError({"to": [_("Choose a period of at most five years.")]})
        return {**data, "from": start, "to": end}


def _report_filters(request: Any) -> reports.ReportFilters:
    data = ReportFilterSerializer(data=_params(request, ("region", "journey", "municipality", "from", "to")))
    data.is_valid(raise_exception=True)
    given = data.validated_data
    actor = request.user
    region = None
    if "region" in given:
        region = reports.report_regions(actor).filter(pk=given["region"]).first()
        if region is None:
            raise Http404
    municipality = None
    if "municipality" in given:
        municipality = reports.report_municipalities(actor, region=region).filter(pk=given["municipality"]).first()
        if municipality is None:
            raise Http404
    journey = None
    if "journey" in given:
        journey = _journey(given["journey"], field="journey")
    journeys = report_journeys(actor)
    if journeys is not None:  # a national editor: one of the journeys they edit, one at a time
        if journey is None:
            raise serializers.ValidationError(
                {"journey": [_("Choose one of the journeys you edit: their figures are read one journey at a time.")]}
            )
        if journey.pk not in journeys:
            raise Http404
    return reports.ReportFilters(
        start=given["from"], end=given["to"], journey=journey, region=region, municipality=municipality
    )


def _filters_body(filters: reports.ReportFilters) -> dict[str, Any]:
    return {
        "from": filters.start,
        "to": filters.end,
        "region": filters.region.pk if filters.region else None,
        "journey": filters.journey.pk if filters.journey else None,
        "municipality": filters.municipality.pk if filters.municipality else None,
    }


class ReportFiltersReadSerializer(serializers.Serializer):
    region = serializers.IntegerField(allow_null=True)
    journey = serializers.IntegerField(allow_null=True)
    municipality = serializers.IntegerField(allow_null=True)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        fields["to"] = serializers.DateField()
        return fields


class AccountsFiguresSerializer(serializers.Serializer):
    accounts = serializers.IntegerField(help_text="Distinct people with an active role (each once).")
    staff = serializers.IntegerField()
    managers = serializers.IntegerField()
    trainers = serializers.IntegerField()
    kadmins = serializers.IntegerField()


class AccountsRowSerializer(AccountsFiguresSerializer):
    municipality = PlaceSerializer()


class AccountsReportSerializer(serializers.Serializer):
    filters = ReportFiltersReadSerializer()
    on = serializers.DateField(help_text="The day the roles are read on: the period's last day, or today.")
    rows = AccountsRowSerializer(many=True)
    total = AccountsFiguresSerializer(help_text="Every person once: not always the sum of the rows.")


def _account_figures(row: reports.AccountsRow) -> dict[str, int]:
    return {
        "accounts": row.accounts,
        "staff": row.staff,
        "managers": row.managers,
        "trainers": row.trainers,
        "kadmins": row.kadmins,
    }


def _accounts_body(report: reports.AccountsReport) -> dict[str, Any]:
    return {
        "filters": _filters_body(report.filters),
        "on": report.on,
        "rows": [
            {"municipality": {"id": r.municipality_id, "name": r.municipality}, **_account_figures(r)}
            for r in report.rows
        ],
        "total": _account_figures(report.total),
    }


class ProgressCellSerializer(serializers.Serializer):
    municipality = PlaceSerializer()
    ongoing = serializers.IntegerField()
    completed = serializers.IntegerField()


class ProgressCourseSerializer(serializers.Serializer):
    course = serializers.IntegerField()
    title = serializers.CharField()
    municipalities = ProgressCellSerializer(many=True)
    ongoing = serializers.IntegerField(help_text="Each person once.")
    completed = serializers.IntegerField(help_text="Each person once.")


class ProgressLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    level_name = serializers.CharField()
    journey = serializers.CharField()
    courses = ProgressCourseSerializer(many=True)


class ProgressReportSerializer(serializers.Serializer):
    filters = ReportFiltersReadSerializer()
    on = serializers.DateField(help_text="The day 'ongoing' is read on: the period's last day, or today.")
    levels = ProgressLevelSerializer(many=True)
    ongoing = serializers.IntegerField()
    completed = serializers.IntegerField()


def _progress_body(report: reports.ProgressReport) -> dict[str, Any]:
    return {
        "filters": _filters_body(report.filters),
        "on": report.on,
        "levels": [
            {
                "level": g.level_id,
                "level_name": g.level,
                "journey": g.journey,
                "courses": [
                    {
                        "course": c.course_id,
                        "title": c.course,
                        "municipalities": [
                            {
                                "municipality": {"id": m.municipality_id, "name": m.municipality},
                                "ongoing": m.ongoing,
                                "completed": m.completed,
                            }
                            for m in c.municipalities
                        ],
                        "ongoing": c.ongoing,
                        "completed": c.completed,
                    }
                    for c in g.courses
                ],
            }
            for g in report.levels
        ],
        "ongoing": report.ongoing,
        "completed": report.completed,
    }


class OccasionFiguresSerializer(serializers.Serializer):
    rounds = serializers.IntegerField(help_text="Occasions (not cancelled) with a course day in the period.")
    days = serializers.IntegerField(help_text="Their course days in the period.")
    registered = serializers.IntegerField(help_text="Registrations holding a place.")
    attended = serializers.IntegerField(help_text="Of those, attended every day or some.")
    attendance = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="Attended of registered, %, one decimal."
    )


class OccasionsRowSerializer(OccasionFiguresSerializer):
    course = serializers.IntegerField()
    title = serializers.CharField()


class OccasionsReportSerializer(serializers.Serializer):
    filters = ReportFiltersReadSerializer()
    participants_only = serializers.BooleanField(
        help_text="The figures are of the participants of some municipalities or units only."
    )
    rows = OccasionsRowSerializer(many=True)
    total = OccasionFiguresSerializer()


def _occasion_figures(row: reports.OccasionsRow) -> dict[str, Any]:
    return {
        "rounds": row.rounds,
        "days": row.days,
        "registered": row.registered,
        "attended": row.attended,
        "attendance": row.attendance,
    }


def _occasions_body(report: reports.OccasionsReport) -> dict[str, Any]:
    return {
        "filters": _filters_body(report.filters),
        "participants_only": report.participants_only,
        "rows": [{"course": r.course_id, "title": r.course, **_occasion_figures(r)} for r in report.rows],
        "total": _occasion_figures(report.total),
    }


class TrainerDaysSerializer(serializers.Serializer):
    trainer = serializers.IntegerField()
    name = serializers.CharField()
    days_led = serializers.IntegerField()
    days_trained = serializers.IntegerField()
    days = serializers.IntegerField()


class LendingMunicipalitySerializer(serializers.Serializer):
    municipality = PlaceSerializer()
    trainers = TrainerDaysSerializer(many=True)
    days_led = serializers.IntegerField()
    days_trained = serializers.IntegerField()
    days = serializers.IntegerField()


class TrainersReportSerializer(serializers.Serializer):
    filters = ReportFiltersReadSerializer()
    counted_until = serializers.DateField(help_text="The last day counted: the period's end, or today.")
    municipalities = LendingMunicipalitySerializer(many=True, help_text="Per lending municipality, by name.")
    days_led = serializers.IntegerField()
    days_trained = serializers.IntegerField()
    days = serializers.IntegerField()
    trainers = serializers.IntegerField(help_text="Distinct trainers.")


def _trainers_body(report: reports.TrainerActivityReport) -> dict[str, Any]:
    return {
        "filters": _filters_body(report.filters),
        "counted_until": report.counted_until,
        "municipalities": [
            {
                "municipality": {"id": m.municipality_id, "name": m.municipality},
                "trainers": [
                    {
                        "trainer": t.trainer_id,
                        "name": t.name,
                        "days_led": t.days_led,
                        "days_trained": t.days_trained,
                        "days": t.days,
                    }
                    for t in m.trainers
                ],
                "days_led": m.days_led,
                "days_trained": m.days_trained,
                "days": m.days,
            }
            for m in report.municipalities
        ],
        "days_led": report.days_led,
        "days_trained": report.days_trained,
        "days": report.days,
        "trainers": report.trainers,
    }


class _ReportView(APIView):
    """One of the follow-up reports, with the pages' selector and filters. Who: system admins (the nation),
    the regional roles (their region), k-admins (their municipality's people) and managers (their units'
    people); national editors the nation's figures of a journey they edit (``journey`` required; not the days
    taught); anyone else 403. A region, municipality or journey outside the caller's reach is a 404; a
    malformed filter or period a 400."""

    permission_classes = [IsAuthenticated, _rule(VIEW_REPORTS)]
    compute: Callable[..., Any]
    body: Callable[[Any], dict[str, Any]]
    serializer: type[serializers.Serializer]

    def get(self, request: Any) -> Response:
        filters = _report_filters(request)
        report = type(self).compute(actor=request.user, filters=filters)
        return Response(self.serializer(type(self).body(report)).data)


_REPORT_PARAMS = [ReportFilterSerializer]


class AccountsReportView(_ReportView):
    compute = staticmethod(reports.accounts_by_municipality)
    body = staticmethod(_accounts_body)
    serializer = AccountsReportSerializer

    @extend_schema(parameters=_REPORT_PARAMS, responses=AccountsReportSerializer)
    def get(self, request: Any) -> Response:
        """Per municipality, the people with an active role there on the period's last day (or today), and
        of them the staff, managers, trainers and k-admins; with a journey, only those enrolled on it."""
        return super().get(request)


class ProgressReportView(_ReportView):
    compute = staticmethod(reports.progress_by_course)
    body = staticmethod(_progress_body)
    serializer = ProgressReportSerializer

    @extend_schema(parameters=_REPORT_PARAMS, responses=ProgressReportSerializer)
    def get(self, request: Any) -> Response:
        """Per course (grouped by level) and municipality: ongoing at the period's end (or today), and
        completed within the period."""
        return super().get(request)


class OccasionsReportView(_ReportView):
    compute = staticmethod(reports.occasions_by_course)
    body = staticmethod(_occasions_body)
    serializer = OccasionsReportSerializer

    @extend_schema(parameters=_REPORT_PARAMS, responses=OccasionsReportSerializer)
    def get(self, request: Any) -> Response:
        """The yearly attendance table per course: rounds, course days, registered, attended and attendance."""
        return super().get(request)


class TrainersReportView(_ReportView):
    permission_classes = [IsAuthenticated, _rule(VIEW_TRAINER_REPORT)]
    compute = staticmethod(reports.trainer_activity)
    body = staticmethod(_trainers_body)
    serializer = TrainersReportSerializer

    @extend_schema(parameters=_REPORT_PARAMS, responses=TrainersReportSerializer)
    def get(self, request: Any) -> Response:
        """Course days taught in the period (up to today) per trainer and lending municipality, led and
        trained. With ``journey``: the days of its courses' occasions."""
        return super().get(request)


# --- surveys ----------------------------------------------------------------------------------------------


class OptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class SurveyQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, min_value=1, help_text="Keep and change this question.")
    position = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=400)
    kind = QuestionKindField()
    required = serializers.BooleanField(default=False)
    target_percent = serializers.IntegerField(required=False, allow_null=True, default=None)
    positive = serializers.ListField(
        child=serializers.CharField(max_length=10),
        required=False,
        default=list,
        help_text="Option values that meet the target; empty: the scale's top two.",
    )
    options = OptionSerializer(many=True, read_only=True)


def _question_body(q: Any) -> dict[str, Any]:
    return {
        "id": q.pk,
        "position": q.position,
        "text": q.text,
        "kind": q.kind,
        "required": q.required,
        "target_percent": q.target_percent,
        "positive": [v.strip() for v in q.positive.split(",") if v.strip()],
        "options": [{"value": v, "label": str(label)} for v, label in q.options],
    }


class SurveySerializer(serializers.ModelSerializer):
    kind = SurveyKindField(read_only=True)
    questions = serializers.SerializerMethodField()
    can_build = serializers.SerializerMethodField(help_text="The caller may change this survey.")

    class Meta:
        model = Survey
        fields = ["id", "kind", "title", "intro", "region", "journey", "active", "questions", "can_build", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(SurveyQuestionSerializer(many=True))
    def get_questions(self, survey: Survey) -> list[dict[str, Any]]:
        return [_question_body(q) for q in survey.questions.all()]

    def get_can_build(self, survey: Survey) -> bool:
        request = self.context.get("request")
        return bool(request and policy.can(request.user, "followup.build_survey", survey.region_id))


class SurveyWriteSerializer(serializers.Serializer):
    """A survey and its questions, in the order given. A question with the ``id`` of one of the survey's keeps
    and changes it; one without is added; one left out is removed (refused if it has answers, as is changing
    the kind of an answered question)."""

    kind = SurveyKindField()
    title = serializers.CharField(max_length=200)
    intro = serializers.CharField(required=False, allow_blank=True, default="")
    region = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, help_text="None: a national survey."
    )
    journey = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, help_text="None: for every journey."
    )
    active = serializers.BooleanField(default=True)
    questions = SurveyQuestionSerializer(many=True)


class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Surveys with their questions: the national ones and those of the regions one has a follow-up role in.
    System admins build national surveys, the regional administrators and project leaders their region's;
    everyone else who sees surveys (k-admins, managers) reads them, and a write is a 403 for them."""

    permission_classes = [IsAuthenticated, _rule(SEES_SURVEYS)]
    serializer_class = SurveySerializer

    def get_queryset(self) -> Any:
        return survey_selectors.survey_list(actor=self.request.user).prefetch_related("questions")

    def _detail(self, survey: Survey) -> dict[str, Any]:
        return SurveySerializer(self.get_queryset().get(pk=survey.pk), context={"request": self.request}).data

    def _save(self, given: dict[str, Any], survey: Survey | None) -> Survey:
        user = self.request.user
        region = None
        if given["region"] is not None:
            region = policy.visible(user, Region.objects.all()).filter(pk=given["region"]).first()
            if region is None:
                raise serializers.ValidationError({"region": [_("Unknown id: %(ids)s.") % {"ids": given["region"]}]})
        journey = _journey(given["journey"], field="journey") if given["journey"] is not None else None
        return survey_services.survey_save(
            actor=user,
            survey=survey,
            kind=given["kind"],
            title=given["title"],
            intro=given["intro"],
            region=region,
            journey=journey,
            active=given["active"],
            questions=[
                {
                    "id": q.get("id"),
                    "text": q["text"],
                    "kind": q["kind"],
                    # PATCH applies no defaults, not even inside the questions.
                    "required": q.get("required", False),
                    "target_percent": q.get("target_percent"),
                    "positive": q.get("positive", []),
                }
                for q in given["questions"]
            ],
        )

    @extend_schema(request=SurveyWriteSerializer, responses={201: SurveySerializer})
    def create(self, request: Any) -> Response:
        """Build a survey (``region`` null: national, system admins only). 403 for who builds none; 400 by
        field for bad questions, every problem at once, and nothing is saved."""
        if not policy.can(request.user, BUILDS_SOME_SURVEY):
            raise PermissionDenied(BUILDS_SOME_SURVEY)
        data = SurveyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        survey = self._save(dict(data.validated_data), None)
        return Response(self._detail(survey), status=status.HTTP_201_CREATED)

    @extend_schema(request=SurveyWriteSerializer, responses=SurveySerializer)
    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Change a survey: PUT replaces it, PATCH keeps what is left out (``questions``, when given, replace
        them all). 403 for a survey the caller sees but does not build (a national one, for a region's roles)."""
        survey = self.get_object()
        if not policy.can(request.user, "followup.build_survey", survey.region_id):
            raise PermissionDenied("followup.build_survey")
        partial = kwargs.get("partial", False)
        data = SurveyWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        if partial:
            current = {
                "kind": survey.kind,
                "title": survey.title,
                "intro": survey.intro,
                "region": survey.region_id,
                "journey": survey.journey_id,
                "active": survey.active,
                "questions": [_question_body(q) for q in survey.questions.all()],
            }
            given = {**current, **given}
        saved = self._save(given, survey)
        return Response(self._detail(saved))

    @extend_schema(request=SurveyWriteSerializer, responses=SurveySerializer)
    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)


class ResultsFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    region = serializers.IntegerField(
        required=False, min_value=1, help_text="Default: the survey's region, or the caller's first."
    )
    municipality = serializers.IntegerField(required=False, min_value=1, help_text="One municipality in reach.")
    dispatch = serializers.IntegerField(required=False, min_value=1, help_text="One sending.")


class OptionResultSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField()


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    text = serializers.CharField()
    kind = QuestionKindField()
    hidden = serializers.BooleanField(help_text="Fewer than the threshold answered it: nothing is shown.")
    answered = serializers.IntegerField(allow_null=True)
    options = OptionResultSerializer(many=True)
    positive_percent = serializers.FloatField(allow_null=True, help_text="Positive of those with an opinion, %.")
    target_percent = serializers.IntegerField(allow_null=True)
    target_met = serializers.BooleanField(allow_null=True)
    texts = serializers.ListField(child=serializers.CharField(), help_text="Free text, alphabetical.")


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    region = serializers.IntegerField(allow_null=True, help_text="The region shown (null: all the caller's).")
    municipality = serializers.IntegerField(allow_null=True)
    dispatch = serializers.IntegerField(allow_null=True)
    threshold = serializers.IntegerField(help_text="Results are shown only where at least this many answered.")
    hidden = serializers.BooleanField(help_text="Fewer than the threshold answered: no figure at all.")
    invitations = serializers.IntegerField(allow_null=True, help_text="Null while hidden.")
    responses = serializers.IntegerField(allow_null=True, help_text="Null while hidden.")
    response_rate = serializers.FloatField(allow_null=True)
    questions = QuestionResultSerializer(many=True, help_text="Empty while hidden.")


def _results_body(results: survey_selectors.SurveyResults, asked: dict[str, Any]) -> dict[str, Any]:
    hidden = results.hidden
    return {
        "survey": results.survey.pk,
        "title": results.survey.title,
        **asked,
        "threshold": ANONYMITY_THRESHOLD,
        "hidden": hidden,
        # Who was asked is withheld too while hidden: nothing of a group below the threshold is told.
        "invitations": None if hidden else results.invitations,
        "responses": None if hidden else results.responses,
        "response_rate": None if hidden else results.response_rate,
        "questions": []
        if hidden
        else [
            {
                "question": q.question.pk,
                "text": q.question.text,
                "kind": q.question.kind,
                "hidden": q.hidden,
                "answered": None if q.hidden else q.answered,
                "options": []
                if q.hidden
                else [
                    {"value": o.value, "label": str(o.label), "count": o.count, "percent": o.percent} for o in q.options
                ],
                "positive_percent": None if q.hidden else q.positive_percent,
                "target_percent": q.question.target_percent,
                "target_met": None if q.hidden else q.target_met,
                "texts": [] if q.hidden else q.texts,
            }
            for q in results.questions
        ],
    }


class SurveyResultsView(APIView):
    """A survey's results, as on the results page: by year, region, municipality or one sending. Nothing is
    shown for a group where fewer than the threshold (5) answered, nor for a question fewer answered.
    System admins and the regional roles read their regions' results whole; k-admins and managers their
    own municipalities'. A survey, region or municipality outside that is a 404."""

    permission_classes = [IsAuthenticated, _rule(SEES_SURVEYS)]

    @extend_schema(
        parameters=[
            OpenApiParameter("survey_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The survey."),
            ResultsFilterSerializer,
        ],
        responses=SurveyResultsSerializer,
    )
    def get(self, request: Any, survey_id: int) -> Response:
        actor = request.user
        survey = policy.get_visible_or_404(actor, Survey.objects.select_related("region"), pk=survey_id)
        filters = ResultsFilterSerializer(data=_params(request, ("year", "region", "municipality", "dispatch")))
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        region_id = given.get("region")
        outside = region_id is not None and not reports.report_regions(actor).filter(pk=region_id).exists()
        if outside and not is_system_admin(actor):
            raise Http404
        if region_id is None:
            region_id = survey.region_id or survey_selectors.default_result_region(actor=actor, survey=survey)
        allowed = survey_selectors.result_municipalities(actor=actor, region_id=region_id)
        municipality_ids: frozenset[int] | None = allowed
        municipality_id = given.get("municipality")
        if municipality_id is not None:
            in_reach = Municipality.objects.filter(pk=municipality_id)
            if region_id is not None:
                in_reach = in_reach.filter(region_id=region_id)
            if not in_reach.exists() or (allowed is not None and municipality_id not in allowed):
                raise Http404
            municipality_ids = frozenset({municipality_id})
        dispatches = survey_selectors.visible_dispatches(
            actor=actor, survey=survey, year=given.get("year"), region_id=region_id, dispatch_id=given.get("dispatch")
        )
        results = survey_selectors.survey_results(
            survey=survey, dispatches=dispatches, municipality_ids=municipality_ids
        )
        asked = {
            "year": given.get("year"),
            "region": region_id,
            "municipality": municipality_id,
            "dispatch": given.get("dispatch"),
        }
        return Response(SurveyResultsSerializer(_results_body(results, asked)).data)


class YearlySendSerializer(serializers.Serializer):
    kind = YearlySurveyKindField(help_text="manager_yearly or trainer_yearly.")
    region = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class YearlyDispatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    survey = serializers.IntegerField(source="survey_id")
    title = serializers.CharField(source="survey.title")
    kind = SurveyKindField(source="survey.kind")
    region = serializers.IntegerField(source="region_id")
    year = serializers.IntegerField()
    invited = serializers.IntegerField(help_text="How many were asked.")
    created_at = serializers.DateTimeField()


class YearlySurveyView(APIView):
    """The yearly manager and trainer surveys: what has been sent in the regions one runs, and sending one
    (to everyone holding the role in the region today, once per survey, region and year). The regional
    administrators and project leaders, and system admins; anyone else 403."""

    permission_classes = [IsAuthenticated, _rule(BUILDS_SOME_SURVEY)]

    @extend_schema(responses=YearlyDispatchSerializer(many=True))
    def get(self, request: Any) -> Response:
        """Sent yearly surveys, latest year first (at most 100)."""
        rows = survey_selectors.yearly_dispatch_list(actor=request.user)
        return Response(YearlyDispatchSerializer(rows, many=True).data)

    @extend_schema(request=YearlySendSerializer, responses={201: YearlyDispatchSerializer})
    def post(self, request: Any) -> Response:
        """Send the survey of ``kind`` in use in ``region`` for ``year`` → 201. 400 if no such survey is in use,
        or it was already sent for the year; a region the caller does not see is an unknown id (400), one
        they see but do not run a 403."""
        data = YearlySendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        region = policy.visible(request.user, Region.objects.all()).filter(pk=given["region"]).first()
        if region is None:
            raise serializers.ValidationError({"region": [_("Unknown id: %(ids)s.") % {"ids": given["region"]}]})
        dispatch = survey_services.yearly_survey_send(
            actor=request.user, kind=given["kind"], region=region, year=given["year"]
        )
        row = next(d for d in survey_selectors.yearly_dispatch_list(actor=request.user) if d.pk == dispatch.pk)
        return Response(YearlyDispatchSerializer(row).data, status=status.HTTP_201_CREATED)


# --- the yearly report ------------------------------------------------------------------------------------


class YearlyFilterSerializer(serializers.Serializer):
    region = serializers.IntegerField(
        min_value=1, help_text="A region whose yearly report the caller reads (else 404)."
    )
    journey = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(help_text="A calendar year from the programme's first to next year.")

    def validate_year(self, value: int) -> int:
        last = timezone.localdate().year + 1
        if not YEARLY_FIRST_YEAR <= value <= last:
            raise serializers.ValidationError(
                _("Choose a year from %(first)s to %(last)s.") % {"first": YEARLY_FIRST_YEAR, "last": last}
            )
        return value


class HeadlineSerializer(serializers.Serializer):
    occasions = serializers.IntegerField(help_text="Course occasions held (rounds).")
    course_days = serializers.IntegerField()
    registered = serializers.IntegerField()
    attended = serializers.IntegerField()
    attendance = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    accounts = serializers.IntegerField(help_text="People with an account enrolled on the journey.")
    completed = serializers.IntegerField(help_text="Courses completed in the year.")


class SurveySummarySerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField(help_text="As the report shows it.")
    too_few = serializers.BooleanField(help_text="Fewer than the threshold answered: no figure is shown.")
    invitations = serializers.IntegerField(allow_null=True, help_text="Null while too few answered.")
    responses = serializers.IntegerField(allow_null=True, help_text="Null while too few answered.")
    response_rate = serializers.FloatField(allow_null=True)


class TargetLineSerializer(serializers.Serializer):
    survey = serializers.CharField()
    question = serializers.CharField()
    target = serializers.IntegerField(help_text="%")
    too_few = serializers.BooleanField()
    result = serializers.FloatField(allow_null=True, help_text="Positive of those with an opinion, %.")
    met = serializers.BooleanField(allow_null=True)
    answered = serializers.IntegerField(allow_null=True, help_text="Null while too few answered.")
    response_rate = serializers.FloatField(allow_null=True)


class YearlyReportSerializer(serializers.Serializer):
    region = PlaceSerializer()
    journey = serializers.IntegerField()
    year = serializers.IntegerField()
    threshold = serializers.IntegerField()
    headline = HeadlineSerializer()
    occasions = OccasionsReportSerializer()
    accounts = AccountsReportSerializer()
    progress = ProgressReportSerializer()
    trainers = TrainersReportSerializer(help_text="Every journey: days taught have no journey.")
    surveys = SurveySummarySerializer(many=True)
    targets = TargetLineSerializer(many=True)
    targets_met = serializers.IntegerField()
    targets_judged = serializers.IntegerField()
    planning = PlanningSuggestionSerializer(help_text="Next year's suggestion, from next year's inventory.")


def _yearly_body(report: yearly.YearlyReport) -> dict[str, Any]:
    h = report.headline
    return {
        "region": _place(report.region),
        "journey": report.journey.pk,
        "year": report.year,
        "threshold": report.threshold,
        "headline": {
            "occasions": h.occasions,
            "course_days": h.course_days,
            "registered": h.registered,
            "attended": h.attended,
            "attendance": h.attendance,
            "accounts": h.accounts,
            "completed": h.completed,
        },
        "occasions": _occasions_body(report.occasions),
        "accounts": _accounts_body(report.accounts),
        "progress": _progress_body(report.progress),
        "trainers": _trainers_body(report.trainers),
        # Nothing of a survey below the threshold, not even how many were asked.
        "surveys": [
            {
                "title": s.title,
                "kind": s.kind,
                "too_few": s.too_few,
                "invitations": None if s.too_few else s.invitations,
                "responses": None if s.too_few else s.responses,
                "response_rate": None if s.too_few else s.response_rate,
            }
            for s in report.surveys
        ],
        "targets": [
            {
                "survey": t.survey,
                "question": t.question,
                "target": t.target,
                "too_few": t.too_few,
                "result": None if t.too_few else t.result,
                "met": None if t.too_few else t.met,
                "answered": None if t.too_few else t.answered,
                "response_rate": None if t.too_few else t.response_rate,
            }
            for t in report.targets
        ],
        "targets_met": report.targets_met,
        "targets_judged": report.targets_judged,
        "planning": _suggestion_body(report.planning),
    }


class MayReadYearly(BasePermission):
    """The yearly report is the steering group's: the regional roles and system admins (k-admins and
    managers 403, as on the page)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return yearly.may_read_yearly(request.user)


class YearlyReportView(APIView):
    """The yearly follow-up report to the steering group for a region, a journey and a calendar year, as the
    page, the PDF and the spreadsheet show it (``followup.yearly``): the headline, the attendance table,
    accounts, progress, days taught, the surveys against their targets and next year's planning. A region
    that is not the caller's is a 404."""

    permission_classes = [IsAuthenticated, MayReadYearly]

    @extend_schema(parameters=[YearlyFilterSerializer], responses=YearlyReportSerializer)
    def get(self, request: Any) -> Response:
        """``region``, ``journey`` and ``year`` are required (400 without, or for a year out of range)."""
        filters = YearlyFilterSerializer(data=_params(request, ("region", "journey", "year")))
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        region = yearly.yearly_regions(request.user).filter(pk=given["region"]).first()
        if region is None:
            raise Http404
        journey = _journey(given["journey"], field="journey")
        report = yearly.yearly_report(actor=request.user, region=region, journey=journey, year=given["year"])
        return Response(YearlyReportSerializer(_yearly_body(report)).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("surveys", SurveyViewSet, "survey"),
]
URLS: list[URLPattern] = [
    path(
        "inventories/<int:municipality>/<int:journey>/<int:year>/",
        InventoryView.as_view(),
        name="api_followup_inventory",
    ),
    path("inventory-overview/", InventoryOverviewView.as_view(), name="api_followup_inventory_overview"),
    path("planning/<int:region>/<int:journey>/<int:year>/", PlanningView.as_view(), name="api_followup_planning"),
    path("reports/accounts/", AccountsReportView.as_view(), name="api_followup_report_accounts"),
    path("reports/progress/", ProgressReportView.as_view(), name="api_followup_report_progress"),
    path("reports/occasions/", OccasionsReportView.as_view(), name="api_followup_report_occasions"),
    path("reports/trainers/", TrainersReportView.as_view(), name="api_followup_report_trainers"),
    path("survey-results/<int:survey_id>/", SurveyResultsView.as_view(), name="api_followup_survey_results"),
    path("yearly-surveys/", YearlySurveyView.as_view(), name="api_followup_yearly_surveys"),
    path("yearly-report/", YearlyReportView.as_view(), name="api_followup_yearly_report"),
]
