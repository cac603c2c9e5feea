import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yrkesresan.accounts import selectors, services
from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.core import policy
from yrkesresan.core.models import AuditEvent


def _create(actor, **overrides):
    data = {
        "username": "ny.person",
        "first_name": "Ny",
        "last_name": "Person",
        "email": "",
        "role": "staff",
        "place": None,
        "password": "Kursdag-2026",
    }
    data.update(overrides)
    return services.person_create(actor=actor, **data)


def test_a_k_admin_creates_staff_in_their_own_unit_and_it_is_audited(world):
    person = _create(world["municipal_admin"], place=world.avesta_home)
    assignment = RoleAssignment.objects.get(user=person)
    assert (assignment.role, assignment.unit, assignment.municipality, assignment.region) == (
        "staff",
        world.avesta_home,
        world.avesta,
        world.dalarna,
    )
    assert person.check_password("Kursdag-2026")
    actions = list(AuditEvent.objects.filter(target_id=person.pk).values_list("action", "actor_id", "municipality_id"))
    assert ("person.create", world["municipal_admin"].pk, world.avesta.pk) in actions
    assert ("role.assign", world["municipal_admin"].pk, world.avesta.pk) in actions


def test_a_k_admin_cannot_create_people_in_another_municipality_and_nothing_is_created(world):
    before = User.objects.count()
    with pytest.raises(PermissionDenied):
        _create(world["municipal_admin"], place=world.falun_home)
    assert User.objects.count() == before
    assert not User.objects.filter(username="ny.person").exists()


def test_a_manager_cannot_make_another_manager(world):
    with pytest.raises(PermissionDenied):
        _create(world["manager"], place=world.avesta_home, role="manager")


def test_a_username_is_unique_whatever_its_case(world):
    with pytest.raises(ValidationError) as exc:
        _create(world["municipal_admin"], place=world.avesta_home, username="STAFF")
    assert "username" in exc.value.message_dict


def test_a_weak_password_is_refused_with_a_reason_and_nothing_is_created(world):
    with pytest.raises(ValidationError) as exc:
        _create(world["municipal_admin"], place=world.avesta_home, password="123")
    assert exc.value.message_dict["password"]
    assert not User.objects.filter(username="ny.person").exists()


def test_a_role_at_the_wrong_level_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _create(world["system_admin"], place=world.avesta, role="staff")  # staff belong to a unit
    assert "place" in exc.value.message_dict


def test_without_a_password_a_person_with_e_mail_gets_a_link_to_choose_one(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = _create(world["municipal_admin"], place=world.avesta_home, password="", email="ny@example.org")
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny@example.org"]
    assert "ny.person" in message.body
    assert "/konto/password/reset/key/" in message.body


def test_a_deactivated_person_cannot_sign_in_and_can_be_activated_again(world, client):
    kadmin, staff = world["municipal_admin"], world["staff"]
    services.person_deactivate(actor=kadmin, person=staff)
    assert not client.login(username="staff", password="Kursdag-2026")
    services.person_activate(actor=kadmin, person=staff)
    assert client.login(username="staff", password="Kursdag-2026")
    actions = list(AuditEvent.objects.filter(target_id=staff.pk).values_list("action", flat=True))
    assert "person.deactivate" in actions and "person.activate" in actions


def test_nobody_deactivates_their_own_account(world):
    with pytest.raises(ValidationError):
        services.person_deactivate(actor=world["municipal_admin"], person=world["municipal_admin"])


def test_a_k_admin_cannot_change_someone_who_also_holds_a_regional_role(world):
    person = world["staff_boende"]
    services.role_assign(actor=world["system_admin"], person=person, role="regional_admin", place=world.dalarna)
    kadmin = world["municipal_admin"]
    assert selectors.person_get(actor=kadmin, pk=person.pk) == person  # still visible
    assert not policy.can(kadmin, "people.manage", person)
    with pytest.raises(PermissionDenied):
        services.person_set_password(actor=kadmin, person=person, password="Ett-nytt-losen-77")
    with pytest.raises(PermissionDenied):
        services.person_update(actor=kadmin, person=person, username="x", first_name="X", last_name="Y", email="")


def test_moving_a_person_between_municipalities_moves_who_sees_them_and_keeps_the_history(world):
    admin, staff = world["system_admin"], world["staff"]
    old = RoleAssignment.objects.get(user=staff, role="staff")
    services.role_end(actor=admin, assignment=old)
    services.role_assign(actor=admin, person=staff, role="staff", place=world.falun_home)

    avesta_sees = selectors.person_list(actor=world["municipal_admin"])
    falun_sees = selectors.person_list(actor=world["municipal_admin_falun"])
    assert staff not in avesta_sees
    assert staff in falun_sees
    old.refresh_from_db()
    assert old.valid_to == timezone.localdate()
    assert RoleAssignment.objects.filter(user=staff).count() == 2


def test_an_ended_role_no_longer_grants_its_scope(world):
    kadmin = world["municipal_admin"]
    assignment = RoleAssignment.objects.get(user=kadmin, role="municipal_admin")
    services.role_end(actor=world["system_admin"], assignment=assignment)
    kadmin = User.objects.get(pk=kadmin.pk)  # a new request
    assert not policy.can(kadmin, "people.list")
    assert selectors.person_list(actor=kadmin).count() == 0


def test_a_role_that_starts_tomorrow_does_not_apply_today(world):
    staff = world["staff_falun"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.role_assign(
        actor=world["system_admin"], person=staff, role="municipal_admin", place=world.falun, valid_from=tomorrow
    )
    assert not policy.can(User.objects.get(pk=staff.pk), "people.list")


def test_the_same_role_at_the_same_place_twice_is_refused(world):
    with pytest.raises(ValidationError):
        services.role_assign(
            actor=world["municipal_admin"], person=world["staff"], role="staff", place=world.avesta_home
        )


def test_a_new_api_key_replaces_the_old_one(world):
    first = services.api_token_rotate(user=world["staff"])
    second = services.api_token_rotate(user=world["staff"])
    assert first.key != second.key
    from rest_framework.authtoken.models import Token

    assert list(Token.objects.filter(user=world["staff"]).values_list("key", flat=True)) == [second.key]


def test_a_new_installation_gets_its_first_system_admin_from_the_command_line(db, monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setenv("YR_ADMIN_PASSWORD", "Ett-starkt-losen-2026")
    call_command("create_system_admin", "forsta.admin", "--email", "admin@example.org")
    admin = User.objects.get(username="forsta.admin")
    assert admin.check_password("Ett-starkt-losen-2026")
    assert policy.can(admin, "people.create")
    monkeypatch.setenv("YR_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_system_admin", "andra.admin")
    assert not User.objects.filter(username="andra.admin").exists()
