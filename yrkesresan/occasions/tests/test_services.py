"""Occasions, bookings and attendance: the rules the journey relies on."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yrkesresan.core.models import AuditEvent
from yrkesresan.occasions.models import DayAttendance, Occasion, Registration, RegistrationState
from yrkesresan.occasions.services import attendance_mark, occasion_create, registration_cancel, registration_create


def _day(offset: int = 20, **extra):
    return {
        "date": timezone.localdate() + datetime.timedelta(days=offset),
        "starts": datetime.time(9),
        "ends": datetime.time(16),
        "venue": "Kulturhuset",
        **extra,
    }


def _occasion(world, *, capacity=2, region=None, actor=None):
    return occasion_create(
        actor=actor or world["regional_admin"],
        course=world.bou_course,
        region=region or world.dalarna,
        capacity=capacity,
        name="Omgång 2",
        days=[_day()],
    )


# --- occasions ------------------------------------------------------------------------------------------


def test_a_regional_admin_creates_an_occasion_with_its_course_days(world):
    occasion = occasion_create(
        actor=world["regional_admin"],
        course=world.bou_course,
        region=world.dalarna,
        capacity=24,
        days=[_day(10), _day(17, mode="digital", link="https://meet.example.org/x")],
    )

    assert [d.date for d in occasion.days.all()] == [_day(10)["date"], _day(17)["date"]]
    assert AuditEvent.objects.filter(action="occasion.create", target_id=occasion.pk).exists()


def test_a_regional_admin_of_gavleborg_cannot_create_an_occasion_in_dalarna(world):
    before = Occasion.objects.count()

    with pytest.raises(PermissionDenied):
        _occasion(world, actor=world["regional_admin_gavleborg"], region=world.dalarna)

    assert Occasion.objects.count() == before


@pytest.mark.parametrize("role", ["staff", "manager", "municipal_admin", "trainer"])
def test_people_without_a_regional_role_cannot_create_occasions(world, role):
    with pytest.raises(PermissionDenied):
        _occasion(world, actor=world[role])


def test_an_occasion_needs_a_place_and_a_day(world):
    with pytest.raises(ValidationError):
        _occasion(world, capacity=0)
    with pytest.raises(ValidationError):
        occasion_create(
            actor=world["regional_admin"], course=world.bou_course, region=world.dalarna, capacity=5, days=[]
        )


def test_a_course_day_that_ends_before_it_starts_is_refused_and_nothing_is_created(world):
    before = Occasion.objects.count()

    with pytest.raises(ValidationError):
        occasion_create(
            actor=world["regional_admin"],
            course=world.bou_course,
            region=world.dalarna,
            capacity=5,
            days=[_day(starts=datetime.time(15), ends=datetime.time(9))],
        )

    assert Occasion.objects.count() == before


# --- registrations ------------------------------------------------------------------------------------------


def test_registrations_book_until_the_occasion_is_full_then_go_on_the_waitlist(world):
    occasion = _occasion(world, capacity=2)
    people = [world["staff"], world["staff_boende"], world["staff_falun"]]

    states = [registration_create(actor=world["regional_admin"], occasion=occasion, person=p).state for p in people]

    assert states == [RegistrationState.BOOKED, RegistrationState.BOOKED, RegistrationState.WAITLISTED]
    assert occasion.registrations.filter(state=RegistrationState.BOOKED).count() == occasion.capacity


def test_a_cancelled_place_is_free_for_the_next_registration(world):
    occasion = _occasion(world, capacity=1)
    first = registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])
    registration_cancel(actor=world["staff"], registration=first)

    second = registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff_boende"])

    assert second.state == RegistrationState.BOOKED


def test_a_registration_keeps_the_persons_municipality_at_sign_up(world):
    registration = registration_create(
        actor=world["regional_admin"], occasion=_occasion(world), person=world["staff_falun"]
    )

    assert registration.municipality_at_signup == world.falun


def test_a_person_has_one_active_registration_per_occasion(world):
    with pytest.raises(ValidationError):
        registration_create(actor=world["regional_admin"], occasion=world.occasion, person=world["staff"])

    assert world.occasion.registrations.filter(user=world["staff"]).count() == 1


def test_a_waitlisted_person_cannot_register_again_either(world):
    occasion = _occasion(world, capacity=1)
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff_boende"])

    with pytest.raises(ValidationError):
        registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff_boende"])


def test_a_person_may_register_again_after_cancelling(world):
    registration = world.occasion.registrations.get(user=world["staff"])
    registration_cancel(actor=world["staff"], registration=registration)

    again = registration_create(actor=world["regional_admin"], occasion=world.occasion, person=world["staff"])

    assert again.state == RegistrationState.BOOKED
    assert list(
        world.occasion.registrations.filter(user=world["staff"]).order_by("id").values_list("state", flat=True)
    ) == [RegistrationState.CANCELLED, RegistrationState.BOOKED]


def test_the_database_refuses_a_second_active_registration(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(occasion=world.occasion, user=world["staff"], state=RegistrationState.WAITLISTED)


def test_a_regional_admin_of_another_region_cannot_register_people_on_this_regions_occasion(world):
    occasion = _occasion(world)

    with pytest.raises((ValidationError, PermissionDenied)):
        registration_create(actor=world["regional_admin_gavleborg"], occasion=occasion, person=world["staff_falun"])

    assert not occasion.registrations.exists()


def test_a_municipal_admin_registers_their_own_staff(world):
    occasion = _occasion(world)

    registration = registration_create(actor=world["municipal_admin"], occasion=occasion, person=world["staff"])

    assert registration.state == RegistrationState.BOOKED


def test_a_municipal_admin_cannot_register_another_municipalitys_staff(world):
    occasion = _occasion(world)

    with pytest.raises((ValidationError, PermissionDenied)):
        registration_create(actor=world["municipal_admin"], occasion=occasion, person=world["staff_falun"])

    assert not occasion.registrations.exists()


# --- attendance ------------------------------------------------------------------------------------------------


def test_attendance_is_taken_for_a_booked_participant(world):
    day = world.occasion.days.first()

    mark = attendance_mark(
        actor=world["regional_admin"], course_day=day, person=world["staff"], present=True, today=day.date
    )

    assert mark.present and mark.by == world["regional_admin"]
    assert mark.registration.user == world["staff"]


def test_a_correction_overwrites_the_mark_and_is_audited_with_what_it_replaced(world):
    day = world.occasion.days.first()
    attendance_mark(actor=world["regional_admin"], course_day=day, person=world["staff"], present=True, today=day.date)

    attendance_mark(
        actor=world["regional_admin"],
        course_day=day,
        person=world["staff"],
        present=False,
        reason="Sjuk",
        today=day.date,
    )

    mark = DayAttendance.objects.get(course_day=day)
    assert (mark.present, mark.reason) == (False, "Sjuk")
    changes = [e.changes["present"] for e in AuditEvent.objects.filter(action="attendance.mark").order_by("id")]
    assert changes == [[None, True], [True, False]]


def test_attendance_is_refused_for_someone_not_booked(world):
    day = world.occasion.days.first()

    with pytest.raises(ValidationError):
        attendance_mark(
            actor=world["regional_admin"], course_day=day, person=world["staff_falun"], present=True, today=day.date
        )

    assert not DayAttendance.objects.exists()


def test_attendance_is_refused_for_someone_on_the_waitlist(world):
    occasion = _occasion(world, capacity=1)
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff_boende"])

    with pytest.raises(ValidationError):
        attendance_mark(
            actor=world["regional_admin"],
            course_day=occasion.days.get(),
            person=world["staff_boende"],
            present=True,
            today=occasion.days.get().date,
        )

    assert not DayAttendance.objects.exists()


def test_attendance_is_refused_for_a_cancelled_registration(world):
    registration_cancel(actor=world["staff"], registration=world.occasion.registrations.get(user=world["staff"]))

    with pytest.raises(ValidationError):
        attendance_mark(
            actor=world["regional_admin"],
            course_day=world.occasion.days.first(),
            person=world["staff"],
            present=True,
            today=world.occasion.days.first().date,
        )

    assert not DayAttendance.objects.exists()


@pytest.mark.parametrize("role", ["regional_admin_gavleborg", "manager", "staff"])
def test_only_the_occasions_region_takes_attendance(world, role):
    with pytest.raises(PermissionDenied):
        attendance_mark(
            actor=world[role],
            course_day=world.occasion.days.first(),
            person=world["staff"],
            present=True,
            today=world.occasion.days.first().date,
        )

    assert not DayAttendance.objects.exists()


def test_cancelling_a_cancelled_registration_is_refused_and_writes_nothing(world):
    from django.core.exceptions import ValidationError

    from yrkesresan.core.models import AuditEvent
    from yrkesresan.occasions.models import Registration
    from yrkesresan.occasions.services import registration_cancel

    registration = Registration.objects.get(occasion=world.occasion, user=world["staff"])
    registration_cancel(actor=world["regional_admin"], registration=registration)
    events = AuditEvent.objects.filter(action="registration.cancel").count()

    with pytest.raises(ValidationError):
        registration_cancel(actor=world["regional_admin"], registration=registration)

    assert AuditEvent.objects.filter(action="registration.cancel").count() == events
