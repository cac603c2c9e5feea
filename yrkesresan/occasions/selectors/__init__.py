"""Reads of occasions. What other apps use is re-exported here; the pages import from the submodules
(``planning``: lists, calendar and clashes; ``signup``: what a person may sign up for; ``attendance``:
lists and sheets)."""

from .participation import attended_all_days, booked_people, course_days_between, registrations_of

__all__ = ["attended_all_days", "booked_people", "course_days_between", "registrations_of"]
