"""``{% attendance_overview occasion days %}``: the occasion page's box for attendance takers: each course
day with whether its attendance is taken, a link to its list and its sign-in sheet, and the exports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from yrkesresan.core import policy

from ..models import CourseDay, Occasion
from ..selectors.attendance import day_summaries

register = template.Library()


@register.inclusion_tag("occasions/attendance/_overview.html", takes_context=True)
def attendance_overview(context: Any, occasion: Occasion, days: Iterable[CourseDay] | None = None) -> dict[str, Any]:
    """Shown only to those who may take attendance on the occasion (nothing for anyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not policy.can(user, "occasions.take_attendance", occasion):
        return {"show": False}
    day_list = list(days) if days else list(occasion.days.all())
    return {
        "show": True,
        "occasion": occasion,
        "summaries": day_summaries(days=day_list),
        "can_export_attendance": True,
    }
