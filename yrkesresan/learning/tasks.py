"""Background tasks of the journey."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import preparation_reminders_send


@db_periodic_task(crontab(hour="7", minute="0"))
def preparation_reminders_task() -> int:
    """Every morning: remind people booked on a course day soon who have preparation left."""
    return preparation_reminders_send()
