from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "yrkesresan.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from yrkesresan.core.audit import register_action_labels, register_field_labels
        from yrkesresan.core.navigation import Entry, register_entry

        register_action_labels(
            {
                "journey.create": _("Journey created"),
                "journey.update": _("Journey changed"),
                "journey.editor_appoint": _("National editor appointed"),
                "journey.editor_remove": _("National editor removed"),
                "level.create": _("Level added"),
                "level.update": _("Level changed"),
                "level.objectives": _("Learning objectives changed"),
                "course.create": _("Course added"),
                "course.update": _("Course changed"),
                "course.checklist": _("After-course checklist changed"),
                "task.create": _("Preparation task added"),
                "task.update": _("Preparation task changed"),
                "task.delete": _("Preparation task removed"),
                "info.create": _("Information page added"),
                "info.update": _("Information page changed"),
            }
        )

        from yrkesresan.core.home import register_home_part

        from . import policies  # noqa: F401
        from .views import home_part

        register_home_part(home_part)
        register_field_labels(
            {
                "name": _("Name"),
                "short_name": _("Short name"),
                "producer": _("Produced by"),
                "launched": _("National launch"),
                "audience": _("For whom"),
                "description": _("Description"),
                "code": _("Code"),
                "order": _("Order"),
                "objectives": _("Learning objectives"),
                "level": _("Level"),
                "title": _("Title"),
                "kind": _("Kind"),
                "summary": _("Summary"),
                "day_count": _("Number of course days"),
                "day_mode": _("Course days are"),
                "day_mode_note": _("About the course days"),
                "completion_rule": _("Completed when"),
                "trainer_material": _("Trainer material"),
                "checklist": _("After the course (checklist)"),
                "format": _("Format"),
                "minutes": _("Estimated minutes"),
                "mandatory": _("Mandatory"),
                "body": _("Text"),
                "url": _("Link"),
                "file": _("File"),
                "editor": _("National editor"),
                "course": _("Course"),
                "source": _("Source"),
                "slug": _("Address"),
            }
        )

        register_entry(
            Entry(
                key="info",
                label=_("About Yrkesresan"),
                order=90,
                url_name="info_index",
                action="info.view",
                description=_("About the programme, and support for managers and trainers."),
            )
        )
        register_entry(
            Entry(
                key="catalog",
                label=_("Journeys and courses"),
                order=30,
                url_name="catalog_index",
                action="catalog.view",
                description=_(
                    "The five journeys, their levels and learning objectives, and every course with its preparation."
                ),
            )
        )
