"""API for billing: fee schedules, invoicing bases, the trainer pot, the cost split and population figures,
with the same services, selectors and scoping as the pages.

Every write calls a service (``services``, ``organisations.services``), which checks the rights
(``billing.prepare``, ``population.manage``) and the rules; the handlers here parse the body, look up the ids
it names within what the caller sees (an id outside reads as unknown, a 400), and answer. An object or a
region in the URL outside the caller's billing scope is a 404, like a missing one; one the caller sees but
may not change is a 403. Amounts are decimal strings with two decimals ("400.00"), never floats.

K-admins and managers see their own municipality's issued bases, their region's fee schedules, the pot's
and the cost split's rows of their own municipalities (decision 0012).

``ROUTES`` lists (prefix, viewset, basename) for the router in ``config/api_urls.py``; ``URLS`` lists plain
paths.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from yrkesresan.core import policy
from yrkesresan.core.api import NamedChoiceField
from yrkesresan.organisations import services as organisation_services
from yrkesresan.organisations.models import Municipality, Population, Region

from . import selectors, services
from .models import BasisState, ChargeReason, FeeSchedule, InvoiceBasis, LineKind, PeriodKind
from .policies import can_prepare, own_municipalities, own_regions, preparing_regions

#: The largest population file taken (SCB's export for all 290 municipalities over decades is far below).
POPULATION_FILE_MAX_BYTES = 2 * 1024 * 1024

# --- choices ----------------------------------------------------------------------------------------------


class _ChoicesField(NamedChoiceField):
    """``state`` and ``kind`` are field names of other apps too: billing's sets are named ``Billing…Enum``."""

    schema_prefix = "Billing"


class PeriodKindField(_ChoicesField):
    choices_class = PeriodKind


class BasisStateField(_ChoicesField):
    choices_class = BasisState


class LineKindField(_ChoicesField):
    choices_class = LineKind


class ChargeReasonField(_ChoicesField):
    choices_class = ChargeReason


def _money_field(**kwargs: Any) -> serializers.DecimalField:
    """An amount in kronor, written as a string with two decimals."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def _shares_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


# --- shared helpers ---------------------------------------------------------------------------------------


class SeesBilling(BasePermission):
    """Billing is for those who prepare a region's or belong to a municipality as k-admin or manager
    (``billing.view``): staff, trainers and national editors get 403 on every endpoint, as on the pages."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return policy.can(request.user, "billing.view")


_PERMISSIONS = [IsAuthenticated, SeesBilling]


def _one(qs: QuerySet[Any], pk: int, field: str) -> Any:
    """The row of ``qs`` (already narrowed to what the caller sees) with this id, else a 400 under ``field``."""
    found = qs.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [_("Unknown id: %(ids)s.") % {"ids": pk}]})
    return found


def _params(request: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: request.query_params[name] for name in names if request.query_params.get(name, "") != ""}


def _require_some_preparing(user: Any) -> None:
    """403 for whoever prepares no region's billing, before any id in the body is looked at."""
    regions = preparing_regions(user)
    if regions is not None and not regions:
        raise PermissionDenied("billing.prepare")


def _billing_region(user: Any, region_id: int) -> Region:
    """A region whose billing the caller prepares or, as a k-admin or manager, belongs to; else 404."""
    regions = preparing_regions(user)
    if regions is not None and region_id not in regions | own_regions(user):
        raise Http404
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise Http404
    return region


_REGION = OpenApiParameter("region_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The region.")
_YEAR = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description="The year.")


# --- fee schedules ----------------------------------------------------------------------------------------


class FeeComponentSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    amount = _money_field(help_text='Kronor per participant per course day, e.g. "400.00".')
    is_pot = serializers.BooleanField(default=False, help_text="Goes to the trainer pot (at most one part).")


class FeeScheduleSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    components = FeeComponentSerializer(many=True, read_only=True)
    price = serializers.SerializerMethodField(help_text="The fee per participant-day: the sum of the parts.")
    pot = serializers.SerializerMethodField(help_text="The part of the fee that goes to the trainer pot.")

    class Meta:
        model = FeeSchedule
        fields = [
            "id",
            "region",
            "region_name",
            "year",
            "components",
            "price",
            "pot",
            "charge_late_cancellations",
            "charge_no_shows",
            "charge_regional",
            "charge_national",
            "leader_shares",
            "trainer_shares",
            "pot_start",
            "pot_end",
            "note",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_price(self, schedule: FeeSchedule) -> str:
        return f"{selectors.fee_of(schedule).price:.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_pot(self, schedule: FeeSchedule) -> str:
        return f"{selectors.fee_of(schedule).pot:.2f}"


class FeeScheduleFilterSerializer(serializers.Serializer):
    region = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=1)


class FeeScheduleWriteSerializer(serializers.Serializer):
    """A fee schedule. The service checks the rules (a year 2000–2100, at least one part, at most one pot part,
    no two parts of one name, both ends of the pot's period or neither) and names every problem at once."""

    year = serializers.IntegerField()
    components = FeeComponentSerializer(many=True, help_text="The parts of the fee, in the order shown.")
    charge_late_cancellations = serializers.BooleanField(default=True)
    charge_no_shows = serializers.BooleanField(default=True)
    charge_regional = serializers.BooleanField(default=True)
    charge_national = serializers.BooleanField(default=False)
    leader_shares = serializers.DecimalField(max_digits=5, decimal_places=2, default=Decimal("1.5"))
    trainer_shares = serializers.DecimalField(max_digits=5, decimal_places=2, default=Decimal("1"))
    pot_start = serializers.DateField(required=False, allow_null=True, default=None)
    pot_end = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class FeeScheduleCreateSerializer(FeeScheduleWriteSerializer):
    region = serializers.IntegerField(min_value=1)


class FeeScheduleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Regions' course fees per year, in named parts (one of which may go to the trainer pot). Seen by the
    region's administrators and project leaders and by its k-admins and managers; kept by the former."""

    permission_classes = _PERMISSIONS

    serializer_class = FeeScheduleSerializer

    def get_queryset(self) -> Any:
        qs = selectors.fee_schedule_list(actor=self.request.user)
        if self.action != "list":
            return qs
        filters = FeeScheduleFilterSerializer(data=_params(self.request, ("region", "year")))
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        if "region" in given:
            qs = qs.filter(region_id=given["region"])
        if "year" in given:
            qs = qs.filter(year=given["year"])
        return qs

    def _detail(self, schedule: FeeSchedule) -> dict[str, Any]:
        return FeeScheduleSerializer(selectors.fee_schedule_list(actor=self.request.user).get(pk=schedule.pk)).data

    def _save(self, given: dict[str, Any], *, region: Region, schedule: FeeSchedule | None) -> FeeSchedule:
        return services.fee_schedule_save(
            actor=self.request.user,
            region=region,
            schedule=schedule,
            year=given["year"],
            components=[
                services.ComponentInput(name=c["name"], amount=c["amount"], is_pot=c["is_pot"])
                for c in given["components"]
            ],
            charge_late_cancellations=given["charge_late_cancellations"],
            charge_no_shows=given["charge_no_shows"],
            charge_regional=given["charge_regional"],
            charge_national=given["charge_national"],
            leader_shares=given["leader_shares"],
            trainer_shares=given["trainer_shares"],
            pot_start=given["pot_start"],
            pot_end=given["pot_end"],
            note=given["note"],
        )

    @extend_schema(parameters=[FeeScheduleFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``region`` and ``year``. By region, latest year first."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=FeeScheduleCreateSerializer, responses={201: FeeScheduleSerializer})
    def create(self, request: Any) -> Response:
        """Set a region's fee for a year (one schedule per region and year). The region's administrators and
        project leaders; anyone else 403."""
        _require_some_preparing(request.user)
        data = FeeScheduleCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        region = _one(policy.visible(request.user, Region.objects.all()), given["region"], "region")
        schedule = self._save(given, region=region, schedule=None)
        return Response(self._detail(schedule), status=status.HTTP_201_CREATED)

    @extend_schema(request=FeeScheduleWriteSerializer, responses=FeeScheduleSerializer)
    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Change a schedule: PUT replaces it (the parts and every setting; left out takes its default), PATCH
        keeps what is left out (``components``, when given, replace every part). Bases already issued keep
        their prices; drafts and a pot not yet issued follow the change."""
        schedule = self.get_object()
        partial = kwargs.get("partial", False)
        data = FeeScheduleWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        if partial:
            current = {
                "year": schedule.year,
                "components": [
                    {"name": c.name, "amount": c.amount, "is_pot": c.is_pot} for c in schedule.components.all()
                ],
                "charge_late_cancellations": schedule.charge_late_cancellations,
                "charge_no_shows": schedule.charge_no_shows,
                "charge_regional": schedule.charge_regional,
                "charge_national": schedule.charge_national,
                "leader_shares": schedule.leader_shares,
                "trainer_shares": schedule.trainer_shares,
                "pot_start": schedule.pot_start,
                "pot_end": schedule.pot_end,
                "note": schedule.note,
            }
            given = {**current, **given}
        saved = self._save(given, region=schedule.region, schedule=schedule)
        return Response(self._detail(saved))

    @extend_schema(request=FeeScheduleWriteSerializer, responses=FeeScheduleSerializer)
    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)


# --- invoicing bases --------------------------------------------------------------------------------------


class InvoiceBasisSerializer(serializers.ModelSerializer):
    municipality_name = serializers.SerializerMethodField()
    region_name = serializers.SerializerMethodField()
    period_kind = PeriodKindField(read_only=True)
    period = serializers.SerializerMethodField(help_text="As the pages show it: 2025-03, VT 2025, 2025.")
    state = BasisStateField(read_only=True)
    total = _money_field(read_only=True, allow_null=True, help_text="Set on issue; null for a draft in the list.")

    class Meta:
        model = InvoiceBasis
        fields = [
            "id",
            "region",
            "region_name",
            "municipality",
            "municipality_name",
            "period_kind",
            "period",
            "period_start",
            "period_end",
            "state",
            "number",
            "total",
            "created_at",
            "issued_at",
        ]
        read_only_fields = fields

    def get_municipality_name(self, basis: InvoiceBasis) -> str:
        """As copied on issue (a later renaming does not change a document)."""
        return basis.municipality_name or basis.municipality.name

    def get_region_name(self, basis: InvoiceBasis) -> str:
        return basis.region_name or basis.region.name

    def get_period(self, basis: InvoiceBasis) -> str:
        return selectors.period_label(basis.period_kind, basis.period_start)


class InvoiceLineSerializer(serializers.Serializer):
    kind = LineKindField(help_text="fee, correction or pot_payout.")
    reason = ChargeReasonField(help_text="Why the day is charged (empty for a pot payout or a withdrawn charge).")
    registration = serializers.IntegerField(source="registration_id", allow_null=True)
    course_day = serializers.IntegerField(source="course_day_id", allow_null=True)
    person = serializers.IntegerField(source="person_id", allow_null=True)
    person_name = serializers.CharField()
    occasion = serializers.IntegerField(source="occasion_id", allow_null=True)
    occasion_name = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    description = serializers.CharField()
    amount = _money_field(help_text="Negative for a credit (a correction, the pot payout).")


class BasisTotalsSerializer(serializers.Serializer):
    total = _money_field()
    fees = _money_field(source="fees_total")
    corrections = _money_field(source="corrections_total")
    pot_payout = _money_field(source="pot_total")
    participant_days = serializers.IntegerField(help_text="Fee lines: participant-days charged for the first time.")
    is_credit = serializers.BooleanField(help_text="The total is below zero: exported as a credit note.")


class InvoiceBasisDetailSerializer(InvoiceBasisSerializer):
    """A basis with its lines: computed now for a draft, as copied for an issued one."""

    totals = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField(help_text="A year without a fee schedule, for instance.")
    blockers = serializers.SerializerMethodField(help_text="What stops the draft from being issued.")

    class Meta(InvoiceBasisSerializer.Meta):
        fields = [*InvoiceBasisSerializer.Meta.fields, "totals", "lines", "warnings", "blockers"]
        read_only_fields = fields

    def _view(self, basis: InvoiceBasis) -> selectors.BasisView:
        view = self.context.get("view_of")
        if view is None or view.basis.pk != basis.pk:
            view = selectors.basis_view(basis)
            self.context["view_of"] = view
        return view

    def to_representation(self, instance: InvoiceBasis) -> dict[str, Any]:
        data = super().to_representation(instance)
        view = self._view(instance)
        data["total"] = f"{view.total:.2f}"
        return data

    @extend_schema_field(BasisTotalsSerializer)
    def get_totals(self, basis: InvoiceBasis) -> dict[str, Any]:
        return BasisTotalsSerializer(self._view(basis)).data

    @extend_schema_field(InvoiceLineSerializer(many=True))
    def get_lines(self, basis: InvoiceBasis) -> list[Any]:
        return InvoiceLineSerializer(self._view(basis).lines, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, basis: InvoiceBasis) -> list[str]:
        return [str(w) for w in self._view(basis).warnings]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_blockers(self, basis: InvoiceBasis) -> list[str]:
        return [str(b) for b in self._view(basis).blockers]


class InvoiceBasisFilterSerializer(serializers.Serializer):
    region = serializers.IntegerField(required=False, min_value=1)
    municipality = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=1, help_text="The year the period starts in.")
    state = BasisStateField(required=False)


class InvoiceBasisCreateSerializer(serializers.Serializer):
    municipality = serializers.IntegerField(min_value=1)
    period_kind = PeriodKindField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = serializers.IntegerField(default=1, help_text="The month (1–12) or the term (1 spring, 2 autumn).")


class _XMLRenderer(BaseRenderer):
    """Lets a client ask for ``application/xml``; a refusal (a dict) is still written as JSON."""

    media_type = "application/xml"
    format = "xml"
    charset = None

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None) -> Any:
        return data if isinstance(data, bytes) else json.dumps(data, default=str).encode()


class InvoiceBasisViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Municipalities' invoicing bases (*faktureringsunderlag*) for a month, a term or a year. The region's
    administrators and project leaders draft, issue and remove drafts; a k-admin or manager sees their own
    municipality's issued bases (a draft is the region's work in progress)."""

    permission_classes = _PERMISSIONS

    serializer_class = InvoiceBasisSerializer

    def get_queryset(self) -> Any:
        qs = selectors.basis_list(actor=self.request.user)
        if self.action != "list":
            return qs
        filters = InvoiceBasisFilterSerializer(data=_params(self.request, ("region", "municipality", "year", "state")))
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        if "region" in given:
            qs = qs.filter(region_id=given["region"])
        if "municipality" in given:
            qs = qs.filter(municipality_id=given["municipality"])
        if "year" in given:
            qs = qs.filter(period_start__year=given["year"])
        if "state" in given:
            qs = qs.filter(state=given["state"])
        return qs

    def get_serializer_class(self) -> Any:
        return InvoiceBasisSerializer if self.action == "list" else InvoiceBasisDetailSerializer

    def _detail(self, basis: InvoiceBasis) -> dict[str, Any]:
        return InvoiceBasisDetailSerializer(selectors.basis_get(actor=self.request.user, pk=basis.pk)).data

    @extend_schema(parameters=[InvoiceBasisFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``region``, ``municipality``, ``year`` (of the period's start) and ``state`` (draft,
        issued). Latest period first. ``total`` is null for a draft: its lines are computed on retrieve."""
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """One basis with its totals and lines: for a draft computed from attendance and the fee schedule now,
        for an issued one as it was issued."""
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=InvoiceBasisCreateSerializer, responses={201: InvoiceBasisDetailSerializer})
    def create(self, request: Any) -> Response:
        """Draft a municipality's basis for a period (one per municipality and period). The region's
        administrators and project leaders; anyone else 403."""
        _require_some_preparing(request.user)
        data = InvoiceBasisCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        municipality = _one(
            policy.visible(request.user, Municipality.objects.select_related("region")),
            given["municipality"],
            "municipality",
        )
        basis = services.invoice_basis_create(
            actor=request.user,
            municipality=municipality,
            period_kind=given["period_kind"],
            year=given["year"],
            number=given["number"],
        )
        return Response(self._detail(basis), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Remove a draft. An issued basis is never removed (400): a later change goes on the next basis."""
        services.invoice_basis_delete(actor=request.user, basis=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=InvoiceBasisDetailSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Any, pk: Any = None) -> Response:
        """Issue a draft: every line is copied as computed now, the basis gets the region's next number
        (``20-2025-0007``) and its total, and never changes again. 400 if already issued, or if it ends the
        year and the region's trainer pot for that year is not issued yet."""
        basis = services.invoice_basis_issue(actor=request.user, basis=self.get_object())
        return Response(self._detail(basis))

    @extend_schema(
        request=None,
        responses={
            (200, "application/xml"): OpenApiResponse(
                OpenApiTypes.STR, description="UBL 2.1 Invoice, or CreditNote when the total is below zero."
            )
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, _XMLRenderer])
    def peppol(self, request: Any, pk: Any = None) -> HttpResponse:
        """An issued basis as a Peppol BIS Billing 3.0 e-invoice (a credit note when its total is below zero).
        400 for a draft, or when the region or municipality lacks an organisation number."""
        basis = self.get_object()
        from .peppol import peppol_invoice_xml  # lxml is loaded only for an export

        xml = peppol_invoice_xml(basis)
        response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{basis.number}.xml"'
        return response


# --- the trainer pot --------------------------------------------------------------------------------------


class PotWeightsSerializer(serializers.Serializer):
    leader = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Shares a course leader's day earns.")
    trainer = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Shares a trainer's day earns.")


class PotTrainerSerializer(serializers.Serializer):
    trainer_id = serializers.IntegerField(help_text="The trainer profile.")
    name = serializers.CharField()
    municipality = serializers.IntegerField(source="municipality_id", help_text="The lending municipality.")
    municipality_name = serializers.CharField(source="municipality")
    days_led = serializers.IntegerField()
    days_trained = serializers.IntegerField()
    shares = _shares_field()
    exact = _money_field(help_text="The exact share of the pot, before rounding to the krona.")
    payout = _money_field(help_text="What the trainer's days earn their lending municipality.")


class PotMunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="municipality_id")
    name = serializers.CharField()
    shares = _shares_field()
    payout = _money_field()


class PotDayShareSerializer(serializers.Serializer):
    trainer = serializers.CharField()
    role = serializers.CharField(help_text="leader or trainer.")
    shares = _shares_field()


class PotDaySerializer(serializers.Serializer):
    course_day = serializers.IntegerField(source="course_day_id", allow_null=True)
    date = serializers.DateField()
    occasion = serializers.CharField()
    shares = PotDayShareSerializer(many=True)


class TrainerPotSerializer(serializers.Serializer):
    region = serializers.IntegerField()
    year = serializers.IntegerField()
    start = serializers.DateField(help_text="The pot's period: the calendar year unless the fee schedule says.")
    end = serializers.DateField()
    issued = serializers.BooleanField(help_text="Issued: read from what was copied then; else computed now.")
    issued_at = serializers.DateTimeField(allow_null=True)
    total = _money_field(help_text="The pot part of every charged participant-day of the period.")
    participant_days = serializers.IntegerField(
        allow_null=True, help_text="Charged participant-days; null for an issued pot (not kept on issue)."
    )
    weights = PotWeightsSerializer()
    total_shares = _shares_field(help_text="Every trainer's shares (the whole region's, also in a k-admin's view).")
    value_per_share = _money_field(allow_null=True, help_text="Null while no day has been taught.")
    trainers = PotTrainerSerializer(many=True)
    municipalities = PotMunicipalitySerializer(many=True, help_text="Per lending municipality.")
    days = PotDaySerializer(many=True, help_text="Every course day taught, with who earned which shares.")
    warnings = serializers.ListField(child=serializers.CharField())


def _pot_body(user: Any, view: selectors.PotView) -> dict[str, Any]:
    """The pot as the caller may see it: the whole calculation for a preparer, only their own municipalities'
    rows for a k-admin or manager. The pot's total, its shares and a share's value are the region's either way
    (``PotView.for_municipalities`` would recount the shares from the rows kept)."""
    total_shares, value_per_share = view.total_shares, view.value_per_share
    if not can_prepare(user, view.region):
        view = view.for_municipalities(own_municipalities(user))
    return {
        "region": view.region.pk,
        "year": view.year,
        "start": view.start,
        "end": view.end,
        "issued": view.issued is not None,
        "issued_at": view.issued.issued_at if view.issued is not None else None,
        "total": view.total,
        "participant_days": None if view.issued is not None else view.participant_days,
        "weights": {"leader": view.leader_shares, "trainer": view.trainer_shares},
        "total_shares": total_shares,
        "value_per_share": value_per_share,
        "trainers": view.trainers,
        "municipalities": view.municipalities,
        "days": [
            {
                "course_day_id": d.course_day_id,
                "date": d.date,
                "occasion": d.occasion,
                "shares": [{"trainer": name, "role": role, "shares": shares} for name, role, shares in d.shares],
            }
            for d in view.days
        ],
        "warnings": [str(w) for w in view.warnings],
    }


class TrainerPotView(APIView):
    """A region's trainer pot (*utbildarpott*) for a year: computed from the data until it is issued, then as
    issued. A region outside the caller's billing is a 404."""

    permission_classes = _PERMISSIONS

    @extend_schema(parameters=[_REGION, _YEAR], responses=TrainerPotSerializer)
    def get(self, request: Any, region_id: int, year: int) -> Response:
        """The whole calculation for the region's administrators and project leaders; a k-admin or manager
        gets the same totals with only their own municipalities' trainers, days and payouts."""
        region = _billing_region(request.user, region_id)
        view = selectors.pot_view(region=region, year=year)
        return Response(TrainerPotSerializer(_pot_body(request.user, view)).data)


class TrainerPotIssueView(APIView):
    permission_classes = _PERMISSIONS

    @extend_schema(request=None, parameters=[_REGION, _YEAR], responses={201: TrainerPotSerializer})
    def post(self, request: Any, region_id: int, year: int) -> Response:
        """Share out the pot as the data say now and lock it: every share and payout is copied; the year-end
        bases deduct the payouts. The region's administrators and project leaders (else 403); 400 if already
        issued, or if there is money in the pot but no day has been taught."""
        region = _billing_region(request.user, region_id)
        services.trainer_pot_issue(actor=request.user, region=region, year=year)
        view = selectors.pot_view(region=region, year=year)
        return Response(TrainerPotSerializer(_pot_body(request.user, view)).data, status=status.HTTP_201_CREATED)


# --- the cost split ---------------------------------------------------------------------------------------


class CostShareRowSerializer(serializers.Serializer):
    municipality = serializers.IntegerField(source="municipality_id")
    name = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    share = _money_field(allow_null=True, help_text="Of the fixed costs, to the krona; null until they can be split.")
    national_fee = _money_field(allow_null=True, help_text="Population × the national rate.")


class RegionalCostSerializer(serializers.Serializer):
    total = _money_field()
    population_year = serializers.IntegerField()
    description = serializers.CharField()
    updated_at = serializers.DateTimeField()


class CostSplitSerializer(serializers.Serializer):
    region = serializers.IntegerField()
    year = serializers.IntegerField()
    cost = RegionalCostSerializer(allow_null=True, help_text="The fixed costs; null until they are set.")
    population_year = serializers.IntegerField(help_text="The population on 31 December of this year is used.")
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="National fee per inhabitant.")
    rows = CostShareRowSerializer(many=True)
    population = serializers.IntegerField(help_text="The region's (known) population.")
    shared = _money_field(help_text="The fixed costs shared out (equal to the cost when it can be split).")
    national_fee_total = _money_field()
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="Municipalities without a population figure: they stop the split."
    )


class RegionalCostWriteSerializer(serializers.Serializer):
    total = _money_field(help_text="In whole kronor: it is shared out to the krona.")
    population_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


def _split_body(user: Any, view: selectors.CostSplitView) -> dict[str, Any]:
    """The split as the caller may see it: a k-admin or manager gets their own municipalities' rows (the
    region's totals stay whole)."""
    rows = view.rows
    if not can_prepare(user, view.region):
        mine = own_municipalities(user)
        rows = [r for r in rows if r.municipality_id in mine]
    return {
        "region": view.region.pk,
        "year": view.year,
        "cost": view.cost,
        "population_year": view.population_year,
        "rate": view.rate,
        "rows": rows,
        "population": view.population,
        "shared": view.shared,
        "national_fee_total": view.national_fee_total,
        "missing": view.missing,
    }


class CostSplitView(APIView):
    """A region's fixed costs for a year shared by its municipalities' population (to the krona, the total
    kept), with each municipality's national fee. A region outside the caller's billing is a 404."""

    permission_classes = _PERMISSIONS

    @extend_schema(parameters=[_REGION, _YEAR], responses=CostSplitSerializer)
    def get(self, request: Any, region_id: int, year: int) -> Response:
        """Every municipality's row for the region's administrators and project leaders; a k-admin or manager
        gets their own."""
        region = _billing_region(request.user, region_id)
        return Response(
            CostSplitSerializer(_split_body(request.user, selectors.cost_split(region=region, year=year))).data
        )

    @extend_schema(parameters=[_REGION, _YEAR], request=RegionalCostWriteSerializer, responses=CostSplitSerializer)
    def put(self, request: Any, region_id: int, year: int) -> Response:
        """Set the fixed costs (whole kronor) and which year's population shares them (the year before unless
        given). The region's administrators and project leaders; anyone else 403."""
        region = _billing_region(request.user, region_id)
        data = RegionalCostWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        services.regional_cost_save(
            actor=request.user,
            region=region,
            year=year,
            total=given["total"],
            population_year=given["population_year"],
            description=given["description"],
        )
        return Response(
            CostSplitSerializer(_split_body(request.user, selectors.cost_split(region=region, year=year))).data
        )

    @extend_schema(parameters=[_REGION, _YEAR], request=RegionalCostWriteSerializer, responses=CostSplitSerializer)
    def post(self, request: Any, region_id: int, year: int) -> Response:
        """The same as PUT."""
        return self.put(request, region_id, year)


# --- population -------------------------------------------------------------------------------------------


class BillingPopulationSerializer(serializers.ModelSerializer):
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    region = serializers.IntegerField(source="municipality.region_id", read_only=True)

    class Meta:
        model = Population
        fields = ["id", "municipality", "municipality_name", "region", "year", "count"]
        read_only_fields = fields


class PopulationFilterSerializer(serializers.Serializer):
    region = serializers.IntegerField(required=False, min_value=1)
    municipality = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=1)


class PopulationWriteSerializer(serializers.Serializer):
    municipality = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(help_text="Inhabitants on 31 December of this year.")
    count = serializers.IntegerField(help_text="Inhabitants.")


class PopulationImportSerializer(serializers.Serializer):
    region = serializers.IntegerField(min_value=1)
    file = serializers.FileField(required=False, help_text="A CSV file (multipart/form-data).")
    text = serializers.CharField(required=False, trim_whitespace=False, help_text="The CSV as text, instead of a file.")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("file" in data) == ("text" in data):
            raise serializers.ValidationError({"file": [_("Send either a file or the text, not both.")]})
        upload = data.get("file")
        if upload is not None and upload.size > POPULATION_FILE_MAX_BYTES:
            raise serializers.ValidationError({"file": [_("The file is too large.")]})
        return data


class PopulationImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class PopulationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Inhabitants per municipality on 31 December of a year (SCB): what the fixed costs are shared by. Set
    by the region's administrators and project leaders, one figure or a CSV file at a time."""

    permission_classes = _PERMISSIONS

    serializer_class = BillingPopulationSerializer

    def get_queryset(self) -> Any:
        qs = policy.visible(self.request.user, Population.objects.select_related("municipality"))
        if self.action != "list":
            return qs
        filters = PopulationFilterSerializer(data=_params(self.request, ("region", "municipality", "year")))
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        if "region" in given:
            qs = qs.filter(municipality__region_id=given["region"])
        if "municipality" in given:
            qs = qs.filter(municipality_id=given["municipality"])
        if "year" in given:
            qs = qs.filter(year=given["year"])
        return qs.order_by("municipality__name", "-year", "pk")

    @extend_schema(parameters=[PopulationFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``region``, ``municipality`` and ``year``. By municipality, latest year first."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PopulationWriteSerializer, responses={201: BillingPopulationSerializer})
    def create(self, request: Any) -> Response:
        """Set one municipality's inhabitants for a year (replacing the figure if there is one). The region's
        administrators and project leaders; anyone else 403."""
        _require_some_preparing(request.user)  # the same roles as ``population.manage``
        data = PopulationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        municipality = _one(
            policy.visible(request.user, Municipality.objects.select_related("region")),
            given["municipality"],
            "municipality",
        )
        row = organisation_services.population_save(
            actor=request.user, municipality=municipality, year=given["year"], count=given["count"]
        )
        row = Population.objects.select_related("municipality").get(pk=row.pk)
        return Response(BillingPopulationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PopulationImportSerializer, responses=PopulationImportResultSerializer)
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser, JSONParser])
    def import_csv(self, request: Any) -> Response:
        """Import a CSV (SCB's export or a sheet saved as CSV): a heading row naming Kommun (or Kommunkod), År
        and Folkmängd, separated by semicolons, commas or tabs. All or nothing: a file with any error changes
        nothing, and the 400 names every error with its line (``{"detail": ["Line 3: …", …]}``)."""
        _require_some_preparing(request.user)  # the same roles as ``population.manage``
        data = PopulationImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        region = _one(policy.visible(request.user, Region.objects.all()), given["region"], "region")
        content: bytes | str = given["file"].read() if "file" in given else given["text"]
        result = organisation_services.population_import(actor=request.user, region=region, content=content)
        return Response(PopulationImportResultSerializer(result).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("fee-schedules", FeeScheduleViewSet, "feeschedule"),
    ("invoice-bases", InvoiceBasisViewSet, "invoicebasis"),
    ("populations", PopulationViewSet, "population"),
]
URLS: list[URLPattern] = [
    path("trainer-pots/<int:region_id>/<int:year>/", TrainerPotView.as_view(), name="api_trainer_pot"),
    path("trainer-pots/<int:region_id>/<int:year>/issue/", TrainerPotIssueView.as_view(), name="api_trainer_pot_issue"),
    path("cost-splits/<int:region_id>/<int:year>/", CostSplitView.as_view(), name="api_cost_split"),
]
