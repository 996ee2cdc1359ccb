import pytest

from fanzha.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_list_masks_phones_and_detail_shows_them_with_an_audit_entry(world, login):
    client = login(world.user("officer_a1"))
    listing = client.get("/people/residents/").content.decode()
    assert "139****0001" in listing and "13900000001" not in listing
    detail = client.get(f"/people/residents/{world.resident_a1.pk}/").content.decode()
    assert "139 0000 0001" in detail  # shown as people write it, never +86…
    entry = AuditEntry.objects.get(action="resident.viewed")
    assert entry.actor == world.user("officer_a1") and entry.object_id == str(world.resident_a1.pk)
    assert entry.ip == "127.0.0.1"


def test_search_by_last_digits_of_phone(world, login):
    client = login(world.user("centre"))
    page = client.get("/people/residents/", {"q": "0003"}).content.decode()
    assert "乙一" in page and "甲一" not in page


def test_api_resident_items_have_the_documented_shape(world, api_client):
    item = api_client(world.user("centre")).get("/api/v1/residents", limit=1).json()["items"][0]
    assert set(item) >= {"id", "household_id", "village", "phone_masked"}
    assert set(item["village"]) == {"id", "name"}
    assert "****" in item["phone_masked"]
