"""The home page's per-role summary. Apps register a function that adds their part;
``core`` calls them without knowing which apps exist.

A part may name templates to show at the top of the page under the key ``home_sections``
(a list; the parts' lists are joined in the order the apps load). The journey uses this to
put a staff member's next step first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

_parts: list[Callable[[HttpRequest], dict[str, Any]]] = []


def register_home_part(fn: Callable[[HttpRequest], dict[str, Any]]) -> None:
    if fn not in _parts:
        _parts.append(fn)


def home_context(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"home_sections": []}
    for part in _parts:
        added = dict(part(request))
        sections = added.pop("home_sections", [])
        context.update(added)
        context["home_sections"] += sections
    return context


# --- parts of the hubs (Plattformen, Stationen) -----------------------------------------------------

#: ``hub`` -> functions that answer the templates (with their context) another app adds to that hub.
_hub_parts: dict[str, list[Callable[[HttpRequest], list[tuple[str, dict[str, Any]]]]]] = {}


def register_hub_part(hub: str, fn: Callable[[HttpRequest], list[tuple[str, dict[str, Any]]]]) -> None:
    """Let a higher app add sections to a hub page that a lower app owns (``trainers`` adds a trainer's
    coming days to ``learning``'s Plattformen). ``fn(request)`` answers ``[(template, context), ...]``:
    nothing when it has nothing for this person."""
    parts = _hub_parts.setdefault(hub, [])
    if fn not in parts:
        parts.append(fn)


def hub_sections(request: HttpRequest, hub: str) -> list[tuple[str, dict[str, Any]]]:
    """The sections the registered parts add to ``hub`` for this request, in the order the apps load."""
    sections: list[tuple[str, dict[str, Any]]] = []
    for part in _hub_parts.get(hub, []):
        sections += part(request)
    return sections
