import datetime

from django.utils import timezone

from yrkesresan.accounts import selectors, services
from yrkesresan.accounts.listing import people_listing_daily, sort_key
from yrkesresan.accounts.models import PersonPlace, PlaceLevel, User


def _places(person):
    return set(PersonPlace.objects.filter(user=person).values_list("level", "place_id"))


def test_a_person_is_listed_in_the_nation_and_in_every_place_of_their_roles(world):
    staff = world["staff"]
    assert _places(staff) == {
        (PlaceLevel.NATION, 0),
        (PlaceLevel.REGION, world.dalarna.pk),
        (PlaceLevel.MUNICIPALITY, world.avesta.pk),
        (PlaceLevel.UNIT, world.avesta_home.pk),
    }


def test_the_listing_follows_every_change_the_services_make(world):
    admin, staff = world["system_admin"], world["staff"]
    role = staff.role_assignments.get()
    services.role_end(actor=admin, assignment=role)
    assert _places(staff) == {(PlaceLevel.NATION, 0)}
    services.role_assign(actor=admin, person=staff, role="staff", place=world.gavle_home)
    assert (PlaceLevel.MUNICIPALITY, world.gavle.pk) in _places(staff)
    services.person_deactivate(actor=admin, person=staff)
    assert set(PersonPlace.objects.filter(user=staff).values_list("is_active", flat=True)) == {False}
    services.person_update(actor=admin, person=staff, username="staff", first_name="Örjan", last_name="Åberg", email="")
    row = PersonPlace.objects.filter(user=staff).first()
    assert row.search_text == "örjan åberg staff"
    assert row.sort_key == sort_key(last_name="Åberg", first_name="Örjan")


def test_a_role_that_starts_on_a_later_day_enters_the_lists_that_day(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    person = world["staff_falun"]
    services.role_assign(
        actor=world["system_admin"], person=person, role="staff", place=world.avesta_boende, valid_from=tomorrow
    )
    kadmin = world["municipal_admin"]
    assert person not in selectors.person_list(actor=kadmin)
    assert people_listing_daily(day=tomorrow) == 1
    assert person in selectors.person_list(actor=User.objects.get(pk=kadmin.pk))


def test_lists_are_in_swedish_alphabetical_order(world):
    admin = world["system_admin"]
    for username, last in [
        ("o1", "Östberg"),
        ("a1", "Åkesson"),
        ("a2", "Ärlig"),
        ("z1", "Zetterberg"),
        ("a3", "andersson"),
    ]:
        services.person_create(
            actor=admin,
            username=username,
            first_name="X",
            last_name=last,
            role="staff",
            place=world.avesta_boende,
            password="Kursdag-2026",
        )
    names = [p.last_name for p in selectors.person_list(actor=admin, unit_id=world.avesta_boende.pk)]
    assert names == ["andersson", "Testsson", "Zetterberg", "Åkesson", "Ärlig", "Östberg"]


def test_a_manager_of_two_units_sees_each_person_once(world):
    admin, manager = world["system_admin"], world["manager"]
    services.role_assign(actor=admin, person=manager, role="manager", place=world.avesta_boende)
    both = world["staff"]
    services.role_assign(actor=admin, person=both, role="staff", place=world.avesta_boende)
    people = list(selectors.person_list(actor=User.objects.get(pk=manager.pk)))
    assert [p.username for p in people].count("staff") == 1
    assert "staff_boende" in {p.username for p in people}


def test_a_search_matching_very_many_stops_counting_and_asks_to_narrow_it(world, client, monkeypatch):
    from django.urls import reverse

    from yrkesresan.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for i in range(5):
        services.person_create(
            actor=world["system_admin"],
            username=f"berg{i}",
            first_name="Eva",
            last_name=f"Berg{i}",
            role="staff",
            place=world.avesta_boende,
            password="Kursdag-2026",
        )
    client.force_login(world["municipal_admin"])
    searched = client.get(reverse("person_list"), {"q": "berg"})
    assert searched.context["page"].paginator.is_capped
    assert len(searched.context["page"].object_list) == 5  # the page itself still shows the matches
    plain = client.get(reverse("person_list"))
    assert plain.context["page"].paginator.count == 10  # a list without a search is counted exactly
    assert not plain.context["page"].paginator.is_capped
