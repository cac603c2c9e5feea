"""DOMAIN.md's worked example, end to end through the real services: Dalarna's 2024 fee of 600 kr (400 to the
trainer pot), three course days A (22 participants), B (18) and C (10) put 20,000 kr in the pot; Karin led A and B,
Fia trained B and led C, Ulf trained A and C, Rosa was a reserve who was never called in. The pot pays 8,000,
6,667 and 5,333 to their municipalities, which the December (year-end) bases deduct.

The helpers here (``Dalarna2024``) are what the other billing tests build on.

    Karin ── Avesta       A: 10 from Avesta, 12 from Falun      (Karin leads, Ulf trains)
    Fia ──── Falun        B:  8 from Falun, 10 from Borlänge    (Karin leads, Fia trains)
    Ulf ──── Borlänge     C:  5 from Borlänge, 5 from Mora      (Fia leads, Ulf trains)
    Rosa ─── Mora (reserve on every team, never called in)
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.models import User
from yrkesresan.billing import selectors, services
from yrkesresan.billing.models import FeeSchedule, InvoiceBasis, LineKind, PeriodKind
from yrkesresan.billing.services import ComponentInput
from yrkesresan.occasions.models import CourseDay, DeliveryLevel, Occasion
from yrkesresan.occasions.services import attendance_take, occasion_create, registration_create
from yrkesresan.organisations.models import Municipality, Unit
from yrkesresan.organisations.services import municipality_create, unit_create
from yrkesresan.trainers.models import DayRole, TeamRole, TrainerProfile
from yrkesresan.trainers.services import day_assign, team_member_add
from yrkesresan.trainers.tests.conftest import make_trainer

YEAR = 2024
A_DAY = datetime.date(YEAR, 3, 12)
B_DAY = datetime.date(YEAR, 5, 14)
C_DAY = datetime.date(YEAR, 10, 8)
SIGN_UP = timezone.make_aware(datetime.datetime(YEAR, 1, 15, 9))
_serial = itertools.count()


def fee_schedule(world: Any, *, year: int = YEAR, **flags: Any) -> FeeSchedule:
    """Dalarna's fee as DOMAIN.md gives it: 600 kr a participant-day, 400 of it to the trainer pot."""
    return services.fee_schedule_save(
        actor=world["regional_admin"],
        region=world.dalarna,
        year=year,
        components=[
            ComponentInput("Material, administration, fika och buffert", "200"),
            ComponentInput("Utbildarpott", "400", is_pot=True),
        ],
        **flags,
    )


@dataclass
class Dalarna2024:
    """The world's Dalarna with Borlänge and Mora added, a unit in each municipality to employ staff, and
    helpers that build occasions, participants and attendance the way the pages would."""

    world: Any
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)

    @classmethod
    def build(cls, world: Any) -> Dalarna2024:
        borlange = municipality_create(region=world.dalarna, name="Borlänge", scb_code="2081")
        mora = municipality_create(region=world.dalarna, name="Mora", scb_code="2062")
        admin = world["system_admin"]
        return cls(
            world=world,
            municipalities={"Avesta": world.avesta, "Falun": world.falun, "Borlänge": borlange, "Mora": mora},
            units={
                "Avesta": world.avesta_home,
                "Falun": world.falun_home,
                "Borlänge": unit_create(actor=admin, municipality=borlange, name="Borlänge socialtjänst"),
                "Mora": unit_create(actor=admin, municipality=mora, name="Mora socialtjänst"),
            },
        )

    @property
    def admin(self) -> User:
        return self.world["regional_admin"]

    def staff(self, municipality: str, *, name: str = "Deltagare") -> User:
        """A new member of staff of ``municipality`` (their role is valid from today: the billing selector
        then counts them to the first role they were given after the course, an account made afterwards)."""
        n = next(_serial)
        return accounts.person_create(
            actor=self.world["system_admin"],
            username=f"d{n:04d}",
            first_name=name,
            last_name=f"{municipality} {n:04d}",
            email=f"d{n:04d}@example.org",
            role="staff",
            place=self.units[municipality],
            notify=False,
        )

    def occasion(
        self,
        dates: list[datetime.date],
        *,
        name: str = "Omgång",
        delivery_level: str = DeliveryLevel.REGIONAL,
        **extra: Any,
    ) -> Occasion:
        return occasion_create(
            actor=extra.pop("actor", self.admin),
            course=self.world.bou_course,
            region=extra.pop("region", self.world.dalarna),
            capacity=40,
            name=name,
            delivery_level=delivery_level,
            days=[
                {"date": d, "starts": datetime.time(9), "ends": datetime.time(16), "venue": "Folkets hus"}
                for d in dates
            ],
            **extra,
        )

    def sign_up(self, occasion: Occasion, people: list[User]) -> None:
        for person in people:
            registration_create(actor=self.admin, occasion=occasion, person=person, now=SIGN_UP)

    def participants(self, occasion: Occasion, **per_municipality: int) -> list[User]:
        people = [self.staff(m) for m, n in per_municipality.items() for _ in range(n)]
        self.sign_up(occasion, people)
        return people

    def take(self, course_day: CourseDay, absent: dict[int, str] | None = None, *, actor: Any = None) -> None:
        attendance_take(actor=actor or self.admin, course_day=course_day, absent=absent or {})

    def trainer(self, username: str, municipality: str) -> TrainerProfile:
        return make_trainer(self.world, username, self.municipalities[municipality], max_days=10)

    def team(self, occasion: Occasion, **roles: TrainerProfile) -> None:
        """``leader=``, ``trainer=``, ``reserve=`` on the occasion's team."""
        for role, trainer in roles.items():
            team_member_add(actor=self.admin, occasion=occasion, trainer=trainer, role=TeamRole(role))

    def teaches(self, course_day: CourseDay, trainer: TrainerProfile, role: str) -> None:
        day_assign(actor=self.admin, course_day=course_day, trainer=trainer, role=DayRole(role))

    def basis(self, municipality: str, kind: str = PeriodKind.YEAR, number: int = 1, year: int = YEAR) -> InvoiceBasis:
        return services.invoice_basis_create(
            actor=self.admin, municipality=self.municipalities[municipality], period_kind=kind, year=year, number=number
        )

    def issue(self, basis: InvoiceBasis) -> InvoiceBasis:
        return services.invoice_basis_issue(actor=self.admin, basis=basis)

    def issue_pot(self, year: int = YEAR) -> Any:
        return services.trainer_pot_issue(actor=self.admin, region=self.world.dalarna, year=year)


@dataclass
class WorkedExample:
    dalarna: Dalarna2024
    trainers: dict[str, TrainerProfile]
    days: dict[str, CourseDay]


def build_worked_example(world: Any) -> WorkedExample:
    d = Dalarna2024.build(world)
    fee_schedule(world)
    trainers = {
        "Karin": d.trainer("karin", "Avesta"),
        "Fia": d.trainer("fia", "Falun"),
        "Ulf": d.trainer("ulf", "Borlänge"),
        "Rosa": d.trainer("rosa", "Mora"),
    }
    a = d.occasion([A_DAY], name="Omgång A")
    b = d.occasion([B_DAY], name="Omgång B")
    c = d.occasion([C_DAY], name="Omgång C")
    d.participants(a, Avesta=10, Falun=12)
    d.participants(b, Falun=8, Borlänge=10)
    d.participants(c, Borlänge=5, Mora=5)
    d.team(a, leader=trainers["Karin"], trainer=trainers["Ulf"], reserve=trainers["Rosa"])
    d.team(b, leader=trainers["Karin"], trainer=trainers["Fia"], reserve=trainers["Rosa"])
    d.team(c, leader=trainers["Fia"], trainer=trainers["Ulf"], reserve=trainers["Rosa"])
    days = {"A": a.days.get(), "B": b.days.get(), "C": c.days.get()}
    d.teaches(days["A"], trainers["Karin"], "leader")
    d.teaches(days["A"], trainers["Ulf"], "trainer")
    d.teaches(days["B"], trainers["Karin"], "leader")
    d.teaches(days["B"], trainers["Fia"], "trainer")
    d.teaches(days["C"], trainers["Fia"], "leader")
    d.teaches(days["C"], trainers["Ulf"], "trainer")
    for course_day in days.values():
        d.take(course_day)
    return WorkedExample(dalarna=d, trainers=trainers, days=days)


@pytest.fixture
def example(world) -> WorkedExample:
    return build_worked_example(world)


def _by_name(view: selectors.PotView) -> dict[str, Any]:
    return {t.name.split()[0]: t for t in view.trainers}


def test_three_course_days_of_22_18_and_10_participants_put_20000_kr_in_the_pot(example):
    pot = selectors.pot_compute(region=example.dalarna.world.dalarna, year=YEAR)

    assert pot.participant_days == 50
    assert pot.total == Decimal("20000")


def test_a_course_leader_earns_one_and_a_half_shares_a_day_and_the_reserve_nothing(example):
    pot = selectors.pot_compute(region=example.dalarna.world.dalarna, year=YEAR)
    trainers = _by_name(pot)

    assert {name: t.shares for name, t in trainers.items()} == {
        "Karin": Decimal("3"),
        "Fia": Decimal("2.5"),
        "Ulf": Decimal("2"),
    }
    assert "Rosa" not in trainers
    assert pot.total_shares == Decimal("7.5")
    assert pot.value_per_share == Decimal("2666.67")


def test_the_pot_pays_8000_6667_and_5333_to_the_trainers_municipalities_to_the_krona(example):
    pot = selectors.pot_compute(region=example.dalarna.world.dalarna, year=YEAR)

    assert {m.name: m.payout for m in pot.municipalities} == {
        "Avesta": Decimal("8000"),
        "Borlänge": Decimal("5333"),
        "Falun": Decimal("6667"),
    }
    assert pot.paid_out == Decimal("20000")


def test_the_issued_pot_keeps_every_share_and_payout(example):
    pot = example.dalarna.issue_pot()

    assert pot.total == Decimal("20000")
    assert pot.total_shares == Decimal("7.5")
    assert {(p.municipality_name, p.trainer_name.split()[0], p.amount) for p in pot.payouts.all()} == {
        ("Avesta", "Karin", Decimal("8000")),
        ("Falun", "Fia", Decimal("6667")),
        ("Borlänge", "Ulf", Decimal("5333")),
    }
    assert pot.shares.count() == 6  # six course days taught, none by the reserve


def test_the_year_end_basis_cannot_be_issued_before_the_pot(example):
    basis = example.dalarna.basis("Falun")

    view = selectors.basis_view(basis)
    assert view.blockers and "utbildarpotten" in view.blockers[0]
    with pytest.raises(ValidationError, match="utbildarpotten"):
        example.dalarna.issue(basis)
    basis.refresh_from_db()
    assert not basis.is_issued
    assert basis.number is None


def test_each_municipalitys_year_end_basis_is_its_participant_days_times_600_less_its_payout(example):
    d = example.dalarna
    d.issue_pot()

    issued = {name: d.issue(d.basis(name)) for name in ["Avesta", "Falun", "Borlänge", "Mora"]}
    views = {name: selectors.basis_view(basis) for name, basis in issued.items()}

    assert {name: (v.participant_days, v.fees_total, v.pot_total) for name, v in views.items()} == {
        "Avesta": (10, Decimal("6000"), Decimal("-8000")),
        "Falun": (20, Decimal("12000"), Decimal("-6667")),
        "Borlänge": (15, Decimal("9000"), Decimal("-5333")),
        "Mora": (5, Decimal("3000"), Decimal("0")),
    }
    assert {name: b.total for name, b in issued.items()} == {
        "Avesta": Decimal("-2000"),
        "Falun": Decimal("5333"),
        "Borlänge": Decimal("3667"),
        "Mora": Decimal("3000"),
    }
    # Together the municipalities pay the fees less the whole pot: nothing lost, nothing invented.
    assert sum(b.total for b in issued.values()) == Decimal("30000") - Decimal("20000")


def test_a_municipality_whose_payout_exceeds_its_fees_gets_a_credit(example):
    d = example.dalarna
    d.issue_pot()

    avesta = d.issue(d.basis("Avesta"))

    view = selectors.basis_view(avesta)
    assert avesta.total == Decimal("-2000")
    assert view.is_credit
    assert [line.kind for line in view.lines].count(LineKind.POT_PAYOUT) == 1


def test_the_payout_is_deducted_once_even_if_a_second_basis_ends_the_year(example):
    d = example.dalarna
    d.issue_pot()
    d.issue(d.basis("Avesta"))

    december = d.issue(d.basis("Avesta", PeriodKind.MONTH, 12))

    assert december.total == Decimal("0")
    assert not december.lines.exists()


def test_every_participant_is_charged_to_the_municipality_of_their_staff_role(example):
    d = example.dalarna
    d.issue_pot()
    for name in ["Avesta", "Falun", "Borlänge", "Mora"]:
        basis = d.issue(d.basis(name))
        people = {line.person_name for line in basis.lines.filter(kind=LineKind.FEE)}
        assert people and all(name in person for person in people), name


def test_the_numbers_are_the_regions_series_for_the_year(example):
    d = example.dalarna
    d.issue_pot()

    numbers = [d.issue(d.basis(name)).number for name in ["Mora", "Falun"]]

    assert numbers == ["20-2024-0001", "20-2024-0002"]


def test_the_municipalities_share_of_everything_is_the_same_on_the_regions_overview(example):
    d = example.dalarna
    d.issue_pot()

    overview = {v.basis.municipality.name: v.total for v in selectors.year_end_bases(region=d.world.dalarna, year=YEAR)}

    assert overview == {
        "Avesta": Decimal("-2000"),
        "Borlänge": Decimal("3667"),
        "Falun": Decimal("5333"),
        "Mora": Decimal("3000"),
    }


def test_closing_the_year_reads_the_data_once_and_says_the_same_as_the_pot_and_the_bases_alone(example):
    d = example.dalarna
    alone = selectors.pot_compute(region=d.world.dalarna, year=YEAR)

    pot, bases = selectors.year_close(region=d.world.dalarna, year=YEAR)

    assert (pot.total, pot.participant_days, pot.total_shares) == (Decimal("20000"), 50, Decimal("7.5"))
    assert [(t.name, t.payout) for t in pot.trainers] == [(t.name, t.payout) for t in alone.trainers]
    assert {v.basis.municipality.name: v.blockers != [] for v in bases} == {
        "Avesta": True,
        "Borlänge": True,
        "Falun": True,
        "Mora": True,
    }
    d.issue_pot()
    _pot, bases = selectors.year_close(region=d.world.dalarna, year=YEAR)
    assert {v.basis.municipality.name: v.total for v in bases} == {
        "Avesta": Decimal("-2000"),
        "Borlänge": Decimal("3667"),
        "Falun": Decimal("5333"),
        "Mora": Decimal("3000"),
    }
