"""The home page's per-role summary. Apps register a function that adds their part;
``core`` calls them without knowing which apps exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

_parts: list[Callable[[HttpRequest], dict[str, Any]]] = []


def register_home_part(fn: Callable[[HttpRequest], dict[str, Any]]) -> None:
    if fn not in _parts:
        _parts.append(fn)


def home_context(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for part in _parts:
        context.update(part(request))
    return context
