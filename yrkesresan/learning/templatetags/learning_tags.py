from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def stop_label(state: str) -> str:
    """How a stop on the route reads: done, ongoing, ahead."""
    return {"completed": _("Done"), "ongoing": _("Ongoing"), "not_started": _("Ahead")}.get(state, "")


@register.filter
def hub_flag(flag: str) -> str:
    return {
        "paused": _("Paused"),
        "level_done": _("Level completed"),
        "not_started": _("Not started"),
        "stalled": _("Stalled"),
        "ongoing": _("Ongoing"),
    }.get(flag, "")
