import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yrkesresan.accounts import services as accounts
from yrkesresan.organisations.services import municipality_create, unit_create


def _grow(world):
    admin = world["system_admin"]
    for i in range(4):
        municipality = municipality_create(
            region=world.dalarna, name=f"Ny kommun {i}", scb_code=f"29{i:02d}", populations={2023: 1000 + i}
        )
        for j in range(3):
            unit = unit_create(actor=admin, municipality=municipality, name=f"Enhet {j}")
            accounts.person_create(
                actor=admin,
                username=f"p{i}-{j}",
                first_name="P",
                last_name=f"{i}{j}",
                role="staff",
                place=unit,
                password="Kursdag-2026",
            )
    for j in range(5):
        unit_create(actor=admin, municipality=world.avesta, name=f"Avesta enhet {j}")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("organisation_index", lambda w: []),
        ("region_detail", lambda w: [w.dalarna.pk]),
        ("municipality_detail", lambda w: [w.avesta.pk]),
        ("audit_list", lambda w: []),
    ],
)
def test_list_pages_take_as_many_queries_for_a_big_region_as_for_a_small_one(world, client, name, args):
    client.force_login(world["system_admin"])
    url = reverse(name, args=args(world))
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small), "\n".join(q["sql"] for q in big.captured_queries)
