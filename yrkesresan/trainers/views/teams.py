"""Trainer pages: teams. (Skeleton; filled in by the issue-5 work.)"""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def register() -> None:
    """Menu entries, rules and audit labels of these pages (called from the app's ready())."""
