from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import entries_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    return {"nav_entries": [e for e in entries_for(user) if e.in_menu]}
