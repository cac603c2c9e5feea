"""Signing up through the pages: staff from their journey, managers many at once, approvals,
cancelling, absence in advance, one's own sign-ups and the calendar feed."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from yrkesresan.accounts import services as accounts
from yrkesresan.demo.world import PASSWORD
from yrkesresan.learning.services import enrolment_place
from yrkesresan.occasions.models import (
    CalendarFeed,
    CourseDay,
    DayAttendance,
    OccasionStatus,
    Registration,
    RegistrationState,
)
from yrkesresan.occasions.selectors import signup as selectors
from yrkesresan.occasions.services import (
    occasion_create,
    registration_cancel,
    registration_create,
    signup_refusal,
)

pytestmark = pytest.mark.django_db

#: Queries of the list pages (session, user, roles, the page's own reads). Pinned: they must not grow
#: with the number of people or sign-ups listed.
SIGNUP_MANY_QUERIES = 14
APPROVALS_QUERIES = 7
MY_REGISTRATIONS_QUERIES = 6


def _person(world, username, *, unit=None, enrol=True):
    person = accounts.person_create(
        actor=world["system_admin"],
        username=username,
        first_name=username.title(),
        last_name="Nysson",
        email=f"{username}@example.org",
        role="staff",
        place=unit or world.avesta_home,
        password=PASSWORD,
        notify=False,
    )
    if enrol:
        enrolment_place(actor=world["manager"], person=person, journey=world.bou, level=world.bou_ny, notify=False)
    return person


def _occasion(world, *, capacity=5, days_ahead=20, name="Omgång 2", day_count=1, **fields):
    start = timezone.localdate() + datetime.timedelta(days=days_ahead)
    occasion = occasion_create(
        actor=world["regional_admin"],
        course=world.bou_course,
        region=world.dalarna,
        capacity=capacity,
        name=name,
        days=[
            {
                "date": start + datetime.timedelta(days=7 * i),
                "starts": datetime.time(9),
                "ends": datetime.time(15),
                "venue": "Kulturhuset",
                "address": "Storgatan 1, Avesta",
            }
            for i in range(day_count)
        ],
    )
    targets = {k: fields.pop(k) for k in ("target_units", "target_municipalities") if k in fields}
    if fields:
        type(occasion).objects.filter(pk=occasion.pk).update(**fields)
        occasion.refresh_from_db()
    for key, values in targets.items():
        getattr(occasion, key).set(values)
    return occasion


def _messages(response, level=None):
    return [str(m) for m in get_messages(response.wsgi_request) if level is None or m.level_tag == level]


def _course_url(world):
    return reverse("my_course", args=[world.bou_course.pk])


# --- staff sign themselves up from their journey ---------------------------------------------------------


def test_staff_see_an_open_occasion_on_their_course_page_and_sign_up_to_be_booked(world, client):
    nora = _person(world, "nora")
    occasion = _occasion(world)
    client.force_login(nora)

    page = client.get(_course_url(world)).content.decode()
    assert "Kurstillfällen du kan anmäla dig till" in page
    assert "Omgång 2" in page and "Kulturhuset" in page and "5 platser kvar." in page
    assert reverse("occasion_signup", args=[occasion.pk]) in page

    response = client.post(reverse("occasion_signup", args=[occasion.pk]), {"next": _course_url(world)})

    assert response.status_code == 302 and response.url == _course_url(world)
    assert _messages(response, "success") == [f"Du är bokad på {occasion}."]
    assert Registration.objects.get(user=nora, occasion=occasion).state == RegistrationState.BOOKED
    page = client.get(_course_url(world)).content.decode()
    assert "Du är bokad på Omgång 2." in page
    assert "Kurstillfällen du kan anmäla dig till" not in page  # the booking is shown instead
    assert reverse("registration_cancel", args=[Registration.objects.get(user=nora).pk]) in page


def test_a_full_occasion_puts_the_sign_up_on_the_waitlist_and_says_which_place(world, client):
    occasion = _occasion(world, capacity=1)
    first, second = _person(world, "forst"), _person(world, "andra")
    registration_create(actor=first, occasion=occasion, person=first)
    registration_create(actor=second, occasion=occasion, person=second)
    nora = _person(world, "nora")
    client.force_login(nora)

    response = client.post(reverse("occasion_signup", args=[occasion.pk]), {"next": _course_url(world)})

    assert _messages(response, "success") == ["Kurstillfället är fullt. Du står på reservlistan som nummer 2."]
    assert Registration.objects.get(user=nora, occasion=occasion).state == RegistrationState.WAITLISTED
    # The one ahead leaves the queue: Nora is next.
    registration_cancel(actor=second, registration=Registration.objects.get(user=second, occasion=occasion))
    page = client.get(_course_url(world)).content.decode()
    assert "På reservlistan, nummer 1" in page
    assert "På reservlistan, nummer 1" in client.get(reverse("my_registrations")).content.decode()


def test_an_occasion_that_needs_approval_leaves_the_sign_up_waiting_for_the_manager(world, client):
    occasion = _occasion(world, needs_approval=True)
    nora = _person(world, "nora")
    client.force_login(nora)

    assert "Din chef måste godkänna din anmälan." in client.get(_course_url(world)).content.decode()
    response = client.post(reverse("occasion_signup", args=[occasion.pk]), {"next": _course_url(world)})

    assert "Din chef har fått en förfrågan" in _messages(response, "success")[0]
    assert Registration.objects.get(user=nora, occasion=occasion).state == RegistrationState.REQUESTED
    assert "Väntar på chefens godkännande" in client.get(_course_url(world)).content.decode()


def _closed(world):
    return _occasion(world, registration_closes=timezone.now() - datetime.timedelta(hours=1))


def _cancelled(world):
    return _occasion(world, status=OccasionStatus.CANCELLED)


def _not_for_avesta(world):
    return _occasion(world, target_units=[world.falun_home])


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_closed, "Anmälan har stängt."),
        (_cancelled, "Kurstillfället är inställt."),
        (_not_for_avesta, "Kurstillfället är inte öppet för arbetsplatsen där Nora Nysson arbetar."),
        (lambda world: world.occasion, "Nora Nysson är redan anmäld till det här kurstillfället."),
    ],
    ids=["closed", "cancelled", "not-in-target", "already-signed-up"],
)
def test_a_sign_up_that_is_not_allowed_shows_the_reason_and_changes_nothing(world, client, make, reason):
    nora = _person(world, "nora")
    registration_create(actor=world["regional_admin"], occasion=world.occasion, person=nora)
    occasion = make(world)
    before = list(Registration.objects.order_by("id").values_list("id", "state"))
    client.force_login(nora)

    response = client.post(reverse("occasion_signup", args=[occasion.pk]), {"next": _course_url(world)})

    assert response.status_code == 302
    assert _messages(response, "error") == [reason]
    assert list(Registration.objects.order_by("id").values_list("id", "state")) == before


def test_a_closed_occasion_shows_why_on_the_course_page_without_a_button(world, client):
    occasion = _closed(world)
    client.force_login(_person(world, "nora"))

    page = client.get(_course_url(world)).content.decode()

    assert "Du kan inte anmäla dig: Anmälan har stängt." in page
    assert reverse("occasion_signup", args=[occasion.pk]) not in page


def test_signing_up_needs_a_post_and_goes_back_only_to_this_site(world, client):
    occasion = _occasion(world)
    client.force_login(_person(world, "nora"))
    url = reverse("occasion_signup", args=[occasion.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "https://evil.example.org/"})
    assert response.status_code == 302 and not response.url.startswith("https://evil")


def test_an_occasion_of_another_region_cannot_be_signed_up_for(world, client):
    client.force_login(world["staff_gavle"])

    assert client.post(reverse("occasion_signup", args=[world.occasion.pk])).status_code == 404
    assert not Registration.objects.filter(user=world["staff_gavle"]).exists()


def test_the_course_page_lists_the_occasions_in_as_many_queries_for_many_as_for_one(world, client):
    nora = _person(world, "nora")
    _occasion(world).target_levels.set([world.bou_ny])  # the levels are asked once, however many occasions
    client.force_login(nora)
    client.get(_course_url(world))
    with CaptureQueriesContext(connection) as one:
        client.get(_course_url(world))
    for i in range(4):
        other = _occasion(world, name=f"Extra {i}", needs_approval=bool(i % 2))
        other.target_levels.set([world.bou_ny])
    _closed(world)

    with CaptureQueriesContext(connection) as many:
        assert client.get(_course_url(world)).status_code == 200

    assert len(many) == len(one), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_course_page_offers_the_nearest_six_occasions_and_says_there_are_more(world, client):
    nora = _person(world, "nora")
    for i in range(8):
        _occasion(world, name=f"Omgång {10 + i}", days_ahead=10 + i)
    client.force_login(nora)

    page = client.get(_course_url(world)).content.decode()

    shown = [f"Omgång {10 + i}" for i in range(8) if f"Omgång {10 + i}" in page]
    assert shown == [f"Omgång {10 + i}" for i in range(6)]
    assert "Det finns fler längre fram" in page


def test_the_listed_refusals_are_those_of_the_service(world):
    nora = _person(world, "nora")
    outsider = _person(world, "ute", enrol=False)
    occasions = [
        _occasion(world),
        _closed(world),
        _occasion(world, registration_opens=timezone.now() + datetime.timedelta(days=2)),
        _occasion(world, target_units=[world.avesta_home]),
    ]
    on_level = _occasion(world)
    on_level.target_levels.set([world.bou_ny])
    occasions.append(on_level)
    for person in (nora, outsider):
        listed = {o.occasion.pk: o.refusal for o in selectors.occasions_open_to(person)}
        for occasion in occasions:
            assert listed[occasion.pk] == signup_refusal(occasion, person), (person, occasion)


# --- the sign-up box on the occasion's page ------------------------------------------------------------


def _box(user, occasion):
    request = RequestFactory().get(f"/tillfallen/{occasion.pk}/")
    request.user = user
    template = Template('{% include "occasions/signup/_signup_box.html" %}')
    return template.render(Context({"occasion": occasion, "request": request, "user": user}))


def test_the_sign_up_box_offers_a_sign_up_or_shows_the_booking(world):
    occasion = _occasion(world)
    nora = _person(world, "nora")

    assert reverse("occasion_signup", args=[occasion.pk]) in _box(nora, occasion)
    registration = registration_create(actor=nora, occasion=occasion, person=nora)
    html = _box(nora, occasion)
    assert "Bokad" in html
    assert reverse("registration_cancel", args=[registration.pk]) in html
    assert reverse("registration_absence", args=[registration.pk]) in html
    assert reverse("occasion_signup_many", args=[occasion.pk]) not in html
    assert reverse("occasion_signup_many", args=[occasion.pk]) in _box(world["manager"], occasion)


# --- managers sign up many at once ----------------------------------------------------------------------


def test_a_manager_signs_up_three_staff_at_once_and_sees_who_got_a_place(world, client):
    occasion = _occasion(world, capacity=2)
    people = [_person(world, name) for name in ("anna", "bertil", "cesar")]
    client.force_login(world["manager"])
    url = reverse("occasion_signup_many", args=[occasion.pk])

    page = client.get(url).content.decode()
    for person in people:
        assert f'value="{person.pk}"' in page
    assert world["staff_boende"].username not in page  # not the manager's unit

    response = client.post(url, {"person": [p.pk for p in people]})

    assert response.status_code == 200
    states = dict(Registration.objects.filter(occasion=occasion).values_list("user__username", "state"))
    assert states == {"anna": "booked", "bertil": "booked", "cesar": "waitlisted"}
    html = response.content.decode()
    assert "Personal anmäld" in html and "På reservlistan, nummer 1" in html and html.count("Bokad") == 2


def test_signing_up_many_is_all_or_nothing_and_keeps_the_boxes_ticked(world, client):
    people = [_person(world, name) for name in ("anna", "bertil")]
    chosen = [*people, world["staff"]]  # staff is already booked on the world's occasion
    client.force_login(world["manager"])

    response = client.post(
        reverse("occasion_signup_many", args=[world.occasion.pk]), {"person": [p.pk for p in chosen]}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingen blev anmäld" in html
    assert "Staff Testsson är redan anmäld till det här kurstillfället." in html
    for person in people:
        assert f'value="{person.pk}" id="person-{person.pk}" checked' in html
    assert not Registration.objects.filter(user__in=people).exists()


def test_signing_up_many_with_nobody_chosen_says_so(world, client):
    client.force_login(world["manager"])

    response = client.post(reverse("occasion_signup_many", args=[world.occasion.pk]), {})

    assert response.status_code == 400
    assert "Välj minst en person." in response.content.decode()


def test_a_manager_cannot_sign_up_someone_outside_their_staff_by_id(world, client):
    client.force_login(world["manager"])
    outsider = _person(world, "ute", unit=world.avesta_boende, enrol=False)

    response = client.post(reverse("occasion_signup_many", args=[world.occasion.pk]), {"person": [outsider.pk]})

    assert response.status_code == 400
    assert not Registration.objects.filter(user=outsider).exists()


def test_staff_may_not_open_the_page_for_signing_up_many(world, client):
    client.force_login(world["staff"])

    assert client.get(reverse("occasion_signup_many", args=[world.occasion.pk])).status_code == 403


def test_the_page_for_signing_up_many_filters_by_name(world, client):
    _person(world, "anna")
    _person(world, "bertil")
    client.force_login(world["manager"])

    page = client.get(reverse("occasion_signup_many", args=[world.occasion.pk]), {"q": "anna"}).content.decode()

    assert "Anna Nysson" in page and "Bertil Nysson" not in page


def test_the_page_for_signing_up_many_takes_as_many_queries_for_many_people_as_for_one(
    world, client, django_assert_max_num_queries
):
    occasion = _occasion(world, capacity=3)
    _person(world, "anna")
    client.force_login(world["manager"])
    url = reverse("occasion_signup_many", args=[occasion.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(6):
        person = _person(world, f"extra{i}", enrol=False)
        registration_create(actor=world["manager"], occasion=occasion, person=person)

    with django_assert_max_num_queries(SIGNUP_MANY_QUERIES), CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(one), "\n".join(q["sql"] for q in many.captured_queries)


# --- approvals -----------------------------------------------------------------------------------------------


def _requested(world, person, occasion):
    return registration_create(actor=person, occasion=occasion, person=person)


def test_the_approvals_page_lists_only_the_managers_people_and_approving_books(world, client):
    occasion = _occasion(world, needs_approval=True)
    nora = _person(world, "nora")
    mine = _requested(world, nora, occasion)
    other = _requested(world, world["staff_boende"], occasion)
    client.force_login(world["manager"])

    page = client.get(reverse("registration_approvals")).content.decode()
    assert f"registration-{mine.pk}" in page and f"registration-{other.pk}" not in page

    response = client.post(reverse("registration_decide", args=[mine.pk]), {"approve": "1"})

    assert response.status_code == 302 and response.url == reverse("registration_approvals")
    assert _messages(response, "success") == ["Godkänd: Nora Nysson är bokad."]
    mine.refresh_from_db()
    assert mine.state == RegistrationState.BOOKED
    assert client.post(reverse("registration_decide", args=[other.pk]), {"approve": "1"}).status_code == 404
    other.refresh_from_db()
    assert other.state == RegistrationState.REQUESTED


def test_a_k_admin_sees_the_sign_ups_of_the_whole_municipality(world, client):
    occasion = _occasion(world, needs_approval=True)
    one = _requested(world, _person(world, "nora"), occasion)
    two = _requested(world, world["staff_boende"], occasion)
    client.force_login(world["municipal_admin"])

    page = client.get(reverse("registration_approvals")).content.decode()

    assert f"registration-{one.pk}" in page and f"registration-{two.pk}" in page


def test_declining_needs_a_reason_and_then_declines(world, client):
    occasion = _occasion(world, needs_approval=True)
    registration = _requested(world, _person(world, "nora"), occasion)
    client.force_login(world["manager"])
    url = reverse("registration_decide", args=[registration.pk])

    response = client.post(url, {"approve": "0", "reason": "  "})
    assert "Skriv varför du nekar anmälan." in _messages(response, "error")[0]
    registration.refresh_from_db()
    assert registration.state == RegistrationState.REQUESTED

    response = client.post(url, {"approve": "0", "reason": "Ingen vikarie den veckan"})
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DECLINED
    assert registration.events.last().reason == "Ingen vikarie den veckan"


def test_staff_cannot_open_the_approvals_page(world, client):
    client.force_login(world["staff"])

    assert client.get(reverse("registration_approvals")).status_code == 403


def test_the_approvals_page_takes_as_many_queries_for_many_requests_as_for_one(
    world, client, django_assert_max_num_queries
):
    occasion = _occasion(world, needs_approval=True)
    _requested(world, _person(world, "nora"), occasion)
    client.force_login(world["manager"])
    url = reverse("registration_approvals")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        other = _occasion(world, needs_approval=True, name=f"Extra {i}")
        _requested(world, _person(world, f"extra{i}"), other)

    with django_assert_max_num_queries(APPROVALS_QUERIES), CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(one), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_home_page_tells_a_manager_that_sign_ups_wait(world, client):
    occasion = _occasion(world, needs_approval=True)
    _requested(world, _person(world, "nora"), occasion)
    client.force_login(world["manager"])

    assert "1 anmälan väntar på ditt beslut." in client.get(reverse("home")).content.decode()


# --- cancelling --------------------------------------------------------------------------------------------


def test_cancelling_in_time_says_so_and_cancels(world, client):
    occasion = _occasion(world, cancel_deadline=timezone.localdate() + datetime.timedelta(days=5))
    nora = _person(world, "nora")
    registration = registration_create(actor=nora, occasion=occasion, person=nora)
    client.force_login(nora)
    url = reverse("registration_cancel", args=[registration.pk])

    page = client.get(url).content.decode()
    assert "Du kan avboka utan kostnad" in page and "sen avbokning" not in page

    response = client.post(url, {"reason": "Ny tjänst"})

    assert response.url == reverse("my_registrations")
    assert _messages(response, "success") == ["Anmälan är avbokad."]
    registration.refresh_from_db()
    assert registration.state == RegistrationState.CANCELLED


def test_cancelling_after_the_deadline_warns_that_it_is_late(world, client):
    occasion = _occasion(world, cancel_deadline=timezone.localdate() - datetime.timedelta(days=1))
    nora = _person(world, "nora")
    registration = registration_create(actor=nora, occasion=occasion, person=nora)
    client.force_login(nora)
    url = reverse("registration_cancel", args=[registration.pk])

    page = client.get(url).content.decode()
    assert "Det här är en sen avbokning." in page and "kosta pengar för arbetsplatsen" in page

    response = client.post(url)

    assert "sen avbokning" in _messages(response, "warning")[0]
    registration.refresh_from_db()
    assert registration.state == RegistrationState.CANCELLED_LATE


def test_a_manager_cancels_for_their_staff_but_not_for_others(world, client):
    booked = Registration.objects.get(user=world["staff"], occasion=world.occasion)
    other = Registration.objects.get(user=world["staff_boende"], occasion=world.occasion)
    client.force_login(world["manager"])

    assert client.post(reverse("registration_cancel", args=[other.pk])).status_code == 404
    client.post(reverse("registration_cancel", args=[booked.pk]))

    booked.refresh_from_db()
    other.refresh_from_db()
    assert (booked.state, other.state) == (RegistrationState.CANCELLED, RegistrationState.BOOKED)


def test_cancelling_twice_gets_a_message_and_changes_nothing(world, client):
    registration = Registration.objects.get(user=world["staff"], occasion=world.occasion)
    client.force_login(world["staff"])
    client.post(reverse("registration_cancel", args=[registration.pk]))

    response = client.post(reverse("registration_cancel", args=[registration.pk]))

    assert _messages(response, "error")
    assert registration.events.count() == 2


# --- absence ---------------------------------------------------------------------------------------------


def test_absence_is_announced_for_a_coming_day_with_a_reason(world, client):
    occasion = _occasion(world, day_count=2, days_ahead=-3)  # one day has been, one is ahead
    nora = _person(world, "nora")
    Registration.objects.create(occasion=occasion, user=nora, state=RegistrationState.BOOKED)
    registration = Registration.objects.get(user=nora, occasion=occasion)
    past, ahead = CourseDay.objects.filter(occasion=occasion).order_by("date")
    client.force_login(nora)
    url = reverse("registration_absence", args=[registration.pk])

    page = client.get(url).content.decode()
    assert f'value="{ahead.pk}"' in page and f'value="{past.pk}"' not in page

    assert client.post(url, {"day": ahead.pk, "reason": " "}).status_code == 400
    assert client.post(url, {"day": past.pk, "reason": "Sjuk"}).status_code == 400
    assert not DayAttendance.objects.exists()

    response = client.post(url, {"day": ahead.pk, "reason": "Sjuk"})

    assert response.status_code == 302
    mark = DayAttendance.objects.get()
    assert (mark.course_day, mark.present, mark.announced, mark.reason) == (ahead, False, True, "Sjuk")


def test_absence_cannot_be_announced_on_a_waitlisted_sign_up(world, client):
    occasion = _occasion(world, capacity=1)
    registration_create(actor=world["manager"], occasion=occasion, person=_person(world, "anna"))
    nora = _person(world, "nora")
    registration = registration_create(actor=nora, occasion=occasion, person=nora)
    client.force_login(nora)

    page = client.get(reverse("registration_absence", args=[registration.pk])).content.decode()

    assert "Bara den som är bokad kan anmäla frånvaro." in page
    assert 'name="reason"' not in page


# --- my sign-ups ---------------------------------------------------------------------------------------------


def test_my_registrations_shows_coming_and_past_sign_ups_with_their_state(world, client):
    nora = _person(world, "nora")
    booked = registration_create(actor=nora, occasion=_occasion(world), person=nora)
    cancelled = registration_create(actor=nora, occasion=_occasion(world, name="Omgång 3"), person=nora)
    registration_cancel(actor=nora, registration=cancelled)
    client.force_login(nora)

    page = client.get(reverse("my_registrations")).content.decode()

    assert "Omgång 2" in page and "Omgång 3" in page
    assert reverse("registration_cancel", args=[booked.pk]) in page
    assert reverse("registration_cancel", args=[cancelled.pk]) not in page
    assert "Avbokad" in page
    assert reverse("my_registrations") in client.get(reverse("my_journey")).content.decode()


def test_my_registrations_takes_as_many_queries_for_many_as_for_one(world, client, django_assert_max_num_queries):
    nora = _person(world, "nora")
    registration_create(actor=nora, occasion=_occasion(world), person=nora)
    client.force_login(nora)
    url = reverse("my_registrations")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        registration_create(actor=nora, occasion=_occasion(world, name=f"Extra {i}", capacity=1), person=nora)

    with django_assert_max_num_queries(MY_REGISTRATIONS_QUERIES), CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(one), "\n".join(q["sql"] for q in many.captured_queries)


# --- the calendar feed ---------------------------------------------------------------------------------------


def _feed_events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_the_calendar_feed_holds_exactly_the_booked_days_and_works_without_signing_in(world, client):
    nora = _person(world, "nora")
    booked_on = _occasion(world, day_count=2)
    registration_create(actor=nora, occasion=booked_on, person=nora)
    full = _occasion(world, capacity=1, name="Full")
    registration_create(actor=world["manager"], occasion=full, person=_person(world, "anna"))
    registration_create(actor=nora, occasion=full, person=nora)  # waitlisted
    left = _occasion(world, name="Lämnad")
    registration_cancel(actor=nora, registration=registration_create(actor=nora, occasion=left, person=nora))
    client.force_login(nora)
    assert "Du har ingen kalenderadress än." in client.get(reverse("calendar_subscribe")).content.decode()
    client.post(reverse("calendar_subscribe"))
    feed = CalendarFeed.objects.get(user=nora)
    page = client.get(reverse("calendar_subscribe")).content.decode()
    assert f"webcal://testserver/kalender/{feed.token}.ics" in page
    assert (
        f"https://testserver/kalender/{feed.token}.ics" in page
        or f"http://testserver/kalender/{feed.token}.ics" in page
    )
    client.logout()

    events = _feed_events(client, reverse("calendar_feed", args=[feed.token]))

    days = list(CourseDay.objects.filter(occasion=booked_on).order_by("date"))
    assert sorted(str(e["uid"]) for e in events) == sorted(f"courseday-{d.pk}@yrkesresan" for d in days)
    first = min(events, key=lambda e: e["dtstart"].dt)
    assert str(first["summary"]) == world.bou_course.title
    assert str(first["location"]) == "Kulturhuset, Storgatan 1, Avesta"
    assert "Omgång 2" in str(first["description"]) and _course_url(world) in str(first["description"])
    assert first["dtstart"].dt.date() == days[0].date


def test_a_cancelled_occasion_leaves_the_calendar_feed(world, client):
    client.force_login(world["staff"])
    client.post(reverse("calendar_subscribe"))
    url = reverse("calendar_feed", args=[CalendarFeed.objects.get(user=world["staff"]).token])
    assert len(_feed_events(client, url)) == 2

    type(world.occasion).objects.filter(pk=world.occasion.pk).update(status=OccasionStatus.CANCELLED)

    assert _feed_events(client, url) == []


def test_a_new_calendar_address_kills_the_old_one(world, client):
    client.force_login(world["staff"])
    client.post(reverse("calendar_subscribe"))
    old = CalendarFeed.objects.get(user=world["staff"]).token

    response = client.post(reverse("calendar_subscribe"))

    new = CalendarFeed.objects.get(user=world["staff"]).token
    assert new != old and len(new) >= 40
    assert "Den gamla fungerar inte längre." in _messages(response)[-1]
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200


def test_the_calendar_feed_answers_404_for_an_unknown_token_or_an_inactive_person(world, client):
    assert client.get(reverse("calendar_feed", args=["nope"])).status_code == 404
    client.force_login(world["staff"])
    client.post(reverse("calendar_subscribe"))
    token = CalendarFeed.objects.get(user=world["staff"]).token
    client.logout()
    type(world["staff"]).objects.filter(pk=world["staff"].pk).update(is_active=False)

    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


def test_the_calendar_page_needs_signing_in(world, client):
    response = client.get(reverse("calendar_subscribe"))

    assert response.status_code == 302 and "login" in response.url
