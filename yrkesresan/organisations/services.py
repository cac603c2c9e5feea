"""Writes to the organisation tree."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yrkesresan.core import policy
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


# --- population ---------------------------------------------------------------------------------------


def _require_population(actor: Any, region: Region) -> None:
    if not policy.can(actor, "population.manage", region):
        raise PermissionDenied("population.manage")


def _count(value: Any) -> int:
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


@transaction.atomic
def population_save(*, actor: Any, municipality: Municipality, year: int, count: int | str) -> Population:
    """Set a municipality's inhabitants on 31 December of ``year`` (what the fixed costs are shared by)."""
    _require_population(actor, municipality.region)
    errors: dict[str, str] = {}
    try:
        number = _count(count)
    except ValueError:
        errors["count"] = _("Give the number of inhabitants as a whole number, for example 22753.")
    if not 1900 <= int(year) <= 2100:
        errors["year"] = _("Give a year between 1900 and 2100.")
    if errors:
        raise ValidationError(errors)
    row, created = Population.objects.get_or_create(municipality=municipality, year=year, defaults={"count": number})
    old = None if created else row.count
    if not created and row.count != number:
        row.count = number
        row.save(update_fields=["count"])
    audit_record(
        actor=actor,
        action="population.save",
        target=row,
        changes={"count": [old, number], "year": year},
        region_id=municipality.region_id,
        municipality_id=municipality.pk,
    )
    return row


#: The column headings an import understands, by what they mean (Swedish and English, any case).
_HEADINGS = {
    "municipality": {"kommun", "municipality", "namn", "name"},
    "code": {"kommunkod", "kod", "code", "scb_code", "scb-kod"},
    "year": {"år", "ar", "year"},
    "count": {"folkmängd", "folkmangd", "befolkning", "invånare", "invanare", "population", "count", "inhabitants"},
}
POPULATION_IMPORT_MAX_ROWS = 5000


@dataclass(frozen=True)
class PopulationImport:
    created: int
    updated: int
    unchanged: int


def population_import(*, actor: Any, region: Region, content: bytes | str) -> PopulationImport:
    """Population per municipality and year from a CSV file (SCB's export or a sheet saved as CSV): a heading
    row naming the municipality (or its code), the year and the inhabitants, separated by semicolons, commas
    or tabs. Every row is checked first: a file with any error (an unknown municipality, a number that is not
    one, the same municipality and year twice) changes nothing, and every error is named with its line."""
    _require_population(actor, region)
    if isinstance(content, bytes):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    else:
        text = content
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValidationError([_("The file is empty.")])
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    rows = list(csv.reader(lines, delimiter=delimiter))
    heading = [cell.strip().casefold() for cell in rows[0]]
    columns: dict[str, int] = {}
    for i, title in enumerate(heading):
        for meaning, names in _HEADINGS.items():
            if title in names and meaning not in columns:
                columns[meaning] = i
    errors: list[str] = []
    if "year" not in columns or "count" not in columns or not ({"municipality", "code"} & columns.keys()):
        raise ValidationError(
            [
                _("The first row must name the columns: Kommun (or Kommunkod), År and Folkmängd. It says: %(heading)s")
                % {"heading": delimiter.join(rows[0])}
            ]
        )
    if len(rows) - 1 > POPULATION_IMPORT_MAX_ROWS:
        raise ValidationError([_("The file has more than %(max)s rows.") % {"max": POPULATION_IMPORT_MAX_ROWS}])
    municipalities = list(Municipality.objects.filter(region=region))
    by_name = {m.name.casefold(): m for m in municipalities}
    by_code = {m.scb_code: m for m in municipalities}
    seen: dict[tuple[int, int], int] = {}
    parsed: list[tuple[Municipality, int, int]] = []
    for line_no, row in enumerate(rows[1:], start=2):

        def cell(meaning: str, row: list[str] = row) -> str:
            i = columns.get(meaning)
            return row[i].strip() if i is not None and i < len(row) else ""

        municipality = None
        if cell("code"):
            municipality = by_code.get(cell("code"))
        if municipality is None and cell("municipality"):
            name = cell("municipality").casefold().removesuffix(" kommun")
            municipality = by_name.get(name)
        if municipality is None:
            what = cell("municipality") or cell("code")
            errors.append(
                _("Line %(line)s: %(what)s is not a municipality of %(region)s.")
                % {"line": line_no, "what": what or "–", "region": region}
            )
        try:
            year = _count(cell("year"))
            if not 1900 <= year <= 2100:
                raise ValueError(year)
        except ValueError:
            errors.append(
                _("Line %(line)s: %(value)s is not a year.") % {"line": line_no, "value": cell("year") or "–"}
            )
            year = None
        try:
            count = _count(cell("count"))
        except ValueError:
            errors.append(
                _("Line %(line)s: %(value)s is not a number of inhabitants.")
                % {"line": line_no, "value": cell("count") or "–"}
            )
            count = None
        if municipality is not None and year is not None:
            first = seen.get((municipality.pk, year))
            if first is not None:
                errors.append(
                    _("Line %(line)s: %(municipality)s %(year)s is already on line %(first)s.")
                    % {"line": line_no, "municipality": municipality, "year": year, "first": first}
                )
            else:
                seen[(municipality.pk, year)] = line_no
        if municipality is not None and year is not None and count is not None:
            parsed.append((municipality, year, count))
    if errors:
        raise ValidationError(errors)
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {
            (p.municipality_id, p.year): p
            for p in Population.objects.select_for_update().filter(municipality__region=region)
        }
        for municipality, year, count in parsed:
            known = existing.get((municipality.pk, year))
            if known is None:
                Population.objects.create(municipality=municipality, year=year, count=count)
                created += 1
            elif known.count != count:
                known.count = count
                known.save(update_fields=["count"])
                updated += 1
            else:
                unchanged += 1
        audit_record(
            actor=actor,
            action="population.import",
            target=region,
            changes={"rows": len(parsed), "created": created, "updated": updated},
            region_id=region.pk,
        )
    return PopulationImport(created=created, updated=updated, unchanged=unchanged)
