"""Background tasks of people and roles."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .listing import people_listing_daily


@db_periodic_task(crontab(hour="0", minute="5"))
def people_listing_daily_task() -> int:
    """Just after midnight: people whose roles start or end today move in or out of their places' lists."""
    return people_listing_daily()
