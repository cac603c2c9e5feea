"""The demo's journeys: staff placed on journeys with progress in every state, course occasions
in Dalarna (one held, with attendance; one next week; one next month), requests for support, and
the information pages. Through the real services, as the pages would do it.

Sara Lind (``medarbetare``) has completed Kurs 1 of Funk utförare BAS, is halfway through the
preparation of Kurs 2 and is booked on its course day next week, so the reminder about her
preparation is in the demo's e-mail folder (var/mail) once the worker has run.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.info_content import INFO_PAGES
from yrkesresan.catalog.models import Course, Journey
from yrkesresan.catalog.seed import info_pages_seed
from yrkesresan.learning import services as learning
from yrkesresan.learning.models import Enrolment
from yrkesresan.occasions.models import Occasion
from yrkesresan.occasions.services import (
    absence_announce,
    attendance_mark,
    occasion_copy,
    occasion_create,
    occasion_save,
    registration_create,
    registration_create_many,
)
from yrkesresan.organisations.models import Municipality, Region, Unit


def _day(
    offset: int, *, venue: str = "", address: str = "", link: str = "", hours: tuple[int, int] = (9, 16)
) -> dict[str, Any]:
    return {
        "date": timezone.localdate() + datetime.timedelta(days=offset),
        "starts": datetime.time(hours[0]),
        "ends": datetime.time(hours[1]),
        "mode": "digital" if link else "on_site",
        "venue": venue,
        "address": address,
        "link": link,
    }


def _do_tasks(person: User, course: Course, count: int | None = None) -> None:
    tasks = list(course.tasks.filter(mandatory=True).order_by("order", "id"))
    for task in tasks if count is None else tasks[:count]:
        learning.task_mark_done(actor=person, task=task)


def _staff_of(unit: Unit) -> list[User]:
    ids = (
        RoleAssignment.objects.active()
        .filter(unit=unit, role=Role.STAFF)
        .order_by("user__last_name", "user__first_name")
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=list(ids)).order_by("last_name", "first_name"))


def demo_journeys_load(*, admin: User) -> None:
    info_pages_seed(pages=INFO_PAGES)
    dalarna = Region.objects.get(name="Region Dalarna")
    regional_admin = User.objects.get(username="regionadmin")
    manager = User.objects.get(username="chef")
    kadmin = User.objects.get(username="kadmin")
    sara = User.objects.get(username="medarbetare")
    funk = Journey.objects.get(code="funk-utforare")
    bas = funk.levels.get(code="bas")
    kurs1, kurs2, kurs3 = list(bas.courses.filter(kind="led").order_by("order"))[:3]

    # Everyone in Avesta's units on Funk utförare BAS: the manager places their own unit, the k-admin the rest.
    centrum = Unit.objects.get(municipality__name="Avesta", name="Hemtjänsten Centrum")
    learning.enrolment_place_many(actor=manager, people=_staff_of(centrum), journey=funk, level=bas, notify=False)
    others = [u for u in Unit.objects.filter(municipality__name="Avesta").exclude(pk=centrum.pk).order_by("name")]
    for unit in others:
        learning.enrolment_place_many(actor=kadmin, people=_staff_of(unit), journey=funk, level=bas, notify=False)
    # Falun's staff too, so the region sees two municipalities.
    falun_kadmin = User.objects.get(username="kadmin.falun")
    for unit in Unit.objects.filter(municipality__name="Falun").order_by("name")[:2]:
        learning.enrolment_place_many(actor=falun_kadmin, people=_staff_of(unit), journey=funk, level=bas, notify=False)

    # Kurs 1, held five weeks ago in Avesta: the Centrum staff took part.
    held = occasion_create(
        actor=regional_admin,
        course=kurs1,
        region=dalarna,
        capacity=24,
        name="Avesta, hösten",
        days=[_day(-35, venue="Folkets hus", address="Kungsgatan 1, Avesta")],
    )
    centrum_staff = _staff_of(centrum)
    for person in centrum_staff:
        registration_create(
            actor=manager, occasion=held, person=person, now=timezone.now() - datetime.timedelta(days=50)
        )
        _do_tasks(person, kurs1)
    held_day = held.days.get()
    for i, person in enumerate(centrum_staff):
        # One colleague (never Sara) was ill: the booking became "did not come".
        absent = i == len(centrum_staff) - 1 and person != sara and len(centrum_staff) > 2
        attendance_mark(
            actor=regional_admin,
            course_day=held_day,
            person=person,
            present=not absent,
            reason="Sjuk" if absent else "",
            today=held_day.date,
        )
    # The same course planned for the next term by copying it.
    spring = occasion_copy(actor=regional_admin, occasion=held, first_day=held_day.date + datetime.timedelta(weeks=26))
    Occasion.objects.filter(pk=spring.pk).update(name="Avesta, våren")

    # Kurs 2, next week: Sara and two colleagues are booked; Sara has done half of the preparation.
    next_week = occasion_create(
        actor=regional_admin,
        course=kurs2,
        region=dalarna,
        capacity=20,
        name="Avesta, vintern",
        days=[_day(5, venue="Medborgarhuset", address="Stationsgatan 5, Avesta")],
    )
    for person in centrum_staff[:3]:
        registration_create(actor=manager, occasion=next_week, person=person)
    _do_tasks(sara, kurs2, count=2)
    if centrum_staff[0] != sara:
        _do_tasks(centrum_staff[0], kurs2)  # one colleague is ready
    first_task = kurs2.tasks.filter(mandatory=True).order_by("order").first()
    if first_task is not None:
        learning.support_flag_set(
            actor=sara, task=first_task, kind="asks", message="Jag vill gärna prata om texten med någon."
        )

    # Kurs 3, next month: digital first day.
    occasion_create(
        actor=regional_admin,
        course=kurs3,
        region=dalarna,
        capacity=20,
        name="Dalarna, digitalt",
        days=[_day(33, link="https://mote.example.org/kurs-3", hours=(9, 12)), _day(40, venue="Kulturhuset, Falun")],
    )

    rest = [p for unit in others for p in _staff_of(unit)]
    _plan_waitlist_and_approvals(
        regional_admin=regional_admin,
        kadmin=kadmin,
        falun_kadmin=falun_kadmin,
        dalarna=dalarna,
        course=kurs1,
        avesta_staff=rest,
        chefs_staff=[p for p in centrum_staff if p != sara],
    )
    _plan_in_avesta(kadmin=kadmin, course=kurs3, staff=rest[-3:])

    # The rest of Avesta: some ongoing, one stalled (no activity for ten weeks), one paused, the rest not started.
    for person in rest[:4]:
        _do_tasks(person, kurs1, count=2)
    if len(rest) > 5:
        stalled = rest[4]
        _do_tasks(stalled, kurs1, count=1)
        long_ago = timezone.now() - datetime.timedelta(weeks=10)
        Enrolment.objects.filter(user=stalled, journey=funk).update(last_activity_at=long_ago)
        paused = Enrolment.objects.get(user=rest[5], journey=funk)
        learning.enrolment_pause(actor=kadmin, enrolment=paused, reason="Läser svenska först, fortsätter i vår.")

    # A web course taken on one's own: the manager's course on leading Yrkesresan at the workplace.
    chef_course = Course.objects.filter(journey=funk, kind="web", level__code="chef").first()
    if chef_course is not None:
        _do_tasks(manager, chef_course, count=1)

    learning.preparation_reminders_send()


def _plan_waitlist_and_approvals(
    *,
    regional_admin: User,
    kadmin: User,
    falun_kadmin: User,
    dalarna: Region,
    course: Course,
    avesta_staff: list[User],
    chefs_staff: list[User],
) -> None:
    """Kurs 1 in Falun next month: full, with a waitlist, three places kept for Falun's staff for two more
    weeks, and sign-ups that need the manager's approval (one waits for `chef`)."""
    falun = Municipality.objects.get(name="Falun")
    now = timezone.now()
    occasion = occasion_save(
        actor=regional_admin,
        course=course,
        delivery_level="regional",
        region=dalarna,
        name="Falun, vintern",
        capacity=8,
        min_participants=6,
        registration_closes=now + datetime.timedelta(days=21),
        cancel_deadline=timezone.localdate() + datetime.timedelta(days=21),
        needs_approval=True,
        notes="Fika ingår. Ta med laddad dator eller surfplatta.",
        days=[_day(28, venue="Kulturhuset Tio14", address="Trotzgatan 10, Falun")],
        quotas=[{"municipality": falun, "seats": 3, "release_at": now + datetime.timedelta(days=14)}],
    )
    # The k-admin signs up seven of Avesta's staff: five get the open places, two wait (the rest are kept).
    registration_create_many(actor=kadmin, occasion=occasion, people=avesta_staff[6:13])
    falun_staff = [
        p for unit in Unit.objects.filter(municipality=falun).order_by("name")[:1] for p in _staff_of(unit)[:2]
    ]
    registration_create_many(actor=falun_kadmin, occasion=occasion, people=falun_staff)
    if chefs_staff:
        registration_create(actor=chefs_staff[0], occasion=occasion, person=chefs_staff[0])  # waits for `chef`


def _plan_in_avesta(*, kadmin: User, course: Course, staff: list[User]) -> None:
    """A municipal occasion that Avesta's k-admin planned, with an absence announced in advance."""
    avesta = Municipality.objects.get(name="Avesta")
    occasion = occasion_save(
        actor=kadmin,
        course=course,
        delivery_level="municipal",
        region=avesta.region,
        municipality=avesta,
        name="Avesta, egen omgång",
        capacity=12,
        notes="Vi bjuder på lunch.",
        days=[
            _day(12, venue="Träffpunkten", address="Kyrkogatan 2, Avesta", hours=(8, 12)),
            _day(19, venue="Träffpunkten", address="Kyrkogatan 2, Avesta", hours=(8, 12)),
        ],
    )
    registrations = registration_create_many(actor=kadmin, occasion=occasion, people=staff)
    if registrations:
        absence_announce(
            actor=kadmin,
            registration=registrations[0],
            course_day=occasion.days.order_by("date")[0],
            reason="Arbetspass som inte går att byta",
        )
