"""The demo's follow-up (``yrkesresan.followup``), through its services as the coordinators and the people asked
would do it.

    Course evaluation      A national survey (kind course_evaluation): "Vad tycker du om kursen som helhet?"
                           (quality scale, target 80 %), "Kan du använda det du lärde dig i ditt arbete?"
                           (agreement scale) and a free-text question. Sent for the two held occasions: the BoU
                           course in Borlänge (eight invited, six answer: the results, the distribution and the
                           target show) and Kurs 1 in Avesta five weeks ago (four invited, two answer: "För få
                           svar"). Sara Lind (`medarbetare`) attended Avesta's and has not answered: the survey
                           waits on her home page, and the e-mail with its one-tap links is in var/mail.
    Level completion       A national survey with the overall impression (Mycket bra … Ingen uppfattning). Not
                           sent: it goes to whoever finishes a level.
    Yearly manager survey  Dalarna's, for this year: "Yrkesresan är ett stöd i introduktionen av nyanställda"
                           (agreement, target 80 %). Sent to Dalarna's managers (`chef` and the managers of
                           Hemtjänsten Centrum and Särskilt boende Solgården in the other fourteen
                           municipalities, created here); 26 of 29 answer and 17 of the 25 with an opinion say
                           yes: 68 % against 80 %, not met (DOMAIN.md's example). `chef` has not answered: it
                           waits on his home page.
    Yearly trainer survey  Dalarna's, for this year, sent to its trainers: three answer, too few to show.
    Inventory              This year's and next year's, on Funk utförare and BoU, from Avesta (`kadmin`), Falun
                           (`kadmin.falun`), Borlänge and Mora (sent by e-mail, entered by `regionadmin`), with
                           their venues; the other eleven have not reported.
    Planning               Dalarna's assumptions for both journeys for this year and next (20 a group, …). A
                           suggestion reads the inventory of its own year: the planning page opens on this year,
                           the yearly report plans next year; both show course starts.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.models import Journey
from yrkesresan.followup.models import Dispatch, Invitation, Question, QuestionKind, Survey, SurveyKind
from yrkesresan.followup.services import inventory as inventory_services
from yrkesresan.followup.services import surveys as survey_services
from yrkesresan.occasions.models import Occasion
from yrkesresan.organisations.models import Municipality, Region, Unit

from .data import DEMO_PASSWORD

COURSE_EVALUATION = "Kursutvärdering"
OVERALL = "Vad tycker du om kursen som helhet?"
USE_AT_WORK = "Kan du använda det du lärde dig i ditt arbete?"
LEVEL_COMPLETION = "Du har slutfört ett steg"
MANAGER_SURVEY = "Chefsenkät, Region Dalarna"
MANAGER_ITEM = "Yrkesresan är ett stöd i introduktionen av nyanställda"
TRAINER_SURVEY = "Utbildarenkät, Region Dalarna"

#: The units in each of Dalarna's municipalities (but Avesta, where `chef` leads them) that get a manager.
MANAGED_UNITS = ("Hemtjänsten Centrum", "Särskilt boende Solgården")
#: Names for the managers created here (none in data.FIRST_NAMES × LAST_NAMES: the usernames stay free).
MANAGER_NAMES = [
    ("Birgitta", "Ström"),
    ("Mats", "Hedlund"),
    ("Annika", "Falk"),
    ("Stefan", "Wikström"),
    ("Helena", "Sandberg"),
    ("Jörgen", "Lundqvist"),
    ("Camilla", "Norberg"),
    ("Peter", "Blom"),
    ("Susanne", "Ekström"),
    ("Thomas", "Dahlgren"),
    ("Marie", "Hellström"),
    ("Kristian", "Sjödin"),
    ("Ulla", "Mattsson"),
    ("Fredrik", "Borg"),
    ("Jenny", "Åberg"),
    ("Roger", "Nyström"),
    ("Lotta", "Granberg"),
    ("Henrik", "Forslund"),
    ("Åsa", "Lindgren"),
    ("Daniel", "Westin"),
    ("Malin", "Hägg"),
    ("Niklas", "Öberg"),
    ("Cecilia", "Rosén"),
    ("Tobias", "Lind"),
    ("Linda", "Sundin"),
    ("Mikael", "Jonsson"),
    ("Therese", "Ahlström"),
    ("Robert", "Grahn"),
]

#: The managers' answers to the target item: 17 "yes" (4 and 3) of the 25 with an opinion = 68 %, one "Ingen
#: uppfattning" (left out of the percentage); three managers (`chef` among them) have not answered.
MANAGER_ANSWERS = ["4"] * 7 + ["3"] * 10 + ["2"] * 6 + ["1"] * 2 + ["0"]
MANAGER_TEXTS = [
    "Bra att nyanställda kommer igång med förberedelserna innan första kursdagen.",
    "Svårt att hinna med kursdagarna när vi har många vikarier.",
    "Stationen ger mig överblick, men jag vill kunna se vem som väntar på en plats.",
    "Vi behöver fler kurstillfällen i norra Dalarna.",
    "Introduktionen har blivit mer likvärdig mellan våra enheter.",
    "Mer material på lätt svenska, tack.",
]

#: The BoU course's evaluation: (overall, use at work, free text) per answer; six of the eight answer.
BOU_ANSWERS = [
    ("5", "4", "Bra blandning av teori och fall från verkligheten."),
    ("5", "4", "Förberedelserna var till stor hjälp."),
    ("5", "3", "Jag hade velat ha mer tid för samtalsövningarna."),
    ("4", "3", "Dag tre kändes lite stressig."),
    ("4", "2", "Lärorikt, och skönt att träffa kollegor från andra kommuner."),
    ("3", "0", ""),
]
#: Kurs 1 in Avesta: two of the four who attended answer (not Sara): too few to show.
AVESTA_ANSWERS = [("5", "4", "Trevliga kursledare."), ("4", "3", "")]
TRAINER_ANSWERS = [("4", "5"), ("3", "4"), ("4", "4")]

#: The inventory: municipality -> journey code -> ({level code: (staff, managers)}, venues).
INVENTORY: dict[str, dict[str, tuple[dict[str, tuple[int, int]], list[dict[str, Any]]]]] = {
    "Avesta": {
        "funk-utforare": (
            {"bas": (160, 0), "fordjupning": (24, 0), "spets": (6, 0), "chef": (0, 9)},
            [
                {"name": "Folkets hus, Avesta", "places": 40, "note": "Kungsgatan 1. Hörslinga."},
                {"name": "Medborgarhuset", "places": 24, "note": "Stationsgatan 5."},
            ],
        ),
        "bou": ({"ny": (6, 0), "van": (5, 0), "erfaren": (4, 0), "chef": (0, 2)}, []),
    },
    "Falun": {
        "funk-utforare": (
            {"bas": (240, 0), "fordjupning": (35, 0), "spets": (8, 0), "chef": (0, 14)},
            [{"name": "Kulturhuset Tio14", "places": 60, "note": "Trotzgatan 10. Bokas ett halvår i förväg."}],
        ),
        "bou": (
            {"ny": (14, 0), "van": (9, 0), "erfaren": (7, 0), "chef": (0, 3)},
            [{"name": "Stadshuset, sal Dalälven", "places": 24, "note": ""}],
        ),
    },
    "Borlänge": {
        "funk-utforare": (
            {"bas": (210, 0), "fordjupning": (30, 0), "spets": (5, 0), "chef": (0, 12)},
            [{"name": "Folkets hus, Borlänge", "places": 30, "note": "Stationsgatan 3."}],
        ),
        "bou": ({"ny": (12, 0), "van": (8, 0), "erfaren": (6, 0), "chef": (0, 3)}, []),
    },
    "Mora": {
        "funk-utforare": (
            {"bas": (120, 0), "fordjupning": (15, 0), "spets": (3, 0), "chef": (0, 7)},
            [{"name": "Mora Parken", "places": 25, "note": "Parkvägen 1. Lunch ingår."}],
        ),
        "bou": ({"ny": (6, 0), "van": (4, 0), "erfaren": (3, 0), "chef": (0, 1)}, []),
    },
}
#: Who reports each municipality's inventory: its k-admin where the demo has one, else the coordinator.
REPORTED_BY = {"Avesta": "kadmin", "Falun": "kadmin.falun"}
BY_EMAIL = "Inskickad per e-post; inlagd av regionen."

#: Dalarna's planning assumptions per journey (the same this year and next).
ASSUMPTIONS: dict[str, dict[str, int]] = {
    "bou": {"group_size": 20, "share_per_year": 100, "terms_per_year": 2, "trainers_per_occasion": 3,
            "days_per_trainer": 4},
    "funk-utforare": {"group_size": 20, "share_per_year": 50, "terms_per_year": 2, "trainers_per_occasion": 2,
                      "days_per_trainer": 4},
}  # fmt: skip


def demo_followup_load(*, admin: User) -> None:
    today = timezone.localdate()
    dalarna = Region.objects.get(name="Region Dalarna")
    coordinator = User.objects.get(username="regionadmin")

    _national_surveys(admin=admin)
    _course_evaluations(dalarna=dalarna, today=today)

    _managers(admin=admin, region=dalarna)
    manager_survey = survey_services.survey_save(
        actor=coordinator,
        kind=SurveyKind.MANAGER_YEARLY,
        title=MANAGER_SURVEY,
        intro="Hjälp oss att följa upp Yrkesresan: tre minuter, och ingen kan se vad just du svarade.",
        region=dalarna,
        questions=[
            {"text": MANAGER_ITEM, "kind": QuestionKind.AGREEMENT, "required": True, "target_percent": 80},
            {"text": "Vad skulle göra Yrkesresan till ett bättre stöd för dig som chef?", "kind": QuestionKind.TEXT},
        ],
    )
    dispatch = survey_services.yearly_survey_send(
        actor=coordinator, kind=SurveyKind.MANAGER_YEARLY, region=dalarna, year=today.year
    )
    item, text = _questions(manager_survey)
    waiting = User.objects.get(username="chef")
    texts = MANAGER_TEXTS + [""] * len(MANAGER_ANSWERS)
    answers = [{item: (value, ""), text: ("", texts[n])} for n, value in enumerate(MANAGER_ANSWERS)]
    _answer(dispatch, answers, skip=waiting, today=today)

    trainer_survey = survey_services.survey_save(
        actor=coordinator,
        kind=SurveyKind.TRAINER_YEARLY,
        title=TRAINER_SURVEY,
        region=dalarna,
        questions=[
            {"text": "Får du det stöd du behöver i ditt uppdrag som utbildare?", "kind": QuestionKind.AGREEMENT,
             "required": True, "target_percent": 80},
            {"text": "Vad tycker du om utbildarträffarna?", "kind": QuestionKind.QUALITY},
        ],
    )  # fmt: skip
    dispatch = survey_services.yearly_survey_send(
        actor=coordinator, kind=SurveyKind.TRAINER_YEARLY, region=dalarna, year=today.year
    )
    support, meetings = _questions(trainer_survey)
    _answer(dispatch, [{support: (a, ""), meetings: (b, "")} for a, b in TRAINER_ANSWERS], today=today)

    # This year's inventory, and next year's (reported this autumn, about a tenth more staff): the planning page
    # opens on this year, the yearly report plans next year.
    _inventory(region=dalarna, coordinator=coordinator, year=today.year)
    _inventory(region=dalarna, coordinator=coordinator, year=today.year + 1, growth=10)
    for year in (today.year, today.year + 1):
        for code, assumptions in ASSUMPTIONS.items():
            inventory_services.planning_assumptions_save(
                actor=coordinator, region=dalarna, journey=Journey.objects.get(code=code), year=year, **assumptions
            )


def _questions(survey: Survey) -> list[int]:
    return list(Question.objects.filter(survey=survey).order_by("position", "id").values_list("pk", flat=True))


def _national_surveys(*, admin: User) -> None:
    survey_services.survey_save(
        actor=admin,
        kind=SurveyKind.COURSE_EVALUATION,
        title=COURSE_EVALUATION,
        intro="Tack för att du var med! Dina svar är anonyma och hjälper oss att göra kursen bättre.",
        questions=[
            {"text": OVERALL, "kind": QuestionKind.QUALITY, "required": True, "target_percent": 80},
            {"text": USE_AT_WORK, "kind": QuestionKind.AGREEMENT},
            {"text": "Vill du säga något mer om kursen?", "kind": QuestionKind.TEXT},
        ],
    )
    survey_services.survey_save(
        actor=admin,
        kind=SurveyKind.LEVEL_COMPLETION,
        title=LEVEL_COMPLETION,
        intro="Grattis! Berätta gärna vad du tyckte om steget som helhet.",
        questions=[
            {"text": "Vad är ditt helhetsintryck av steget?", "kind": QuestionKind.QUALITY, "required": True,
             "target_percent": 80},
            {"text": "Vad har varit mest värdefullt för dig?", "kind": QuestionKind.TEXT},
        ],
    )  # fmt: skip


def _course_evaluations(*, dalarna: Region, today: datetime.date) -> None:
    """The evaluations of the two held occasions, as the daily task sends them the morning after the last day
    (called directly: Avesta's was held longer ago than the task looks back)."""
    held_avesta = Occasion.objects.get(region=dalarna, name="Avesta, hösten")
    bou = (
        Occasion.objects.filter(region=dalarna, course__journey__code="bou", last_day__lt=today)
        .order_by("first_day", "pk")
        .first()
    )
    sara = User.objects.get(username="medarbetare")
    for occasion, rows in ((held_avesta, AVESTA_ANSWERS), (bou, BOU_ANSWERS)):
        if occasion is None:
            continue
        survey_services.course_evaluation_send(occasion=occasion, today=today)
        dispatch = Dispatch.objects.get(occasion=occasion, survey__kind=SurveyKind.COURSE_EVALUATION)
        overall, use, more = _questions(dispatch.survey)
        answers = [{overall: (a, ""), use: (b, ""), more: ("", c)} for a, b, c in rows]
        assert occasion.last_day is not None
        _answer(dispatch, answers, skip=sara, today=today, first_day=occasion.last_day + datetime.timedelta(days=1))


def _answer(
    dispatch: Dispatch,
    answers: Sequence[dict[int, tuple[str, str]]],
    *,
    today: datetime.date,
    skip: User | None = None,
    first_day: datetime.date | None = None,
) -> None:
    """Answer ``dispatch`` through the answering service, one invitation after the other (never ``skip``'s),
    one answer a day from ``first_day`` (never after today)."""
    invitations = Invitation.objects.filter(dispatch=dispatch).order_by("user__last_name", "user__first_name", "pk")
    if skip is not None:
        invitations = invitations.exclude(user=skip)
    start = first_day or today
    for n, (invitation, given) in enumerate(zip(invitations, answers, strict=False)):
        day = min(start + datetime.timedelta(days=n // 2), today)
        survey_services.response_save(invitation=invitation, answers=given, today=day)


def _managers(*, admin: User, region: Region) -> None:
    """A manager for Hemtjänsten Centrum and Särskilt boende Solgården in each of Dalarna's municipalities but
    Avesta (where `chef` leads both), so that the yearly manager survey has a region's worth of answers."""
    shared_hash = make_password(DEMO_PASSWORD)
    taken = set(User.objects.values_list("username", flat=True))
    names = iter(MANAGER_NAMES)
    units = (
        Unit.objects.filter(municipality__region=region, name__in=MANAGED_UNITS)
        .exclude(municipality__name="Avesta")
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    for unit in units:
        if RoleAssignment.objects.active().filter(unit=unit, role=Role.MANAGER).exists():
            continue
        first, last = next(names)
        username = f"{first}.{last}".lower().translate(str.maketrans("åäöé", "aaoe"))
        if username in taken:
            continue
        taken.add(username)
        person = accounts.person_create(
            actor=admin,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{unit.municipality.name.lower()}.example".translate(str.maketrans("åäö", "aao")),
            role=Role.MANAGER,
            place=unit,
            notify=False,
        )
        User.objects.filter(pk=person.pk).update(password=shared_hash)


def _inventory(*, region: Region, coordinator: User, year: int, growth: int = 0) -> None:
    """The four municipalities' reports for ``year``: the figures of INVENTORY, ``growth`` % more staff."""
    for name, journeys in INVENTORY.items():
        municipality = Municipality.objects.get(region=region, name=name)
        reporter = User.objects.get(username=REPORTED_BY[name]) if name in REPORTED_BY else coordinator
        for code, (figures, venues) in journeys.items():
            journey = Journey.objects.get(code=code)
            levels = {lv.code: lv.pk for lv in journey.levels.all()}
            inventory_services.inventory_save(
                actor=reporter,
                municipality=municipality,
                journey=journey,
                year=year,
                levels={
                    levels[level]: (staff + staff * growth // 100, managers)
                    for level, (staff, managers) in figures.items()
                },
                venues=venues,
                note="" if name in REPORTED_BY else BY_EMAIL,
            )
