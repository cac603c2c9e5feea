"""Create the first system administrator of a new installation (no one can grant the role yet)."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yrkesresan.accounts.services import system_admin_bootstrap


class Command(BaseCommand):
    help = "Create a system administrator. The password is asked for, or read from YR_ADMIN_PASSWORD."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        import os

        password = os.environ.get("YR_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        try:
            person = system_admin_bootstrap(
                username=options["username"],
                password=password,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"System administrator {person.username} created."))
