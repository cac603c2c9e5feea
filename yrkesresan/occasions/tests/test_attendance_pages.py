"""The attendance pages end to end: the day's list on a phone, the sign-in sheet, the occasion page's
attendance box and the "today" page, as the people who use them and as those who may not."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yrkesresan.occasions.models import AttendanceEvent, DayAttendance, Registration
from yrkesresan.occasions.services import absence_announce, attendance_take

from .test_attendance import booked_occasion, move_days

#: The day's list: session, user, roles; occasion, day; registrations, workplaces, marks, history.
TAKE_PAGE_QUERIES = 11


def _url(occasion, day, name="attendance_take"):
    return reverse(name, args=[occasion.pk, day.pk])


def _first_day(occasion):
    return occasion.days.order_by("date", "id").first()


def _regs(occasion):
    return list(Registration.objects.filter(occasion=occasion).order_by("id"))


def test_the_list_opens_with_everyone_present(world, client):
    occasion = booked_occasion(world, 5)
    client.force_login(world["regional_admin"])

    response = client.get(_url(occasion, _first_day(occasion)))

    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'value="present" checked', html)) == 5
    assert 'value="absent" checked' not in html
    assert "5 av 5 närvarande" in html
    assert "Inte tagen än" in html
    assert "Deltagare Nummer 03" in html and "Avesta hemtjänst" in html
    assert "Folkets hus, Kyrkogatan 1, Avesta" in html
    assert html.count("Spara närvaro") == 1


def test_saving_with_two_absent_marks_them_and_shows_the_saved_state(world, client):
    occasion = booked_occasion(world, 5)
    day = _first_day(occasion)
    regs = _regs(occasion)
    client.force_login(world["regional_admin"])
    # What the browser sends: every row's choice, and the reason fields (empty for the present).
    data = {f"att_{r.pk}": "present" for r in regs} | {f"why_{r.pk}": "" for r in regs}
    data |= {f"att_{regs[1].pk}": "absent", f"why_{regs[1].pk}": "ill"}
    data |= {f"att_{regs[4].pk}": "absent", f"why_{regs[4].pk}": "", f"note_{regs[4].pk}": "Tåget var inställt"}

    response = client.post(_url(occasion, day), data, follow=True)

    assert response.redirect_chain == [(_url(occasion, day), 302)]
    marks = {m.registration_id: (m.present, m.reason) for m in DayAttendance.objects.filter(course_day=day)}
    assert marks[regs[1].pk] == (False, "Sjuk")
    assert marks[regs[4].pk] == (False, "Tåget var inställt")
    assert [marks[r.pk] for r in (regs[0], regs[2], regs[3])] == [(True, "")] * 3
    html = response.content.decode()
    assert "Närvaron är sparad: 3 av 5 närvarande." in html
    assert "3 av 5 närvarande" in html
    assert "Sparad av Regional Testsson" in html
    assert len(re.findall(r'value="absent" checked', html)) == 2
    assert re.search(r'<option value="ill" selected>Sjuk</option>', html)
    assert 'value="Tåget var inställt"' in html
    assert "Inga rättelser sedan närvaron togs." in html


def test_a_post_with_only_the_absent_rows_counts_everyone_else_present(world, client):
    occasion = booked_occasion(world, 3)
    day = _first_day(occasion)
    regs = _regs(occasion)
    client.force_login(world["regional_admin"])

    client.post(_url(occasion, day), {f"att_{regs[0].pk}": "absent", f"why_{regs[0].pk}": "child"})

    assert sorted(DayAttendance.objects.filter(course_day=day).values_list("present", flat=True)) == [
        False,
        True,
        True,
    ]
    assert DayAttendance.objects.get(registration=regs[0]).reason == "Vård av barn"


def test_a_correction_shows_in_the_corrections(world, client):
    occasion = booked_occasion(world, 3)
    day = _first_day(occasion)
    regs = _regs(occasion)
    attendance_take(actor=world["regional_admin"], course_day=day, absent={regs[0].pk: "Sjuk"})
    client.force_login(world["regional_project_leader"])

    response = client.post(_url(occasion, day), {f"att_{regs[0].pk}": "present"}, follow=True)

    html = response.content.decode()
    corrections = html.split('id="corrections-title"')[1]
    assert "Deltagare Nummer 00" in corrections
    assert "Frånvarande (Sjuk)" in corrections and "→ Närvarande" in corrections
    assert "Ändrad av Regional Testsson" in corrections


def test_an_absence_announced_in_advance_opens_as_absent_with_its_reason(world, client):
    occasion = booked_occasion(world, 2, day_offsets=(30, 37))
    day = _first_day(occasion)
    regs = _regs(occasion)
    absence_announce(actor=regs[1].user, registration=regs[1], course_day=day, reason="Sjuk")
    move_days(occasion, (0, 7))
    client.force_login(world["regional_admin"])

    html = client.get(_url(occasion, day)).content.decode()

    assert f'id="att_{regs[1].pk}_a" name="att_{regs[1].pk}" value="absent" checked' in html
    assert re.search(rf'<select id="why_{regs[1].pk}"[^>]*>.*?<option value="ill" selected>', html, re.S)
    assert "Frånvaro anmäld i förväg" in html
    assert "1 av 2 närvarande" in html


def test_an_unknown_registration_in_the_post_is_refused_and_nothing_changes(world, client):
    occasion = booked_occasion(world, 2)
    day = _first_day(occasion)
    stranger = world.occasion.registrations.first()
    client.force_login(world["regional_admin"])

    response = client.post(_url(occasion, day), {f"att_{stranger.pk}": "absent"})

    assert response.status_code == 400
    assert "inte bokade på kurstillfället" in response.content.decode()
    assert not DayAttendance.objects.exists()


def test_a_garbled_post_is_refused_and_nothing_changes(world, client):
    occasion = booked_occasion(world, 2)
    day = _first_day(occasion)
    reg = _regs(occasion)[0]
    client.force_login(world["regional_admin"])

    response = client.post(_url(occasion, day), {f"att_{reg.pk}": "kanske", f"why_{reg.pk}": "x"})

    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not DayAttendance.objects.exists()


def test_a_future_day_says_when_attendance_can_be_taken_and_shows_no_form(world, client):
    occasion = booked_occasion(world, 2, day_offsets=(3, 10))
    day = _first_day(occasion)
    client.force_login(world["regional_admin"])

    response = client.get(_url(occasion, day))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Närvaron kan tas från och med kursdagen" in html
    assert '<form method="post" id="att-form"' not in html
    response = client.post(_url(occasion, day), {})
    assert response.status_code == 400
    assert "Närvaron tas från och med själva kursdagen." in response.content.decode()
    assert not DayAttendance.objects.exists()


def test_the_list_takes_as_many_queries_for_forty_as_for_five(world, client, django_assert_max_num_queries):
    small = booked_occasion(world, 5)
    large = booked_occasion(world, 40)
    for occasion in (small, large):
        regs = _regs(occasion)
        attendance_take(actor=world["regional_admin"], course_day=_first_day(occasion), absent={regs[0].pk: "Sjuk"})
        attendance_take(actor=world["regional_admin"], course_day=_first_day(occasion), absent={})
    client.force_login(world["regional_admin"])
    client.get(_url(small, _first_day(small)))

    with CaptureQueriesContext(connection) as five:
        assert client.get(_url(small, _first_day(small))).status_code == 200
    with django_assert_max_num_queries(TAKE_PAGE_QUERIES), CaptureQueriesContext(connection) as forty:
        response = client.get(_url(large, _first_day(large)))

    assert "40 av 40 närvarande" in response.content.decode()
    assert len(forty) == len(five), "\n".join(q["sql"] for q in forty.captured_queries)


@pytest.mark.parametrize("name", ["attendance_take", "attendance_sheet"])
def test_a_manager_who_sees_the_occasion_may_not_take_attendance(world, client, name):
    occasion = booked_occasion(world, 1)
    client.force_login(world["manager"])

    assert client.get(_url(occasion, _first_day(occasion), name)).status_code == 403
    assert client.post(_url(occasion, _first_day(occasion), "attendance_take"), {}).status_code == 403
    assert not DayAttendance.objects.exists()


@pytest.mark.parametrize("name", ["attendance_take", "attendance_sheet"])
def test_another_regions_admin_gets_404(world, client, name):
    occasion = booked_occasion(world, 1)
    client.force_login(world["regional_admin_gavleborg"])

    assert client.get(_url(occasion, _first_day(occasion), name)).status_code == 404
    assert client.post(_url(occasion, _first_day(occasion), "attendance_take"), {}).status_code == 404


@pytest.mark.parametrize("name", ["attendance_take", "attendance_sheet"])
def test_a_day_of_another_occasion_is_404(world, client, name):
    occasion = booked_occasion(world, 1)
    client.force_login(world["regional_admin"])

    other_day = _first_day(world.occasion)
    assert client.get(reverse(name, args=[occasion.pk, other_day.pk])).status_code == 404


# --- the sign-in sheet ---------------------------------------------------------------------------------------


def test_the_sign_in_sheet_has_a_line_per_person_and_blank_lines_for_walk_ins(world, client):
    occasion = booked_occasion(world, 3, day_offsets=(5, 12))  # printed ahead of the day
    client.force_login(world["regional_admin"])

    response = client.get(_url(occasion, _first_day(occasion), "attendance_sheet"))

    html = response.content.decode()
    assert response.status_code == 200
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr") == 3 + 6
    assert "Deltagare Nummer 02" in body and "Avesta hemtjänst" in body and "Avesta" in body
    assert "Namnteckning" in html and "Folkets hus" in html
    assert 'id="print-sheet"' in html and "window.print()" in html
    assert "Ctrl+P" in html  # the hint for those without JavaScript
    assert "@media print" in html and "size: A4" in html


# --- the occasion page's box and the "today" page ----------------------------------------------------------


def _render_links(world, user, occasion):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "occasions/attendance/_occasion_links.html",
        {"occasion": occasion, "days": list(occasion.days.all())},
        request=request,
    )


def test_the_occasion_box_shows_each_day_with_whether_it_is_taken_and_the_exports(world):
    occasion = booked_occasion(world, 3, day_offsets=(-1, 0))
    first, second = occasion.days.order_by("date")
    regs = _regs(occasion)
    attendance_take(actor=world["regional_admin"], course_day=first, absent={regs[0].pk: ""})

    html = _render_links(world, world["regional_admin"], occasion)

    assert _url(occasion, first) in html and _url(occasion, second) in html
    assert _url(occasion, first, "attendance_sheet") in html
    assert "Tagen: 1 frånvarande" in html and "Inte tagen än" in html
    assert reverse("occasion_participants_export", args=[occasion.pk]) in html
    assert reverse("occasion_attendance_export", args=[occasion.pk]) + "?format=csv" in html


@pytest.mark.parametrize("role", ["manager", "staff", "municipal_admin"])
def test_the_occasion_box_is_empty_for_those_who_do_not_take_attendance(world, role):
    occasion = booked_occasion(world, 1)

    assert _render_links(world, world[role], occasion).strip() == ""


def test_the_today_page_links_to_todays_list(world, client):
    occasion = booked_occasion(world, 2, day_offsets=(-2, 0))
    first, second = occasion.days.order_by("date")
    client.force_login(world["regional_admin"])

    response = client.get(reverse("attendance_today"))

    html = response.content.decode()
    assert response.status_code == 200
    assert _url(occasion, second) in html.split("Senaste kursdagarna")[0]
    assert _url(occasion, first) in html.split("Senaste kursdagarna")[1]
    assert f'href="{reverse("attendance_today")}"' in html  # in the menu


@pytest.mark.parametrize("role", ["staff", "manager", "trainer"])
def test_the_today_page_is_not_for_those_who_plan_nothing(world, client, role):
    client.force_login(world[role])

    assert client.get(reverse("attendance_today")).status_code == 403
    assert f'href="{reverse("attendance_today")}"' not in client.get(reverse("home")).content.decode()


def test_no_event_is_written_by_only_looking(world, client):
    occasion = booked_occasion(world, 2)
    client.force_login(world["regional_admin"])

    client.get(_url(occasion, _first_day(occasion)))
    client.get(_url(occasion, _first_day(occasion), "attendance_sheet"))

    assert not AttendanceEvent.objects.exists()


def test_the_occasion_page_links_to_each_days_attendance_for_its_planners_only(world, client):
    occasion = world.occasion
    first, second = occasion.days.order_by("date")
    client.force_login(world["regional_admin"])

    html = client.get(reverse("occasion_detail", args=[occasion.pk])).content.decode()

    assert _url(occasion, first) in html and _url(occasion, second, "attendance_sheet") in html
    assert reverse("occasion_participants_export", args=[occasion.pk]) in html
    client.force_login(world["staff"])
    response = client.get(reverse("occasion_detail", args=[occasion.pk]))
    assert _url(occasion, first) not in response.content.decode()
