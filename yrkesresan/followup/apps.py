from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "yrkesresan.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from yrkesresan.core import events
        from yrkesresan.core.audit import register_action_labels

        from . import policies  # noqa: F401
        from .views import inventory, reports, surveys, yearly

        for pages in (reports, surveys, inventory, yearly):
            pages.register()

        from .services.surveys import on_level_completed

        events.subscribe("level.completed", on_level_completed)

        register_action_labels(
            {
                "survey.save": _("Survey saved"),
                "survey.dispatch": _("Survey sent"),
                "inventory.save": _("Inventory reported"),
                "planning.save": _("Planning assumptions saved"),
            }
        )
