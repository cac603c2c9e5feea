"""Importing population figures (what the fixed costs are shared by): a good file creates and updates, a file
with any error changes nothing and names every error by its line, and only the region's roles may import."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yrkesresan.billing import selectors, services
from yrkesresan.organisations.models import Population
from yrkesresan.organisations.services import population_import


def _figures(world) -> dict[tuple[str, int], int]:
    return {
        (p.municipality.name, p.year): p.count
        for p in Population.objects.filter(municipality__region=world.dalarna).select_related("municipality")
    }


def test_a_file_with_spaces_in_the_numbers_creates_new_years_and_updates_old_ones(world):
    content = "Kommun;År;Folkmängd\nAvesta;2024;22 800\nFalun kommun;2024;60\u00a0100\nAvesta;2023;22 754\n"

    result = population_import(actor=world["regional_admin"], region=world.dalarna, content=content.encode())

    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert _figures(world) == {
        ("Avesta", 2023): 22754,
        ("Avesta", 2024): 22800,
        ("Falun", 2023): 59986,
        ("Falun", 2024): 60100,
    }


def test_a_file_by_municipality_code_is_understood_and_a_second_import_changes_nothing(world):
    content = "Kommunkod;År;Folkmängd\n2084;2024;22753\n2080;2024;59986\n"
    population_import(actor=world["regional_admin"], region=world.dalarna, content=content)

    again = population_import(actor=world["regional_admin"], region=world.dalarna, content=content)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert _figures(world)[("Avesta", 2024)] == 22753
    assert _figures(world)[("Falun", 2024)] == 59986


def test_a_file_in_windows_encoding_is_read(world):
    content = "Kommun;År;Folkmängd\nFalun;2024;60000\n".encode("cp1252")

    population_import(actor=world["regional_project_leader"], region=world.dalarna, content=content)

    assert _figures(world)[("Falun", 2024)] == 60000


def test_a_file_with_an_unknown_municipality_a_bad_number_and_a_duplicate_row_changes_nothing_and_names_all_three(
    world,
):
    before = _figures(world)
    content = (
        "Kommun;År;Folkmängd\n"
        "Avesta;2024;22800\n"  # line 2: good, but not saved since the file has errors
        "Gävle;2024;104000\n"  # line 3: not a municipality of Dalarna
        "Falun;2024;sextio tusen\n"  # line 4: not a number
        "Avesta;2024;22801\n"  # line 5: Avesta 2024 again
    )

    with pytest.raises(ValidationError) as refused:
        population_import(actor=world["regional_admin"], region=world.dalarna, content=content)

    messages = refused.value.messages
    assert len(messages) == 3
    assert any(m.startswith("Line 3") and "Gävle" in m for m in messages)
    assert any(m.startswith("Line 4") and "sextio tusen" in m for m in messages)
    assert any(m.startswith("Line 5") and "line 2" in m for m in messages)
    assert _figures(world) == before


def test_a_file_without_the_headings_is_refused(world):
    with pytest.raises(ValidationError, match="first row"):
        population_import(actor=world["regional_admin"], region=world.dalarna, content="Avesta;2024;22800\n")


def test_a_k_admin_may_not_import_population_figures(world):
    before = _figures(world)

    with pytest.raises(PermissionDenied):
        population_import(
            actor=world["municipal_admin"], region=world.dalarna, content="Kommun;År;Folkmängd\nAvesta;2024;1\n"
        )

    assert _figures(world) == before


def test_gavleborgs_admin_cannot_set_dalarnas_figures(world):
    before = _figures(world)

    with pytest.raises(PermissionDenied):
        population_import(
            actor=world["regional_admin_gavleborg"],
            region=world.dalarna,
            content="Kommun;År;Folkmängd\nAvesta;2024;1\n",
        )
    # Nor through their own region: Avesta is not one of Gävleborg's municipalities.
    with pytest.raises(ValidationError, match="Avesta"):
        population_import(
            actor=world["regional_admin_gavleborg"],
            region=world.gavleborg,
            content="Kommun;År;Folkmängd\nAvesta;2024;1\n",
        )

    assert _figures(world) == before


def test_imported_figures_are_what_the_fixed_costs_are_shared_by(world):
    population_import(
        actor=world["regional_admin"],
        region=world.dalarna,
        content="Kommun;År;Folkmängd\nAvesta;2024;1 000\nFalun;2024;3 000\n",
    )
    services.regional_cost_save(actor=world["regional_admin"], region=world.dalarna, year=2025, total="100001")

    split = selectors.cost_split(region=world.dalarna, year=2025)

    assert {r.name: r.share for r in split.rows} == {"Avesta": Decimal("25000"), "Falun": Decimal("75001")}
    assert split.shared == Decimal("100001")
