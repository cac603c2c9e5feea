from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "yrkesresan.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from yrkesresan.core.audit import register_action_labels, register_field_labels
        from yrkesresan.core.home import register_home_part
        from yrkesresan.core.navigation import Entry, register_entry

        from . import policies  # noqa: F401  (registers visibility and rules with core.policy)
        from .views import home_part

        register_home_part(home_part)
        register_field_labels(
            {
                "username": _("Username"),
                "first_name": _("First name"),
                "last_name": _("Last name"),
                "email": _("E-mail"),
                "role": _("Role"),
                "place": _("Where"),
                "is_active": _("Active"),
            }
        )
        register_action_labels(
            {
                "person.create": _("Person created"),
                "person.update": _("Details changed"),
                "person.deactivate": _("Deactivated"),
                "person.activate": _("Activated again"),
                "person.set_password": _("New password set"),
                "role.assign": _("Role given"),
                "role.end": _("Role ended"),
                "api_token.rotate": _("API key created"),
                "api_token.revoke": _("API key revoked"),
            }
        )
        register_entry(
            Entry(
                key="people",
                label=_("People"),
                order=10,
                url_name="person_list",
                action="people.list",
                description=_("Find, add, change and deactivate the accounts you administer, and give them roles."),
            )
        )
        register_entry(
            Entry(
                key="audit",
                label=_("Audit trail"),
                order=80,
                url_name="audit_list",
                action="audit.view",
                description=_("Who created, changed or deactivated people, roles and catalog items, and when."),
            )
        )
