"""Places kept per municipality, several sign-ups at once, target levels, who plans what, absence
announced in advance, and what a booking becomes once the attendance is taken."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.core import policy
from yrkesresan.occasions.models import (
    DayAttendance,
    Occasion,
    Registration,
    RegistrationEvent,
    RegistrationState,
    SeatQuota,
)
from yrkesresan.occasions.services import (
    absence_announce,
    attendance_mark,
    occasion_create,
    occasions_promote_released,
    places_free_for,
    registration_cancel,
    registration_create,
    registration_create_many,
    signup_refusal,
)

NOW = timezone.now()


def _staff(world, name: str, unit) -> object:
    return accounts.person_create(
        actor=world["system_admin"],
        username=name,
        first_name=name.title(),
        last_name="Testsson",
        role="staff",
        place=unit,
        notify=False,
    )


def _occasion(world, *, capacity=3, days_ahead=40, **fields) -> Occasion:
    occasion = occasion_create(
        actor=world["regional_admin"],
        course=world.bou_course,
        region=world.dalarna,
        capacity=capacity,
        name="Omgång 3",
        days=[
            {
                "date": timezone.localdate() + datetime.timedelta(days=days_ahead),
                "starts": datetime.time(9),
                "ends": datetime.time(15),
                "venue": "Kulturhuset",
            }
        ],
    )
    if fields:
        Occasion.objects.filter(pk=occasion.pk).update(**fields)
        occasion.refresh_from_db()
    return occasion


def _keep(occasion, municipality, seats, *, until=None) -> SeatQuota:
    return SeatQuota.objects.create(
        occasion=occasion,
        municipality=municipality,
        seats=seats,
        release_at=until or timezone.now() + datetime.timedelta(days=10),
    )


def _sign_up(world, occasion, person, **kwargs) -> Registration:
    return registration_create(actor=world["regional_admin"], occasion=occasion, person=person, **kwargs)


# --- places kept per municipality -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("booked", "kept", "municipality", "free"),
    [
        ({}, {}, 1, 10),
        ({}, {2: 4}, 1, 6),  # four kept for municipality 2
        ({}, {2: 4}, 2, 10),  # municipality 2 may take its own and the open ones
        ({2: 3}, {2: 4}, 1, 6),  # 3 of the 4 are taken: 1 still kept, 3 + 1 gone
        ({2: 6}, {2: 4}, 1, 4),  # more taken than kept: nothing more kept
        ({1: 5}, {2: 4, 3: 1}, 1, 0),
        ({1: 5}, {2: 4, 3: 1}, 3, 1),
        ({None: 9}, {}, None, 1),
    ],
)
def test_the_places_free_for_a_municipality_leave_the_others_kept_places_alone(booked, kept, municipality, free):
    assert places_free_for(capacity=10, booked=booked, kept=kept, municipality_id=municipality) == free


def test_places_kept_for_falun_send_avesta_staff_to_the_waitlist_while_falun_still_gets_a_place(world):
    occasion = _occasion(world, capacity=2)
    _keep(occasion, world.falun, 1)
    avesta_2 = _staff(world, "avesta2", world.avesta_home)

    first = _sign_up(world, occasion, world["staff"])
    second = _sign_up(world, occasion, avesta_2)
    falun = _sign_up(world, occasion, world["staff_falun"])

    assert first.state == RegistrationState.BOOKED
    assert (second.state, second.position) == (RegistrationState.WAITLISTED, 1)
    assert falun.state == RegistrationState.BOOKED


def test_released_places_go_to_the_waitlist_in_order(world):
    occasion = _occasion(world, capacity=2)
    quota = _keep(occasion, world.falun, 1)
    _sign_up(world, occasion, world["staff"])
    waiting = _sign_up(world, occasion, world["staff_boende"])
    assert waiting.state == RegistrationState.WAITLISTED

    SeatQuota.objects.filter(pk=quota.pk).update(release_at=timezone.now() - datetime.timedelta(minutes=1))
    promoted = occasions_promote_released()

    waiting.refresh_from_db()
    assert promoted == 1
    assert waiting.state == RegistrationState.BOOKED
    assert waiting.events.last().reason


def test_a_freed_place_kept_for_another_municipality_skips_the_waiting_person_it_is_not_for(world):
    occasion = _occasion(world, capacity=2)
    _keep(occasion, world.falun, 1)
    falun_2 = _staff(world, "falun2", world.falun_home)
    falun_booked = _sign_up(world, occasion, world["staff_falun"])
    _sign_up(world, occasion, world["staff"])
    avesta_waiting = _sign_up(world, occasion, world["staff_boende"])
    falun_waiting = _sign_up(world, occasion, falun_2)
    assert [avesta_waiting.position, falun_waiting.position] == [1, 2]

    registration_cancel(actor=world["regional_admin"], registration=falun_booked)

    avesta_waiting.refresh_from_db()
    falun_waiting.refresh_from_db()
    assert avesta_waiting.state == RegistrationState.WAITLISTED  # the freed place is still kept for Falun
    assert falun_waiting.state == RegistrationState.BOOKED


# --- several at once -------------------------------------------------------------------------------


def test_a_k_admin_signs_up_several_staff_at_once_in_the_order_given(world):
    occasion = _occasion(world, capacity=1)

    made = registration_create_many(
        actor=world["municipal_admin"], occasion=occasion, people=[world["staff_boende"], world["staff"]]
    )

    assert [(r.user, r.state) for r in made] == [
        (world["staff_boende"], RegistrationState.BOOKED),
        (world["staff"], RegistrationState.WAITLISTED),
    ]


def test_signing_up_several_signs_up_nobody_when_one_of_them_may_not_be(world):
    occasion = _occasion(world)
    _sign_up(world, occasion, world["staff"])

    with pytest.raises(ValidationError) as refused:
        registration_create_many(
            actor=world["municipal_admin"],
            occasion=occasion,
            people=[world["staff_boende"], world["staff"], world["staff_falun"]],
        )

    messages = refused.value.messages
    assert len(messages) == 2  # staff is registered already; Falun's staff are not the k-admin's
    # staff (already registered), then Falun's staff member (not the k-admin's to register), each named once
    assert messages[0] == "Staff Testsson är redan anmäld till det här kurstillfället."
    assert messages[1] == "Staff Testsson: du får inte anmäla den här personen."
    assert not Registration.objects.filter(occasion=occasion, user=world["staff_boende"]).exists()


# --- who may sign up --------------------------------------------------------------------------------


def test_an_occasion_for_another_level_tells_the_person_which_level_it_is_for(world):
    occasion = _occasion(world)
    occasion.target_levels.set([world.funk_bas])

    refusal = signup_refusal(occasion, world["staff"])
    assert refusal and world.funk_bas.name in refusal
    with pytest.raises(ValidationError):
        _sign_up(world, occasion, world["staff"])
    assert signup_refusal(occasion, world["staff_falun"]) is None  # staff_falun is on Funk BAS
    assert not Registration.objects.filter(occasion=occasion).exists()


def test_an_occasion_that_is_over_takes_no_sign_ups(world):
    occasion = _occasion(world, days_ahead=-3)

    assert signup_refusal(occasion, world["staff"]) is not None
    assert not Registration.objects.filter(occasion=occasion).exists()


def test_a_k_admin_plans_the_municipal_occasions_of_their_own_municipality_only(world):
    regional = _occasion(world)
    municipal = _occasion(world, delivery_level="municipal", municipality=world.avesta)
    falun = _occasion(world, delivery_level="workplace", municipality=world.falun)

    assert policy.can(world["municipal_admin"], "occasions.manage", municipal)
    assert not policy.can(world["municipal_admin"], "occasions.manage", regional)
    assert not policy.can(world["municipal_admin"], "occasions.manage", falun)
    assert policy.can(world["municipal_admin_falun"], "occasions.manage", falun)
    assert policy.can(world["regional_admin"], "occasions.manage", falun)
    assert not policy.can(world["manager"], "occasions.manage", municipal)


# --- absence announced in advance --------------------------------------------------------------------


def test_a_participant_announces_absence_for_a_coming_day_and_stays_booked(world):
    registration = world.occasion.registrations.get(user=world["staff"])
    day = world.occasion.days.first()

    mark = absence_announce(actor=world["staff"], registration=registration, course_day=day, reason="Sjuk")

    registration.refresh_from_db()
    assert (mark.present, mark.announced, mark.reason) == (False, True, "Sjuk")
    assert registration.state == RegistrationState.BOOKED
    assert mark.events.count() == 1


def test_absence_needs_a_reason_and_a_coming_day_and_changes_nothing_otherwise(world):
    registration = world.occasion.registrations.get(user=world["staff"])
    day = world.occasion.days.first()

    with pytest.raises(ValidationError):
        absence_announce(actor=world["staff"], registration=registration, course_day=day, reason="  ")
    with pytest.raises(ValidationError):
        absence_announce(
            actor=world["staff"],
            registration=registration,
            course_day=day,
            reason="Sjuk",
            today=day.date + datetime.timedelta(days=1),
        )
    assert not DayAttendance.objects.exists()


def test_nobody_else_announces_absence_for_a_person_they_do_not_manage(world):
    registration = world.occasion.registrations.get(user=world["staff"])

    with pytest.raises(PermissionDenied):
        absence_announce(
            actor=world["staff_boende"], registration=registration, course_day=world.occasion.days.first(), reason="x"
        )
    assert not DayAttendance.objects.exists()


# --- outcomes -----------------------------------------------------------------------------------------


def _take(world, registration, presence: list[bool]) -> None:
    days = list(registration.occasion.days.all())
    last = days[-1].date
    for day, present in zip(days, presence, strict=True):
        attendance_mark(
            actor=world["regional_admin"], course_day=day, person=registration.user, present=present, today=last
        )


@pytest.mark.parametrize(
    ("presence", "outcome"),
    [
        ([True, True], RegistrationState.ATTENDED),
        ([True, False], RegistrationState.PARTLY_ATTENDED),
        ([False, False], RegistrationState.NO_SHOW),
    ],
)
def test_once_every_day_is_taken_the_booking_becomes_what_happened(world, presence, outcome):
    registration = world.occasion.registrations.get(user=world["staff"])

    _take(world, registration, presence)

    registration.refresh_from_db()
    assert registration.state == outcome
    assert registration.events.last().to_state == outcome


def test_a_booking_stays_booked_until_every_day_is_taken(world):
    registration = world.occasion.registrations.get(user=world["staff"])
    first = world.occasion.days.first()

    attendance_mark(
        actor=world["regional_admin"], course_day=first, person=world["staff"], present=True, today=first.date
    )

    registration.refresh_from_db()
    assert registration.state == RegistrationState.BOOKED


def test_a_correction_changes_the_outcome_and_keeps_both_in_the_history(world):
    registration = world.occasion.registrations.get(user=world["staff"])
    _take(world, registration, [True, True])
    last = world.occasion.days.last()

    attendance_mark(
        actor=world["regional_admin"],
        course_day=last,
        person=world["staff"],
        present=False,
        reason="Gick hem sjuk",
        today=last.date + datetime.timedelta(days=3),
    )

    registration.refresh_from_db()
    assert registration.state == RegistrationState.PARTLY_ATTENDED
    states = list(RegistrationEvent.objects.filter(registration=registration).values_list("to_state", flat=True))
    assert states[-2:] == [RegistrationState.ATTENDED, RegistrationState.PARTLY_ATTENDED]
    mark = DayAttendance.objects.get(registration=registration, course_day=last)
    assert [e.present for e in mark.events.all()] == [True, False]


def test_attendance_is_not_taken_before_the_day(world):
    day = world.occasion.days.first()

    with pytest.raises(ValidationError):
        attendance_mark(actor=world["regional_admin"], course_day=day, person=world["staff"], present=True)
    assert not DayAttendance.objects.exists()


def test_an_attended_occasion_still_holds_its_place(world):
    occasion = _occasion(world, capacity=1)
    registration = _sign_up(world, occasion, world["staff"])
    _take(world, registration, [True])
    registration.refresh_from_db()
    assert registration.state == RegistrationState.ATTENDED

    late = _sign_up(world, occasion, world["staff_boende"], now=NOW)

    assert late.state == RegistrationState.WAITLISTED
