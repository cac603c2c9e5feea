"""Planning an occasion: creating it with its course days, and (below) changing, copying and cancelling it.

The occasion's ``first_day`` and ``last_day`` are kept here, by every write of its days.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from yrkesresan.catalog.models import Course
from yrkesresan.core import policy
from yrkesresan.core.audit import audit_record

from ..models import CourseDay, DeliveryLevel, Occasion


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
) -> Occasion:
    """A course occasion in ``region`` with its course days (each a dict of date, starts, ends,
    mode and venue, address or link)."""
    policy.require(actor, "occasions.manage", region)
    if course.is_web:
        raise ValidationError(_("A self-paced web course has no course days."))
    if capacity < 1:
        raise ValidationError({"capacity": _("An occasion needs at least one place.")})
    if not days:
        raise ValidationError(_("Add the course days."))
    occasion = Occasion.objects.create(
        course=course, region=region, capacity=capacity, name=name, delivery_level=delivery_level
    )
    for day in days:
        course_day = CourseDay(occasion=occasion, **day)
        course_day.full_clean(exclude=["occasion"])
        course_day.save()
    _keep_day_range(occasion)
    audit_record(actor=actor, action="occasion.create", target=occasion, region_id=region.pk if region else None)
    return occasion
