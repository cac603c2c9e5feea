"""Who sees occasions, registrations and attendance, and who may plan and take attendance."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yrkesresan.accounts.models import User
from yrkesresan.accounts.scopes import REGIONAL_ROLES, active_roles, is_system_admin, role_scope
from yrkesresan.core import policy

from .models import CourseDay, DayAttendance, Occasion, Registration


def _regions_of(user: Any) -> set[int]:
    return {r.region_id for r in active_roles(user) if r.region_id is not None}


def _occasions(user: Any, qs: QuerySet) -> QuerySet:
    """Everyone sees the national occasions and those of the regions they have a role in."""
    if is_system_admin(user):
        return qs
    return qs.filter(Q(region__isnull=True) | Q(region_id__in=_regions_of(user)))


def _course_days(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    return qs.filter(Q(occasion__region__isnull=True) | Q(occasion__region_id__in=_regions_of(user)))


def _registration_q(user: Any, prefix: str = "") -> Q:
    """Your own registrations, those of the people you administer, and, for the regional roles,
    every registration on their region's occasions."""
    people = policy.visible(user, User.objects.all()).values("pk")
    regions = role_scope(user, *REGIONAL_ROLES).regions
    return (
        Q(**{f"{prefix}user_id": user.pk})
        | Q(**{f"{prefix}user_id__in": people})
        | Q(**{f"{prefix}occasion__region_id__in": regions})
    )


def _registrations(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.filter(_registration_q(user))


def _attendance(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.filter(_registration_q(user, "registration__"))


def can_manage_occasion(actor: Any, obj: Any) -> bool:
    """Regional administrators and project leaders plan their region's occasions."""
    if is_system_admin(actor):
        return True
    region_id = obj.region_id if isinstance(obj, Occasion) else getattr(obj, "pk", None)
    return region_id is not None and region_id in role_scope(actor, *REGIONAL_ROLES).regions


policy.register_visibility(Occasion, _occasions)
policy.register_visibility(CourseDay, _course_days)
policy.register_visibility(Registration, _registrations)
policy.register_visibility(DayAttendance, _attendance)
policy.register_rule("occasions.manage", can_manage_occasion)
