import pytest
from django.urls import reverse

from yrkesresan.accounts import selectors, services


def _add_staff(world, count, prefix="extra"):
    for i in range(count):
        services.person_create(
            actor=world["system_admin"],
            username=f"{prefix}{i}",
            first_name="Extra",
            last_name=f"Person{i}",
            role="staff",
            place=world.avesta_home,
            password="Kursdag-2026",
        )


def test_search_matches_every_word_against_names_username_and_e_mail(world):
    services.person_create(
        actor=world["system_admin"],
        username="asv",
        first_name="Anna",
        last_name="Svensson",
        email="anna.s@avesta.example",
        role="staff",
        place=world.avesta_home,
        password="Kursdag-2026",
    )
    services.person_create(
        actor=world["system_admin"],
        username="aan",
        first_name="Anna",
        last_name="Andersson",
        role="staff",
        place=world.avesta_home,
        password="Kursdag-2026",
    )
    kadmin = world["municipal_admin"]
    assert [p.username for p in selectors.person_list(actor=kadmin, search="anna sv")] == ["asv"]
    assert {p.username for p in selectors.person_list(actor=kadmin, search="anna")} == {"asv", "aan"}
    assert [p.username for p in selectors.person_list(actor=kadmin, search="avesta.example")] == ["asv"]


def test_a_k_admin_lists_only_their_municipality(world):
    people = {p.username for p in selectors.person_list(actor=world["municipal_admin"])}
    assert {"staff", "staff_boende", "manager", "municipal_admin", "trainer"} <= people
    assert not people & {"staff_falun", "staff_gavle", "regional_admin", "system_admin", "national_editor"}


def test_the_roles_shown_are_only_those_inside_the_viewers_scope(world):
    person = world["staff_boende"]
    services.role_assign(actor=world["system_admin"], person=person, role="trainer", place=world.falun)
    shown = selectors.person_get(actor=world["municipal_admin"], pk=person.pk).visible_roles
    assert [(a.role, a.municipality_id) for a in shown] == [("staff", world.avesta.pk)]


@pytest.mark.parametrize("url_name", ["person_list", "person_export"])
def test_the_people_list_takes_the_same_number_of_queries_for_few_and_many(
    world, client, django_assert_max_num_queries, url_name
):
    client.force_login(world["municipal_admin"])
    url = reverse(url_name)
    client.get(url)  # warm up sessions and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_staff(world, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    with django_assert_max_num_queries(12):
        client.get(url)


def test_search_ignores_case_for_swedish_letters_too(world):
    services.person_create(
        actor=world["system_admin"],
        username="asa.o",
        first_name="Åsa",
        last_name="Öberg",
        role="staff",
        place=world.avesta_home,
        password="Kursdag-2026",
    )
    kadmin = world["municipal_admin"]
    assert [p.username for p in selectors.person_list(actor=kadmin, search="åsa ÖBERG")] == ["asa.o"]


def test_changing_a_name_changes_what_search_finds(world):
    person = world["staff"]
    services.person_update(
        actor=world["municipal_admin"], person=person, username="staff", first_name="Örjan", last_name="Ek", email=""
    )
    kadmin = world["municipal_admin"]
    assert [p.username for p in selectors.person_list(actor=kadmin, search="örjan")] == ["staff"]


def test_the_people_list_can_show_one_unit(world, client):
    client.force_login(world["municipal_admin"])
    response = client.get(reverse("person_list"), {"unit": world.avesta_boende.pk})
    assert [p.username for p in response.context["page"]] == ["staff_boende"]
    assert response.context["unit"] == world.avesta_boende
    # a unit outside scope shows nobody, and is not named
    response = client.get(reverse("person_list"), {"unit": world.falun_home.pk})
    assert list(response.context["page"]) == []
    assert response.context["unit"] is None
