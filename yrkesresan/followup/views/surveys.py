from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def register() -> None:
    """Menu entries and home-page parts of these pages (called from the app's ready())."""
