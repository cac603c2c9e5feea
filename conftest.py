"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(db):
    """Two regions, three municipalities, four units, one person in every role, and outsiders."""
    from yrkesresan.demo.world import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate limits and other cached state must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
