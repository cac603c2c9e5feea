from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "yrkesresan.learning"
    label = "learning"
    verbose_name = _("Journeys and progress")

    def ready(self) -> None:
        from yrkesresan.core.audit import register_action_labels
        from yrkesresan.core.home import register_home_part
        from yrkesresan.core.navigation import Entry, PersonLink, register_entry, register_person_link

        from . import policies, tasks  # noqa: F401
        from .services import subscribe_to_events
        from .views import home_part

        subscribe_to_events()
        register_home_part(home_part)
        register_action_labels(
            {
                "enrolment.create": _("Placed on a journey"),
                "enrolment.level": _("Level changed"),
                "enrolment.paused": _("Journey paused"),
                "enrolment.resumed": _("Journey resumed"),
            }
        )
        register_person_link(
            PersonLink(
                key="journey",
                label=_("Journey and progress"),
                url_name="person_journey",
                action="learning.view_progress",
            )
        )
        register_entry(
            Entry(
                key="my_journey",
                label=_("My journey"),
                order=5,
                url_name="my_journey",
                action="learning.my_journey",
                description=_("Your courses, your next step and what you have done."),
            )
        )
        register_entry(
            Entry(
                key="stationen",
                label=_("Stationen"),
                order=15,
                url_name="stationen",
                action="stationen.view",
                description=_("Your staff's progress, who has not started or has stalled, and support for managers."),
            )
        )
        register_entry(
            Entry(
                key="plattformen",
                label=_("Plattformen"),
                order=16,
                url_name="plattformen",
                action="plattformen.view",
                description=_("The course packages with trainer material, and information for trainers."),
            )
        )
