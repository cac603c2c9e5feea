import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from yrkesresan.core import policy
from yrkesresan.core.models import AccessibilityReport, AuditEvent
from yrkesresan.core.navigation import entries_for
from yrkesresan.organisations.models import Unit
from yrkesresan.organisations.services import unit_create


def test_a_model_without_a_visibility_policy_cannot_be_listed_by_accident(world):
    with pytest.raises(ImproperlyConfigured):
        policy.visible(world["system_admin"], Session.objects.all())


def test_an_unknown_action_is_a_programming_error(world):
    with pytest.raises(ImproperlyConfigured):
        policy.can(world["system_admin"], "no.such.action")


def test_anonymous_and_deactivated_people_see_nothing(world):
    assert policy.visible(AnonymousUser(), Unit.objects.all()).count() == 0
    admin = world["system_admin"]
    admin.is_active = False
    assert policy.visible(admin, Unit.objects.all()).count() == 0
    assert not policy.can(admin, "people.list")


def test_a_regional_admin_sees_the_audit_trail_of_their_region_only(world):
    unit_create(actor=world["system_admin"], municipality=world.gavle, name="Ny enhet i Gävle")
    unit_create(actor=world["system_admin"], municipality=world.avesta, name="Ny enhet i Avesta")
    seen = {e.target_repr for e in policy.visible(world["regional_admin"], AuditEvent.objects.all())}
    assert "Ny enhet i Avesta" in seen
    assert "Ny enhet i Gävle" not in seen
    everything = {e.target_repr for e in policy.visible(world["system_admin"], AuditEvent.objects.all())}
    assert {"Ny enhet i Avesta", "Ny enhet i Gävle"} <= everything


def test_every_role_is_offered_what_it_can_do_and_nothing_else(world):
    def keys(role):
        return {e.key for e in entries_for(world[role])}

    # Course occasions: "occasions" for who browses them (planners, managers, k-admins, trainers),
    # "approvals" for who decides on staff's sign-ups (managers, k-admins), "attendance_today" for who
    # takes attendance somewhere (the planners: k-admins, regional roles; trainers once on a team).
    # Trainer teams: "trainer_pool" for who keeps a pool (regional roles, k-admins).
    # Billing: "billing" for the regional roles (prepare) and k-admins and managers (their municipality's).
    # Follow-up: reports and survey results for the regional roles, k-admins and managers; the inventory for
    # k-admins and the regional roles; planning and the yearly report for the regional roles.
    municipal = {"billing", "followup", "followup_surveys"}
    assert keys("staff") == {"info", "my_journey", "catalog"}
    assert keys("trainer") == {"info", "plattformen", "catalog", "occasions"}
    assert keys("national_editor") == {"info", "catalog", "followup"}
    assert keys("manager") == {
        "info",
        "stationen",
        "people",
        "organisations",
        "catalog",
        "occasions",
        "approvals",
        *municipal,
    }
    assert keys("municipal_admin") == {
        *municipal,
        "followup_inventory",
        "info",
        "stationen",
        "people",
        "organisations",
        "catalog",
        "occasions",
        "approvals",
        "attendance_today",
        "trainer_pool",
    }
    regional = {
        "info",
        "stationen",
        "plattformen",
        "people",
        "organisations",
        "catalog",
        "audit",
        "occasions",
        "trainer_pool",
        *municipal,
        "followup_inventory",
        "followup_planning",
        "followup_yearly",
    }
    assert keys("regional_admin") == {*regional, "attendance_today"}
    assert keys("regional_project_leader") == {*regional, "attendance_today"}
    assert keys("system_admin") == {*regional, "attendance_today", "approvals"}


def test_every_link_on_every_home_page_works(world, client):
    from yrkesresan.demo.world import ROLES

    for role in ROLES:
        client.force_login(world[role])
        for entry in entries_for(world[role]):
            assert client.get(entry.url).status_code == 200, (role, entry.url)


def test_an_accessibility_defect_report_is_stored_and_sent_on(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accessibility"), {"page_url": "/katalog/", "description": "Knappen syns inte"})
    assert response.status_code == 302
    report = AccessibilityReport.objects.get()
    assert report.description == "Knappen syns inte"
    assert len(mail.outbox) == 1 and "Knappen syns inte" in mail.outbox[0].body


def test_an_empty_accessibility_report_is_refused_and_nothing_is_stored(client, db):
    response = client.post(reverse("accessibility"), {"description": ""})
    assert response.status_code == 400
    assert AccessibilityReport.objects.count() == 0


def test_the_load_balancer_health_check_answers_without_signing_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_e_mail_is_handed_to_the_background_worker_only_after_the_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    from yrkesresan.core.email import email_send_later

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_send_later(subject="Hej", body="Text", to=["a@example.org"])
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.subject for m in mail.outbox] == ["Hej"]


def test_a_page_outside_scope_answers_with_a_friendly_404_page(world, client):
    client.force_login(world["municipal_admin_falun"])
    response = client.get(reverse("person_detail", args=[world["staff"].pk]))
    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    assert reverse("home") in response.content.decode()


def test_every_recorded_audit_action_has_a_readable_name(world):
    from yrkesresan.accounts.services import person_deactivate, role_end
    from yrkesresan.catalog.services import task_delete
    from yrkesresan.core.audit import action_label

    person_deactivate(actor=world["municipal_admin"], person=world["staff"])
    role_end(actor=world["system_admin"], assignment=world["trainer"].role_assignments.get())
    task_delete(actor=world["system_admin"], task=world.funk_task)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert len(actions) >= 8
    assert not [a for a in actions if action_label(a) == a]


def test_a_national_editor_finds_their_journey_on_the_home_page(world, client):
    client.force_login(world["national_editor"])
    response = client.get(reverse("home"))
    assert [j.code for j in response.context["edited_journeys"]] == ["bou"]
    assert reverse("journey_detail", args=["bou"]) in response.content.decode()
    client.force_login(world["staff"])
    assert client.get(reverse("home")).context["edited_journeys"] == []


def test_the_audit_trail_shows_changes_with_readable_field_names(world, client):
    from yrkesresan.accounts.services import person_update

    staff = world["staff"]
    person_update(
        actor=world["municipal_admin"],
        person=staff,
        username="staff",
        first_name="Stina",
        last_name=staff.last_name,
        email=staff.email,
    )
    client.force_login(world["regional_admin"])
    response = client.get(reverse("audit_list"), {"action": "person"})
    event = next(e for e in response.context["page"] if e.action == "person.update")
    assert event.rows == [("Förnamn", "Staff", "Stina")]
