"""The resident list's search box: a name prefix, a whole phone or its last digits, an address."""

from __future__ import annotations

import pytest

from tests.factories import HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    home = HouseholdFactory(village=world.village_a1, address="东山村3组12号")
    ResidentFactory(household=home, name="王建国", phone="+8613812345678")
    ResidentFactory(household=home, name="王芳", phone="+8615987655678")
    ResidentFactory(household__village=world.village_a2, name="李王", phone="+8613700001111")
    return world


def names(client, q: str) -> set[str]:
    page = client.get("/people/residents/", {"q": q}).content.decode()
    return {n for n in ("王建国", "王芳", "李王", "甲一", "甲二", "乙一") if f">{n}</a>" in page}


def test_a_name_prefix_finds_names_starting_with_it_only(people, login):
    client = login(people.user("centre"))
    assert names(client, "王") == {"王建国", "王芳"}
    assert names(client, "王建") == {"王建国"}
    assert names(client, "建国") == set()


def test_a_whole_phone_in_any_form_or_its_last_four_digits(people, login):
    client = login(people.user("centre"))
    assert names(client, "138 1234 5678") == {"王建国"}
    assert names(client, "+86 138-1234-5678") == {"王建国"}
    assert names(client, "5678") == {"王建国", "王芳"}
    assert names(client, "45678") == {"王建国"}


def test_an_address_finds_the_household(people, login):
    client = login(people.user("centre"))
    assert names(client, "3组12号") == {"王建国", "王芳"}


def test_search_stays_within_the_users_villages(people, login):
    client = login(people.user("officer_b1"))
    assert names(client, "5678") == set() and names(client, "王") == set()
    assert names(client, "0003") == {"乙一"}
