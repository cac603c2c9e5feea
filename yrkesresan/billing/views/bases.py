from __future__ import annotations

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []


def register() -> None:
    """Menu entries and home-page parts of these pages (called from the app's ready())."""
