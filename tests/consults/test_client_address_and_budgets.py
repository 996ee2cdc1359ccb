"""Who the client is, and how many alerts anonymous consultations may raise.

X-Real-IP is believed only from a configured proxy (FANZHA_TRUSTED_PROXIES): sent by anyone else, changing
it per request defeated the per-address limit and put any address in the audit log. Beyond that limit,
high-risk consultations from the public page raise at most a daily number of alerts per village and in
all; their alerts are marked for the officer as coming from an anonymous consultation.
"""

from __future__ import annotations

from typing import Any

from fanzha.alerts.models import Alert
from fanzha.consults import services
from fanzha.consults.models import Consultation
from fanzha.core.models import AuditEntry
from tests.consults.conftest import AUTHORITY_SCAM, NORMAL_TEXT


def test_x_real_ip_from_an_untrusted_peer_does_not_escape_the_per_address_limit(client: Any, db: Any) -> None:
    for n in range(services.THROTTLE_PER_IP):
        answer = client.post("/consult/", {"text": NORMAL_TEXT}, REMOTE_ADDR="10.7.7.7", HTTP_X_REAL_IP=f"10.8.0.{n}")
        assert answer.status_code == 200
    answer = client.post("/consult/", {"text": NORMAL_TEXT}, REMOTE_ADDR="10.7.7.7", HTTP_X_REAL_IP="10.8.1.1")
    assert answer.status_code == 429


def test_the_audit_log_records_the_connection_unless_it_comes_from_a_trusted_proxy(
    world: Any, login: Any, settings: Any
) -> None:
    client = login(world.user("officer_a1"))
    client.get(f"/people/residents/{world.resident_a1.pk}/", REMOTE_ADDR="10.7.7.7", HTTP_X_REAL_IP="1.2.3.4")
    assert AuditEntry.objects.filter(action="resident.viewed").latest("pk").ip == "10.7.7.7"
    settings.TRUSTED_PROXIES = ["10.7.0.0/16"]
    client.get(f"/people/residents/{world.resident_a1.pk}/", REMOTE_ADDR="10.7.7.7", HTTP_X_REAL_IP="1.2.3.4")
    assert AuditEntry.objects.filter(action="resident.viewed").latest("pk").ip == "1.2.3.4"
    client.get(
        f"/people/residents/{world.resident_a1.pk}/", REMOTE_ADDR="10.7.7.7", HTTP_X_FORWARDED_FOR="5.6.7.8, 10.7.1.1"
    )
    assert AuditEntry.objects.filter(action="resident.viewed").latest("pk").ip == "5.6.7.8"


def ask(client: Any, n: int, village: Any) -> Any:
    return client.post(
        "/consult/",
        {"text": AUTHORITY_SCAM, "phone": f"1380000{n:04d}", "village": village.pk},
        REMOTE_ADDR=f"10.20.{n // 200}.{n % 200}",
    )


def test_anonymous_consultations_raise_at_most_the_village_budget_of_alerts_a_day(
    client: Any, world: Any, settings: Any
) -> None:
    settings.CONSULT_ANONYMOUS_ALERTS_PER_VILLAGE_PER_DAY = 2
    for n in range(3):
        assert ask(client, n, world.village_a1).status_code == 200
    assert Alert.objects.filter(village=world.village_a1).count() == 2
    assert Consultation.objects.filter(high_risk=True).count() == 3  # the third is kept, without an alert
    assert AuditEntry.objects.filter(action="consultation.alert_withheld").count() == 1
    assert ask(client, 3, world.village_b1).status_code == 200  # another village has its own budget
    assert Alert.objects.filter(village=world.village_b1).count() == 1


def test_anonymous_consultations_raise_at_most_the_county_budget_of_alerts_a_day(
    client: Any, world: Any, settings: Any
) -> None:
    settings.CONSULT_ANONYMOUS_ALERTS_PER_DAY = 2
    for n, village in enumerate([world.village_a1, world.village_a2, world.village_b1]):
        ask(client, n, village)
    assert Alert.objects.count() == 2


def test_an_alert_from_an_anonymous_consultation_is_marked_for_the_officer(client: Any, world: Any, login: Any) -> None:
    ask(client, 1, world.village_a1)
    alert = Alert.objects.get()
    officer = login(world.user("officer_a1"))
    assert "来自网上匿名咨询：身份和号码未经核实" in officer.get(f"/alerts/{alert.pk}/").content.decode()
    assert 'data-flag="anonymous"' in officer.get("/alerts/").content.decode()
    board = login(world.user("centre")).get("/alerts/board/").content.decode()
    assert 'data-flag="anonymous">匿名咨询' in board


def test_an_alert_from_a_consultation_logged_by_staff_is_not_marked(world: Any, api_client: Any) -> None:
    answer = api_client(world.user("officer_a1")).post(
        "/api/v1/consultations",
        {"external_id": "S-1", "text": AUTHORITY_SCAM, "phone": "13800001111", "village_id": world.village_a1.pk},
    )
    assert answer.status_code == 201, answer.content
    alert = Alert.objects.get()
    assert alert.source == "consultation" and not alert.from_anonymous_consultation
