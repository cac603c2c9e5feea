"""Pages for signup (filled in by the occasions issue)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def register() -> None:
    """Menu entries, home parts and audit labels of these pages (called from the app's ready())."""
