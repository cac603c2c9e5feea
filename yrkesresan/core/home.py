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
