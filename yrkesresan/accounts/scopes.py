"""What a person's active roles cover. Computed once per request and kept on the user object.

``OrgScope`` is a set of places in the organisation tree: everything, some regions,
some municipalities, some units. A place is covered when it lies inside any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from .models import Role, RoleAssignment

_CACHE_ATTR = "_yr_active_roles"


@dataclass(frozen=True)
class OrgScope:
    everything: bool = False
    regions: frozenset[int] = field(default_factory=frozenset)
    municipalities: frozenset[int] = field(default_factory=frozenset)
    units: frozenset[int] = field(default_factory=frozenset)

    def __or__(self, other: OrgScope) -> OrgScope:
        return OrgScope(
            everything=self.everything or other.everything,
            regions=self.regions | other.regions,
            municipalities=self.municipalities | other.municipalities,
            units=self.units | other.units,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.regions or self.municipalities or self.units)

    def covers(self, *, region_id: int | None, municipality_id: int | None = None, unit_id: int | None = None) -> bool:
        """Is the place (given by its own and its parents' ids) inside this scope?"""
        if self.everything:
            return True
        if region_id is None:  # a national place is only inside "everything"
            return False
        return (
            region_id in self.regions
            or (municipality_id is not None and municipality_id in self.municipalities)
            or (unit_id is not None and unit_id in self.units)
        )

    def q(
        self,
        *,
        region: str | None = "region_id",
        municipality: str | None = "municipality_id",
        unit: str | None = "unit_id",
    ) -> Q:
        """A filter for rows whose place columns are named as given (``None``: the model has no such column)."""
        if self.everything:
            return Q()
        result = Q(pk__in=[])
        if region and self.regions:
            result |= Q(**{f"{region}__in": self.regions})
        if municipality and self.municipalities:
            result |= Q(**{f"{municipality}__in": self.municipalities})
        if unit and self.units:
            result |= Q(**{f"{unit}__in": self.units})
        return result


NOTHING = OrgScope()
EVERYTHING = OrgScope(everything=True)


@dataclass(frozen=True)
class ActiveRole:
    role: str
    region_id: int | None
    municipality_id: int | None
    unit_id: int | None

    @property
    def scope(self) -> OrgScope:
        if self.unit_id:
            return OrgScope(units=frozenset({self.unit_id}))
        if self.municipality_id:
            return OrgScope(municipalities=frozenset({self.municipality_id}))
        if self.region_id:
            return OrgScope(regions=frozenset({self.region_id}))
        return EVERYTHING


def active_roles(user: Any) -> tuple[ActiveRole, ...]:
    """The user's roles that apply today: one query, then cached on this user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = (
            RoleAssignment.objects.active()
            .filter(user_id=user.pk)
            .values_list("role", "region_id", "municipality_id", "unit_id")
        )
        cached = tuple(ActiveRole(*row) for row in rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Any, *roles: str) -> bool:
    return any(r.role in roles for r in active_roles(user))


def role_scope(user: Any, *roles: str) -> OrgScope:
    """Union of the places where the user holds any of ``roles``."""
    scope = NOTHING
    for r in active_roles(user):
        if r.role in roles:
            scope = scope | r.scope
    return scope


REGIONAL_ROLES = (Role.REGIONAL_ADMIN, Role.REGIONAL_PROJECT_LEADER)
PEOPLE_ADMIN_ROLES = (Role.SYSTEM_ADMIN, *REGIONAL_ROLES, Role.MUNICIPAL_ADMIN, Role.MANAGER)


def is_system_admin(user: Any) -> bool:
    return has_role(user, Role.SYSTEM_ADMIN)


def people_scope(user: Any) -> OrgScope:
    """Where the user administers people: system admin everywhere, regional roles their region,
    k-admins their municipality, managers their units (or municipality)."""
    return role_scope(user, *PEOPLE_ADMIN_ROLES)


#: Which roles each administering role may hand out, inside its own scope.
ASSIGNABLE_BY: dict[str, tuple[str, ...]] = {
    Role.SYSTEM_ADMIN: tuple(Role.values),
    Role.REGIONAL_ADMIN: (
        Role.STAFF,
        Role.MANAGER,
        Role.MUNICIPAL_ADMIN,
        Role.TRAINER,
        Role.REGIONAL_PROJECT_LEADER,
        Role.REGIONAL_ADMIN,
    ),
    Role.REGIONAL_PROJECT_LEADER: (
        Role.STAFF,
        Role.MANAGER,
        Role.MUNICIPAL_ADMIN,
        Role.TRAINER,
        Role.REGIONAL_PROJECT_LEADER,
        Role.REGIONAL_ADMIN,
    ),
    Role.MUNICIPAL_ADMIN: (Role.STAFF, Role.MANAGER, Role.MUNICIPAL_ADMIN, Role.TRAINER),
    Role.MANAGER: (Role.STAFF,),
}


def assignable_scope(user: Any, role: str) -> OrgScope:
    """Where ``user`` may give someone ``role``."""
    scope = NOTHING
    for r in active_roles(user):
        if role in ASSIGNABLE_BY.get(r.role, ()):
            scope = scope | r.scope
    return scope


def assignable_roles(user: Any) -> list[str]:
    return [role for role in Role.values if not assignable_scope(user, role).is_empty]


def can_assign(
    user: Any, *, role: str, region_id: int | None, municipality_id: int | None, unit_id: int | None
) -> bool:
    return assignable_scope(user, role).covers(region_id=region_id, municipality_id=municipality_id, unit_id=unit_id)
