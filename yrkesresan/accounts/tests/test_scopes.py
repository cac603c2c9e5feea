from yrkesresan.accounts.scopes import NOTHING, OrgScope, assignable_roles, can_assign, people_scope


def test_a_region_scope_covers_its_municipalities_and_units_but_not_another_region():
    scope = OrgScope(regions=frozenset({1}))
    assert scope.covers(region_id=1, municipality_id=10, unit_id=100)
    assert not scope.covers(region_id=2, municipality_id=20, unit_id=200)


def test_a_municipality_scope_covers_its_units_but_not_its_region():
    scope = OrgScope(municipalities=frozenset({10}))
    assert scope.covers(region_id=1, municipality_id=10, unit_id=100)
    assert not scope.covers(region_id=1, municipality_id=11)
    assert not scope.covers(region_id=1)


def test_only_everything_covers_the_nation():
    assert OrgScope(everything=True).covers(region_id=None)
    assert not OrgScope(regions=frozenset({1})).covers(region_id=None)
    assert NOTHING.is_empty


def test_a_k_admin_gives_municipal_roles_only_inside_the_municipality(world):
    kadmin = world["municipal_admin"]
    assert set(assignable_roles(kadmin)) == {"staff", "manager", "municipal_admin", "trainer"}
    avesta, falun = world.avesta, world.falun
    assert can_assign(
        kadmin, role="staff", region_id=avesta.region_id, municipality_id=avesta.pk, unit_id=world.avesta_home.pk
    )
    assert not can_assign(
        kadmin, role="staff", region_id=falun.region_id, municipality_id=falun.pk, unit_id=world.falun_home.pk
    )
    assert not can_assign(kadmin, role="regional_admin", region_id=avesta.region_id, municipality_id=None, unit_id=None)


def test_a_manager_gives_only_the_staff_role_and_only_in_their_own_units(world):
    manager = world["manager"]
    assert assignable_roles(manager) == ["staff"]
    assert people_scope(manager).units == frozenset({world.avesta_home.pk})


def test_staff_and_trainers_administer_nobody(world):
    assert people_scope(world["staff"]).is_empty
    assert people_scope(world["trainer"]).is_empty
    assert assignable_roles(world["national_editor"]) == []
