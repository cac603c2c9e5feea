"""Visibility and rules for organisations, people, roles and the audit trail.

Registered with ``core.policy`` when the app loads. The organisation tree's visibility
lives here rather than in ``organisations`` because it depends on roles, and roles
live in this app (organisations knows nothing of people).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yrkesresan.core import policy
from yrkesresan.core.models import AccessibilityReport, AuditEvent
from yrkesresan.organisations.models import Municipality, Population, Region, Unit

from .listing import scope_places
from .models import PersonPlace, Role, RoleAssignment, User
from .scopes import (
    REGIONAL_ROLES,
    active_roles,
    assignable_roles,
    can_assign,
    has_role,
    is_system_admin,
    people_scope,
    role_scope,
)

ORG_ADMIN_ROLES = (Role.SYSTEM_ADMIN, *REGIONAL_ROLES, Role.MUNICIPAL_ADMIN)


# --- visibility -------------------------------------------------------------------------


def _regions(user: Any, qs: QuerySet) -> QuerySet:
    scope = people_scope(user)
    return qs if scope.everything else qs.filter(pk__in=scope.regions)


def _municipalities(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(people_scope(user).q(municipality="id", unit=None))


def _populations(user: Any, qs: QuerySet) -> QuerySet:
    """Where the user administers people; a unit's manager also sees their municipality's figures (its share
    of the region's costs follows from them)."""
    scope = people_scope(user)
    if scope.everything:
        return qs
    managed = frozenset(r.municipality_id for r in active_roles(user) if r.role == Role.MANAGER and r.municipality_id)
    return qs.filter(
        scope.q(region="municipality__region_id", municipality="municipality_id", unit=None)
        | Q(municipality_id__in=managed)
    )


def _units(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(people_scope(user).q(unit="id"))


def _people(user: Any, qs: QuerySet) -> QuerySet:
    """People with an active role inside the places the user administers (the read model
    ``PersonPlace`` holds, per place, who belongs there today)."""
    scope = people_scope(user)
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    holders = PersonPlace.objects.filter(scope_places(scope)).values("user_id")
    return qs.filter(pk__in=holders)


def _assignments(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(people_scope(user).q())


def _audit(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    return qs.filter(region_id__in=role_scope(user, *REGIONAL_ROLES).regions)


def _accessibility_reports(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.none()


policy.register_visibility(Region, _regions)
policy.register_visibility(Municipality, _municipalities)
policy.register_visibility(Population, _populations)
policy.register_visibility(Unit, _units)
policy.register_visibility(User, _people)
policy.register_visibility(RoleAssignment, _assignments)
policy.register_visibility(AuditEvent, _audit)
policy.register_visibility(AccessibilityReport, _accessibility_reports)


# --- rules ---------------------------------------------------------------------------------


def can_manage_person(actor: Any, person: User) -> bool:
    """An actor may change a person when every role the person holds today is one the actor
    could have given them. So a k-admin cannot reset the password of a regional admin who
    also happens to work in their municipality, and only system admins manage system admins."""
    roles = list(
        RoleAssignment.objects.active()
        .filter(user=person)
        .values_list("role", "region_id", "municipality_id", "unit_id")
    )
    if not roles:
        return is_system_admin(actor)
    return all(
        can_assign(actor, role=role, region_id=region_id, municipality_id=municipality_id, unit_id=unit_id)
        for role, region_id, municipality_id, unit_id in roles
    )


def _unit_admin(actor: Any, obj: Any) -> bool:
    scope = role_scope(actor, *ORG_ADMIN_ROLES)
    if isinstance(obj, Municipality):
        return scope.covers(region_id=obj.region_id, municipality_id=obj.pk)
    if isinstance(obj, Unit):
        return scope.covers(region_id=obj.region_id, municipality_id=obj.municipality_id)
    return not scope.is_empty


policy.register_rule("home.view", lambda actor, obj: True)
policy.register_rule("account.manage_own", lambda actor, obj: True)
policy.register_rule("people.list", lambda actor, obj: not people_scope(actor).is_empty)
policy.register_rule("people.create", lambda actor, obj: bool(assignable_roles(actor)))
policy.register_rule("people.manage", lambda actor, obj: obj is not None and can_manage_person(actor, obj))
policy.register_rule("organisations.view", lambda actor, obj: has_role(actor, *ORG_ADMIN_ROLES, Role.MANAGER))
policy.register_rule("units.manage", _unit_admin)
# Population figures (what a region's fixed costs are shared by): the region's own roles, or a system admin.
policy.register_rule(
    "population.manage",
    lambda actor, region: (
        is_system_admin(actor) or (region is not None and region.pk in role_scope(actor, *REGIONAL_ROLES).regions)
    ),
)
policy.register_rule("audit.view", lambda actor, obj: has_role(actor, Role.SYSTEM_ADMIN, *REGIONAL_ROLES))
policy.register_rule("accessibility_reports.view", lambda actor, obj: is_system_admin(actor))
policy.register_rule("roles.any", lambda actor, obj: bool(active_roles(actor)))
