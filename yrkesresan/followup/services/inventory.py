"""Writes of the inventory survey (*enkät – inventering*) and of the planning assumptions.

- ``inventory_save``: a municipality's staff and managers per level of a journey in a year, and the venues
  it can offer. The k-admin reports their own municipality's; the regional roles correct any of their
  region's. All or nothing: one bad number and nothing is saved.
- ``planning_assumptions_save``: what a region's planning suggestion for a journey and a year assumes
  (group size, share starting in the year, terms, trainers per occasion, days a trainer gives).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yrkesresan.catalog.models import Journey
from yrkesresan.core import policy
from yrkesresan.core.audit import audit_record
from yrkesresan.organisations.models import Municipality, Region

from ..models import InventoryLevel, InventoryReport, InventoryVenue, PlanningAssumptions

#: The years a report or a plan may be for.
FIRST_YEAR, LAST_YEAR = 2000, 2100
VENUE_NAME_MAX, VENUE_NOTE_MAX = 160, 300
#: A municipality has at most a few thousand staff at a level; a larger figure is a typing error.
MAX_COUNT = 1_000_000


def _whole(value: Any) -> int:
    """A whole number, 0 or more (an int or its digits as text; blank is 0). ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, (bool, float)):
        raise ValueError(value)
    number = int(str(value).strip()) if isinstance(value, str) else int(value)
    if number < 0 or number > MAX_COUNT:
        raise ValueError(value)
    return number


def _check_year(year: Any, errors: dict[str, list[str]]) -> int:
    try:
        number = int(year)
    except (TypeError, ValueError):
        number = 0
    if not FIRST_YEAR <= number <= LAST_YEAR:
        errors.setdefault("year", []).append(
            _("Give a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return number


def _venue_field(venue: Any, name: str) -> Any:
    return venue.get(name) if isinstance(venue, Mapping) else getattr(venue, name, None)


def inventory_save(
    *,
    actor: Any,
    municipality: Municipality,
    journey: Journey,
    year: int,
    levels: Mapping[int, tuple[Any, Any]],
    venues: Sequence[Mapping[str, Any] | Any] = (),
    note: str = "",
) -> InventoryReport:
    """Save ``municipality``'s answer to the inventory survey for ``journey`` and ``year``.

    ``levels`` maps a level of the journey (its id) to ``(staff, managers)``: whole numbers, 0 or more; a
    level left out counts as none. ``venues`` are the venues it offers, each with a ``name`` (required),
    ``places`` (whole, 0 or more) and an optional ``note``; they replace the venues reported before.
    A k-admin reports their own municipality; the regional roles correct any of their region's.

    Errors are per field: ``level_<id>_staff``, ``level_<id>_managers``, ``venue_<n>_name`` (n from 0),
    ``venue_<n>_places``, ``venue_<n>_note``, ``year``. Nothing is saved unless everything is right."""
    policy.require(actor, "followup.report_inventory", municipality)
    errors: dict[str, list[str]] = {}
    year = _check_year(year, errors)
    journey_levels = {lv.pk: lv for lv in journey.levels.all()}

    figures: dict[int, tuple[int, int]] = {}
    for level_id, pair in levels.items():
        try:
            key = int(level_id)
        except (TypeError, ValueError):
            key = -1
        if key not in journey_levels:
            errors.setdefault("levels", []).append(
                _("A level given is not a level of %(journey)s.") % {"journey": journey}
            )
            continue
        counts: list[int] = []
        for what, value in zip(("staff", "managers"), pair, strict=True):
            try:
                counts.append(_whole(value))
            except (TypeError, ValueError):
                errors.setdefault(f"level_{key}_{what}", []).append(_("Give a whole number, 0 or more."))
                counts.append(0)
        figures[key] = (counts[0], counts[1])

    clean_venues: list[tuple[str, int, str]] = []
    for n, venue in enumerate(venues):
        name = str(_venue_field(venue, "name") or "").strip()
        venue_note = str(_venue_field(venue, "note") or "").strip()
        if not name:
            errors.setdefault(f"venue_{n}_name", []).append(_("A venue needs a name."))
        elif len(name) > VENUE_NAME_MAX:
            errors.setdefault(f"venue_{n}_name", []).append(
                _("Use at most %(max)s characters.") % {"max": VENUE_NAME_MAX}
            )
        if len(venue_note) > VENUE_NOTE_MAX:
            errors.setdefault(f"venue_{n}_note", []).append(
                _("Use at most %(max)s characters.") % {"max": VENUE_NOTE_MAX}
            )
        try:
            places = _whole(_venue_field(venue, "places"))
        except (TypeError, ValueError):
            errors.setdefault(f"venue_{n}_places", []).append(_("Give a whole number, 0 or more."))
            places = 0
        clean_venues.append((name, places, venue_note))
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        report, created = InventoryReport.objects.select_for_update().get_or_create(
            municipality=municipality, journey=journey, year=year, defaults={"note": note, "reported_by": actor}
        )
        before = {} if created else _summary(report)
        report.note = note
        report.reported_by = actor
        report.save()
        report.levels.exclude(level_id__in=figures).delete()
        for level_id, (staff, managers) in figures.items():
            InventoryLevel.objects.update_or_create(
                report=report, level_id=level_id, defaults={"staff": staff, "managers": managers}
            )
        report.venues.all().delete()
        InventoryVenue.objects.bulk_create(
            InventoryVenue(report=report, name=name, places=places, note=venue_note)
            for name, places, venue_note in clean_venues
        )
        after = _summary(report)
        audit_record(
            actor=actor,
            action="inventory.save",
            target=report,
            changes={"before": before, "after": after} if before else after,
            region_id=municipality.region_id,
            municipality_id=municipality.pk,
        )
    return report


def _summary(report: InventoryReport) -> dict[str, Any]:
    """What the audit trail keeps of a report: the figures per level (by code) and the venues."""
    return {
        "year": report.year,
        "levels": {
            row.level.code: [row.staff, row.managers]
            for row in report.levels.select_related("level").order_by("level__order")
        },
        "venues": [[v.name, v.places, v.note] for v in report.venues.order_by("name", "id")],
        "note": report.note,
    }


#: The assumptions and their bounds (the model's validators say the same; checked here to name the field).
ASSUMPTION_BOUNDS: dict[str, tuple[int, int]] = {
    "group_size": (1, 500),
    "share_per_year": (1, 100),
    "terms_per_year": (1, 2),
    "trainers_per_occasion": (1, 20),
    "days_per_trainer": (1, 365),
}


def planning_assumptions_save(
    *,
    actor: Any,
    region: Region,
    journey: Journey,
    year: int,
    group_size: int,
    share_per_year: int,
    terms_per_year: int,
    trainers_per_occasion: int,
    days_per_trainer: int,
) -> PlanningAssumptions:
    """Save what the planning suggestion of ``region`` for ``journey`` and ``year`` assumes: participants per
    occasion, the share of the reported staff to start in the year (%), terms with courses (1 or 2), trainers
    per occasion and course days a trainer gives in a year. The regional roles of the region (and system
    admins) plan."""
    policy.require(actor, "followup.plan", region)
    errors: dict[str, list[str]] = {}
    year = _check_year(year, errors)
    given = {
        "group_size": group_size,
        "share_per_year": share_per_year,
        "terms_per_year": terms_per_year,
        "trainers_per_occasion": trainers_per_occasion,
        "days_per_trainer": days_per_trainer,
    }
    values: dict[str, int] = {}
    for field, value in given.items():
        low, high = ASSUMPTION_BOUNDS[field]
        try:
            number = _whole(value) if value not in (None, "") else -1
        except (TypeError, ValueError):
            number = -1
        if not low <= number <= high:
            errors.setdefault(field, []).append(
                _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
            )
        values[field] = number
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = PlanningAssumptions.objects.select_for_update().filter(region=region, journey=journey, year=year).first()
        before = {f: getattr(row, f) for f in values} if row else {}
        if row is None:
            row = PlanningAssumptions(region=region, journey=journey, year=year)
        for field, number in values.items():
            setattr(row, field, number)
        row.save()
        audit_record(
            actor=actor,
            action="planning.save",
            target=row,
            changes={f: [before.get(f), v] for f, v in values.items() if before.get(f) != v},
            region_id=region.pk,
        )
    return row
