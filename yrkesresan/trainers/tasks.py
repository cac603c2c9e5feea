"""Background tasks of trainer teams."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services.calls import calls_short_notify_coordinators


@db_periodic_task(crontab(hour="7", minute="15"))
def calls_short_of_answers_task() -> int:
    """Every morning: tell each region's coordinators, once per call, which calls for trainers have too
    few answers (the rule: ``selectors.calls.short_of_answers``)."""
    return calls_short_notify_coordinators()
