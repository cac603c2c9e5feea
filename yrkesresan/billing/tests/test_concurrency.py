"""Two bases of one municipality issued at the same moment: issuing locks the municipality's row, so the second
computes its lines after the first is committed and no participant-day is invoiced twice; the number series is
counted under its own lock, so the numbers are unique and without gaps. Run on PostgreSQL only: the in-memory
SQLite test database refuses a busy lock at once instead of waiting (see occasions/tests/test_concurrency.py)."""

from __future__ import annotations

import datetime
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from yrkesresan.billing import selectors, services
from yrkesresan.billing.models import InvoiceBasis, InvoiceLine, LineKind, PeriodKind

from .test_worked_example import YEAR, Dalarna2024, fee_schedule

requires_waiting_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The in-memory SQLite test database refuses a busy lock at once instead of waiting for it.",
)


@pytest.fixture
def slow_drafts(monkeypatch):
    """Computing a draft takes a while (as with a year of a large municipality): the window in which an unlocked
    second issue would read the ledger before the first one's lines are committed."""
    compute = selectors.basis_draft_lines

    def slowly(*args, **kwargs):
        view = compute(*args, **kwargs)
        time.sleep(0.5)
        return view

    monkeypatch.setattr(selectors, "basis_draft_lines", slowly)


def _race(actor, bases: list[InvoiceBasis]) -> list[str]:
    barrier = threading.Barrier(len(bases))

    def issue(basis: InvoiceBasis) -> str:
        try:
            barrier.wait(timeout=60)
            return services.invoice_basis_issue(actor=actor, basis=basis).number or ""
        except ValidationError as exc:
            return " ".join(exc.messages)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(bases)) as executor:
        return list(executor.map(issue, bases))


@requires_waiting_locks
@pytest.mark.django_db(transaction=True)
def test_a_month_and_a_term_of_one_municipality_issued_at_once_invoice_every_participant_day_once(world, slow_drafts):
    d = Dalarna2024.build(world)
    fee_schedule(world)
    occasion = d.occasion([datetime.date(YEAR, 3, 5), datetime.date(YEAR, 3, 6)])
    d.participants(occasion, Avesta=5)
    for course_day in occasion.days.all():
        d.take(course_day)
    march = d.basis("Avesta", PeriodKind.MONTH, 3)
    spring = d.basis("Avesta", PeriodKind.TERM, 1)

    numbers = _race(d.admin, [march, spring])

    assert sorted(numbers) == ["20-2024-0001", "20-2024-0002"]
    fees = Counter(InvoiceLine.objects.filter(kind=LineKind.FEE).values_list("registration_id", "course_day_id"))
    assert len(fees) == 10  # five people on two days
    assert set(fees.values()) == {1}
    assert not InvoiceLine.objects.filter(kind=LineKind.CORRECTION).exists()
    totals = sorted(InvoiceBasis.objects.filter(pk__in=[march.pk, spring.pk]).values_list("total", flat=True))
    assert [int(t) for t in totals] == [0, 6000]


@requires_waiting_locks
@pytest.mark.django_db(transaction=True)
def test_bases_of_many_municipalities_issued_at_once_get_consecutive_numbers(world, slow_drafts):
    d = Dalarna2024.build(world)
    fee_schedule(world)
    occasion = d.occasion([datetime.date(YEAR, 3, 5)])
    d.participants(occasion, Avesta=2, Falun=2, Borlänge=2, Mora=2)
    d.take(occasion.days.get())
    bases = [d.basis(m, PeriodKind.MONTH, 3) for m in ["Avesta", "Falun", "Borlänge", "Mora"]]

    numbers = _race(d.admin, bases)

    assert sorted(numbers) == [f"20-2024-{n:04d}" for n in range(1, 5)]
    fees = Counter(InvoiceLine.objects.filter(kind=LineKind.FEE).values_list("registration_id", "course_day_id"))
    assert len(fees) == 8
    assert set(fees.values()) == {1}
