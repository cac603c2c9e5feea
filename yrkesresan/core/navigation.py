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


@dataclass(frozen=True)
class PersonLink:
    """A link on a person's page to what a higher app keeps about them (their journey, say)."""

    key: str
    label: str | Promise
    url_name: str
    action: str  # asked of core.policy with the person as the object
    order: int = 100


_person_links: dict[str, PersonLink] = {}


def register_person_link(link: PersonLink) -> None:
    _person_links[link.key] = link


def person_links_for(user: Any, person: Any) -> list[tuple[str | Promise, str]]:
    """(label, url) of the links ``user`` may follow from ``person``'s page."""
    return [
        (link.label, reverse(link.url_name, args=[person.pk]))
        for link in sorted(_person_links.values(), key=lambda link: link.order)
        if policy.can(user, link.action, person)
    ]


@dataclass(frozen=True)
class ObjectLink:
    """A link on an object's page to what a higher app keeps about it: the occasion page links to the
    occasion's trainer team, say, without the occasions app knowing about trainers."""

    key: str
    kind: str  # the page it shows on: "occasion"
    label: str | Promise
    url_name: str  # reversed with the object's pk
    action: str  # asked of core.policy with the object
    order: int = 100


_object_links: dict[str, ObjectLink] = {}


def register_object_link(link: ObjectLink) -> None:
    _object_links[link.key] = link


def object_links_for(user: Any, kind: str, obj: Any) -> list[tuple[str | Promise, str]]:
    """(label, url) of the links ``user`` may follow from the page of ``obj`` (a ``kind`` of object)."""
    return [
        (link.label, reverse(link.url_name, args=[obj.pk]))
        for link in sorted(_object_links.values(), key=lambda link: link.order)
        if link.kind == kind and policy.can(user, link.action, obj)
    ]
