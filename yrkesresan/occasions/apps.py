from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccasionsConfig(AppConfig):
    name = "yrkesresan.occasions"
    label = "occasions"
    verbose_name = _("Course occasions")

    def ready(self) -> None:
        from yrkesresan.core.audit import register_action_labels

        from . import policies, tasks  # noqa: F401
        from .views import attendance, planning, signup

        for pages in (planning, signup, attendance):
            pages.register()

        register_action_labels(
            {
                "occasion.create": _("Course occasion created"),
                "registration.create": _("Registered on a course occasion"),
                "registration.cancel": _("Registration cancelled"),
                "registration.approve": _("Sign-up approved"),
                "registration.decline": _("Sign-up declined"),
                "occasion.update": _("Course occasion changed"),
                "attendance.mark": _("Attendance taken"),
                "absence.announce": _("Absence announced in advance"),
            }
        )
