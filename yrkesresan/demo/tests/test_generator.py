"""The national data generator, at a tiny scale: the shape is the nation's, the people are few."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Sum

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.demo_content import JOURNEYS
from yrkesresan.catalog.models import Journey, JourneyEditor
from yrkesresan.demo import national
from yrkesresan.organisations.models import Municipality, Population, Region, Unit

PEOPLE = 1200


@pytest.fixture
def nation(db):
    call_command("generate_national_data", people=PEOPLE, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_nation_has_21_regions_and_290_municipalities_with_their_codes(nation):
    assert Region.objects.count() == 21
    assert Municipality.objects.count() == 290
    for municipality in Municipality.objects.select_related("region"):
        assert len(municipality.scb_code) == 4
        assert municipality.scb_code.startswith(municipality.region.county_code)


def test_populations_for_2023_add_up_to_the_nation_with_a_few_large_cities(nation):
    counts = sorted(Population.objects.filter(year=2023).values_list("count", flat=True), reverse=True)
    assert len(counts) == 290
    assert sum(counts) == national.NATION_POPULATION
    assert counts[0] > 900_000
    assert counts[len(counts) // 2] < 30_000  # a long tail of small municipalities


def test_it_makes_exactly_the_accounts_asked_for_each_with_an_active_role(nation):
    assert User.objects.count() == PEOPLE
    holders = RoleAssignment.objects.active().values("user_id")
    assert not User.objects.exclude(pk__in=holders).exists()


def test_scope_columns_agree_with_the_organisation_tree(nation):
    assert not Unit.objects.exclude(region_id=F("municipality__region_id")).exists()
    assert (
        not RoleAssignment.objects.filter(unit__isnull=False)
        .exclude(municipality_id=F("unit__municipality_id"))
        .exists()
    )
    assert (
        not RoleAssignment.objects.filter(municipality__isnull=False)
        .exclude(region_id=F("municipality__region_id"))
        .exists()
    )


def test_every_place_has_the_roles_the_programme_needs(nation):
    active = RoleAssignment.objects.active()
    assert active.filter(role=Role.SYSTEM_ADMIN).exists()
    for region in Region.objects.all():
        assert active.filter(role=Role.REGIONAL_ADMIN, region=region).count() == 2
        assert active.filter(role=Role.REGIONAL_PROJECT_LEADER, region=region).count() == 1
    with_kadmin = active.filter(role=Role.MUNICIPAL_ADMIN).values("municipality_id")
    assert not Municipality.objects.exclude(pk__in=with_kadmin).exists()
    managed = active.filter(role=Role.MANAGER, unit__isnull=False).values("unit_id")
    assert not Unit.objects.exclude(pk__in=managed).exists()
    staffed = active.filter(role=Role.STAFF).values("unit_id")
    assert not Unit.objects.exclude(pk__in=staffed).exists()
    assert active.filter(role=Role.STAFF).count() > PEOPLE / 3


def test_some_staff_have_an_ended_role_in_their_history_and_some_are_deactivated(db):
    call_command("generate_national_data", people=20_000, stdout=open("/dev/null", "w"))  # noqa: SIM115
    ended = RoleAssignment.objects.filter(valid_to__isnull=False)
    assert ended.exists()
    assert not ended.exclude(role=Role.STAFF).exists()
    assert User.objects.filter(is_active=False).exists()
    assert RoleAssignment.objects.active().filter(role=Role.TRAINER).count() > 300
    assert RoleAssignment.objects.filter(valid_from__gt=F("user__date_joined__date")).exists()


def test_the_five_journeys_exist_with_two_national_editors_each(nation):
    assert set(Journey.objects.values_list("code", flat=True)) == {j["code"] for j in JOURNEYS}
    assert len(JOURNEYS) == 5
    editors = JourneyEditor.objects.values("journey").annotate(n=Sum(1))
    assert sorted(e["n"] for e in editors) == [2] * 5
    editor_ids = JourneyEditor.objects.values("user_id")
    assert RoleAssignment.objects.active().filter(role=Role.NATIONAL_EDITOR, user_id__in=editor_ids).count() == 10


def test_accounts_share_one_password_and_can_be_searched_and_added_to(nation):
    person = User.objects.filter(role_assignments__role=Role.STAFF).first()
    assert person.check_password(national.PASSWORD)
    assert person.search_text == User.make_search_text(
        person.first_name, person.last_name, person.username, person.email
    )
    # The id sequences follow the generated ids, so the next account the pages create gets a free id.
    newcomer = User.objects.create(username="newcomer")
    assert newcomer.pk == PEOPLE + 1


def test_it_refuses_a_database_that_holds_data_unless_reset(transactional_db):
    # Outside a test transaction, as on the command line: PostgreSQL flushes with TRUNCATE.
    call_command("generate_national_data", people=PEOPLE, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="already holds data"):
        call_command("generate_national_data", people=PEOPLE)
    call_command("generate_national_data", people=PEOPLE, reset=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.count() == PEOPLE


def test_too_few_people_for_the_nation_is_refused(db):
    with pytest.raises(CommandError, match="too few"):
        call_command("generate_national_data", people=500)


def test_the_people_lists_read_model_is_what_the_services_would_have_made(nation):
    from yrkesresan.accounts.listing import people_listing_rebuild
    from yrkesresan.accounts.models import PersonPlace

    def snapshot():
        return set(
            PersonPlace.objects.values_list("user_id", "level", "place_id", "is_active", "sort_key", "search_text")
        )

    generated = snapshot()
    assert len(generated) > PEOPLE  # the nation's row for everyone, and one per place
    people_listing_rebuild()
    assert snapshot() == generated
