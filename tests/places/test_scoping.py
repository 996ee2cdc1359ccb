"""Jurisdiction: a user sees only what lies in their scope, through pages and the API."""

import pytest

from fanzha.people.models import Resident
from fanzha.places.scoping import scoped

pytestmark = pytest.mark.django_db


def names(user):
    return set(scoped(Resident.objects.all(), user).values_list("name", flat=True))


def test_community_officer_sees_only_their_village(world):
    assert names(world.user("officer_a1")) == {"甲一"}


def test_station_chief_sees_their_townships_villages(world):
    assert names(world.user("chief_a")) == {"甲一", "甲二"}
    assert names(world.user("chief_b")) == {"乙一"}


def test_county_roles_see_everything(world):
    for role in ("centre", "leader", "admin"):
        assert names(world.user(role)) == {"甲一", "甲二", "乙一"}


def test_user_without_assignment_sees_nothing(world):
    assert names(world.user("unassigned")) == set()


def test_officer_of_other_station_cannot_open_resident_page(world, login):
    client = login(world.user("officer_b1"))
    assert client.get(f"/people/residents/{world.resident_a1.pk}/").status_code == 404
    assert client.get(f"/people/residents/{world.resident_b1.pk}/").status_code == 200


def test_resident_list_page_lists_only_own_village(world, login):
    page = login(world.user("officer_a1")).get("/people/residents/").content.decode()
    assert "甲一" in page
    assert "乙一" not in page and "甲二" not in page


def test_api_lists_are_scoped(world, api_client):
    api = api_client(world.user("officer_a1"))
    residents = api.get("/api/v1/residents").json()
    assert residents["count"] == 1 and residents["items"][0]["name"] == "甲一"
    villages = api.get("/api/v1/places/villages").json()
    assert [v["name"] for v in villages["items"]] == ["东山村"]
    assert api.get("/api/v1/residents", village=world.village_b1.pk).json()["count"] == 0
