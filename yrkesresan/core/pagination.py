"""Paging long lists without counting more than a person can use."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most ``cap`` + 1 rows when the list can say so cheaply (``count_up_to``).

    A search for a common word in a large scope ("berg" matches thousands) then stops counting at
    1,001 instead of reading every match; the page says "more than 1,000" and asks for a narrower
    search. Lists without ``count_up_to`` are counted exactly."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        count_up_to = getattr(self.object_list, "count_up_to", None)
        if count_up_to is None:
            return super().count
        return int(count_up_to(self.cap + 1))

    @property
    def is_capped(self) -> bool:
        """Did counting stop at the cap (so the real number is larger)?"""
        exact = getattr(self.object_list, "counts_exactly", True)
        return not exact and self.count > self.cap

    def page(self, number: Any) -> Page:
        """As Paginator's, but the last page of a capped count is a full page, not cut at the cap."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.is_capped and top + self.orphans >= self.count:
            top = self.count
        return Page(self.object_list[bottom:top], number, self)
