"""Named domain events: how an app low in the dependency order tells a higher one that
something happened, without importing upward (DESIGN.md).

The announcing app declares the event by name here, in ``EVENTS``; the higher app
subscribes in its ``ready()``. Handlers run synchronously, inside the announcing
service's transaction, so that a read model can never be out of step with the fact
it is derived from. Each handler receives keyword arguments only.

Events in use:

``attendance.changed``  (occasions → learning)
    ``user_ids``, ``course_id``: attendance was taken or corrected on a course day.
``registration.changed``  (occasions → learning)
    ``user_ids``, ``course_id``: someone was booked on, or left, an occasion of the course.
``course_days.changed``  (occasions → trainers)
    ``occasion_id``, ``by``: an occasion's course days were moved, added or removed.
``course_days.removing``  (occasions → trainers)
    ``occasion_id``, ``day_ids``, ``by``: these course days are about to be removed (a handler may refuse
    with a ``ValidationError``, and nothing is removed: a day a trainer has taught stays).
``occasion.cancelled``  (occasions → trainers)
    ``occasion_id``, ``by``: an occasion was cancelled.
``places.changed``  (accounts → learning)
    ``user_ids``: the places these people belong to today (``accounts.PersonPlace``) were just recomputed.
``level.completed``  (learning → followup)
    ``user_id``, ``level_id``, ``journey_id``: a person has just completed every mandatory course of a level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

EVENTS = frozenset(
    {
        "attendance.changed",
        "registration.changed",
        "course_days.changed",
        "course_days.removing",
        "occasion.cancelled",
        "level.completed",
        "places.changed",
    }
)

_handlers: dict[str, list[Callable[..., None]]] = {name: [] for name in EVENTS}


def subscribe(event: str, handler: Callable[..., None]) -> None:
    if event not in EVENTS:
        raise ImproperlyConfigured(f"Unknown domain event {event!r}; declare it in core.events.EVENTS.")
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def announce(event: str, **payload: Any) -> None:
    if event not in EVENTS:
        raise ImproperlyConfigured(f"Unknown domain event {event!r}; declare it in core.events.EVENTS.")
    for handler in _handlers[event]:
        handler(**payload)
