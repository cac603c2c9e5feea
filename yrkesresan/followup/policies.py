"""Who sees the follow-up.

- Reports: system admins for the nation and any region; the regional administrators and project leaders
  for their region; k-admins for their municipality; managers for their units (``report_scope``).
- Surveys: system admins build national surveys, the regional roles their region's; the same people, and
  k-admins and managers for their own municipality, see results (never below the anonymity threshold).
- Inventory: a k-admin reports their municipality's; the regional roles see and correct their region's.
- Planning: the regional roles of the region (and system admins).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import (
    EVERYTHING,
    NOTHING,
    REGIONAL_ROLES,
    OrgScope,
    active_roles,
    is_system_admin,
    role_scope,
)
from yrkesresan.core import policy

from .models import Dispatch, InventoryReport, PlanningAssumptions, Survey


def report_scope(user: Any) -> OrgScope:
    """The places whose follow-up ``user`` reads: everything, regions, municipalities or units."""
    if is_system_admin(user):
        return EVERYTHING
    scope = NOTHING
    for r in active_roles(user):
        if r.role in (*REGIONAL_ROLES, Role.MUNICIPAL_ADMIN, Role.MANAGER):
            scope = scope | r.scope
    return scope


def coordinating_regions(user: Any) -> frozenset[int] | None:
    """Regions whose surveys and planning ``user`` runs; ``None``: all (system admin)."""
    if is_system_admin(user):
        return None
    return role_scope(user, *REGIONAL_ROLES).regions


def _result_regions(user: Any) -> frozenset[int]:
    return frozenset(
        r.region_id
        for r in active_roles(user)
        if r.region_id and (r.role in REGIONAL_ROLES or r.role in (Role.MUNICIPAL_ADMIN, Role.MANAGER))
    )


def _surveys(user: Any, qs: QuerySet) -> QuerySet:
    """National surveys are seen by everyone who sees any results; a region's by its own people."""
    if is_system_admin(user):
        return qs
    regions = _result_regions(user)
    if not regions:
        return qs.none()
    return qs.filter(Q(region__isnull=True) | Q(region_id__in=regions))


def _dispatches(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    return qs.filter(region_id__in=_result_regions(user))


def _inventories(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    regional = role_scope(user, *REGIONAL_ROLES).regions
    kadmin = role_scope(user, Role.MUNICIPAL_ADMIN).municipalities
    return qs.filter(Q(municipality__region_id__in=regional) | Q(municipality_id__in=kadmin))


def _planning(user: Any, qs: QuerySet) -> QuerySet:
    regions = coordinating_regions(user)
    return qs if regions is None else qs.filter(region_id__in=regions)


def can_build_survey(user: Any, region: Any = None) -> bool:
    """Build national surveys (``region`` None): system admins; a region's: its regional roles."""
    regions = coordinating_regions(user)
    if regions is None:
        return True
    region_id = getattr(region, "pk", region)
    return region_id is not None and region_id in regions


def can_report_inventory(user: Any, municipality: Any) -> bool:
    if is_system_admin(user):
        return True
    return municipality.pk in role_scope(user, Role.MUNICIPAL_ADMIN).municipalities or (
        municipality.region_id in role_scope(user, *REGIONAL_ROLES).regions
    )


def sees_followup(user: Any) -> bool:
    return not report_scope(user).is_empty


policy.register_visibility(Survey, _surveys)
policy.register_visibility(Dispatch, _dispatches)
policy.register_visibility(InventoryReport, _inventories)
policy.register_visibility(PlanningAssumptions, _planning)
policy.register_rule("followup.view", lambda user, _obj: sees_followup(user))
policy.register_rule("followup.build_survey", can_build_survey)
policy.register_rule("followup.plan", lambda user, region: can_build_survey(user, region))
policy.register_rule("followup.report_inventory", can_report_inventory)
