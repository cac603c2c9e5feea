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
from yrkesresan.occasions.services import attendance_mark, occasion_create, registration_create
from yrkesresan.organisations.models import Region, Unit


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
        registration_create(actor=manager, occasion=held, person=person)
        _do_tasks(person, kurs1)
    for person in centrum_staff:
        attendance_mark(
            actor=regional_admin, course_day=held.days.get(), person=person, present=True, today=held.days.get().date
        )

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

    # The rest of Avesta: some ongoing, one stalled (no activity for ten weeks), one paused, the rest not started.
    rest = [p for unit in others for p in _staff_of(unit)]
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
