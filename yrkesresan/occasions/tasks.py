"""Background tasks of course occasions."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import occasions_promote_released


@db_periodic_task(crontab(minute="5"))
def promote_released_places_task() -> int:
    """Every hour: places kept for a municipality whose release time has passed go to the waitlist."""
    return occasions_promote_released()
