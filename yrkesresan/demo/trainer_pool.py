"""The demo's trainer pool in Dalarna: trainers with their qualifications and availability, the teams of
Dalarna's occasions and who led and trained each course day, built through the trainers' services as the
coordinators' pages would do it (``yrkesresan.trainers.services``).

    Fia Holm (`utbildare`, Borlänge) and eleven trainers across Dalarna, each qualified for two to four
    courses; Leila Ahmed and Göran Björk, Avesta's own discussion leaders (samtalsledare).

    held five weeks ago   Kurs 1 "Avesta, hösten"     Anders leads, Fia and Nadia train
    held these four weeks BoU "Borlänge, ..."         a four-day course: a leader and one or two trainers a day;
                                                      on day 3 Ulrika was ill and the reserve Björn stepped in
    next week             Kurs 2 "Avesta, vintern"    Fia leads, Anders trains; Camilla has reported absence
                                                      and nobody has taken her place yet (the coordinator's to do)
    in 12 and 19 days     Kurs 3 "Avesta, egen omgång" (municipal) the discussion leaders, one day each leading
    next month            Kurs 1 "Falun, vintern", Kurs 3 "Dalarna, digitalt" (Fia leads its second day)
    next term             Kurs 1 "Avesta, våren"      Ulrika leads, Jonas trains

The past days are assigned with the same services (``day_assign`` takes a day that has been held: the
record of who taught is what the trainer pot pays from, and a coordinator may enter it afterwards). The
services stamp every row with the time they run; the demo is loaded today, but a team is formed and a day
assigned weeks before the day, so ``_backdate`` moves those timestamps back to when a coordinator would
have made them. Only timestamps change: the rows, the history and the audit lines are the services' own.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.models import User
from yrkesresan.catalog.models import Course, Journey
from yrkesresan.occasions.models import CourseDay, Occasion
from yrkesresan.occasions.services import attendance_mark, occasion_create, registration_create
from yrkesresan.organisations.models import Municipality, Region, Unit
from yrkesresan.trainers import services as trainers
from yrkesresan.trainers.models import (
    DayAssignment,
    DayAssignmentEvent,
    DayRole,
    TeamMember,
    TeamRole,
    TrainerKind,
    TrainerProfile,
)

from .data import DEMO_PASSWORD, DISCUSSION_LEADERS, TRAINER_POOL

_ASCII = str.maketrans("åäöÅÄÖ", "aaoAAO")

#: The teams: occasion name -> (course leader, trainers, reserve), by username.
TEAMS: dict[str, tuple[str, list[str], str | None]] = {
    "Avesta, hösten": ("anders.nyberg", ["utbildare", "nadia.hassan"], "jonas.eklund"),
    "Avesta, vintern": ("utbildare", ["anders.nyberg", "camilla.wallin"], "ulrika.forsberg"),
    "Falun, vintern": ("jonas.eklund", ["therese.berglund", "ahmed.yilmaz"], "nadia.hassan"),
    "Dalarna, digitalt": ("malin.sjoberg", ["utbildare", "magnus.lindqvist"], "petra.lundin"),
    "Avesta, våren": ("ulrika.forsberg", ["jonas.eklund"], "therese.berglund"),
    "Avesta, egen omgång": ("leila.ahmed", ["goran.bjork"], None),
}
#: Who leads and who trains each course day, in date order: occasion name -> [(leader, [trainers]), ...].
DAYS: dict[str, list[tuple[str, list[str]]]] = {
    "Avesta, hösten": [("anders.nyberg", ["utbildare", "nadia.hassan"])],
    "Avesta, vintern": [("utbildare", ["anders.nyberg", "camilla.wallin"])],
    "Falun, vintern": [("jonas.eklund", ["therese.berglund", "ahmed.yilmaz"])],
    "Dalarna, digitalt": [("malin.sjoberg", ["magnus.lindqvist"]), ("utbildare", ["magnus.lindqvist"])],
    "Avesta, våren": [("ulrika.forsberg", ["jonas.eklund"])],
    "Avesta, egen omgång": [("leila.ahmed", ["goran.bjork"]), ("goran.bjork", ["leila.ahmed"])],
}
#: The four-day BoU course held in Borlänge over the past four weeks (days 28, 21, 14 and 7 days ago).
BOU_TEAM = ("utbildare", ["malin.sjoberg", "magnus.lindqvist", "ulrika.forsberg"], "bjorn.engstrom")
BOU_DAYS = [
    ("utbildare", ["malin.sjoberg"]),
    ("malin.sjoberg", ["magnus.lindqvist", "ulrika.forsberg"]),
    ("magnus.lindqvist", ["ulrika.forsberg"]),  # Ulrika falls ill: the reserve Björn takes her place
    ("malin.sjoberg", ["utbildare"]),
]
#: The coming absence nobody has covered yet: (occasion, trainer, reason).
OPEN_ABSENCE = ("Avesta, vintern", "camilla.wallin", "Sjuk, läkaren har skrivit ut en vecka")


def _days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def demo_trainers_load(*, admin: User) -> None:
    dalarna = Region.objects.get(name="Region Dalarna")
    coordinator = User.objects.get(username="regionadmin")
    kadmin = User.objects.get(username="kadmin")
    courses = _courses()
    profiles = _pool(admin=admin, coordinator=coordinator, kadmin=kadmin, courses=courses)
    occasions = {o.name: o for o in Occasion.objects.filter(region=dalarna, name__in=list(TEAMS))}
    missing = set(TEAMS) - set(occasions)
    if missing:
        raise RuntimeError(f"The demo's occasions {sorted(missing)} are not there: load the journeys first.")

    # Availability the trainers gave: it keeps them off the substitutes list on those days.
    trainers.unavailability_add(
        actor=profiles["nadia.hassan"].user,
        trainer=profiles["nadia.hassan"],
        start=_days_from_today(3),
        end=_days_from_today(7),
        reason="Semester",
    )
    trainers.unavailability_add(
        actor=coordinator,
        trainer=profiles["petra.lundin"],
        start=_days_from_today(38),
        end=_days_from_today(42),
        reason="Utbildning i Stockholm",
    )
    trainers.unavailability_add(
        actor=profiles["bjorn.engstrom"].user,
        trainer=profiles["bjorn.engstrom"],
        start=_days_from_today(60),
        end=_days_from_today(90),
        reason="Föräldraledig",
    )

    bou = _held_bou_course(coordinator=coordinator, region=dalarna, course=courses["bou"])
    occasions[bou.name] = bou
    teams = {**TEAMS, bou.name: BOU_TEAM}
    plan = {**DAYS, bou.name: BOU_DAYS}
    for name, (leader, team_trainers, reserve) in teams.items():
        occasion = occasions[name]
        actor = kadmin if occasion.municipality_id else coordinator
        members = [(leader, TeamRole.LEADER)] + [(t, TeamRole.TRAINER) for t in team_trainers]
        members += [(reserve, TeamRole.RESERVE)] if reserve else []
        for username, role in members:
            trainers.team_member_add(actor=actor, occasion=occasion, trainer=profiles[username], role=role)
        days = list(occasion.days.order_by("date", "starts"))
        if len(days) != len(plan[name]):
            raise RuntimeError(f"{name} has {len(days)} course days, the demo plans {len(plan[name])}.")
        for course_day, (day_leader, day_trainers) in zip(days, plan[name], strict=True):
            trainers.day_assign(actor=actor, course_day=course_day, trainer=profiles[day_leader], role=DayRole.LEADER)
            for username in day_trainers:
                trainers.day_assign(
                    actor=actor, course_day=course_day, trainer=profiles[username], role=DayRole.TRAINER
                )
        _backdate(occasion)

    # BoU day 3: Ulrika called in sick the evening before; the coordinator put the reserve in her place.
    bou_day3 = bou.days.order_by("date")[2]
    # The day has been held, so the coordinator records both in one step (a trainer reports only coming days).
    ill = DayAssignment.objects.get(course_day=bou_day3, trainer=profiles["ulrika.forsberg"])
    trainers.substitute_assign(
        actor=coordinator,
        assignment=ill,
        substitute=profiles["bjorn.engstrom"],
        reason="Ulrika sjuk kvällen innan; reserven tog dagen",
    )
    _backdate_absence(bou_day3)
    _take_attendance(bou)

    # Next week: Camilla reports herself absent in Plattformen; the coordinator has yet to find a substitute.
    occasion_name, username, reason = OPEN_ABSENCE
    absent = DayAssignment.objects.get(course_day__occasion=occasions[occasion_name], trainer=profiles[username])
    trainers.absence_report(actor=profiles[username].user, assignment=absent, reason=reason)


def _courses() -> dict[str, Course]:
    funk = Journey.objects.get(code="funk-utforare")
    kurs1, kurs2, kurs3 = list(funk.levels.get(code="bas").courses.filter(kind="led").order_by("order"))[:3]
    bou = Course.objects.get(journey__code="bou", title="Handläggning med barnet i centrum")
    return {"kurs1": kurs1, "kurs2": kurs2, "kurs3": kurs3, "bou": bou}


def _pool(*, admin: User, coordinator: User, kadmin: User, courses: dict[str, Course]) -> dict[str, TrainerProfile]:
    """The people: accounts for the trainers who have none yet (the trainer role in their home municipality;
    one shared password hash, as for the demo's staff), their profiles and qualifications."""
    shared_hash = make_password(DEMO_PASSWORD)
    qualified_since = timezone.localdate().replace(month=1, day=1) - datetime.timedelta(days=400)
    profiles: dict[str, TrainerProfile] = {}

    def account(username: str, first: str, last: str, municipality: Municipality, role: str, place: Any) -> User:
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            return existing
        domain = municipality.name.lower().translate(_ASCII).replace("-", "")
        person = accounts.person_create(
            actor=admin,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{domain}.example",
            role=role,
            place=place,
            password="",
            notify=False,
        )
        User.objects.filter(pk=person.pk).update(password=shared_hash)
        return person

    for i, (username, first, last, home, course_keys, max_days) in enumerate(TRAINER_POOL):
        municipality = Municipality.objects.get(name=home)
        person = account(username, first, last, municipality, "trainer", municipality)
        profile = trainers.trainer_profile_save(
            actor=coordinator, person=person, home_municipality=municipality, max_days_per_term=max_days
        )
        for j, key in enumerate(course_keys):
            since = qualified_since + datetime.timedelta(days=30 * i + 60 * j)
            trainers.qualification_grant(actor=coordinator, trainer=profile, course=courses[key], since=since)
        profiles[username] = profile
    for username, first, last, home, unit_name, course_keys in DISCUSSION_LEADERS:
        municipality = Municipality.objects.get(name=home)
        unit = Unit.objects.get(municipality=municipality, name=unit_name)
        person = account(username, first, last, municipality, "staff", unit)
        profile = trainers.trainer_profile_save(
            actor=kadmin,
            person=person,
            home_municipality=municipality,
            kind=TrainerKind.DISCUSSION_LEADER,
            note="Samtalsledare för kommunens egna omgångar",
        )
        for key in course_keys:
            trainers.qualification_grant(actor=kadmin, trainer=profile, course=courses[key], since=qualified_since)
        profiles[username] = profile
    return profiles


def _held_bou_course(*, coordinator: User, region: Region, course: Course) -> Occasion:
    """BoU's four-day course, held in Borlänge over the past four weeks, with Borlänge's and Falun's
    child-and-youth social workers signed up (weeks before) and attending."""
    first = _days_from_today(-28)
    season = "våren" if first.month < 7 else "hösten"
    days = [
        {
            "date": _days_from_today(-28 + 7 * week),
            "starts": datetime.time(9),
            "ends": datetime.time(16),
            "mode": "on_site",
            "venue": "Folkets hus",
            "address": "Stationsgatan 3, Borlänge",
        }
        for week in range(4)
    ]
    occasion = occasion_create(
        actor=coordinator, course=course, region=region, capacity=16, name=f"Borlänge, {season}", days=days
    )
    signed_up_at = timezone.now() - datetime.timedelta(days=50)
    for person in _child_and_youth_staff():
        registration_create(actor=coordinator, occasion=occasion, person=person, now=signed_up_at)
    return occasion


def _child_and_youth_staff() -> list[User]:
    return list(
        User.objects.filter(
            role_assignments__unit__name="Barn och unga, myndighet",
            role_assignments__unit__municipality__name__in=["Borlänge", "Falun"],
            role_assignments__role="staff",
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def _take_attendance(occasion: Occasion) -> None:
    """Each day's course leader took attendance in the room (a trainer takes it for the days they teach);
    one participant was ill on the third day."""
    people = [r.user for r in occasion.registrations.select_related("user").order_by("user__last_name", "pk")]
    for n, course_day in enumerate(occasion.days.order_by("date")):
        leader_id = DayAssignment.objects.get(course_day=course_day, role=DayRole.LEADER, absent=False).trainer.user_id
        leader = User.objects.get(pk=leader_id)  # a fresh object: what they teach is cached on it
        for i, person in enumerate(people):
            ill = n == 2 and i == len(people) - 1
            attendance_mark(
                actor=leader,
                course_day=course_day,
                person=person,
                present=not ill,
                reason="Sjuk" if ill else "",
                today=course_day.date,
            )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _backdate(occasion: Occasion) -> None:
    """Demo only: date the team and the day assignments of ``occasion`` as a coordinator would have made
    them, about five weeks before its first day (and never in the future). Timestamps only."""
    first = occasion.days.order_by("date").values_list("date", flat=True).first()
    if first is None:
        return
    planned = min(first - datetime.timedelta(days=35), timezone.localdate())
    at = min(_at(planned, 10), timezone.now())
    TeamMember.objects.filter(occasion=occasion).update(added_at=at)
    day_ids = CourseDay.objects.filter(occasion=occasion).values("pk")
    DayAssignment.objects.filter(course_day_id__in=day_ids).update(at=at)
    DayAssignmentEvent.objects.filter(course_day_id__in=day_ids).update(at=at)


def _backdate_absence(course_day: CourseDay) -> None:
    """Demo only: the absence on a day already held was reported the evening before and covered that
    evening, not today when the demo was loaded. Timestamps only."""
    reported, covered = (
        _at(course_day.date - datetime.timedelta(days=1), 18),
        _at(course_day.date - datetime.timedelta(days=1), 19),
    )
    DayAssignment.objects.filter(course_day=course_day, absent=True).update(absent_reported_at=reported)
    DayAssignment.objects.filter(course_day=course_day, substitute_for__isnull=False).update(at=covered)
    events = DayAssignmentEvent.objects.filter(course_day=course_day)
    events.filter(action="absence_reported").update(at=reported)
    events.filter(Q(action="replaced") | Q(action="assigned", other_trainer__isnull=False)).update(at=covered)
