"""The demo's billing (``yrkesresan.billing``), through its services as the regional coordinator would do it.

    Organisation numbers   Region Dalarna 232100-0180, Region Gävleborg 232100-0198 and their municipalities
                           (212000-NNNN; Avesta, Borlänge and Falun as published, the others illustrative but
                           with a valid check digit), so that the Peppol export has a seller and a buyer.
    Fee schedules          Dalarna 600 kr a participant-day (200 material, administration, fika och buffert +
                           400 utbildarpott) for 2024 and for every year the demo's course days fall in; a day
                           missed without notice is not charged, a late cancellation is. Gävleborg this year:
                           GR's 1,250 kr in five parts (no-shows charged), the second example.
    Fixed costs            Dalarna 1,030,000 kr (samordnare 850,000, administratör 180,000) for 2024 and for this
                           year, shared by the 2023 population (SCB, set when the municipalities were created).
    Bases                  Avesta's and Borlänge's month bases of the months their held courses fall in, issued
                           (numbers 20-<year>-0001 and -0002); then one BoU attendance in Borlänge is corrected
                           (she went home ill), so Borlänge's year-end draft carries a correction line.
                           Avesta's, Borlänge's and Falun's year-end bases as drafts. The year's trainer pot is
                           not issued (the year is not over): its page shows the draft, and the year-end drafts
                           say it must be issued first.

The municipalities' organisation numbers have no service yet (they are set by a system admin in the admin);
the demo writes them directly, as that would.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from yrkesresan.accounts.models import User
from yrkesresan.billing import services as billing
from yrkesresan.billing.models import ChargeReason, InvoiceBasis, LineKind, PeriodKind
from yrkesresan.billing.services import ComponentInput
from yrkesresan.occasions.models import CourseDay, DayAttendance, DeliveryLevel, Occasion
from yrkesresan.occasions.services import attendance_mark
from yrkesresan.organisations.models import Municipality, Region

#: Organisation numbers. Region Dalarna's and Avesta's, Borlänge's and Falun's are the published ones; the rest
#: are illustrative (212000-2NNC with a valid check digit), as are Gävleborg's municipalities'.
REGION_ORGNR = {"Region Dalarna": "232100-0180", "Region Gävleborg": "232100-0198"}
KNOWN_ORGNR = {"Avesta": "212000-2171", "Borlänge": "212000-2296", "Falun": "212000-2262"}

DALARNA_FEE = [
    ComponentInput("Material, administration, fika och buffert", 200),
    ComponentInput("Utbildarpott", 400, is_pot=True),
]
GR_FEE = [
    ComponentInput("Lokal och fika", 300),
    ComponentInput("Administration", 400),
    ComponentInput("Utbildarpott", 400, is_pot=True),
    ComponentInput("Kursmaterial", 100),
    ComponentInput("Buffert", 50),
]
DALARNA_FIXED_COSTS = Decimal("1030000")
DALARNA_FIXED_COSTS_NOTE = "Samordnare 850 000 kr, administratör 180 000 kr"
POPULATION_YEAR = 2023

#: The BoU participant whose attendance is corrected after Borlänge's basis was issued.
CORRECTION_REASON = "Gick hem sjuk efter lunch (rättat i efterhand)"


def _with_check_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n // 10 + n % 10
    return f"{nine[:6]}-{nine[6:]}{(10 - total % 10) % 10}"


def _organisation_numbers() -> None:
    for region in Region.objects.filter(name__in=list(REGION_ORGNR)):
        Region.objects.filter(pk=region.pk).update(organisation_number=REGION_ORGNR[region.name])
    taken = set(KNOWN_ORGNR.values())
    serial = 10
    for municipality in Municipality.objects.order_by("region__name", "name"):
        number = KNOWN_ORGNR.get(municipality.name)
        while number is None or number in taken and municipality.name not in KNOWN_ORGNR:
            serial += 1
            number = _with_check_digit(f"2120002{serial:02d}")
        taken.add(number)
        Municipality.objects.filter(pk=municipality.pk).update(organisation_number=number)


def _course_years(region: Region) -> set[int]:
    dates = CourseDay.objects.filter(
        occasion__region=region, occasion__delivery_level=DeliveryLevel.REGIONAL
    ).values_list("date", flat=True)
    return {d.year for d in dates}


def _month_of(day: datetime.date) -> tuple[int, int]:
    return day.year, day.month


def _issue_month(*, actor: User, municipality: Municipality, day: datetime.date) -> InvoiceBasis | None:
    """Draft and issue ``municipality``'s basis for the month ``day`` falls in. A December basis ends the year and
    waits for the trainer pot (not issued in the demo): it is left as a draft."""
    year, month = _month_of(day)
    basis = billing.invoice_basis_create(
        actor=actor, municipality=municipality, period_kind=PeriodKind.MONTH, year=year, number=month
    )
    if basis.is_year_end:
        return None
    try:
        return billing.invoice_basis_issue(actor=actor, basis=basis)
    except ValidationError:
        return None


def demo_billing_load(*, admin: User) -> None:
    today = timezone.localdate()
    dalarna = Region.objects.get(name="Region Dalarna")
    gavleborg = Region.objects.get(name="Region Gävleborg")
    coordinator = User.objects.get(username="regionadmin")
    gavleborg_admin = User.objects.get(username="regionadmin.gavleborg")
    _organisation_numbers()

    for year in sorted({2024, today.year} | _course_years(dalarna)):
        billing.fee_schedule_save(
            actor=coordinator,
            region=dalarna,
            year=year,
            components=DALARNA_FEE,
            charge_no_shows=False,
            note="Utbildarpotten fördelas i december: kursledare 1,5 andelar per kursdag, utbildare 1.",
        )
    billing.fee_schedule_save(
        actor=gavleborg_admin,
        region=gavleborg,
        year=today.year,
        components=GR_FEE,
        note="Som Göteborgsregionens avgift: 1 250 kr per deltagare och kursdag.",
    )
    for year in (2024, today.year):
        billing.regional_cost_save(
            actor=coordinator,
            region=dalarna,
            year=year,
            total=DALARNA_FIXED_COSTS,
            population_year=POPULATION_YEAR,
            description=DALARNA_FIXED_COSTS_NOTE,
        )

    # The month bases of the held courses: Kurs 1 in Avesta (Avesta's staff), BoU in Borlänge (Borlänge's and
    # Falun's social workers; Borlänge's month is issued, Falun's days wait for its year-end basis).
    avesta = Municipality.objects.get(name="Avesta")
    borlange = Municipality.objects.get(name="Borlänge")
    falun = Municipality.objects.get(name="Falun")
    held_avesta = Occasion.objects.get(region=dalarna, name="Avesta, hösten").days.order_by("date").first()
    bou = (
        Occasion.objects.filter(region=dalarna, course__journey__code="bou", days__date__lt=today)
        .distinct()
        .order_by("first_day", "pk")
        .first()
    )
    if held_avesta is not None:
        _issue_month(actor=coordinator, municipality=avesta, day=held_avesta.date)
    issued = None
    if bou is not None:
        first_day = bou.days.order_by("date").first()
        if first_day is not None:
            issued = _issue_month(actor=coordinator, municipality=borlange, day=first_day.date)
    if issued is not None:
        _correct_one_attendance(actor=coordinator, basis=issued)

    # This year's year-end bases, as drafts: they wait for the trainer pot, which is issued once the year is over.
    for municipality in (avesta, borlange, falun):
        if not InvoiceBasis.objects.filter(
            municipality=municipality, period_kind=PeriodKind.YEAR, period_start=datetime.date(today.year, 1, 1)
        ).exists():
            billing.invoice_basis_create(
                actor=coordinator, municipality=municipality, period_kind=PeriodKind.YEAR, year=today.year
            )


def _correct_one_attendance(*, actor: User, basis: InvoiceBasis) -> None:
    """After the basis was issued the course leader corrects one mark: a participant who was marked present went
    home ill before lunch. The issued basis keeps its line; the next draft credits the day."""
    line = (
        basis.lines.filter(kind=LineKind.FEE, reason=ChargeReason.ATTENDED, registration_id__isnull=False)
        .order_by("-date", "person_name", "pk")
        .first()
    )
    if line is None or line.registration_id is None or line.course_day_id is None:
        return
    mark = DayAttendance.objects.select_related("registration__user", "course_day").get(
        registration_id=line.registration_id, course_day_id=line.course_day_id
    )
    attendance_mark(
        actor=actor,
        course_day=mark.course_day,
        person=mark.registration.user,
        present=False,
        reason=CORRECTION_REASON,
    )
