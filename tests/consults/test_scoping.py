"""An officer sees the consultations of their own villages only, through the pages and the API; a web
consultation without a village is county-level."""

from __future__ import annotations

from typing import Any

from fanzha.core.models import AuditEntry


def test_officer_of_another_station_cannot_see_a_consultation_of_village_b1(
    login: Any, world: Any, consultation: Any
) -> None:
    theirs = consultation(village=world.village_b1, phone="13812345678")
    client = login(world.user("officer_a1"))
    assert f'data-consultation="{theirs.pk}"' not in client.get("/consults/").content.decode()
    assert client.get(f"/consults/{theirs.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="consultation.viewed").exists()


def test_the_station_chief_sees_the_villages_of_the_station(login: Any, world: Any, consultation: Any) -> None:
    a2 = consultation(village=world.village_a2)
    b1 = consultation(village=world.village_b1)
    body = login(world.user("chief_a")).get("/consults/").content.decode()
    assert f'data-consultation="{a2.pk}"' in body and f'data-consultation="{b1.pk}"' not in body


def test_a_consultation_without_a_village_is_for_county_wide_roles_only(
    login: Any, world: Any, consultation: Any
) -> None:
    anywhere = consultation()
    assert login(world.user("chief_a")).get(f"/consults/{anywhere.pk}/").status_code == 404
    assert login(world.user("centre")).get(f"/consults/{anywhere.pk}/").status_code == 200


def test_the_api_list_is_scoped(api_client: Any, world: Any, consultation: Any) -> None:
    mine = consultation(village=world.village_a1)
    consultation(village=world.village_b1)
    consultation()
    response = api_client(world.user("officer_a1")).get("/api/v1/consultations")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [mine.pk]
    assert api_client(world.user("centre")).get("/api/v1/consultations").json()["count"] == 3
