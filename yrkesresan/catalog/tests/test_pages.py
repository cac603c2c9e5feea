import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yrkesresan.catalog.services import task_save
from yrkesresan.demo.world import grow_catalog


def _grow_catalog(world, n=6):
    grow_catalog(world, n=n, prefix="grow")


@pytest.mark.parametrize("page", ["catalog_index", "journey_detail", "course_detail"])
def test_catalog_pages_take_as_many_queries_for_a_big_catalog_as_for_a_small_one(world, client, page):
    client.force_login(world["staff"])
    args = {"catalog_index": [], "journey_detail": ["bou"], "course_detail": [world.bou_course.pk]}[page]
    url = reverse(page, args=args)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow_catalog(world)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small), "\n".join(q["sql"] for q in big.captured_queries)


def test_a_course_page_shows_its_three_parts_and_the_total_time(world, client):
    task_save(
        actor=world["system_admin"],
        course=world.bou_course,
        title="Podd",
        format="podcast",
        minutes=45,
        url="https://example.org/podd",
    )
    client.force_login(world["staff"])
    html = client.get(reverse("course_detail", args=[world.bou_course.pk])).content.decode()
    assert "Läs om BBIC" in html and "Podd" in html
    assert "1 h 30 min" in html  # 30 + 15 (the handbook file) + 45 minutes
    assert "Läs mer om BBIC" in html  # the after-course checklist
    assert 'id="prep"' in html and 'id="days"' in html and 'id="after"' in html


def test_an_editor_form_with_missing_fields_answers_400_and_changes_nothing(world, client):
    client.force_login(world["national_editor"])
    response = client.post(reverse("course_create", args=["bou"]), {"level": world.bou_ny.pk})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert world.bou.courses.count() == 1


def test_a_pdf_opens_in_the_browser_for_signed_in_people(world, client):
    client.force_login(world["staff_gavle"])
    response = client.get(reverse("task_file", args=[world.bou_file_task.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_only_material_types_can_be_uploaded(world):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from yrkesresan.catalog.services import task_save

    with pytest.raises(ValidationError) as exc:
        task_save(
            actor=world["national_editor"],
            course=world.bou_course,
            title="Skript",
            format="file",
            minutes=5,
            file=ContentFile(b"<script>alert(1)</script>", name="evil.html"),
        )
    assert "file" in exc.value.message_dict
