"""Writes to the organisation tree."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yrkesresan.core.audit import audit_record, diff

from .models import Municipality, Population, Region, Unit


def _name_taken(*, municipality_id: int, name: str, exclude_pk: int | None = None) -> bool:
    """Case-insensitively, å/ä/ö included (SQLite's own case folding is ASCII-only)."""
    units = Unit.objects.filter(municipality_id=municipality_id)
    if exclude_pk is not None:
        units = units.exclude(pk=exclude_pk)
    names = units.values_list("name", flat=True)
    return name.casefold() in {n.casefold() for n in names}


@transaction.atomic
def unit_create(*, actor: Any, municipality: Municipality, name: str) -> Unit:
    """A new workplace in ``municipality``. Names are unique within a municipality."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the unit a name.")})
    if _name_taken(municipality_id=municipality.pk, name=name):
        raise ValidationError(
            {"name": _("%(municipality)s already has a unit with that name.") % {"municipality": municipality}}
        )
    unit = Unit.objects.create(municipality=municipality, region_id=municipality.region_id, name=name)
    audit_record(
        actor=actor,
        action="unit.create",
        target=unit,
        changes={"name": name},
        region_id=unit.region_id,
        municipality_id=unit.municipality_id,
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, name: str, is_active: bool) -> Unit:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the unit a name.")})
    if _name_taken(municipality_id=unit.municipality_id, name=name, exclude_pk=unit.pk):
        raise ValidationError(
            {"name": _("%(municipality)s already has a unit with that name.") % {"municipality": unit.municipality}}
        )
    before = {"name": unit.name, "is_active": unit.is_active}
    unit.name, unit.is_active = name, is_active
    unit.save(update_fields=["name", "is_active"])
    changes = diff(before, {"name": name, "is_active": is_active})
    if changes:
        audit_record(
            actor=actor,
            action="unit.update",
            target=unit,
            changes=changes,
            region_id=unit.region_id,
            municipality_id=unit.municipality_id,
        )
    return unit


@transaction.atomic
def region_create(*, name: str, county_code: str) -> Region:
    return Region.objects.create(name=name, county_code=county_code)


@transaction.atomic
def municipality_create(
    *,
    region: Region,
    name: str,
    scb_code: str,
    populations: dict[int, int] | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Municipality:
    """A municipality with its populations; ``latitude``/``longitude`` (its main town) if known."""
    municipality = Municipality.objects.create(
        region=region, name=name, scb_code=scb_code, latitude=latitude, longitude=longitude
    )
    for year, count in (populations or {}).items():
        Population.objects.create(municipality=municipality, year=year, count=count)
    return municipality
