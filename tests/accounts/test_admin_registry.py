"""The administrator keeps the registry of places and people: every admin page opens, search and
autocomplete find places, ID numbers are checked and phones normalised before anything is saved."""

from __future__ import annotations

import pytest
from django.contrib import admin

from fanzha.core.ids import check_digit
from fanzha.core.models import AuditEntry
from fanzha.people.models import Organisation, Resident

pytestmark = pytest.mark.django_db

VALID_ID = "53232319800101001" + check_digit("53232319800101001")


def resident_data(resident: Resident, **overrides: str) -> dict[str, str]:
    data = {
        "name": resident.name,
        "gender": resident.gender,
        "birth_date": "",
        "id_number": resident.id_number or "",
        "phone": resident.phone,
        "village": str(resident.village_id),
        "household": str(resident.household_id),
        "organisation": "",
        "app_registered_on": "",
    }
    data.update(overrides)
    return data


def test_every_admin_list_and_add_page_opens_for_the_administrator(world, login):
    client = login(world.user("admin"))
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(base).status_code == 200, base
        assert client.get(base + "add/").status_code in {200, 403}, base
        first = model._default_manager.first()
        if first is not None:
            assert client.get(f"{base}{first.pk}/change/").status_code == 200, base


def test_an_id_number_with_a_wrong_check_digit_is_refused(world, login):
    resident = world.resident_a1
    wrong = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    client = login(world.user("admin"))
    response = client.post(f"/admin/people/resident/{resident.pk}/change/", resident_data(resident, id_number=wrong))
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    resident.refresh_from_db()
    assert resident.id_number is None


def test_a_valid_id_number_is_stored_normalised_and_the_change_audited(world, login):
    resident = world.resident_a1
    typed = f" {VALID_ID[:17]}{VALID_ID[17].lower()} "
    client = login(world.user("admin"))
    response = client.post(f"/admin/people/resident/{resident.pk}/change/", resident_data(resident, id_number=typed))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.id_number == VALID_ID
    entry = AuditEntry.objects.get(action="resident.changed", object_id=str(resident.pk))
    assert entry.data["fields"] == ["id_number"]
    assert VALID_ID not in str(entry.data)


def test_a_phone_typed_with_spaces_and_prefix_is_stored_in_one_form(world, login):
    resident = world.resident_a1
    client = login(world.user("admin"))
    response = client.post(
        f"/admin/people/resident/{resident.pk}/change/", resident_data(resident, phone="+86 139-0000-0099")
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.phone == "+8613900000099"


def test_an_unusable_phone_is_refused(world, login):
    resident = world.resident_a1
    client = login(world.user("admin"))
    response = client.post(f"/admin/people/resident/{resident.pk}/change/", resident_data(resident, phone="12345"))
    assert response.status_code == 200
    assert "电话号码" in response.content.decode()
    resident.refresh_from_db()
    assert resident.phone == "+8613900000001"


def test_a_household_from_another_village_is_refused(world, login):
    resident = world.resident_a1
    client = login(world.user("admin"))
    response = client.post(
        f"/admin/people/resident/{resident.pk}/change/",
        resident_data(resident, household=str(world.resident_b1.household_id)),
    )
    assert response.status_code == 200
    assert "该户不在所选村（社区）" in response.content.decode()


def test_an_organisations_responsible_phone_is_normalised_and_masked_in_the_list(world, login):
    client = login(world.user("admin"))
    response = client.post(
        "/admin/people/organisation/add/",
        {
            "name": "甲镇中心小学",
            "kind": Organisation.Kind.SCHOOL,
            "township": str(world.township_a.pk),
            "village": "",
            "address": "",
            "responsible_person": "李校长",
            "responsible_phone": "138 1234 5678",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="甲镇中心小学").responsible_phone == "+8613812345678"
    listing = client.get("/admin/people/organisation/").content.decode()
    assert "138****5678" in listing and "13812345678" not in listing


def test_villages_are_searched_and_offered_by_autocomplete_when_assigning(world, login):
    client = login(world.user("admin"))
    listing = client.get("/admin/places/village/", {"q": "东山"}).content.decode()
    assert "东山村" in listing and "南坡村" not in listing
    answer = client.get(
        "/admin/autocomplete/",
        {"app_label": "places", "model_name": "assignment", "field_name": "village", "term": "南坡"},
    ).json()
    assert [item["text"] for item in answer["results"]] == ["南坡村"]


def test_residents_are_found_by_name_or_full_id_number_without_showing_it(world, login):
    resident = world.resident_b1
    resident.id_number = VALID_ID
    resident.save()
    client = login(world.user("admin"))
    by_id = client.get("/admin/people/resident/", {"q": VALID_ID}).content.decode()
    assert f"/admin/people/resident/{resident.pk}/change/" in by_id
    assert f"/admin/people/resident/{world.resident_a1.pk}/change/" not in by_id
    by_name = client.get("/admin/people/resident/", {"q": "甲一"}).content.decode()
    assert f"/admin/people/resident/{world.resident_a1.pk}/change/" in by_name
