"""The programme's information pages: who reads which, and who writes them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from yrkesresan.catalog.info_content import INFO_PAGES
from yrkesresan.catalog.models import InfoPage
from yrkesresan.catalog.seed import info_pages_seed
from yrkesresan.catalog.services import info_page_save
from yrkesresan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_seed_creates_the_pages_once(db):
    assert info_pages_seed(pages=INFO_PAGES) == len(INFO_PAGES)
    assert info_pages_seed(pages=INFO_PAGES) == 0
    assert InfoPage.objects.count() == len(INFO_PAGES)


def test_each_reader_finds_the_pages_meant_for_them(world, client):
    info_pages_seed(pages=INFO_PAGES)

    def titles(role: str) -> set[str]:
        client.force_login(world[role])
        response = client.get(reverse("info_index"))
        assert response.status_code == 200
        return {page.audience for page in response.context["pages"]}

    assert titles("staff") == {"everyone"}
    assert titles("manager") == {"everyone", "managers"}
    assert titles("trainer") == {"everyone", "trainers"}
    assert titles("regional_admin") == {"everyone", "managers", "trainers"}


def test_a_page_not_meant_for_you_is_not_found(world, client):
    info_pages_seed(pages=INFO_PAGES)
    client.force_login(world["staff"])
    assert client.get(reverse("info_page", args=["att-vara-utbildare"])).status_code == 404
    assert client.get(reverse("info_page", args=["om-yrkesresan"])).status_code == 200


def test_an_editor_changes_a_page_and_the_audit_trail_keeps_the_old_title(world):
    page = InfoPage.objects.create(slug="om", title="Om", body="Text")

    info_page_save(actor=world["national_editor"], page=page, title="Om Yrkesresan")

    page.refresh_from_db()
    assert page.title == "Om Yrkesresan"
    event = AuditEvent.objects.get(action="info.update")
    assert event.changes["title"] == ["Om", "Om Yrkesresan"]


def test_only_editors_write_information_pages(world):
    with pytest.raises(PermissionDenied):
        info_page_save(actor=world["manager"], title="Nytt", slug="nytt", body="Text")
    assert not InfoPage.objects.exists()


def test_a_page_needs_a_title_a_text_and_a_free_address(world, client):
    InfoPage.objects.create(slug="om", title="Om", body="Text")
    with pytest.raises(ValidationError):
        info_page_save(actor=world["system_admin"], title="Om igen", slug="om", body="Text")

    client.force_login(world["system_admin"])
    response = client.post(reverse("info_page_create"), {"title": "", "slug": "x y", "audience": "all", "body": ""})
    assert response.status_code == 400
    assert {"title", "slug", "audience", "body"} <= set(response.context["form"].errors)
    assert InfoPage.objects.count() == 1
