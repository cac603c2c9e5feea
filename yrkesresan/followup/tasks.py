"""Background tasks of the surveys."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services.surveys import course_evaluations_send


@db_periodic_task(crontab(hour="7", minute="30"))
def course_evaluations_task() -> int:
    """Every morning: send each regional or municipal occasion whose last day has passed its course
    evaluation, once, to those who attended (``services.surveys.course_evaluations_send``)."""
    return course_evaluations_send()
