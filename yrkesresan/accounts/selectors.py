"""Reads of people and roles, always narrowed by ``core.policy.visible``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from yrkesresan.core import policy

from .models import RoleAssignment, User


def _active_roles_prefetch(actor: Any) -> Prefetch:
    """Only the roles the actor may see, with their places, in one query for the whole page."""
    assignments = (
        policy.visible(actor, RoleAssignment.objects.active())
        .select_related("region", "municipality", "unit")
        .order_by("id")
    )
    return Prefetch("role_assignments", queryset=assignments, to_attr="visible_roles")


def person_list(
    *,
    actor: Any,
    search: str = "",
    municipality_id: int | None = None,
    unit_id: int | None = None,
    role: str = "",
    status: str = "active",
) -> QuerySet[User]:
    """The people the actor administers, filtered. ``search`` matches every word against
    username, first and last name and e-mail ("anna sv" finds Anna Svensson)."""
    people = policy.visible(actor, User.objects.all())
    if status == "active":
        people = people.filter(is_active=True)
    elif status == "inactive":
        people = people.filter(is_active=False)
    place_filter = Q()
    if municipality_id:
        place_filter &= Q(municipality_id=municipality_id)
    if unit_id:
        place_filter &= Q(unit_id=unit_id)
    if role:
        place_filter &= Q(role=role)
    if place_filter:
        holders = policy.visible(actor, RoleAssignment.objects.active()).filter(place_filter).values("user_id")
        people = people.filter(pk__in=holders)
    for word in search.casefold().split()[:5]:
        people = people.filter(search_text__contains=word)
    return (
        people.only("id", "username", "first_name", "last_name", "email", "is_active", "last_login")
        .order_by("last_name", "first_name", "id")
        .prefetch_related(_active_roles_prefetch(actor))
    )


def person_get(*, actor: Any, pk: Any) -> User:
    """A person within the actor's scope, or 404."""
    return policy.get_visible_or_404(actor, User.objects.prefetch_related(_active_roles_prefetch(actor)), pk=pk)


def person_role_history(*, actor: Any, person: User) -> QuerySet[RoleAssignment]:
    return (
        policy.visible(actor, RoleAssignment.objects.filter(user=person))
        .select_related("region", "municipality", "unit", "created_by")
        .order_by("-valid_from", "-id")
    )
