"""Staff: the scoped list with filters and masked phones, logging a phone or walk-in consultation, and
the audited detail page with the full phone number."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fanzha.consults.models import Channel, Consultation
from fanzha.core.models import AuditEntry
from tests.consults.conftest import AUTHORITY_SCAM, NORMAL_TEXT


def test_the_list_masks_phones_and_links_to_detail(login: Any, world: Any, consultation: Any) -> None:
    c = consultation(village=world.village_a1, phone="13812345678")
    assert reverse("consults:staff_list") == "/consults/"
    body = login(world.user("officer_a1")).get("/consults/").content.decode()
    assert "138****5678" in body and "13812345678" not in body
    assert f'href="/consults/{c.pk}/"' in body


def test_opening_a_consultation_shows_the_full_phone_and_is_audited(login: Any, world: Any, consultation: Any) -> None:
    c = consultation(village=world.village_a1, phone="13812345678", text=AUTHORITY_SCAM)
    officer = world.user("officer_a1")
    response = login(officer).get(f"/consults/{c.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "138 1234 5678" in body and ">安全账户</mark>" in body
    entry = AuditEntry.objects.get(action="consultation.viewed")
    assert entry.actor == officer and entry.object_id == str(c.pk)


def test_filters_narrow_the_list(login: Any, world: Any, consultation: Any) -> None:
    scam = consultation(village=world.village_a1, text=AUTHORITY_SCAM)
    calm = consultation(village=world.village_a1, text=NORMAL_TEXT, channel=Channel.PHONE)
    client = login(world.user("centre"))

    def shown(query: str) -> set[int]:
        body = client.get("/consults/?" + query).content.decode()
        return {c.pk for c in (scam, calm) if f'data-consultation="{c.pk}"' in body}

    assert shown("") == {scam.pk, calm.pk}
    assert shown("risk=high") == {scam.pk}
    assert shown("risk=other") == {calm.pk}
    assert shown("channel=phone") == {calm.pk}
    assert shown("fraud_type=impersonate_authority") == {scam.pk}
    assert shown("period=today") == {scam.pk, calm.pk}
    Consultation.objects.filter(pk=scam.pk).update(created_at="2020-01-01T00:00:00Z")
    assert shown("period=30d") == {calm.pk}


def test_an_officer_logs_a_walk_in_consultation(login: Any, world: Any) -> None:
    officer = world.user("officer_a1")
    client = login(officer)
    assert client.get("/consults/new/").status_code == 200
    response = client.post(
        "/consults/new/",
        {"channel": Channel.WALK_IN, "text": "刷 单返利，先付后补", "phone": "", "village": world.village_a1.pk},
    )
    c = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/consults/{c.pk}/"
    assert c.channel == Channel.WALK_IN and c.handled_by == officer
    assert c.fraud_type == "order_brushing" and c.township == world.township_a


def test_an_officer_must_name_a_village_of_their_own(login: Any, world: Any) -> None:
    client = login(world.user("officer_a1"))
    response = client.post("/consults/new/", {"channel": Channel.PHONE, "text": NORMAL_TEXT})
    assert response.status_code == 400 and "请选择群众所在的村" in response.content.decode()
    response = client.post(
        "/consults/new/", {"channel": Channel.PHONE, "text": NORMAL_TEXT, "village": world.village_b1.pk}
    )
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_empty_text_in_the_staff_form_gets_a_clear_message(login: Any, world: Any) -> None:
    response = login(world.user("centre")).post("/consults/new/", {"channel": Channel.PHONE, "text": "  "})
    assert response.status_code == 400 and "请填写要咨询的内容" in response.content.decode()


def test_a_high_risk_phone_consultation_raises_an_alert(login: Any, world: Any) -> None:
    client = login(world.user("centre"))
    client.post("/consults/new/", {"channel": Channel.PHONE, "text": AUTHORITY_SCAM, "phone": "13800007777"})
    c = Consultation.objects.get()
    assert c.alert is not None and c.alert.source == "consultation"


def test_grid_workers_and_anonymous_visitors_do_not_get_the_staff_pages(client: Any, login: Any, world: Any) -> None:
    assert client.get("/consults/").status_code == 302  # to the login page
    assert login(world.user("grid_a1")).get("/consults/").status_code == 403
    assert login(world.user("leader")).get("/consults/new/").status_code == 403
