"""The coordinators' links between the trainers pages: ``{% trainers_nav "trainer_pool" %}`` on each of
them, the current page named so that it is marked for screen readers."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from yrkesresan.core import policy

register = template.Library()

#: (url name, label): the coordinators' pages, in the order of the navigation.
COORDINATOR_PAGES = [
    ("trainer_pool", _("Trainer pool")),
    ("trainer_absences", _("Absences to cover")),
    ("trainer_call_list", _("Calls for trainers")),
    ("trainer_meeting_list", _("Trainer meetings")),
    ("days_taught_report", _("Days taught")),
]


@register.inclusion_tag("trainers/_coordinator_nav.html", takes_context=True)
def trainers_nav(context: dict[str, Any], current: str) -> dict[str, Any]:
    user = context["request"].user
    links = []
    if policy.can(user, "trainers.coordinate_some"):
        for name, label in COORDINATOR_PAGES:
            try:
                links.append({"url": reverse(name), "label": label, "current": name == current})
            except NoReverseMatch:  # a page not built yet
                continue
    return {"links": links}
