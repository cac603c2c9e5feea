from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainersConfig(AppConfig):
    name = "yrkesresan.trainers"
    label = "trainers"
    verbose_name = _("Trainers")

    def ready(self) -> None:
        from yrkesresan.core.audit import register_action_labels

        from . import policies  # noqa: F401
        from .services import subscribe_to_events
        from .views import calls, meetings, mine, pool, reports, teams

        subscribe_to_events()
        for pages in (pool, teams, mine, calls, meetings, reports):
            pages.register()

        register_action_labels(
            {
                "trainer_profile.save": _("Trainer profile saved"),
                "qualification.grant": _("Trainer qualified for a course"),
                "qualification.revoke": _("Trainer's qualification removed"),
                "unavailability.add": _("Trainer unavailable"),
                "unavailability.remove": _("Trainer available again"),
                "team_member.add": _("Added to a trainer team"),
                "team_member.remove": _("Removed from a trainer team"),
                "day_assignment.assign": _("Trainer assigned to a course day"),
                "day_assignment.remove": _("Trainer removed from a course day"),
                "day_assignment.absence": _("Trainer reported absent"),
                "day_assignment.substitute": _("Substitute trainer assigned"),
            }
        )
