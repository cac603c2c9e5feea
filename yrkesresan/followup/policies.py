"""Who sees the follow-up.

- Reports: system admins for the nation and any region; the regional administrators and project leaders
  for their region; k-admins for their municipality; managers for their units (``report_scope``). A national
  editor with no such role reads the nation's accounts, progress and course occasions of the journeys they
  edit, one journey at a time (``report_journeys``); not the days taught, which are the regions' business.
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
    has_role,
    is_system_admin,
    role_scope,
)
from yrkesresan.catalog.models import JourneyEditor
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


def reads_as_editor(user: Any) -> bool:
    """A national editor with no other part in the reports (no query: the roles are read once per request)."""
    return report_scope(user).is_empty and has_role(user, Role.NATIONAL_EDITOR)


def report_journeys(user: Any) -> frozenset[int] | None:
    """The journeys whose figures ``user`` reads: ``None`` for every journey (whoever has a ``report_scope``),
    else the journeys a national editor edits (empty for everyone else)."""
    if not reads_as_editor(user):
        return None
    # Read once per request: the form, the default journey and the report all ask (cached on the user object,
    # as its roles are).
    cached = getattr(user, "_yr_report_journeys", None)
    if cached is None:
        cached = frozenset(JourneyEditor.objects.filter(user_id=user.pk).values_list("journey_id", flat=True))
        user._yr_report_journeys = cached
    return cached


def sees_reports(user: Any) -> bool:
    """The accounts, progress and course-occasion reports: their readers and the national editors."""
    return sees_followup(user) or reads_as_editor(user)


policy.register_visibility(Survey, _surveys)
policy.register_visibility(Dispatch, _dispatches)
policy.register_visibility(InventoryReport, _inventories)
policy.register_visibility(PlanningAssumptions, _planning)
policy.register_rule("followup.view", lambda user, _obj: sees_followup(user))
policy.register_rule("followup.view_reports", lambda user, _obj: sees_reports(user))
policy.register_rule("followup.build_survey", can_build_survey)
policy.register_rule("followup.plan", lambda user, region: can_build_survey(user, region))
policy.register_rule("followup.report_inventory", can_report_inventory)
