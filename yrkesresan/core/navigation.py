"""The features a person can reach, for the menu and the home page.

Apps register an entry for each feature once it works; an entry is shown only to
people for whom its rule (in ``core.policy``) allows it. So no link leads nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from . import policy


@dataclass(frozen=True)
class Entry:
    key: str
    label: str | Promise
    description: str | Promise
    url_name: str
    action: str
    order: int = 100
    in_menu: bool = True

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_entries: dict[str, Entry] = {}


def register_entry(entry: Entry) -> None:
    _entries[entry.key] = entry


def entries_for(user: Any) -> list[Entry]:
    return sorted((e for e in _entries.values() if policy.can(user, e.action)), key=lambda e: e.order)
