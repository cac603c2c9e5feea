"""Who sees occasions, registrations and attendance, and who may plan and take attendance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from yrkesresan.accounts.models import Role, User
from yrkesresan.accounts.scopes import REGIONAL_ROLES, active_roles, is_system_admin, role_scope
from yrkesresan.core import policy
from yrkesresan.organisations.models import Municipality, Region

from .models import CourseDay, DayAttendance, DeliveryLevel, Occasion, Registration

#: The delivery levels a k-admin plans for their own municipality.
MUNICIPAL_LEVELS = (DeliveryLevel.MUNICIPAL, DeliveryLevel.WORKPLACE)


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
    municipalities = role_scope(user, Role.MUNICIPAL_ADMIN).municipalities
    return (
        Q(**{f"{prefix}user_id": user.pk})
        | Q(**{f"{prefix}user_id__in": people})
        | Q(**{f"{prefix}occasion__region_id__in": regions})
        | Q(
            **{
                f"{prefix}occasion__municipality_id__in": municipalities,
                f"{prefix}occasion__delivery_level__in": MUNICIPAL_LEVELS,
            }
        )
    )


def _registrations(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.filter(_registration_q(user))


def _attendance(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.filter(_registration_q(user, "registration__"))


def can_manage_occasion(actor: Any, obj: Any) -> bool:
    """Who plans an occasion (``obj`` an Occasion) or may create one in a place (a Region or a
    Municipality): the regional administrators and project leaders every occasion of their region;
    a k-admin the municipal and workplace-level occasions of their municipality; system admins all."""
    if is_system_admin(actor):
        return True
    regional = role_scope(actor, *REGIONAL_ROLES).regions
    if isinstance(obj, Region):
        return obj.pk in regional
    if isinstance(obj, Municipality):
        return obj.region_id in regional or obj.pk in role_scope(actor, Role.MUNICIPAL_ADMIN).municipalities
    if isinstance(obj, Occasion):
        if obj.region_id is not None and obj.region_id in regional:
            return True
        return (
            obj.delivery_level in MUNICIPAL_LEVELS
            and obj.municipality_id is not None
            and obj.municipality_id in role_scope(actor, Role.MUNICIPAL_ADMIN).municipalities
        )
    return False


def can_plan_some(actor: Any, obj: Any = None) -> bool:
    """Has a place where they may plan occasions (the planning pages show in the menu)."""
    return (
        is_system_admin(actor)
        or bool(role_scope(actor, *REGIONAL_ROLES).regions)
        or bool(role_scope(actor, Role.MUNICIPAL_ADMIN).municipalities)
    )


#: Other apps add who else takes attendance on an occasion (``trainers``: its team).
_attendance_takers: list[Callable[[Any, Occasion], bool]] = []


def register_attendance_taker(fn: Callable[[Any, Occasion], bool]) -> None:
    if fn not in _attendance_takers:
        _attendance_takers.append(fn)


def can_take_attendance(actor: Any, occasion: Any) -> bool:
    """The occasion's planners, and whoever another app names (the occasion's trainers)."""
    if not isinstance(occasion, Occasion):
        return False
    return can_manage_occasion(actor, occasion) or any(fn(actor, occasion) for fn in _attendance_takers)


#: Other apps add who has occasions to take attendance on somewhere (``trainers``: who teaches one), so
#: that the "today" page shows in their menu. Each answers for the actor alone, cheaply (it runs for the
#: menu on every page).
_attendance_takers_somewhere: list[Callable[[Any], bool]] = []


def register_attendance_taker_somewhere(fn: Callable[[Any], bool]) -> None:
    if fn not in _attendance_takers_somewhere:
        _attendance_takers_somewhere.append(fn)


def takes_attendance_somewhere(actor: Any) -> bool:
    """Whether another app names the actor as taking attendance on some occasion (a trainer who teaches)."""
    return any(fn(actor) for fn in _attendance_takers_somewhere)


policy.register_visibility(Occasion, _occasions)
policy.register_visibility(CourseDay, _course_days)
policy.register_visibility(Registration, _registrations)
policy.register_visibility(DayAttendance, _attendance)
policy.register_rule("occasions.manage", can_manage_occasion)
policy.register_rule("occasions.plan", can_plan_some)
policy.register_rule("occasions.take_attendance", can_take_attendance)
