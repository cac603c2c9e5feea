"""Who sees and prepares the money.

The regional administrators and project leaders of a region (and system admins) prepare and issue
everything of their region: fee schedules, invoicing bases, the trainer pot, the fixed costs and the
population figures. K-admins and managers see their own municipality: its issued bases (a draft is
the region's work in progress), its trainers' pot payouts, its share of the fixed costs, and the fee
schedules of its region. Nobody else sees any of it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import REGIONAL_ROLES, active_roles, is_system_admin, role_scope
from yrkesresan.core import policy

from .models import BasisState, FeeSchedule, InvoiceBasis, PotPayout, RegionalCost, TrainerPot

MUNICIPAL_ROLES = (Role.MUNICIPAL_ADMIN, Role.MANAGER)


def preparing_regions(user: Any) -> frozenset[int] | None:
    """The regions whose billing ``user`` prepares; ``None`` means every region (system admin)."""
    if is_system_admin(user):
        return None
    return role_scope(user, *REGIONAL_ROLES).regions


def own_municipalities(user: Any) -> frozenset[int]:
    """The municipalities where ``user`` is a k-admin or manager (a unit's manager: the unit's municipality)."""
    return frozenset(r.municipality_id for r in active_roles(user) if r.role in MUNICIPAL_ROLES and r.municipality_id)


def own_regions(user: Any) -> frozenset[int]:
    """The regions of those municipalities."""
    return frozenset(r.region_id for r in active_roles(user) if r.role in MUNICIPAL_ROLES and r.region_id)


def can_prepare(user: Any, region: Any) -> bool:
    regions = preparing_regions(user)
    region_id = getattr(region, "pk", region)
    return regions is None or region_id in regions


def _fee_schedules(user: Any, qs: QuerySet) -> QuerySet:
    regions = preparing_regions(user)
    if regions is None:
        return qs
    return qs.filter(region_id__in=regions | own_regions(user))


def _bases(user: Any, qs: QuerySet) -> QuerySet:
    regions = preparing_regions(user)
    if regions is None:
        return qs
    return qs.filter(
        Q(region_id__in=regions) | Q(municipality_id__in=own_municipalities(user), state=BasisState.ISSUED)
    )


def _pots(user: Any, qs: QuerySet) -> QuerySet:
    regions = preparing_regions(user)
    if regions is None:
        return qs
    return qs.filter(region_id__in=regions | own_regions(user))


def _payouts(user: Any, qs: QuerySet) -> QuerySet:
    regions = preparing_regions(user)
    if regions is None:
        return qs
    return qs.filter(Q(pot__region_id__in=regions) | Q(municipality_id__in=own_municipalities(user)))


def _costs(user: Any, qs: QuerySet) -> QuerySet:
    return _pots(user, qs)


def sees_billing(user: Any) -> bool:
    """Has a billing page at all: prepares a region's, or is a k-admin or manager somewhere."""
    regions = preparing_regions(user)
    return regions is None or bool(regions) or bool(own_municipalities(user))


policy.register_visibility(FeeSchedule, _fee_schedules)
policy.register_visibility(InvoiceBasis, _bases)
policy.register_visibility(TrainerPot, _pots)
policy.register_visibility(PotPayout, _payouts)
policy.register_visibility(RegionalCost, _costs)
policy.register_rule("billing.prepare", can_prepare)
policy.register_rule("billing.view", lambda user, _obj: sees_billing(user))
