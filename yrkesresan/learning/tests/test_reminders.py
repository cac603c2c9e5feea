"""The morning reminder about preparation left before a course day.

``world.occasion`` has its first course day 30 days from now; ``staff`` and ``staff_boende`` are
booked on it and have done none of the two mandatory tasks.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from yrkesresan.accounts import services as accounts
from yrkesresan.learning import services
from yrkesresan.learning.models import Enrolment, PreparationReminder
from yrkesresan.occasions.models import RegistrationState
from yrkesresan.occasions.services import occasion_create, registration_cancel, registration_create


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the reminders as the background job would, with their e-mails sent on commit."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.preparation_reminders_send(**kwargs)

    mail.outbox.clear()
    return run


def _days_before_the_course(world, days):
    return world.occasion.days.first().date - datetime.timedelta(days=days)


def _mail_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_a_booked_person_with_preparation_left_gets_one_e_mail_listing_the_tasks_left(world, send, settings):
    services.task_mark_done(actor=world["staff"], task=world.bou_task)

    sent = send(today=_days_before_the_course(world, settings.PREPARATION_REMINDER_DAYS - 2))

    assert sent == 2  # staff and staff_boende
    [reminder] = _mail_to("staff@example.org")
    assert world.bou_course.title in reminder.subject
    assert world.bou_file_task.title in reminder.body  # left
    assert world.bou_task.title not in reminder.body  # done
    assert f"/min-resa/kurs/{world.bou_course.pk}/" in reminder.body
    [other] = _mail_to("staff_boende@example.org")
    assert world.bou_task.title in other.body and world.bou_file_task.title in other.body


def test_a_second_run_sends_nothing_more(world, send):
    today = _days_before_the_course(world, 3)
    send(today=today)
    first_run = len(mail.outbox)

    assert send(today=today) == 0
    assert send(today=today + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == first_run == 2
    assert PreparationReminder.objects.filter(occasion=world.occasion).count() == 2


def test_a_person_who_has_done_every_mandatory_task_gets_no_reminder(world, send):
    for task in (world.bou_task, world.bou_file_task):
        services.task_mark_done(actor=world["staff"], task=task)

    send(today=_days_before_the_course(world, 3))

    assert _mail_to("staff@example.org") == []
    assert len(_mail_to("staff_boende@example.org")) == 1


def test_optional_tasks_left_do_not_trigger_a_reminder(world, send):
    from yrkesresan.catalog.services import task_save

    task_save(
        actor=world["system_admin"], course=world.bou_course, title="Extra", format="text", minutes=5, mandatory=False
    )
    for task in (world.bou_task, world.bou_file_task):
        services.task_mark_done(actor=world["staff"], task=task)

    send(today=_days_before_the_course(world, 3))

    assert _mail_to("staff@example.org") == []


def test_a_cancelled_person_gets_no_reminder(world, send):
    registration = world.occasion.registrations.get(user=world["staff"])
    registration_cancel(actor=world["staff"], registration=registration)

    send(today=_days_before_the_course(world, 3))

    assert _mail_to("staff@example.org") == []
    assert len(_mail_to("staff_boende@example.org")) == 1


def test_a_waitlisted_person_gets_no_reminder(world, send):
    soon = _days_before_the_course(world, 0) - datetime.timedelta(days=10)
    full = occasion_create(
        actor=world["regional_admin"],
        course=world.bou_course,
        region=world.dalarna,
        capacity=1,
        name="Omgång 2",
        days=[{"date": soon, "starts": datetime.time(9), "ends": datetime.time(16), "venue": "Falun"}],
    )
    registration_create(actor=world["regional_admin"], occasion=full, person=world["staff"])
    waiting = registration_create(actor=world["regional_admin"], occasion=full, person=world["staff_boende"])
    assert waiting.state == RegistrationState.WAITLISTED

    send(today=soon - datetime.timedelta(days=3))  # only the full occasion's day is near

    assert len(_mail_to("staff@example.org")) == 1
    assert _mail_to("staff_boende@example.org") == []


def test_a_paused_participant_gets_no_reminder(world, send):
    enrolment = Enrolment.objects.get(user=world["staff"], journey=world.bou)
    services.enrolment_pause(actor=world["staff"], enrolment=enrolment, reason="Föräldraledig")

    send(today=_days_before_the_course(world, 3))

    assert _mail_to("staff@example.org") == []
    assert len(_mail_to("staff_boende@example.org")) == 1


def test_course_days_further_ahead_are_not_reminded_yet(world, send, settings):
    assert send(today=_days_before_the_course(world, settings.PREPARATION_REMINDER_DAYS + 1)) == 0
    assert mail.outbox == []

    assert send(today=_days_before_the_course(world, settings.PREPARATION_REMINDER_DAYS)) == 2


def test_course_days_in_the_past_are_not_reminded(world, send):
    after_both_days = world.occasion.days.last().date + datetime.timedelta(days=1)

    assert send(today=after_both_days) == 0
    assert mail.outbox == []


def test_no_reminder_comes_between_the_first_and_the_second_course_day(world, send):
    first, second = world.occasion.days.all()
    between = first.date + datetime.timedelta(days=1)
    assert second.date - between <= datetime.timedelta(days=7)

    assert send(today=between) == 0
    assert mail.outbox == []


def test_the_reminder_says_when_and_where_the_first_day_is(world, send):
    first = world.occasion.days.first()

    send(today=_days_before_the_course(world, 3))

    [reminder] = _mail_to("staff@example.org")
    assert "09:00–16:00" in reminder.body
    assert first.venue in reminder.body


def test_a_person_without_e_mail_is_skipped_without_error(world, send):
    staff = world["staff"]
    accounts.person_update(
        actor=world["system_admin"],
        person=staff,
        username=staff.username,
        first_name=staff.first_name,
        last_name=staff.last_name,
        email="",
    )

    sent = send(today=_days_before_the_course(world, 3))

    assert sent == 1
    assert [m.to for m in mail.outbox] == [["staff_boende@example.org"]]


def test_a_person_who_gets_an_e_mail_address_later_is_reminded_on_the_next_run(world, send):
    staff = world["staff"]

    def set_email(address):
        accounts.person_update(
            actor=world["system_admin"],
            person=staff,
            username=staff.username,
            first_name=staff.first_name,
            last_name=staff.last_name,
            email=address,
        )

    set_email("")
    send(today=_days_before_the_course(world, 3))
    assert not PreparationReminder.objects.filter(user=staff).exists()

    set_email("staff.new@example.org")
    send(today=_days_before_the_course(world, 2))

    assert len(_mail_to("staff.new@example.org")) == 1
