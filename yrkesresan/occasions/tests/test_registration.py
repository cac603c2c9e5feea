"""Registration as a state machine: waitlist in arrival order, promotion, late cancellation,
approval, and every refusal with a reason that changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from yrkesresan.accounts import services as accounts
from yrkesresan.occasions.models import OccasionStatus, Registration, RegistrationEvent, RegistrationState
from yrkesresan.occasions.services import (
    occasion_create,
    occasion_set_capacity,
    registration_cancel,
    registration_create,
    registration_decide,
)

pytestmark = pytest.mark.django_db


def _occasion(world, *, capacity=2, days_ahead=30, **fields):
    occasion = occasion_create(
        actor=world["regional_admin"],
        course=world.bou_course,
        region=world.dalarna,
        capacity=capacity,
        days=[
            {
                "date": timezone.localdate() + datetime.timedelta(days=days_ahead),
                "starts": datetime.time(9),
                "ends": datetime.time(16),
                "venue": "Folkets hus",
            }
        ],
    )
    if fields:
        type(occasion).objects.filter(pk=occasion.pk).update(**fields)
        occasion.refresh_from_db()
    return occasion


def _staff(world, n, unit=None):
    return [
        accounts.person_create(
            actor=world["system_admin"],
            username=f"p{i}",
            first_name=f"P{i}",
            last_name="Test",
            email="",
            role="staff",
            place=unit or world.avesta_home,
            password="",
            notify=False,
        )
        for i in range(n)
    ]


def _sign_up(world, occasion, person):
    return registration_create(actor=world["regional_admin"], occasion=occasion, person=person)


def test_a_full_occasion_puts_the_next_sign_ups_on_the_waitlist_in_arrival_order(world):
    occasion = _occasion(world, capacity=2)
    people = _staff(world, 4)

    states = [_sign_up(world, occasion, p).state for p in people]

    assert states == ["booked", "booked", "waitlisted", "waitlisted"]
    assert list(
        Registration.objects.filter(occasion=occasion, state="waitlisted")
        .order_by("position")
        .values_list("user__username", "position")
    ) == [("p2", 1), ("p3", 2)]


def test_a_cancelled_place_goes_to_the_first_on_the_waitlist(world):
    occasion = _occasion(world, capacity=1)
    first, second, third = _staff(world, 3)
    booked = _sign_up(world, occasion, first)
    _sign_up(world, occasion, second)
    _sign_up(world, occasion, third)

    registration_cancel(actor=first, registration=booked)

    states = dict(Registration.objects.filter(occasion=occasion).values_list("user__username", "state"))
    assert states == {"p0": "cancelled", "p1": "booked", "p2": "waitlisted"}
    promoted = Registration.objects.get(user=second, occasion=occasion)
    assert promoted.position is None
    assert list(promoted.events.values_list("from_state", "to_state")) == [("", "waitlisted"), ("waitlisted", "booked")]


def test_no_automatic_promotion_in_the_last_days_before_the_start(world):
    occasion = _occasion(world, capacity=1, days_ahead=1)  # waitlist_stops_days is 2
    first, second = _staff(world, 2)
    booked = _sign_up(world, occasion, first)
    _sign_up(world, occasion, second)

    registration_cancel(actor=first, registration=booked)

    assert Registration.objects.get(user=second, occasion=occasion).state == "waitlisted"


def test_a_cancellation_after_the_deadline_is_recorded_as_late(world):
    occasion = _occasion(world, capacity=5, cancel_deadline=timezone.localdate() - datetime.timedelta(days=1))
    [person] = _staff(world, 1)
    registration = _sign_up(world, occasion, person)

    registration_cancel(actor=person, registration=registration, reason="Sjuk")

    registration.refresh_from_db()
    assert registration.state == RegistrationState.CANCELLED_LATE
    assert registration.events.last().reason == "Sjuk"


def test_more_places_promote_from_the_waitlist_and_fewer_than_booked_is_refused(world):
    occasion = _occasion(world, capacity=1)
    people = _staff(world, 3)
    for p in people:
        _sign_up(world, occasion, p)

    promoted = occasion_set_capacity(actor=world["regional_admin"], occasion=occasion, capacity=2)

    assert [r.user for r in promoted] == [people[1]]
    with pytest.raises(ValidationError):
        occasion_set_capacity(actor=world["regional_admin"], occasion=occasion, capacity=1)
    occasion.refresh_from_db()
    assert occasion.capacity == 2


def test_a_self_sign_up_that_needs_approval_waits_for_the_manager(world):
    occasion = _occasion(world, capacity=5, needs_approval=True)
    staff = world["staff_boende"]  # not yet on this new occasion

    registration = registration_create(actor=staff, occasion=occasion, person=staff)
    assert registration.state == RegistrationState.REQUESTED

    with pytest.raises(PermissionDenied):
        registration_decide(actor=world["staff"], registration=registration, approve=True)
    registration_decide(actor=world["municipal_admin"], registration=registration, approve=True)

    registration.refresh_from_db()
    assert registration.state == RegistrationState.BOOKED
    with pytest.raises(ValidationError):
        registration_decide(actor=world["municipal_admin"], registration=registration, approve=False)


def test_a_declined_sign_up_frees_the_person_to_sign_up_again(world):
    occasion = _occasion(world, capacity=5, needs_approval=True)
    staff = world["staff_boende"]
    registration = registration_create(actor=staff, occasion=occasion, person=staff)

    registration_decide(actor=world["municipal_admin"], registration=registration, approve=False, reason="Inte nu")

    assert Registration.objects.get(pk=registration.pk).state == RegistrationState.DECLINED
    assert registration_create(actor=staff, occasion=occasion, person=staff).state == RegistrationState.REQUESTED


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": OccasionStatus.CANCELLED}, "cancelled"),
        ({"registration_closes": timezone.now() - datetime.timedelta(hours=1)}, "closed"),
        ({"registration_opens": timezone.now() + datetime.timedelta(days=3)}, "opens"),
    ],
)
def test_a_sign_up_that_is_not_allowed_gets_a_reason_and_changes_nothing(world, fields, reason):
    occasion = _occasion(world, capacity=5, **fields)
    [person] = _staff(world, 1)

    with pytest.raises(ValidationError) as refused:
        _sign_up(world, occasion, person)

    assert refused.value.messages
    assert not Registration.objects.filter(occasion=occasion).exists()
    assert not RegistrationEvent.objects.filter(registration__occasion=occasion).exists()


def test_a_second_sign_up_and_a_person_outside_the_target_group_are_refused(world):
    occasion = _occasion(world, capacity=5)
    occasion.target_municipalities.set([world.avesta])
    [avesta] = _staff(world, 1)
    _sign_up(world, occasion, avesta)

    with pytest.raises(ValidationError):
        _sign_up(world, occasion, avesta)
    with pytest.raises(ValidationError):
        _sign_up(world, occasion, world["staff_falun"])  # Falun: not in the target group
    with pytest.raises(ValidationError):
        registration_create(actor=world["system_admin"], occasion=occasion, person=world["staff_gavle"])

    assert Registration.objects.filter(occasion=occasion).count() == 1


def test_staff_sign_themselves_up_through_the_api_and_see_their_place_on_the_waitlist(world):
    occasion = _occasion(world, capacity=1)
    first, second = _staff(world, 2)
    _sign_up(world, occasion, first)
    client = APIClient()
    client.force_authenticate(second)

    response = client.post(f"/api/v1/occasions/{occasion.pk}/registrations/", {}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["state"] == "waitlisted"
    assert response.json()["position"] == 1
    again = client.post(f"/api/v1/occasions/{occasion.pk}/registrations/", {}, format="json")
    assert again.status_code == 400
    assert Registration.objects.filter(occasion=occasion, user=second).count() == 1

    cancelled = client.post(f"/api/v1/registrations/{response.json()['id']}/cancel/", {}, format="json")
    assert cancelled.json()["state"] == "cancelled"
    assert [e["to_state"] for e in cancelled.json()["history"]] == ["waitlisted", "cancelled"]


def test_a_newcomer_does_not_take_a_freed_place_while_others_wait(world):
    occasion = _occasion(world, capacity=1, days_ahead=1)  # promotion has stopped
    first, second, third = _staff(world, 3)
    booked = _sign_up(world, occasion, first)
    _sign_up(world, occasion, second)
    registration_cancel(actor=first, registration=booked)

    assert _sign_up(world, occasion, third).state == RegistrationState.WAITLISTED
    assert Registration.objects.get(user=second, occasion=occasion).position == 1


def test_a_person_with_roles_in_two_regions_may_sign_up_in_either(world):
    from yrkesresan.accounts.services import role_assign

    person = world["staff_gavle"]
    role_assign(actor=world["system_admin"], person=person, role="staff", place=world.avesta_home)
    occasion = _occasion(world, capacity=5)  # Dalarna

    assert _sign_up(world, occasion, person).state == RegistrationState.BOOKED


def test_the_booked_get_their_course_days_as_a_calendar_file_and_the_waitlisted_their_place(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    occasion = _occasion(world, capacity=1)
    first, second = _staff(world, 2)
    first.email, second.email = "first@example.org", "second@example.org"
    first.save(update_fields=["email"])
    second.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        booked = _sign_up(world, occasion, first)
        _sign_up(world, occasion, second)
    [to_first] = [m for m in mailoutbox if m.to == ["first@example.org"]]
    [(name, ics, mimetype)] = to_first.attachments
    assert (name, mimetype) == ("kursdagar.ics", "text/calendar")
    day = occasion.days.get()
    assert f"DTSTART;TZID=Europe/Stockholm:{day.date:%Y%m%d}T090000" in ics
    assert f"UID:courseday-{day.pk}@yrkesresan" in ics
    [to_second] = [m for m in mailoutbox if m.to == ["second@example.org"]]
    assert "1" in to_second.body and not to_second.attachments

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=first, registration=booked)
    [promoted] = [m for m in mailoutbox if m.to == ["second@example.org"]]
    assert promoted.attachments  # now booked: the calendar file comes with it


def test_a_sign_up_that_needs_approval_asks_the_persons_manager_by_e_mail(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    occasion = _occasion(world, capacity=5, needs_approval=True)
    [person] = _staff(world, 1)  # in Avesta hemtjänst, whose manager is world["manager"]

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(actor=person, occasion=occasion, person=person)

    assert [m.to for m in mailoutbox] == [[world["manager"].email]]
