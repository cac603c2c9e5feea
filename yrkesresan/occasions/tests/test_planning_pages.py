"""The planning pages end to end: plan an occasion through the form, change, copy and cancel it, the
list with its filters and the month calendar (with pinned query counts), and who may use them."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.occasions.models import Occasion, OccasionStatus, RegistrationState
from yrkesresan.occasions.services import occasion_create, registration_create

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=45)


def _client(client, user):
    client.force_login(user)
    return client


def _form_data(world, **changes):
    data = {
        "course": world.funk_course.pk,
        "delivery_level": "regional",
        "region": world.dalarna.pk,
        "name": "Omgång vår",
        "capacity": "12",
        "min_participants": "3",
        "registration_opens": "",
        "registration_closes": f"{SOON - datetime.timedelta(days=10):%Y-%m-%d}T16:00",
        "cancel_deadline": f"{SOON - datetime.timedelta(days=7):%Y-%m-%d}",
        "waitlist_stops_days": "2",
        "target_municipalities": [str(world.avesta.pk)],
        "notes": "Fika och lunch ingår.",
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "0",
        "days-0-date": f"{SOON:%Y-%m-%d}",
        "days-0-starts": "09:00",
        "days-0-ends": "16:00",
        "days-0-mode": "on_site",
        "days-0-venue": "Kulturhuset",
        "days-0-address": "Slottsgatan 1, Falun",
        "days-1-date": f"{SOON + datetime.timedelta(days=7):%Y-%m-%d}",
        "days-1-starts": "09:00",
        "days-1-ends": "12:00",
        "days-1-mode": "digital",
        "days-1-link": "https://meet.example.org/funk",
        "quotas-TOTAL_FORMS": "1",
        "quotas-INITIAL_FORMS": "0",
        "quotas-0-municipality": str(world.falun.pk),
        "quotas-0-seats": "4",
        "quotas-0-release_at": f"{SOON - datetime.timedelta(days=20):%Y-%m-%d}T12:00",
    }
    data.update(changes)
    return data


def _occasion(world, *, day=SOON, venue="Kulturhuset", capacity=5, name="Sida"):
    return occasion_create(
        actor=world["regional_admin"],
        course=world.funk_course,
        region=world.dalarna,
        capacity=capacity,
        name=name,
        days=[{"date": day, "starts": datetime.time(9), "ends": datetime.time(16), "venue": venue}],
    )


def _staff(world, n, prefix):
    return [
        accounts.person_create(
            actor=world["system_admin"],
            username=f"{prefix}{i}",
            first_name="P",
            last_name=f"{prefix}{i}",
            email=f"{prefix}{i}@example.org",
            role="staff",
            place=world.falun_home,
            password="",
            notify=False,
        )
        for i in range(n)
    ]


# --- planning through the form ------------------------------------------------------------------------


def test_a_regional_admin_plans_an_occasion_through_the_form(client, world):
    c = _client(client, world["regional_admin"])
    assert c.get(reverse("occasion_create")).status_code == 200

    response = c.post(reverse("occasion_create"), _form_data(world))

    occasion = Occasion.objects.get(name="Omgång vår")
    assert response.status_code == 302 and response["Location"] == reverse("occasion_detail", args=[occasion.pk])
    assert (occasion.course, occasion.capacity, occasion.min_participants) == (world.funk_course, 12, 3)
    assert [d.mode for d in occasion.days.all()] == ["on_site", "digital"]
    assert list(occasion.target_municipalities.all()) == [world.avesta]
    assert list(occasion.quotas.values_list("municipality", "seats")) == [(world.falun.pk, 4)]
    assert timezone.localtime(occasion.registration_closes).hour == 16
    page = c.get(response["Location"]).content.decode()
    assert "Kulturhuset" in page and "Fika och lunch ingår." in page


def test_bad_input_shows_the_form_again_with_the_problem_and_plans_nothing(client, world):
    c = _client(client, world["regional_admin"])
    before = Occasion.objects.count()

    response = c.post(reverse("occasion_create"), _form_data(world, **{"days-0-ends": "08:00", "quotas-0-seats": "40"}))

    assert response.status_code == 400
    assert Occasion.objects.count() == before
    content = response.content.decode()
    assert 'class="error-summary"' in content and 'href="#days-rows"' in content and 'href="#quotas-rows"' in content


def test_add_a_course_day_shows_one_row_more_without_saving(client, world):
    c = _client(client, world["regional_admin"])
    before = Occasion.objects.count()

    response = c.post(reverse("occasion_create"), _form_data(world, add_days="1"))

    assert response.status_code == 200 and Occasion.objects.count() == before
    content = response.content.decode()
    assert 'name="days-2-date"' in content and 'value="Kulturhuset"' in content
    assert "error-summary" not in content
    partial = c.post(reverse("occasion_create"), _form_data(world, add_days="1"), HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith("<fieldset") and b'name="days-2-date"' in partial.content


def test_a_venue_booked_twice_is_warned_about_after_saving_but_saved(client, world):
    _occasion(world, venue="kulturhuset")  # no address: compare the form with the same
    c = _client(client, world["regional_admin"])

    response = c.post(reverse("occasion_create"), _form_data(world, **{"days-0-address": ""}), follow=True)

    assert Occasion.objects.filter(name="Omgång vår").exists()
    assert any(m.level_tag == "warning" for m in response.context["messages"])
    assert "⚠" in response.content.decode()  # the flag on the occasion page


def test_a_k_admin_plans_for_their_municipality_but_not_the_region(client, world):
    c = _client(client, world["municipal_admin"])
    municipal = _form_data(world, delivery_level="municipal", region="", municipality=str(world.avesta.pk))
    municipal.pop("quotas-0-municipality")
    municipal.update({"quotas-TOTAL_FORMS": "0", "target_municipalities": []})

    regional = c.post(reverse("occasion_create"), {**municipal, "delivery_level": "regional", "municipality": ""})
    ok = c.post(reverse("occasion_create"), municipal)

    assert regional.status_code == 400
    assert ok.status_code == 302
    assert Occasion.objects.get(name="Omgång vår").municipality == world.avesta


def test_editing_the_days_tells_the_participants(client, world, django_capture_on_commit_callbacks):
    occasion = world.occasion
    c = _client(client, world["regional_admin"])
    form = c.get(reverse("occasion_edit", args=[occasion.pk]))
    assert form.status_code == 200 and b"Folkets hus" in form.content
    days = list(occasion.days.all())
    data = _form_data(
        world,
        course=world.bou_course.pk,
        name="Omgång 1",
        capacity="20",
        target_municipalities=[],
        **{
            "days-TOTAL_FORMS": "2",
            "days-INITIAL_FORMS": "2",
            "days-0-id": str(days[0].pk),
            "days-0-date": f"{days[0].date:%Y-%m-%d}",
            "days-0-venue": "Medborgarhuset",
            "days-1-id": str(days[1].pk),
            "days-1-date": f"{days[1].date:%Y-%m-%d}",
            "quotas-TOTAL_FORMS": "0",
        },
    )
    data["cancel_deadline"] = ""
    data["registration_closes"] = ""

    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("occasion_edit", args=[occasion.pk]), data)

    assert response.status_code == 302
    assert occasion.days.first().venue == "Medborgarhuset"
    assert sorted(m.to[0] for m in mail.outbox) == ["staff@example.org", "staff_boende@example.org"]
    assert "Medborgarhuset" in mail.outbox[0].body


def test_copy_shows_the_new_dates_then_makes_the_copy(client, world):
    occasion = world.occasion
    c = _client(client, world["regional_admin"])
    new_first = occasion.first_day + datetime.timedelta(days=91)

    preview = c.get(reverse("occasion_copy", args=[occasion.pk]), {"first_day": f"{new_first:%Y-%m-%d}"})
    assert preview.status_code == 200
    assert [date for _day, date in preview.context["preview"]] == [
        d.date + datetime.timedelta(days=91) for d in occasion.days.all()
    ]
    default = c.get(reverse("occasion_copy", args=[occasion.pk]))
    assert default.context["form"]["first_day"].value() == occasion.first_day + datetime.timedelta(weeks=26)

    response = c.post(reverse("occasion_copy", args=[occasion.pk]), {"first_day": f"{new_first:%Y-%m-%d}"})

    copy = Occasion.objects.exclude(pk=occasion.pk).get(name=occasion.name)
    assert response["Location"] == reverse("occasion_edit", args=[copy.pk])
    assert copy.first_day == new_first and not copy.registrations.exists()


def test_cancel_asks_for_a_reason_says_how_many_are_told_then_cancels(
    client, world, django_capture_on_commit_callbacks
):
    occasion = world.occasion
    c = _client(client, world["regional_admin"])

    confirm = c.get(reverse("occasion_cancel", args=[occasion.pk]))
    assert confirm.status_code == 200 and confirm.context["count"] == 2
    assert c.post(reverse("occasion_cancel", args=[occasion.pk]), {"reason": ""}).status_code == 400
    occasion.refresh_from_db()
    assert occasion.status == OccasionStatus.PLANNED

    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("occasion_cancel", args=[occasion.pk]), {"reason": "Kursledaren är sjuk."})

    assert response.status_code == 302
    occasion.refresh_from_db()
    assert occasion.status == OccasionStatus.CANCELLED
    assert set(occasion.registrations.values_list("state", flat=True)) == {RegistrationState.CANCELLED}
    assert len(mail.outbox) == 2 and all("Kursledaren är sjuk." in m.body for m in mail.outbox)
    again = c.get(reverse("occasion_cancel", args=[occasion.pk]))
    assert again.status_code == 302  # already cancelled: back to the occasion with a message


# --- the list and the calendar --------------------------------------------------------------------------


def test_the_list_shows_the_occasions_with_counts_and_filters(client, world):
    full = _occasion(world, capacity=1, name="Fullt")
    for person in _staff(world, 2, "f"):
        registration_create(actor=world["regional_admin"], occasion=full, person=person)
    c = _client(client, world["regional_admin"])

    everything = c.get(reverse("occasion_list"))
    names = [o.name for o in everything.context["page"]]
    assert {"Omgång 1", "Fullt"} <= set(names)
    [row] = [o for o in everything.context["page"] if o.name == "Fullt"]
    assert (row.booked, row.waitlisted) == (1, 1)

    free = c.get(reverse("occasion_list"), {"free": "on"})
    assert "Fullt" not in [o.name for o in free.context["page"]]
    by_course = c.get(reverse("occasion_list"), {"course": world.bou_course.pk})
    assert [o.name for o in by_course.context["page"]] == ["Omgång 1"]
    searched = c.get(reverse("occasion_list"), {"q": "full"})
    assert [o.name for o in searched.context["page"]] == ["Fullt"]
    later = c.get(reverse("occasion_list"), {"date_from": f"{SOON + datetime.timedelta(days=1):%Y-%m-%d}"})
    assert [o.name for o in later.context["page"]] == []


def test_the_list_shows_the_coming_occasions_unless_the_from_date_is_cleared(client, world):
    _occasion(world, day=timezone.localdate() - datetime.timedelta(days=20), name="Hölls i höstas")
    c = _client(client, world["regional_admin"])

    coming = c.get(reverse("occasion_list"))
    everything = c.get(reverse("occasion_list"), {"date_from": ""})

    assert "Hölls i höstas" not in [o.name for o in coming.context["page"]]
    assert coming.context["form"]["date_from"].value() == f"{timezone.localdate():%Y-%m-%d}"
    assert [o.name for o in everything.context["page"]][0] == "Hölls i höstas"


def test_the_list_flags_a_venue_booked_twice(client, world):
    _occasion(world, name="A")
    _occasion(world, name="B")
    _occasion(world, name="C", venue="Annat ställe")
    c = _client(client, world["regional_admin"])

    rows = {o.name: o.clashes for o in c.get(reverse("occasion_list")).context["page"]}

    assert rows["A"] and rows["B"] and not rows["C"]


def _queries(c, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["occasion_list", "occasion_calendar"])
def test_the_list_and_calendar_query_counts_do_not_grow_with_occasions_or_registrations(
    client, world, url_name, django_assert_num_queries
):
    c = _client(client, world["regional_admin"])
    params = {"month": f"{SOON:%Y-%m}"} if url_name == "occasion_calendar" else {}
    url = reverse(url_name)
    _occasion(world, name="x0")
    small = _queries(c, url, params)
    for i in range(6):
        occasion = _occasion(world, name=f"y{i}", venue=f"Sal {i}", capacity=3)
        for person in _staff(world, 2, f"s{i}-"):
            registration_create(actor=world["regional_admin"], occasion=occasion, person=person)

    large = _queries(c, url, params)

    assert large == small
    with django_assert_num_queries(large):
        c.get(url, params)


def test_the_calendar_lists_the_months_course_days_by_date(client, world):
    _occasion(world, name="I kalendern")
    c = _client(client, world["manager"])

    response = c.get(reverse("occasion_calendar"), {"month": f"{SOON:%Y-%m}"})

    assert response.status_code == 200
    dates = dict(response.context["cal"].dates)
    assert "I kalendern" in [i.occasion.name for i in dates[SOON]]
    assert b"I kalendern" in response.content
    other = c.get(reverse("occasion_calendar"), {"month": f"{SOON + datetime.timedelta(days=62):%Y-%m}"})
    assert "I kalendern" not in other.content.decode()


def test_a_month_with_more_course_days_than_a_page_shows_asks_for_a_filter(client, world, monkeypatch):
    monkeypatch.setattr("yrkesresan.occasions.selectors.planning.CALENDAR_CAP", 2)
    for name in ("Först", "Sedan", "Sist"):
        _occasion(world, name=name, venue=name)
    c = _client(client, world["regional_admin"])

    response = c.get(reverse("occasion_calendar"), {"month": f"{SOON:%Y-%m}"})

    cal = response.context["cal"]
    assert cal.capped and cal.count == 2
    assert "välj en kurs eller en kommun" in response.content.decode().lower()


# --- who may use them ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "municipal_admin", "trainer", "regional_admin"])
def test_managers_k_admins_trainers_and_planners_read_the_list_and_calendar(client, world, role):
    c = _client(client, world[role])

    assert c.get(reverse("occasion_list")).status_code == 200
    assert c.get(reverse("occasion_calendar")).status_code == 200
    detail = c.get(reverse("occasion_detail", args=[world.occasion.pk]))
    assert detail.status_code == 200 and detail.context["can_manage"] == (role == "regional_admin")


def test_staff_may_not_browse_or_plan(client, world):
    c = _client(client, world["staff"])

    assert c.get(reverse("occasion_list")).status_code == 403
    assert c.get(reverse("occasion_calendar")).status_code == 403
    assert c.get(reverse("occasion_create")).status_code == 403
    assert c.get(reverse("occasion_edit", args=[world.occasion.pk])).status_code == 403


def test_an_outsider_from_another_region_gets_404_for_the_occasion_and_sees_none_of_it(client, world):
    c = _client(client, world["regional_admin_gavleborg"])
    pk = world.occasion.pk

    for name in ("occasion_detail", "occasion_edit", "occasion_copy", "occasion_cancel"):
        assert c.get(reverse(name, args=[pk])).status_code == 404, name
    assert c.post(reverse("occasion_cancel", args=[pk]), {"reason": "x"}).status_code == 404
    assert c.get(reverse("occasion_detail", args=[999999])).status_code == 404
    assert world.occasion not in c.get(reverse("occasion_list")).context["page"].object_list
    # planning in their own region works; in Dalarna is refused on the form
    refused = c.post(reverse("occasion_create"), _form_data(world))
    assert refused.status_code == 400 and not Occasion.objects.filter(name="Omgång vår").exists()


def test_a_k_admin_cannot_change_a_regional_occasion(client, world):
    c = _client(client, world["municipal_admin"])

    assert c.get(reverse("occasion_edit", args=[world.occasion.pk])).status_code == 403
    assert c.post(reverse("occasion_cancel", args=[world.occasion.pk]), {"reason": "x"}).status_code == 403
    world.occasion.refresh_from_db()
    assert world.occasion.status == OccasionStatus.PLANNED


def test_the_menu_shows_course_occasions_to_those_who_browse(client, world):
    assert reverse("occasion_list") in _client(client, world["manager"]).get(reverse("home")).content.decode()
    client.logout()
    assert reverse("occasion_list") not in _client(client, world["staff"]).get(reverse("home")).content.decode()
