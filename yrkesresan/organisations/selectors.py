"""Reads of the organisation tree. Callers pass querysets already narrowed by ``core.policy.visible``."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from .models import Municipality, Population, Region, Unit


def region_list(*, regions: QuerySet[Region]) -> QuerySet[Region]:
    return regions.annotate(municipality_count=Count("municipalities", distinct=True)).order_by("name")


def municipality_list(*, municipalities: QuerySet[Municipality], year: int | None = None) -> QuerySet[Municipality]:
    """Municipalities with their number of active units and, if ``year`` is given, their population then."""
    qs = municipalities.select_related("region").annotate(
        unit_count=Count("units", filter=Q(units__is_active=True), distinct=True)
    )
    if year is not None:
        qs = qs.annotate(
            population=Subquery(Population.objects.filter(municipality=OuterRef("pk"), year=year).values("count")[:1])
        )
    return qs.order_by("name")


def latest_population_year(*, region: Region) -> int | None:
    return (
        Population.objects.filter(municipality__region=region).order_by("-year").values_list("year", flat=True).first()
    )


def unit_list(*, units: QuerySet[Unit]) -> QuerySet[Unit]:
    return units.select_related("municipality").order_by("name")
