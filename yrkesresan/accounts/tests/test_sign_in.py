import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from yrkesresan.accounts.models import User

LOGIN = "/konto/login/"


def _login(client, username, password):
    return client.post(LOGIN, {"login": username, "password": password})


def test_a_username_and_password_are_enough_to_sign_in(world, client):
    response = _login(client, "staff", "Kursdag-2026")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_stored_with_argon2(world):
    from yrkesresan.accounts import services

    person = services.person_create(
        actor=world["system_admin"],
        username="argon",
        first_name="A",
        last_name="B",
        role="staff",
        place=world.avesta_home,
        password="Kursdag-2026",
    )
    assert User.objects.get(pk=person.pk).password.startswith("argon2$")


def test_repeated_failed_sign_ins_lock_the_username_for_a_while(world, client):
    for _ in range(5):
        response = _login(client, "staff", "wrong-password")
        assert response.status_code == 200  # the form again, with an error
    response = _login(client, "staff", "Kursdag-2026")
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session, "the right password must not get through while locked"


def test_a_wrong_password_says_so_and_signs_nobody_in(world, client):
    response = _login(client, "staff", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_signing_out_ends_the_session(world, client):
    client.force_login(world["staff"])
    client.post("/konto/logout/")
    assert client.get(reverse("home")).status_code == 302


def test_a_forgotten_password_is_reset_through_a_link_sent_by_the_background_worker(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/reset/", {"email": "staff@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/konto/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    action = form_page.context["action_url"]
    done = client.post(action, {"password1": "Ett-nytt-losen-2026", "password2": "Ett-nytt-losen-2026"})
    assert done.status_code == 302
    assert User.objects.get(username="staff").check_password("Ett-nytt-losen-2026")


def test_nobody_can_sign_themselves_up(world, client):
    response = client.post("/konto/signup/", {"username": "intruder", "password1": "Kursdag-2026x"})
    assert not User.objects.filter(username="intruder").exists()
    assert response.status_code in (200, 302, 403)


def test_pages_need_signing_in_but_the_accessibility_statement_does_not(client, db):
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("person_list")).url.startswith(LOGIN)
    assert client.get(reverse("accessibility")).status_code == 200
