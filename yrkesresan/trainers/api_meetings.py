"""API for trainer teams. (Skeleton; filled in by the issue-5 work.)

``ROUTES`` lists (prefix, viewset, basename) for the router in ``config/api_urls.py``; ``URLS`` lists
plain paths."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern

ROUTES: list[tuple[str, Any, str]] = []
URLS: list[URLPattern] = []
