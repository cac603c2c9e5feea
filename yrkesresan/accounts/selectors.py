"""Reads of people and roles, always narrowed by ``core.policy.visible``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, overload

from django.db.models import Prefetch, Q, QuerySet

from yrkesresan.core import policy
from yrkesresan.organisations.models import Municipality, Unit

from .listing import single_place
from .models import PersonPlace, PlaceLevel, RoleAssignment, User
from .scopes import people_scope


def _active_roles_prefetch(actor: Any) -> Prefetch:
    """Only the roles the actor may see, with their places, in one query for the whole page."""
    assignments = (
        policy.visible(actor, RoleAssignment.objects.active())
        .select_related("region", "municipality", "unit")
        .order_by("id")
    )
    return Prefetch("role_assignments", queryset=assignments, to_attr="visible_roles")


class PeopleList:
    """People in list order (last name, first name), read a page at a time.

    ``rows`` are ``PersonPlace`` rows, one per person: counting and paging walk one index range,
    and only the people of the page asked for are loaded, with their visible roles."""

    def __init__(
        self, *, actor: Any, rows: QuerySet[PersonPlace], searching: bool = False, with_roles: bool = True
    ) -> None:
        self._actor = actor
        self._rows = rows.order_by("sort_key", "user_id")
        self._searching = searching
        self._with_roles = with_roles

    def _copy(self, rows: QuerySet[PersonPlace], *, with_roles: bool | None = None) -> PeopleList:
        return PeopleList(
            actor=self._actor,
            rows=rows,
            searching=self._searching,
            with_roles=self._with_roles if with_roles is None else with_roles,
        )

    def capped(self) -> PeopleList:
        """The same list, counted like a search: at most up to the paginator's cap (a filter that tests
        each person, such as "is on a journey", would otherwise read every person of a large scope)."""
        copy = self._copy(self._rows)
        copy._searching = True
        return copy

    def without_roles(self) -> PeopleList:
        """The same list, loading only the people themselves (for pages that do not show their roles)."""
        return self._copy(self._rows, with_roles=False)

    def count(self) -> int:
        return self._rows.count()

    def restricted_to(self, user_ids: QuerySet) -> PeopleList:
        """The same list, kept to the people in ``user_ids`` (a subquery of user ids)."""
        return self._copy(self._rows.filter(user_id__in=user_ids))

    def excluding(self, user_ids: QuerySet) -> PeopleList:
        return self._copy(self._rows.exclude(user_id__in=user_ids))

    @property
    def counts_exactly(self) -> bool:
        return not self._searching

    def count_up_to(self, limit: int) -> int:
        """The count, or ``limit`` if there are at least that many matches of a search (see CappedPaginator).
        A list without a search is counted exactly: that is one cheap index range."""
        if not self._searching:
            return self.count()
        return self._rows[:limit].count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> User: ...

    @overload
    def __getitem__(self, index: slice) -> list[User]: ...

    def __getitem__(self, index: int | slice) -> User | list[User]:
        if isinstance(index, slice):
            return self._people(list(self._rows.values_list("user_id", flat=True)[index]))
        found = self[index : index + 1]
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self) -> Iterator[User]:
        start = 0
        while True:
            chunk = self[start : start + 2000]
            yield from chunk
            if len(chunk) < 2000:
                return
            start += 2000

    def __contains__(self, person: object) -> bool:
        return isinstance(person, User) and self._rows.filter(user_id=person.pk).exists()

    def _people(self, ids: list[int]) -> list[User]:
        people = User.objects.filter(pk__in=ids).only(
            "id", "username", "first_name", "last_name", "email", "is_active", "last_login"
        )
        if self._with_roles:
            people = people.prefetch_related(_active_roles_prefetch(self._actor))
        by_id = {p.pk: p for p in people}
        return [by_id[i] for i in ids if i in by_id]


def person_list(
    *,
    actor: Any,
    search: str = "",
    municipality_id: int | None = None,
    unit_id: int | None = None,
    role: str = "",
    status: str = "active",
) -> PeopleList:
    """The people the actor administers, filtered, in name order. ``search`` matches every word
    against username, first and last name and e-mail ("anna sv" finds Anna Svensson)."""
    rows = _rows_in_scope(actor=actor, municipality_id=municipality_id, unit_id=unit_id, role=role)
    if status == "active":
        rows = rows.filter(is_active=True)
    elif status == "inactive":
        rows = rows.filter(is_active=False)
    words = search.casefold().split()[:5]
    for word in words:
        rows = rows.filter(search_text__contains=word)
    return PeopleList(actor=actor, rows=rows, searching=bool(words))


def _rows_in_scope(*, actor: Any, municipality_id: int | None, unit_id: int | None, role: str) -> QuerySet[PersonPlace]:
    """One listing row per person the actor may see (and the filters keep).

    The common case, a scope that is one place (a municipality, a region, the nation) or a filter
    on one place inside the scope, reads that place's rows. Anything else (several places that may
    overlap, a role filter) narrows the nation's rows, one per person, by the policy's own answer."""
    scope = people_scope(actor)
    if scope.is_empty or not actor.is_active:
        return PersonPlace.objects.none()
    place: tuple[int, int] | None = None
    if role:
        pass  # a role filter needs the roles themselves
    elif unit_id:
        unit = Unit.objects.filter(pk=unit_id).values_list("region_id", "municipality_id").first()
        if unit is None or not scope.covers(region_id=unit[0], municipality_id=unit[1], unit_id=unit_id):
            return PersonPlace.objects.none() if unit is None else _narrowed(actor, unit_id=unit_id)
        place = (int(PlaceLevel.UNIT), unit_id)
    elif municipality_id:
        region_id = Municipality.objects.filter(pk=municipality_id).values_list("region_id", flat=True).first()
        if region_id is None:
            return PersonPlace.objects.none()
        if not scope.covers(region_id=region_id, municipality_id=municipality_id):
            return _narrowed(actor, municipality_id=municipality_id)
        place = (int(PlaceLevel.MUNICIPALITY), municipality_id)
    else:
        place = single_place(scope)
    if place is not None:
        return PersonPlace.objects.filter(level=place[0], place_id=place[1])
    return _narrowed(actor, municipality_id=municipality_id, unit_id=unit_id, role=role)


def _narrowed(
    actor: Any, *, municipality_id: int | None = None, unit_id: int | None = None, role: str = ""
) -> QuerySet[PersonPlace]:
    people = policy.visible(actor, User.objects.all())
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
    return PersonPlace.objects.filter(level=PlaceLevel.NATION, place_id=0, user_id__in=people.values("pk"))


def person_queryset(*, actor: Any) -> QuerySet[User]:
    """Everyone the actor may see (active or not), for lookups by id."""
    return policy.visible(actor, User.objects.all()).prefetch_related(_active_roles_prefetch(actor))


def person_get(*, actor: Any, pk: Any) -> User:
    """A person within the actor's scope, or 404."""
    return policy.get_visible_or_404(actor, User.objects.prefetch_related(_active_roles_prefetch(actor)), pk=pk)


def person_role_history(*, actor: Any, person: User) -> QuerySet[RoleAssignment]:
    return (
        policy.visible(actor, RoleAssignment.objects.filter(user=person))
        .select_related("region", "municipality", "unit", "created_by")
        .order_by("-valid_from", "-id")
    )
