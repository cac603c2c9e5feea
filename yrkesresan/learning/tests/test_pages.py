"""Min resa, Stationen and the placing of staff, through the pages as people use them."""

from __future__ import annotations

import datetime
import io
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yrkesresan.accounts import services as accounts
from yrkesresan.catalog.services import course_save, level_save, task_save
from yrkesresan.demo.world import PASSWORD, grow_catalog
from yrkesresan.learning import selectors, services
from yrkesresan.learning.models import Enrolment, EnrolmentStatus, SupportFlag, TaskCompletion
from yrkesresan.occasions.services import attendance_mark, registration_create

#: Queries the pages take (session, user, roles, the page's own reads). Pinned: they must not grow
#: with the catalog, the person's history or the number of staff. If a change needs one more query
#: for a good reason, raise the number here and say why in the commit.
JOURNEY_PAGE_QUERIES = 14  # 13, and the surveys waiting for an answer (follow-up adds them to Min resa)
COURSE_PAGE_QUERIES = 14
TASK_PAGE_QUERIES = 16
STATIONEN_QUERIES = 16


def _new_staff(world, username, *, unit=None):
    return accounts.person_create(
        actor=world["system_admin"],
        username=username,
        first_name=username.title(),
        last_name="Nysson",
        email=f"{username}@example.org",
        role="staff",
        place=unit or world.avesta_home,
        password=PASSWORD,
    )


def _errors(response):
    return [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def _grow_catalog(world, n=5):
    grow_catalog(world, n=n, prefix="extra")


# --- Min resa ----------------------------------------------------------------------------------------


def test_the_journey_page_shows_the_route_and_the_first_task_as_the_next_step(world, client):
    client.force_login(world["staff"])

    response = client.get(reverse("my_journey"))

    assert response.status_code == 200
    html = response.content.decode()
    assert world.bou.name in html
    assert world.bou_course.title in html
    assert reverse("my_task", args=[world.bou_course.pk, world.bou_task.pk]) in html
    assert response.context["my"].next_step.kind == "task"


def test_the_journey_page_takes_as_many_queries_for_a_long_journey_as_for_a_short_one(
    world, client, django_assert_max_num_queries
):
    staff = world["staff"]
    client.force_login(staff)
    url = reverse("my_journey")
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        assert client.get(url).status_code == 200

    _grow_catalog(world)
    for task in world.bou_course.tasks.all():
        services.task_mark_done(actor=staff, task=task)
    level_save(actor=world["system_admin"], journey=world.bou, code="van", name="VAN")

    with django_assert_max_num_queries(JOURNEY_PAGE_QUERIES), CaptureQueriesContext(connection) as long:
        assert client.get(url).status_code == 200
    assert len(long) == len(short), "\n".join(q["sql"] for q in long.captured_queries)


def test_the_course_page_shows_the_three_parts_and_what_is_done(world, client, django_assert_max_num_queries):
    staff = world["staff"]
    services.task_mark_done(actor=staff, task=world.bou_task)
    client.force_login(staff)

    with django_assert_max_num_queries(COURSE_PAGE_QUERIES):
        response = client.get(reverse("my_course", args=[world.bou_course.pk]))

    assert response.status_code == 200
    page = response.context["page"]
    assert [(row.task, row.done) for row in page.tasks] == [(world.bou_task, True), (world.bou_file_task, False)]
    assert [r.occasion for r in page.booked] == [world.occasion]
    html = response.content.decode()
    assert 'id="prep"' in html and 'id="days"' in html and 'id="after"' in html
    assert "https://meet.example.org/bou" in html  # the digital course day's link


def test_the_course_page_takes_as_many_queries_for_many_tasks_as_for_few(world, client):
    staff = world["staff"]
    client.force_login(staff)
    url = reverse("my_course", args=[world.bou_course.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        task = task_save(actor=world["system_admin"], course=world.bou_course, title=f"T{i}", format="text", minutes=5)
        services.task_mark_done(actor=staff, task=task)
        services.support_flag_set(actor=staff, task=task, kind="asks")

    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_a_course_of_another_journey_is_refused(world, client):
    client.force_login(world["staff_falun"])

    response = client.get(reverse("my_course", args=[world.bou_course.pk]))

    assert response.status_code in (403, 404)


def test_a_text_task_shows_its_text_in_the_page(world, client):
    task = task_save(
        actor=world["system_admin"],
        course=world.bou_course,
        title="Barnkonventionen",
        format="text",
        minutes=10,
        body="Första stycket.\n\nAndra stycket.",
    )
    client.force_login(world["staff"])

    response = client.get(reverse("my_task", args=[world.bou_course.pk, task.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Första stycket.</p>" in html and "<p>Andra stycket.</p>" in html
    assert reverse("task_done", args=[task.pk]) in html


def test_a_pdf_task_shows_the_pdf_in_the_page(world, client, django_assert_max_num_queries):
    client.force_login(world["staff"])

    with django_assert_max_num_queries(TASK_PAGE_QUERIES):
        response = client.get(reverse("my_task", args=[world.bou_course.pk, world.bou_file_task.pk]))

    html = response.content.decode()
    file_url = reverse("task_file", args=[world.bou_file_task.pk])
    assert f'<object class="pdf" data="{file_url}" type="application/pdf"' in html


def test_a_link_task_opens_the_material_in_a_new_tab(world, client):
    task = task_save(
        actor=world["system_admin"],
        course=world.bou_course,
        title="Film om BBIC",
        format="link",
        minutes=15,
        url="https://example.org/bbic",
    )
    client.force_login(world["staff"])

    html = client.get(reverse("my_task", args=[world.bou_course.pk, task.pk])).content.decode()

    assert 'href="https://example.org/bbic" target="_blank" rel="noopener"' in html


def test_a_task_of_another_course_is_not_found_under_this_course(world, client):
    other = course_save(
        actor=world["system_admin"],
        journey=world.bou,
        level=world.bou_ny,
        code="annan",
        title="Annan kurs",
        kind="led",
        day_count=1,
        day_mode="on_site",
    )
    client.force_login(world["staff"])

    assert client.get(reverse("my_task", args=[other.pk, world.bou_task.pk])).status_code == 404


def test_marking_a_task_done_records_it_and_returns_to_the_task(world, client):
    client.force_login(world["staff"])

    response = client.post(reverse("task_done", args=[world.bou_task.pk]), {"done": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("my_task", args=[world.bou_course.pk, world.bou_task.pk])
    assert TaskCompletion.objects.filter(user=world["staff"], task=world.bou_task).exists()


def test_undoing_a_task_through_the_page_removes_the_mark(world, client):
    services.task_mark_done(actor=world["staff"], task=world.bou_task)
    client.force_login(world["staff"])

    client.post(reverse("task_done", args=[world.bou_task.pk]), {"done": "0"})

    assert not TaskCompletion.objects.filter(user=world["staff"], task=world.bou_task).exists()


def test_marking_a_task_done_goes_back_only_to_a_page_of_this_site(world, client):
    client.force_login(world["staff"])
    course_url = reverse("my_course", args=[world.bou_course.pk])

    inside = client.post(reverse("task_done", args=[world.bou_task.pk]), {"next": course_url})
    outside = client.post(reverse("task_done", args=[world.bou_file_task.pk]), {"next": "//evil.example.org/"})

    assert inside["Location"] == course_url
    assert outside["Location"] == reverse("my_task", args=[world.bou_course.pk, world.bou_file_task.pk])


def test_a_paused_participant_marking_a_task_gets_a_message_and_nothing_changes(world, client):
    staff = world["staff"]
    services.enrolment_pause(actor=staff, enrolment=Enrolment.objects.get(user=staff, journey=world.bou))
    client.force_login(staff)

    response = client.post(reverse("task_done", args=[world.bou_task.pk]), {"done": "1"})

    assert response.status_code == 302
    assert len(_errors(response)) == 1
    assert not TaskCompletion.objects.filter(user=staff).exists()


def test_a_person_not_on_the_journey_cannot_mark_its_task_through_the_page(world, client):
    client.force_login(world["staff_falun"])

    response = client.post(reverse("task_done", args=[world.bou_task.pk]), {"done": "1"})

    assert response.status_code in (403, 404)
    assert not TaskCompletion.objects.filter(user=world["staff_falun"]).exists()


def test_marking_a_task_needs_a_post(world, client):
    client.force_login(world["staff"])

    assert client.get(reverse("task_done", args=[world.bou_task.pk])).status_code == 405
    assert not TaskCompletion.objects.exists()


def test_pausing_and_resuming_through_the_journey_page_keeps_what_was_done(world, client):
    staff = world["staff"]
    services.task_mark_done(actor=staff, task=world.bou_task)
    enrolment = Enrolment.objects.get(user=staff, journey=world.bou)
    client.force_login(staff)

    paused = client.post(reverse("enrolment_pause", args=[enrolment.pk]), {"reason": "Språkkurs"})
    assert paused.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PAUSED
    assert enrolment.events.last().reason == "Språkkurs"

    client.post(reverse("enrolment_resume", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert TaskCompletion.objects.filter(user=staff, task=world.bou_task).exists()


def test_pausing_a_finished_journey_gets_a_message_not_an_error_page(world, client):
    staff = world["staff"]
    # No service finishes a journey yet (the national demo data has finished ones).
    Enrolment.objects.filter(user=staff, journey=world.bou).update(status=EnrolmentStatus.FINISHED)
    enrolment = Enrolment.objects.get(user=staff, journey=world.bou)
    client.force_login(staff)

    response = client.post(reverse("enrolment_pause", args=[enrolment.pk]))

    assert response.status_code == 302
    assert len(_errors(response)) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.FINISHED


def test_nobody_else_can_pause_a_persons_journey_through_the_page(world, client):
    enrolment = Enrolment.objects.get(user=world["staff"], journey=world.bou)
    client.force_login(world["staff_boende"])

    response = client.post(reverse("enrolment_pause", args=[enrolment.pk]))

    assert response.status_code in (403, 404)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


# --- support between participants -----------------------------------------------------------------------


def test_a_request_for_support_is_seen_by_another_participant_of_the_same_occasion(world, client):
    client.force_login(world["staff"])
    client.post(reverse("support_flag", args=[world.bou_task.pk]), {"kind": "asks", "message": "Hjälp med BBIC"})
    assert SupportFlag.objects.filter(user=world["staff"], task=world.bou_task, kind="asks").exists()

    client.force_login(world["staff_boende"])
    response = client.get(reverse("my_task", args=[world.bou_course.pk, world.bou_task.pk]))

    assert [f.user for f in response.context["others"]] == [world["staff"]]
    assert "Hjälp med BBIC" in response.content.decode()


def test_the_task_page_takes_as_many_queries_for_many_requests_for_support_as_for_one(world, client):
    services.support_flag_set(actor=world["staff_boende"], task=world.bou_task, kind="asks")
    client.force_login(world["staff"])
    url = reverse("my_task", args=[world.bou_course.pk, world.bou_task.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        person = _new_staff(world, f"deltagare{i}")
        services.enrolment_place(actor=world["manager"], person=person, journey=world.bou, level=world.bou_ny)
        registration_create(actor=world["regional_admin"], occasion=world.occasion, person=person)
        services.support_flag_set(actor=person, task=world.bou_task, kind="offers", message=f"Jag hjälper gärna {i}")

    with CaptureQueriesContext(connection) as six:
        response = client.get(url)

    assert len(response.context["others"]) == 6
    assert len(six) == len(one), "\n".join(q["sql"] for q in six.captured_queries)


def test_a_request_for_support_is_not_seen_by_someone_outside_the_occasion(world):
    services.support_flag_set(actor=world["staff"], task=world.bou_task, kind="asks", message="Hjälp med BBIC")

    assert list(selectors.support_flags_on(actor=world["staff_falun"], task=world.bou_task)) == []
    assert list(selectors.support_flags_on(actor=world["staff_gavle"], task=world.bou_task)) == []


def test_support_of_an_unknown_kind_gets_a_message_and_changes_nothing(world, client):
    client.force_login(world["staff"])

    response = client.post(reverse("support_flag", args=[world.bou_task.pk]), {"kind": "demands", "message": "x"})

    assert response.status_code == 302
    assert len(_errors(response)) == 1
    assert not SupportFlag.objects.exists()


def test_an_offer_of_support_can_be_withdrawn(world, client):
    client.force_login(world["staff"])
    url = reverse("support_flag", args=[world.bou_task.pk])
    client.post(url, {"kind": "offers"})

    client.post(url, {"kind": "offers", "withdraw": "1"})

    assert not SupportFlag.objects.filter(user=world["staff"]).exists()


# --- placing one person -----------------------------------------------------------------------------------


def test_a_manager_places_a_person_through_their_journey_page(world, client):
    anna = _new_staff(world, "anna")
    client.force_login(world["manager"])

    response = client.post(reverse("person_journey", args=[anna.pk]), {"level": world.bou_ny.pk})

    assert response.status_code == 302
    assert Enrolment.objects.get(user=anna).level == world.bou_ny


@pytest.mark.parametrize("data", [{}, {"level": ""}, {"level": "999999"}])
def test_the_enrol_form_without_a_level_answers_400_and_places_nobody(world, client, data):
    anna = _new_staff(world, "anna")
    client.force_login(world["manager"])

    response = client.post(reverse("person_journey", args=[anna.pk]), data)

    assert response.status_code == 400
    assert "level" in response.context["form"].errors
    assert not Enrolment.objects.filter(user=anna).exists()


def test_a_manager_cannot_open_the_journey_page_of_someone_elses_staff(world, client):
    client.force_login(world["manager"])

    response = client.post(reverse("person_journey", args=[world["staff_falun"].pk]), {"level": world.bou_ny.pk})

    assert response.status_code in (403, 404)
    assert not Enrolment.objects.filter(user=world["staff_falun"], journey=world.bou).exists()


# --- Stationen ---------------------------------------------------------------------------------------------


@pytest.fixture
def unit_staff(world):
    """Avesta hemtjänst, the manager's unit: one person in every state Stationen tells apart."""
    admin, manager = world["system_admin"], world["manager"]
    people = {"not_started": world["staff"]}
    for name in ("ongoing", "stalled", "paused", "done", "outside"):
        people[name] = _new_staff(world, name)
        if name != "outside":
            services.enrolment_place(actor=manager, person=people[name], journey=world.bou, level=world.bou_ny)
    services.task_mark_done(actor=people["ongoing"], task=world.bou_task)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - datetime.timedelta(weeks=3)):
        services.task_mark_done(actor=people["stalled"], task=world.bou_task)
    services.enrolment_pause(actor=people["paused"], enrolment=Enrolment.objects.get(user=people["paused"]))
    registration_create(actor=world["regional_admin"], occasion=world.occasion, person=people["done"])
    for task in world.bou_course.tasks.all():
        services.task_mark_done(actor=people["done"], task=task)
    for day in world.occasion.days.all():
        attendance_mark(
            actor=world["regional_admin"], course_day=day, person=people["done"], present=True, today=day.date
        )
    assert admin  # the unit is built by the system admin and the manager, through the services
    return people


def _listed(response):
    assert response.status_code == 200, response.content[:500]
    return {row.person.username for row in response.context["page"].object_list}


def test_stationen_lists_the_managers_staff_on_a_journey(world, client, unit_staff):
    client.force_login(world["manager"])

    listed = _listed(client.get(reverse("stationen")))

    assert listed == {"staff", "ongoing", "stalled", "paused", "done"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "not_started"}, {"staff"}),
        ({"status": "stalled", "weeks": "2"}, {"stalled"}),
        ({"status": "stalled", "weeks": "4"}, set()),
        ({"status": "paused"}, {"paused"}),
        ({"status": "level_done"}, {"done"}),
    ],
)
def test_stationen_filters_staff_by_status(world, client, unit_staff, query, expected):
    client.force_login(world["manager"])

    assert _listed(client.get(reverse("stationen"), query)) == expected


def test_stationen_lists_the_staff_not_on_a_journey(world, client, unit_staff):
    client.force_login(world["manager"])

    listed = _listed(client.get(reverse("stationen"), {"status": "not_enrolled"}))

    assert "outside" in listed
    assert not listed & {"staff", "ongoing", "stalled", "paused", "done"}
    assert not listed & {"staff_boende", "staff_falun"}  # not the manager's


def test_each_person_in_stationen_carries_one_flag_for_their_state(world, client, unit_staff):
    client.force_login(world["manager"])

    response = client.get(reverse("stationen"), {"weeks": "2"})

    flags = {row.person.username: row.journeys[0].flag for row in response.context["page"].object_list}
    assert flags == {
        "staff": "not_started",
        "ongoing": "ongoing",
        "stalled": "stalled",
        "paused": "paused",
        "done": "level_done",
    }


def test_stationen_refuses_a_unit_that_is_not_the_managers(world, client, unit_staff):
    client.force_login(world["manager"])

    response = client.get(reverse("stationen"), {"unit": world.avesta_boende.pk})

    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    listed = {row.person.username for row in response.context["page"].object_list}
    assert "staff_boende" not in listed


def test_stationen_with_zero_weeks_answers_400(world, client):
    client.force_login(world["manager"])

    response = client.get(reverse("stationen"), {"status": "stalled", "weeks": "0"})

    assert response.status_code == 400
    assert "weeks" in response.context["form"].errors


def test_staff_cannot_open_stationen(world, client):
    client.force_login(world["staff"])

    assert client.get(reverse("stationen")).status_code == 403


def test_the_stationen_export_opens_in_a_spreadsheet_with_a_row_per_person_and_journey(world, client, unit_staff):
    client.force_login(world["manager"])

    response = client.get(reverse("stationen_export"), {"weeks": "2"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(header) == 12
    by_username = {row[2]: row for row in rows}
    assert set(by_username) == {"staff", "ongoing", "stalled", "paused", "done"}
    assert {row[3] for row in rows} == {world.bou.name}
    assert {row[4] for row in rows} == {world.bou_ny.name}
    done = by_username["done"]
    assert (done[6], done[7]) == (1, 1)  # one of one mandatory course completed
    assert done[10].date() == timezone.localdate()  # the level's completion date (a date cell)
    assert by_username["staff"][11] is None  # no activity yet
    assert by_username["ongoing"][6] == 0


def test_the_stationen_export_keeps_the_filter(world, client, unit_staff):
    client.force_login(world["manager"])

    response = client.get(reverse("stationen_export"), {"status": "paused"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]
    assert [row[2] for row in rows] == ["paused"]


def test_stationen_takes_as_many_queries_for_twenty_staff_as_for_one(world, client, django_assert_max_num_queries):
    manager = world["manager"]
    client.force_login(manager)
    url = reverse("stationen")
    assert len(_listed(client.get(url))) == 1  # staff, alone in the unit on a journey

    with CaptureQueriesContext(connection) as one:
        client.get(url)

    van = level_save(actor=world["system_admin"], journey=world.bou, code="van", name="VAN")
    course_save(
        actor=world["system_admin"],
        journey=world.bou,
        level=van,
        code="van-1",
        title="VAN-kurs",
        kind="led",
        day_count=1,
        day_mode="on_site",
    )
    for i in range(19):
        person = _new_staff(world, f"p{i:02d}")
        services.enrolment_place(
            actor=manager, person=person, journey=world.bou, level=van if i % 2 else world.bou_ny, notify=False
        )
        services.enrolment_place(actor=manager, person=person, journey=world.funk, level=world.funk_bas, notify=False)
        services.task_mark_done(actor=person, task=world.bou_task)
        if i % 3 == 0:
            services.enrolment_pause(actor=person, enrolment=Enrolment.objects.get(user=person, journey=world.funk))

    with django_assert_max_num_queries(STATIONEN_QUERIES), CaptureQueriesContext(connection) as twenty:
        assert len(_listed(client.get(url))) == 20

    assert len(twenty) == len(one), "\n".join(q["sql"] for q in twenty.captured_queries)


# --- placing many ------------------------------------------------------------------------------------------


def test_placing_a_unit_shows_who_first_and_places_them_on_confirmation(world, client):
    anna, bert = _new_staff(world, "anna"), _new_staff(world, "bert")
    _new_staff(world, "cecilia", unit=world.avesta_boende)  # another unit: not the manager's
    client.force_login(world["manager"])
    choice = {"level": world.bou_ny.pk, "unit": world.avesta_home.pk, "role": "staff", "only_new": "on"}

    preview = client.get(reverse("enrol_many"), choice)

    assert preview.status_code == 200
    assert preview.context["preview"]["count"] == 2  # staff is on the journey already
    assert {p.username for p in preview.context["preview"]["sample"]} == {"anna", "bert"}
    assert not Enrolment.objects.filter(user__in=[anna, bert]).exists()  # nothing placed by looking

    confirmed = client.post(reverse("enrol_many"), {**choice, "confirm": "True", "expected": "2"})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("stationen")
    assert set(Enrolment.objects.filter(journey=world.bou).values_list("user__username", flat=True)) == {
        "staff",
        "staff_boende",
        "anna",
        "bert",
    }


def test_placing_many_from_a_stale_preview_places_nobody_and_shows_the_list_again(world, client):
    anna = _new_staff(world, "anna")
    client.force_login(world["manager"])
    choice = {"level": world.bou_ny.pk, "unit": world.avesta_home.pk, "role": "staff", "only_new": "on"}
    client.get(reverse("enrol_many"), choice)  # the preview shows anna alone
    bert = _new_staff(world, "bert")  # joins the unit before the manager confirms

    response = client.post(reverse("enrol_many"), {**choice, "confirm": "True", "expected": "1"})

    assert response.status_code == 200
    assert response.context["preview"]["count"] == 2
    assert not Enrolment.objects.filter(user__in=[anna, bert]).exists()


def test_placing_many_without_a_level_answers_400(world, client):
    client.force_login(world["manager"])

    response = client.post(reverse("enrol_many"), {"unit": world.avesta_home.pk, "role": "staff", "confirm": "True"})

    assert response.status_code == 400
    assert "level" in response.context["form"].errors


def test_the_hub_counts_like_a_search_so_a_large_scope_is_never_counted_in_full(world):
    from yrkesresan.learning.selectors import staff_progress

    hub = staff_progress(actor=world["municipal_admin"])

    assert not hub.counts_exactly
    assert hub.count_up_to(1) == 1  # stops at the limit: staff and staff_boende are both on a journey
    assert hub.count_up_to(1001) == 2
