"""Planning an occasion: creating and changing it with its course days, targets and kept places,
copying it to the next term, and cancelling it.

The occasion's ``first_day`` and ``last_day`` are kept here, by every write of its days. A change
of the course days (date, time, place or link) is told by e-mail to everyone signed up; a
cancelled occasion cancels every open sign-up and tells them why.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.catalog.models import Course, Level
from yrkesresan.core import events, policy
from yrkesresan.core.audit import audit_record
from yrkesresan.organisations.models import Municipality, Region, Unit

from ..models import (
    ACTIVE_STATES,
    PLACE_STATES,
    CourseDay,
    DayAttendance,
    DayMode,
    DeliveryLevel,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationState,
    SeatQuota,
)
from ..notifications import occasion_cancelled_notify, occasion_changed_notify
from .registrations import _announce, _move, _promote

#: What a course day is made of; a change to any of them is a change the participants are told about.
DAY_FIELDS = ("date", "starts", "ends", "mode", "venue", "address", "link")


def _keep_day_range(occasion: Occasion) -> None:
    span = occasion.days.aggregate(first=Min("date"), last=Max("date"))
    occasion.first_day, occasion.last_day = span["first"], span["last"]
    Occasion.objects.filter(pk=occasion.pk).update(first_day=occasion.first_day, last_day=occasion.last_day)


@transaction.atomic
def occasion_create(
    *,
    actor: Any,
    course: Course,
    region: Any,
    capacity: int,
    days: list[dict[str, Any]],
    name: str = "",
    delivery_level: str = DeliveryLevel.REGIONAL,
    municipality: Municipality | None = None,
    unit: Unit | None = None,
    **settings: Any,
) -> Occasion:
    """A course occasion in ``region`` with its course days (each a dict of date, starts, ends,
    mode and venue, address or link). The rest of the settings as for ``occasion_save``."""
    return occasion_save(
        actor=actor,
        course=course,
        delivery_level=delivery_level,
        region=region,
        municipality=municipality,
        unit=unit,
        name=name,
        capacity=capacity,
        days=days,
        **settings,
    )


# --- validation ------------------------------------------------------------------------------------


def _place(
    actor: Any,
    delivery_level: str,
    region: Region | None,
    municipality: Municipality | None,
    unit: Unit | None,
    errors: dict[str, list[str]],
) -> tuple[Region | None, Municipality | None, Unit | None]:
    """Check that the place fits the delivery level and that the actor may plan there. Returns the
    place completed from its parts (a unit's municipality, a municipality's region)."""
    if delivery_level not in DeliveryLevel.values:
        errors.setdefault("delivery_level", []).append(_("Choose where the occasion is given."))
        return region, municipality, unit
    if delivery_level == DeliveryLevel.NATIONAL:
        if region or municipality or unit:
            errors.setdefault("region", []).append(
                _("A national occasion is for the whole country: leave the region, municipality and unit empty.")
            )
        elif not policy.can(actor, "occasions.manage", None):
            raise PermissionDenied(_("Only system administrators plan national occasions."))
        return None, None, None
    if delivery_level == DeliveryLevel.WORKPLACE:
        if unit is None:
            errors.setdefault("unit", []).append(_("An occasion at a workplace needs the unit."))
            return region, municipality, unit
        if municipality is not None and municipality.pk != unit.municipality_id:
            errors.setdefault("unit", []).append(_("The unit is not in the municipality you chose."))
            return region, municipality, unit
        municipality = unit.municipality
    elif unit is not None:
        errors.setdefault("unit", []).append(_("Only an occasion at a workplace has a unit."))
        return region, municipality, unit
    if delivery_level in (DeliveryLevel.MUNICIPAL, DeliveryLevel.WORKPLACE):
        if municipality is None:
            errors.setdefault("municipality", []).append(_("A municipal occasion needs the municipality."))
            return region, municipality, unit
        if region is not None and region.pk != municipality.region_id:
            errors.setdefault("municipality", []).append(_("The municipality is not in the region you chose."))
            return region, municipality, unit
        region = municipality.region
        if not policy.can(actor, "occasions.manage", municipality):
            raise PermissionDenied(_("You may not plan occasions in %(place)s.") % {"place": municipality})
        return region, municipality, unit
    # regional
    if municipality is not None:
        errors.setdefault("municipality", []).append(
            _(
                "A regional occasion is for the whole region: leave the municipality empty "
                "(choose the municipalities it is open to instead)."
            )
        )
        return region, municipality, unit
    if region is None:
        errors.setdefault("region", []).append(_("A regional occasion needs the region."))
        return region, municipality, unit
    if not policy.can(actor, "occasions.manage", region):
        raise PermissionDenied(_("You may not plan regional occasions in %(place)s.") % {"place": region})
    return region, None, None


def _check_days(days: Sequence[dict[str, Any]], errors: dict[str, list[str]]) -> None:
    for number, day in enumerate(days, start=1):
        problems = []
        if not day.get("date") or not day.get("starts") or not day.get("ends"):
            problems.append(_("give the date and the times"))
        elif day["ends"] <= day["starts"]:
            problems.append(_("the day must end after it starts"))
        mode = day.get("mode") or DayMode.ON_SITE
        if mode == DayMode.ON_SITE and not (day.get("venue") or "").strip():
            problems.append(_("a day on site needs the venue"))
        if mode == DayMode.DIGITAL and not (day.get("link") or "").strip():
            problems.append(_("a digital day needs the link"))
        if mode not in DayMode.values:
            problems.append(_("choose on site or digital"))
        for problem in problems:
            errors.setdefault("days", []).append(
                _("Course day %(number)d: %(problem)s.") % {"number": number, "problem": problem}
            )


def _in_region(region: Region | None, municipality_region_id: int) -> bool:
    return region is None or municipality_region_id == region.pk


# --- create and change -----------------------------------------------------------------------------


def _day_signature(days: Iterable[Any]) -> list[tuple[Any, ...]]:
    rows = []
    for day in days:
        get = day.get if isinstance(day, dict) else lambda f, d=day: getattr(d, f)
        rows.append(
            (
                get("date"),
                get("starts"),
                get("ends"),
                get("mode") or DayMode.ON_SITE,
                (get("venue") or "").strip(),
                (get("address") or "").strip(),
                (get("link") or "").strip(),
            )
        )
    return sorted(rows)


@transaction.atomic
def occasion_save(
    *,
    actor: Any,
    occasion: Occasion | None = None,
    course: Course,
    delivery_level: str,
    region: Region | None,
    municipality: Municipality | None = None,
    unit: Unit | None = None,
    name: str = "",
    capacity: int,
    min_participants: int = 0,
    registration_opens: datetime.datetime | None = None,
    registration_closes: datetime.datetime | None = None,
    cancel_deadline: datetime.date | None = None,
    needs_approval: bool = False,
    waitlist_stops_days: int = 2,
    target_municipalities: Iterable[Municipality] = (),
    target_units: Iterable[Unit] = (),
    target_levels: Iterable[Level] = (),
    notes: str = "",
    days: list[dict[str, Any]],
    quotas: list[dict[str, Any]] | None = None,
) -> Occasion:
    """Create an occasion (``occasion`` None) or change one, with its course days, who may register
    and the places kept per municipality. Everything is checked before anything is written, and
    every problem is reported at once, by field.

    A day is a dict of date, starts, ends, mode, venue, address, link, and, for a day that already
    exists, its ``id``; an existing day left out is removed (refused if attendance was taken on it).
    A change of the days is told by e-mail to everyone signed up (booked, waitlisted or waiting for
    approval); more places promote from the waitlist."""
    quotas = list(quotas or [])
    target_municipalities = list(target_municipalities)
    target_units = list(target_units)
    target_levels = list(target_levels)
    errors: dict[str, list[str]] = {}

    locked: Occasion | None = None
    if occasion is not None:
        locked = Occasion.objects.select_for_update().get(pk=occasion.pk)
        policy.require(actor, "occasions.manage", locked)
        if locked.status == OccasionStatus.CANCELLED:
            raise ValidationError(_("The occasion is cancelled and can no longer be changed."))

    region, municipality, unit = _place(actor, delivery_level, region, municipality, unit, errors)

    if course.is_web:
        errors.setdefault("course", []).append(_("A self-paced web course has no course days."))
    if not days:
        errors.setdefault("days", []).append(_("Add the course days."))
    _check_days(days, errors)

    booked = 0
    if locked is not None:
        booked = Registration.objects.filter(occasion=locked, state__in=PLACE_STATES).count()
    if capacity is None or capacity < 1:
        errors.setdefault("capacity", []).append(_("An occasion needs at least one place."))
    elif capacity < booked:
        message = _("%(booked)d people are booked: the occasion needs at least that many places.")
        errors.setdefault("capacity", []).append(message % {"booked": booked})
    if min_participants is None or min_participants < 0:
        min_participants = 0
    if capacity and min_participants > capacity:
        errors.setdefault("min_participants", []).append(_("The minimum cannot be more than the number of places."))
    if waitlist_stops_days is None or waitlist_stops_days < 0:
        waitlist_stops_days = 0

    if registration_opens and registration_closes and registration_closes <= registration_opens:
        errors.setdefault("registration_closes", []).append(_("Registration must close after it opens."))
    dates = [d["date"] for d in days if d.get("date")]
    first = min(dates) if dates else None
    if cancel_deadline and first and cancel_deadline > first:
        errors.setdefault("cancel_deadline", []).append(
            _("The last day to cancel cannot be after the first course day.")
        )
    if registration_closes and first and timezone.localdate(registration_closes) > first:
        errors.setdefault("registration_closes", []).append(
            _("Registration must close by the first course day at the latest.")
        )

    for m in target_municipalities:
        if not _in_region(region, m.region_id):
            errors.setdefault("target_municipalities", []).append(
                _("%(place)s is not in the occasion's region.") % {"place": m}
            )
    for u in target_units:
        if not _in_region(region, u.region_id):
            errors.setdefault("target_units", []).append(_("%(place)s is not in the occasion's region.") % {"place": u})

    seen: set[int] = set()
    for quota in quotas:
        m = quota["municipality"]
        if region is None or m.region_id != region.pk:
            errors.setdefault("quotas", []).append(
                _("Places can only be kept for a municipality in the occasion's region (%(place)s is not).")
                % {"place": m}
            )
        if m.pk in seen:
            errors.setdefault("quotas", []).append(_("%(place)s has places kept twice.") % {"place": m})
        seen.add(m.pk)
        if not quota.get("seats") or quota["seats"] < 1:
            errors.setdefault("quotas", []).append(_("Keep at least one place for %(place)s.") % {"place": m})
        if not quota.get("release_at"):
            errors.setdefault("quotas", []).append(
                _("Say until when the places are kept for %(place)s.") % {"place": m}
            )
    if capacity and sum(q.get("seats") or 0 for q in quotas) > capacity:
        errors.setdefault("quotas", []).append(_("More places are kept for municipalities than the occasion has."))

    # Which existing days go, and may they?
    existing: dict[int, CourseDay] = {}
    removed: list[CourseDay] = []
    if locked is not None:
        existing = {d.pk: d for d in locked.days.all()}
        kept_ids = {d.get("id") for d in days if d.get("id")}
        if kept_ids - set(existing):
            errors.setdefault("days", []).append(_("A course day does not belong to this occasion."))
        removed = [d for pk, d in existing.items() if pk not in kept_ids]
        marked = set(
            DayAttendance.objects.filter(course_day__in=removed).values_list("course_day_id", flat=True).distinct()
        )
        for day in removed:
            if day.pk in marked:
                errors.setdefault("days", []).append(
                    _("The course day %(date)s cannot be removed: attendance has been taken on it.")
                    % {"date": day.date.isoformat()}
                )

    if errors:
        raise ValidationError(errors)

    fields = {
        "course": course,
        "delivery_level": delivery_level,
        "region": region,
        "municipality": municipality,
        "unit": unit,
        "name": name.strip(),
        "capacity": capacity,
        "min_participants": min_participants,
        "registration_opens": registration_opens,
        "registration_closes": registration_closes,
        "cancel_deadline": cancel_deadline,
        "needs_approval": needs_approval,
        "waitlist_stops_days": waitlist_stops_days,
        "notes": notes.strip(),
    }
    if locked is None:
        saved = Occasion.objects.create(**fields)
        before: dict[str, Any] = {}
        days_before: list[tuple[Any, ...]] = []
    else:
        saved = locked
        before = {f: getattr(saved, f) for f in fields}
        days_before = _day_signature(existing.values())
        for f, value in fields.items():
            setattr(saved, f, value)
        saved.save()

    if removed:
        # Higher apps first keep what hangs on the days (who taught them), or refuse.
        events.announce("course_days.removing", occasion_id=saved.pk, day_ids=[d.pk for d in removed], by=actor)
    for day in removed:
        day.delete()
    for data in days:
        values = {f: data.get(f) for f in DAY_FIELDS}
        values["mode"] = values["mode"] or DayMode.ON_SITE
        for f in ("venue", "address", "link"):
            values[f] = (values[f] or "").strip()
        if values["mode"] == DayMode.DIGITAL:
            values["venue"] = values["address"] = ""
        else:
            values["link"] = ""
        course_day = existing.get(data.get("id") or 0) or CourseDay(occasion=saved)
        for f, value in values.items():
            setattr(course_day, f, value)
        course_day.full_clean(exclude=["occasion"])
        course_day.save()
    _keep_day_range(saved)

    saved.target_municipalities.set(target_municipalities)
    saved.target_units.set(target_units)
    saved.target_levels.set(target_levels)
    SeatQuota.objects.filter(occasion=saved).delete()
    SeatQuota.objects.bulk_create(
        SeatQuota(occasion=saved, municipality=q["municipality"], seats=q["seats"], release_at=q["release_at"])
        for q in quotas
    )

    if locked is None:
        audit_record(
            actor=actor,
            action="occasion.create",
            target=saved,
            region_id=saved.region_id,
            municipality_id=saved.municipality_id,
        )
        return saved

    days_changed = _day_signature(saved.days.all()) != days_before
    changes = {f: [before[f], getattr(saved, f)] for f in fields if before[f] != getattr(saved, f)}
    if days_changed:
        changes["days"] = [
            [str(d[0]) for d in days_before],
            [str(d.date) for d in saved.days.all()],
        ]
    promoted = _promote(saved, by=actor)
    told: list[int] = []
    if days_changed:
        signed_up = list(
            Registration.objects.filter(occasion=saved, state__in=ACTIVE_STATES)
            .exclude(pk__in=[r.pk for r in promoted])
            .select_related("user")
        )
        occasion_changed_notify(saved, signed_up)
        told = [r.user_id for r in signed_up]
        events.announce("course_days.changed", occasion_id=saved.pk, by=actor)
    audit_record(
        actor=actor,
        action="occasion.update",
        target=saved,
        changes=changes,
        region_id=saved.region_id,
        municipality_id=saved.municipality_id,
    )
    _announce(saved, dict.fromkeys([*told, *(r.user_id for r in promoted)]))
    return saved


# --- copy and cancel -------------------------------------------------------------------------------


def _shift(moment: datetime.datetime | None, delta: datetime.timedelta) -> datetime.datetime | None:
    """The same wall-clock time ``delta`` days later (so 09:00 stays 09:00 across summer time)."""
    if moment is None:
        return None
    local = timezone.localtime(moment).replace(tzinfo=None) + delta
    return timezone.make_aware(local)


def copy_shift(occasion: Occasion, first_day: datetime.date) -> datetime.timedelta:
    """How far a copy whose first course day is ``first_day`` moves every date of ``occasion``."""
    if occasion.first_day is None:
        raise ValidationError(_("The occasion has no course days to copy."))
    return first_day - occasion.first_day


@transaction.atomic
def occasion_copy(*, actor: Any, occasion: Occasion, first_day: datetime.date) -> Occasion:
    """A new planned occasion with the same settings, targets and kept places, every date moved so
    that its first course day falls on ``first_day`` (the course days, the registration window, the
    last day to cancel and the release of kept places alike). Nobody is signed up on the copy."""
    policy.require(actor, "occasions.manage", occasion)
    original = Occasion.objects.get(pk=occasion.pk)
    delta = copy_shift(original, first_day)
    copy = Occasion.objects.create(
        course_id=original.course_id,
        delivery_level=original.delivery_level,
        region_id=original.region_id,
        municipality_id=original.municipality_id,
        unit_id=original.unit_id,
        name=original.name,
        capacity=original.capacity,
        min_participants=original.min_participants,
        registration_opens=_shift(original.registration_opens, delta),
        registration_closes=_shift(original.registration_closes, delta),
        cancel_deadline=original.cancel_deadline + delta if original.cancel_deadline else None,
        needs_approval=original.needs_approval,
        waitlist_stops_days=original.waitlist_stops_days,
        notes=original.notes,
    )
    CourseDay.objects.bulk_create(
        CourseDay(
            occasion=copy,
            date=day.date + delta,
            starts=day.starts,
            ends=day.ends,
            mode=day.mode,
            venue=day.venue,
            address=day.address,
            link=day.link,
        )
        for day in original.days.all()
    )
    _keep_day_range(copy)
    copy.target_municipalities.set(original.target_municipalities.all())
    copy.target_units.set(original.target_units.all())
    copy.target_levels.set(original.target_levels.all())
    SeatQuota.objects.bulk_create(
        SeatQuota(
            occasion=copy,
            municipality_id=q.municipality_id,
            seats=q.seats,
            release_at=_shift(q.release_at, delta) or q.release_at,
        )
        for q in original.quotas.all()
    )
    audit_record(
        actor=actor,
        action="occasion.copy",
        target=copy,
        changes={"copied_from": original.pk, "days_moved": delta.days},
        region_id=copy.region_id,
        municipality_id=copy.municipality_id,
    )
    return copy


@transaction.atomic
def occasion_cancel(*, actor: Any, occasion: Occasion, reason: str) -> Occasion:
    """Cancel the occasion: every sign-up still open (booked, waitlisted, waiting for approval) is
    cancelled, not late, and told by e-mail with the reason."""
    locked = Occasion.objects.select_for_update().get(pk=occasion.pk)
    policy.require(actor, "occasions.manage", locked)
    reason = (reason or "").strip()
    if locked.status == OccasionStatus.CANCELLED:
        raise ValidationError(_("The occasion is already cancelled."))
    if not reason:
        raise ValidationError({"reason": _("Say why the occasion is cancelled: the participants are told.")})
    locked.status = OccasionStatus.CANCELLED
    locked.cancel_reason = reason[:300]
    locked.save(update_fields=["status", "cancel_reason", "updated_at"])
    signed_up = list(
        Registration.objects.filter(occasion=locked, state__in=ACTIVE_STATES).select_related("user").order_by("id")
    )
    for registration in signed_up:
        _move(registration, RegistrationState.CANCELLED, by=actor, reason=reason)
    occasion_cancelled_notify(locked, signed_up)
    events.announce("occasion.cancelled", occasion_id=locked.pk, by=actor)
    audit_record(
        actor=actor,
        action="occasion.cancel",
        target=locked,
        changes={
            "status": [OccasionStatus.PLANNED, OccasionStatus.CANCELLED],
            "reason": reason,
            "told": len(signed_up),
        },
        region_id=locked.region_id,
        municipality_id=locked.municipality_id,
    )
    _announce(locked, [r.user_id for r in signed_up])
    return locked
