"""Keeping ``PersonPlace``, the people lists' read model, in step with people and their roles.

``people_listing_refresh(user_ids=…)`` recomputes the rows of the given people from their
active roles; the services call it in the same transaction as the change, and it announces
``places.changed`` so that read models kept per place follow. Roles that start or
end by date, with no write on that day, are caught by the daily task in ``accounts.tasks``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yrkesresan.core import events

from .models import PersonPlace, PlaceLevel, RoleAssignment, User
from .scopes import OrgScope

#: Swedish alphabetical order: å, ä, ö come after z (in that order); é sorts as e, ü as y.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def sort_key(*, last_name: str, first_name: str) -> str:
    """How people are ordered in every list: last name, then first name, Swedish style."""
    return f"{last_name.casefold().translate(_SWEDISH)}\x1f{first_name.casefold().translate(_SWEDISH)}"[:320]


def place_rows(
    *, user_id: int, places: Iterable[tuple[int | None, int | None, int | None]]
) -> Iterator[tuple[int, int, int]]:
    """(user, level, place) for the nation and for every region, municipality and unit in ``places``."""
    seen = {(PlaceLevel.NATION, 0)}
    for region_id, municipality_id, unit_id in places:
        for level, place_id in (
            (PlaceLevel.REGION, region_id),
            (PlaceLevel.MUNICIPALITY, municipality_id),
            (PlaceLevel.UNIT, unit_id),
        ):
            if place_id is not None:
                seen.add((level, place_id))
    for level, place_id in sorted(seen):
        yield user_id, int(level), place_id


@transaction.atomic  # its own when called outside one (the daily task, a rebuild): the rows go all at once
def people_listing_refresh(*, user_ids: Iterable[int], on: datetime.date | None = None) -> None:
    """Recompute the listing rows of these people from their roles active ``on`` (today)."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    # Lock the people's rows (in id order) before reading their roles: a concurrent refresh of the same person,
    # or of their progress (learning.services.course_progress_refresh), waits for this one and then reads what
    # it wrote. No key update: inserts that merely refer to the person do not wait.
    people = list(
        User.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "first_name", "last_name", "search_text", "is_active")
    )
    places: dict[int, list[tuple[int | None, int | None, int | None]]] = {uid: [] for uid in ids}
    for uid, region_id, municipality_id, unit_id in (
        RoleAssignment.objects.active(on)
        .filter(user_id__in=ids)
        .values_list("user_id", "region_id", "municipality_id", "unit_id")
    ):
        places[uid].append((region_id, municipality_id, unit_id))
    rows = []
    for uid, first_name, last_name, search_text, is_active in people:
        key = sort_key(last_name=last_name, first_name=first_name)
        rows += [
            PersonPlace(
                user_id=u, level=level, place_id=place_id, is_active=is_active, sort_key=key, search_text=search_text
            )
            for u, level, place_id in place_rows(user_id=uid, places=places[uid])
        ]
    PersonPlace.objects.filter(user_id__in=ids).delete()
    PersonPlace.objects.bulk_create(rows, batch_size=2000)
    # Read models of higher apps that are kept per place (learning's progress per municipality).
    events.announce("places.changed", user_ids=ids)


def people_listing_rebuild(*, chunk: int = 5000) -> int:
    """Recompute every person's rows (after a bulk load, or to repair). Returns the number of people."""
    last, done = 0, 0
    while True:
        ids = list(User.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:chunk])
        if not ids:
            return done
        people_listing_refresh(user_ids=ids)
        last, done = ids[-1], done + len(ids)


def people_whose_roles_change_on(day: datetime.date) -> list[int]:
    """People with a role that starts or ends on ``day``: their places change without any write that day."""
    return list(
        RoleAssignment.objects.filter(Q(valid_from=day) | Q(valid_to=day)).values_list("user_id", flat=True).distinct()
    )


def people_listing_daily(*, day: datetime.date | None = None) -> int:
    day = day or timezone.localdate()
    ids = people_whose_roles_change_on(day)
    people_listing_refresh(user_ids=ids, on=day)
    return len(ids)


def scope_places(scope: OrgScope) -> Q:
    """The listing rows of the places inside ``scope``."""
    if scope.everything:
        return Q(level=PlaceLevel.NATION, place_id=0)
    q = Q(pk__in=[])
    if scope.regions:
        q |= Q(level=PlaceLevel.REGION, place_id__in=scope.regions)
    if scope.municipalities:
        q |= Q(level=PlaceLevel.MUNICIPALITY, place_id__in=scope.municipalities)
    if scope.units:
        q |= Q(level=PlaceLevel.UNIT, place_id__in=scope.units)
    return q


def single_place(scope: OrgScope) -> tuple[int, int] | None:
    """The one (level, place) that covers the whole scope, when there is one: the common case."""
    if scope.everything:
        return int(PlaceLevel.NATION), 0
    places = (
        [(PlaceLevel.REGION, r) for r in scope.regions]
        + [(PlaceLevel.MUNICIPALITY, m) for m in scope.municipalities]
        + [(PlaceLevel.UNIT, u) for u in scope.units]
    )
    return (int(places[0][0]), places[0][1]) if len(places) == 1 else None
