from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def as_hours(minutes: int | None) -> str:
    """75 → "1 h 15 min": how long preparation takes, as the programme writes it ("Totalt: 8 h")."""
    hours, rest = divmod(minutes or 0, 60)
    if hours and rest:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": rest}
