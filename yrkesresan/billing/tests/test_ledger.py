"""The ledger rules of decision 0012: what is charged, issuing with numbers, and how later changes reach the
next basis as corrections while an issued basis never changes. Built through the real services on
``Dalarna2024`` (see test_worked_example), in the past year 2024 with Dalarna's fee of 600 kr."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.models import RoleAssignment
from yrkesresan.billing import selectors, services
from yrkesresan.billing.models import InvoiceBasis, InvoiceLine, LineKind, PeriodKind
from yrkesresan.core.models import AuditEvent
from yrkesresan.occasions.models import DeliveryLevel, Registration, RegistrationState
from yrkesresan.occasions.services import absence_announce, attendance_mark, registration_cancel

from .test_worked_example import YEAR, Dalarna2024, build_worked_example, fee_schedule

MARCH_5 = datetime.date(YEAR, 3, 5)
MARCH_6 = datetime.date(YEAR, 3, 6)
FEE = Decimal("600")


@pytest.fixture
def d(world) -> Dalarna2024:
    return Dalarna2024.build(world)


def _lines(basis: InvoiceBasis) -> list[tuple[str, str, Decimal]]:
    """(kind, reason, amount) of every line of a basis, as the page shows it."""
    return sorted((line.kind, line.reason, line.amount) for line in selectors.basis_view(basis).lines)


def _registration(occasion, person) -> Registration:
    return Registration.objects.get(occasion=occasion, user=person)


def _march(d: Dalarna2024) -> InvoiceBasis:
    return d.basis("Avesta", PeriodKind.MONTH, 3)


# --- what is charged -----------------------------------------------------------------------------------


def test_a_participant_who_was_there_is_charged_the_full_fee_for_each_day(d):
    fee_schedule(d.world)
    occasion = d.occasion([MARCH_5, MARCH_6])
    d.participants(occasion, Avesta=1)
    for course_day in occasion.days.all():
        d.take(course_day)

    assert _lines(_march(d)) == [(LineKind.FEE, "attended", FEE), (LineKind.FEE, "attended", FEE)]


def test_an_absence_announced_in_advance_is_not_charged(d):
    fee_schedule(d.world)
    occasion = d.occasion([MARCH_5])
    [person] = d.participants(occasion, Avesta=1)
    course_day = occasion.days.get()
    registration = _registration(occasion, person)
    absence_announce(
        actor=person, registration=registration, course_day=course_day, reason="Sjuk", today=MARCH_5.replace(day=1)
    )

    assert _lines(_march(d)) == []


def test_an_absence_announced_in_advance_stays_free_once_the_course_leader_has_saved_the_days_list(d):
    # The list opens with the announced absence marked absent with its reason; saving it must not make
    # the absence a no-show.
    fee_schedule(d.world)
    occasion = d.occasion([MARCH_5])
    [person, other] = d.participants(occasion, Avesta=2)
    course_day = occasion.days.get()
    registration = _registration(occasion, person)
    absence_announce(
        actor=person, registration=registration, course_day=course_day, reason="Sjuk", today=MARCH_5.replace(day=1)
    )

    d.take(course_day, absent={registration.pk: "Sjuk"})

    assert _lines(_march(d)) == [(LineKind.FEE, "attended", FEE)]


def test_a_no_show_is_charged_when_the_schedule_charges_no_shows(d):
    fee_schedule(d.world, charge_no_shows=True)
    occasion = d.occasion([MARCH_5])
    [person] = d.participants(occasion, Avesta=1)
    d.take(occasion.days.get(), absent={_registration(occasion, person).pk: ""})

    assert _lines(_march(d)) == [(LineKind.FEE, "no_show", FEE)]


def test_a_no_show_is_free_when_the_schedule_does_not_charge_no_shows(d):
    fee_schedule(d.world, charge_no_shows=False)
    occasion = d.occasion([MARCH_5])
    [person, _other] = d.participants(occasion, Avesta=2)
    d.take(occasion.days.get(), absent={_registration(occasion, person).pk: ""})

    assert _lines(_march(d)) == [(LineKind.FEE, "attended", FEE)]


def _cancel_late(d: Dalarna2024, *, charged: bool) -> InvoiceBasis:
    fee_schedule(d.world, charge_late_cancellations=charged)
    occasion = d.occasion([MARCH_5, MARCH_6], cancel_deadline=datetime.date(YEAR, 2, 20))
    [person] = d.participants(occasion, Avesta=1)
    registration = registration_cancel(
        actor=person, registration=_registration(occasion, person), today=datetime.date(YEAR, 3, 1)
    )
    assert registration.state == RegistrationState.CANCELLED_LATE
    return _march(d)


def test_a_late_cancellation_is_charged_for_every_day_of_the_occasion_when_the_schedule_says_so(d):
    basis = _cancel_late(d, charged=True)

    assert _lines(basis) == [(LineKind.FEE, "late_cancellation", FEE)] * 2


def test_a_late_cancellation_is_free_when_the_schedule_does_not_charge_it(d):
    assert _lines(_cancel_late(d, charged=False)) == []


def test_a_cancellation_in_time_is_never_charged(d):
    fee_schedule(d.world, charge_late_cancellations=True)
    occasion = d.occasion([MARCH_5], cancel_deadline=datetime.date(YEAR, 2, 20))
    [person] = d.participants(occasion, Avesta=1)
    registration_cancel(actor=person, registration=_registration(occasion, person), today=datetime.date(YEAR, 2, 1))

    assert _lines(_march(d)) == []


@pytest.mark.parametrize("level", [DeliveryLevel.MUNICIPAL, DeliveryLevel.WORKPLACE])
def test_municipal_and_workplace_occasions_are_free(d, level):
    fee_schedule(d.world)
    place = {"municipality": d.world.avesta} if level == DeliveryLevel.MUNICIPAL else {"unit": d.world.avesta_home}
    occasion = d.occasion([MARCH_5], delivery_level=level, region=None, **place)
    d.participants(occasion, Avesta=2)
    d.take(occasion.days.get())

    assert _lines(_march(d)) == []


def _national(d: Dalarna2024, *, charged: bool) -> InvoiceBasis:
    fee_schedule(d.world, charge_national=charged)
    occasion = d.occasion([MARCH_5], delivery_level=DeliveryLevel.NATIONAL, region=None, actor=d.world["system_admin"])
    d.sign_up(occasion, [d.staff("Avesta")])
    d.take(occasion.days.get(), actor=d.world["system_admin"])
    return _march(d)


def test_a_national_occasion_is_free_unless_the_schedule_charges_national_occasions(d):
    assert _lines(_national(d, charged=False)) == []


def test_a_national_occasion_is_charged_to_the_participants_municipality_when_the_schedule_says_so(d):
    assert _lines(_national(d, charged=True)) == [(LineKind.FEE, "attended", FEE)]


def test_a_year_without_a_fee_schedule_charges_nothing_and_says_so(d):
    fee_schedule(d.world, year=YEAR + 1)  # the next year has one; 2024 has none
    occasion = d.occasion([MARCH_5])
    d.participants(occasion, Avesta=3)
    d.take(occasion.days.get())

    view = selectors.basis_view(_march(d))

    assert view.lines == []
    assert view.total == 0
    assert any("no fee schedule for 2024" in w for w in view.warnings)


def test_a_day_whose_attendance_is_not_taken_is_not_charged_yet(d):
    fee_schedule(d.world)
    occasion = d.occasion([MARCH_5])
    d.participants(occasion, Avesta=2)

    assert _lines(_march(d)) == []


# --- issuing ---------------------------------------------------------------------------------------------


def test_issuing_numbers_the_regions_bases_of_the_year_in_order(d):
    fee_schedule(d.world)

    numbers = [d.issue(d.basis(m, PeriodKind.MONTH, 3)).number for m in ["Falun", "Avesta", "Mora"]]

    assert numbers == ["20-2024-0001", "20-2024-0002", "20-2024-0003"]


def test_issuing_copies_every_line_and_the_total(d):
    fee_schedule(d.world)
    occasion = d.occasion([MARCH_5])
    d.participants(occasion, Avesta=3)
    d.take(occasion.days.get())

    basis = d.issue(_march(d))

    assert basis.total == 3 * FEE
    assert basis.lines.filter(kind=LineKind.FEE).count() == 3
    assert basis.municipality_name == "Avesta"


def test_an_issued_basis_cannot_be_issued_again_or_removed(d):
    fee_schedule(d.world)
    basis = d.issue(_march(d))

    with pytest.raises(ValidationError):
        d.issue(basis)
    with pytest.raises(ValidationError):
        services.invoice_basis_delete(actor=d.admin, basis=basis)
    assert InvoiceBasis.objects.filter(pk=basis.pk, number="20-2024-0001").exists()


def test_a_draft_can_be_removed(d):
    basis = _march(d)

    services.invoice_basis_delete(actor=d.admin, basis=basis)

    assert not InvoiceBasis.objects.filter(pk=basis.pk).exists()


def test_issuing_and_the_pot_are_in_the_audit_trail(world):
    example = build_worked_example(world)
    d = example.dalarna
    pot = d.issue_pot()
    basis = d.issue(d.basis("Falun"))

    issue = AuditEvent.objects.get(action="invoice_basis.issue", target_id=basis.pk)
    assert issue.changes["number"] == "20-2024-0001"
    assert Decimal(issue.changes["total"]) == Decimal("5333")
    assert issue.actor == d.admin
    pot_event = AuditEvent.objects.get(action="trainer_pot.issue", target_id=pot.pk)
    assert Decimal(pot_event.changes["total"]) == Decimal("20000")
    assert pot_event.changes["payouts"] == {"Avesta": "8000", "Borlänge": "5333", "Falun": "6667"}


# --- corrections -----------------------------------------------------------------------------------------


def _issued_march_with(d: Dalarna2024, n: int):
    fee_schedule(d.world)
    occasion = d.occasion([MARCH_5])
    people = d.participants(occasion, Avesta=n)
    course_day = occasion.days.get()
    d.take(course_day)
    return d.issue(_march(d)), course_day, people


def _snapshot(basis: InvoiceBasis) -> tuple[object, ...]:
    basis = InvoiceBasis.objects.get(pk=basis.pk)
    lines = list(InvoiceLine.objects.filter(basis=basis).order_by("pk").values_list("pk", "kind", "amount", "reason"))
    return basis.number, basis.total, basis.state, lines


def test_an_issued_basis_never_changes_after_the_attendance_is_corrected(d):
    march, course_day, people = _issued_march_with(d, 2)
    before = _snapshot(march)

    attendance_mark(actor=d.admin, course_day=course_day, person=people[0], present=False, reason="Gick hem")
    attendance_mark(actor=d.admin, course_day=course_day, person=people[1], present=False, reason="")

    assert _snapshot(march) == before
    assert selectors.basis_view(march).total == 2 * FEE


def test_a_corrected_attendance_is_credited_on_the_municipalitys_next_basis(d):
    fee_schedule(d.world, charge_no_shows=False)
    occasion = d.occasion([MARCH_5])
    people = d.participants(occasion, Avesta=2)
    course_day = occasion.days.get()
    d.take(course_day)
    d.issue(_march(d))

    attendance_mark(actor=d.admin, course_day=course_day, person=people[0], present=False, reason="Gick hem")
    april = d.basis("Avesta", PeriodKind.MONTH, 4)

    assert _lines(april) == [(LineKind.CORRECTION, "", -FEE)]
    line = selectors.basis_view(april).lines[0]
    assert (line.person_name, line.date) == (str(people[0].get_full_name()), MARCH_5)
    april = d.issue(april)
    assert april.total == -FEE
    # Once credited, nothing is left to correct.
    assert _lines(d.basis("Avesta", PeriodKind.MONTH, 5)) == []


def test_a_correction_goes_only_to_the_municipality_it_concerns(d):
    fee_schedule(d.world, charge_no_shows=False)
    occasion = d.occasion([MARCH_5])
    [avesta_person, _falun_person] = d.participants(occasion, Avesta=1, Falun=1)
    course_day = occasion.days.get()
    d.take(course_day)
    d.issue(_march(d))
    d.issue(d.basis("Falun", PeriodKind.MONTH, 3))

    attendance_mark(actor=d.admin, course_day=course_day, person=avesta_person, present=False)

    assert _lines(d.basis("Falun", PeriodKind.MONTH, 4)) == []
    assert _lines(d.basis("Avesta", PeriodKind.MONTH, 4)) == [(LineKind.CORRECTION, "", -FEE)]


def test_a_person_who_moved_is_credited_to_the_old_municipality_and_charged_to_the_new(d):
    march, _course_day, [person] = _issued_march_with(d, 1)
    assert march.lines.get().municipality == d.world.avesta
    # They had in fact worked in Falun since before the course: Avesta's role ends, Falun's is dated back.
    accounts.role_end(actor=d.world["system_admin"], assignment=RoleAssignment.objects.get(user=person, role="staff"))
    accounts.role_assign(
        actor=d.world["system_admin"],
        person=person,
        role="staff",
        place=d.units["Falun"],
        valid_from=datetime.date(YEAR, 1, 1),
    )

    assert _lines(d.basis("Avesta", PeriodKind.MONTH, 4)) == [(LineKind.CORRECTION, "attended", -FEE)]
    falun_april = d.basis("Falun", PeriodKind.MONTH, 4)
    assert _lines(falun_april) == [(LineKind.CORRECTION, "attended", FEE)]
    d.issue(falun_april)
    # Once charged to Falun, Falun's own March basis does not charge the day a second time.
    assert _lines(d.basis("Falun", PeriodKind.MONTH, 3)) == []


def test_overlapping_month_term_and_year_bases_never_bill_a_day_twice(d):
    fee_schedule(d.world)
    occasion = d.occasion([MARCH_5, datetime.date(YEAR, 9, 10)])
    d.participants(occasion, Avesta=2)
    for course_day in occasion.days.all():
        d.take(course_day)

    spring = d.issue(d.basis("Avesta", PeriodKind.TERM, 1))
    march = d.issue(d.basis("Avesta", PeriodKind.MONTH, 3))  # inside the spring term, already invoiced
    september = d.issue(d.basis("Avesta", PeriodKind.MONTH, 9))
    year = selectors.basis_view(d.basis("Avesta", PeriodKind.YEAR))  # every day of it already invoiced

    assert (spring.total, march.total, september.total) == (2 * FEE, 0, 2 * FEE)
    assert [line for line in year.lines if line.kind != LineKind.POT_PAYOUT] == []
    keys = list(InvoiceLine.objects.values_list("registration_id", "course_day_id"))
    assert len(keys) == len(set(keys)) == 4


def test_attendance_taken_after_the_months_basis_was_issued_lands_on_the_next_basis(d):
    fee_schedule(d.world)
    occasion = d.occasion([MARCH_5])
    d.participants(occasion, Avesta=2)
    march = d.issue(_march(d))  # issued before anyone took the attendance
    assert march.total == 0

    d.take(occasion.days.get())

    assert _lines(d.basis("Avesta", PeriodKind.MONTH, 4)) == [(LineKind.CORRECTION, "attended", FEE)] * 2
    assert InvoiceBasis.objects.get(pk=march.pk).total == 0
