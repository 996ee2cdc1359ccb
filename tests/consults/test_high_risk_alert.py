"""A high-risk consultation with a phone number becomes an alert for the village's officer, linked to it;
the citizen is told the police will contact them. Without a phone, or at low risk, no alert."""

from __future__ import annotations

from typing import Any

import pytest

from fanzha.alerts.models import Alert
from fanzha.consults import services
from fanzha.consults.models import Consultation
from fanzha.core.models import AuditEntry
from fanzha.notify.models import Notification
from tests.consults.conftest import AUTHORITY_SCAM, NORMAL_TEXT


def ask(client: Any, text: str, **extra: Any) -> Any:
    return client.post("/consult/", {"text": text, **extra}, REMOTE_ADDR="10.9.9.9")


def test_high_risk_with_a_phone_raises_an_alert_for_the_village_officer(client: Any, world: Any) -> None:
    response = ask(client, AUTHORITY_SCAM, phone="138 0000 7777", village=world.village_a1.pk)
    assert "民警会尽快与您联系" in response.content.decode()
    consultation = Consultation.objects.get()
    alert = Alert.objects.get()
    assert consultation.alert == alert and consultation.high_risk
    assert alert.external_id == f"consult-{consultation.pk}"
    assert alert.source == Alert.ANONYMOUS_CONSULTATION and alert.level == "high"
    assert alert.fraud_type == "impersonate_authority"
    assert alert.victim_phone == "+8613800007777"
    assert alert.village == world.village_a1 and alert.assignee == world.user("officer_a1")
    assert "甲镇东山村" in alert.address
    assert "安全账户" in alert.description
    assert Notification.objects.filter(user=world.user("officer_a1")).exists()


def test_a_known_resident_is_routed_by_phone(client: Any, world: Any) -> None:
    ask(client, AUTHORITY_SCAM, phone="13900000003")  # resident of 南坡村, no village picked
    alert = Alert.objects.get()
    assert alert.village == world.village_b1 and alert.assignee == world.user("officer_b1")


def test_the_alert_description_is_truncated(client: Any, world: Any) -> None:
    ask(client, AUTHORITY_SCAM * 40, phone="13800007777")
    description = Alert.objects.get().description
    assert len(description) < services.ALERT_DESCRIPTION_CHARS + 100
    assert description.endswith("…")


def test_high_risk_without_a_phone_raises_no_alert(client: Any, world: Any) -> None:
    body = ask(client, AUTHORITY_SCAM, village=world.village_a1.pk).content.decode()
    assert not Alert.objects.exists()
    assert Consultation.objects.get().high_risk
    assert "民警会尽快与您联系" not in body and "请立即拨打96110" in body


def test_a_normal_message_raises_no_alert(client: Any, world: Any) -> None:
    ask(client, NORMAL_TEXT, phone="13800007777", village=world.village_a1.pk)
    assert not Alert.objects.exists()
    assert not Consultation.objects.get().high_risk


def test_fraud_below_the_threshold_raises_no_alert(client: Any, world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "HIGH_RISK_SCORE", 1.01)
    ask(client, AUTHORITY_SCAM, phone="13800007777", village=world.village_a1.pk)
    consultation = Consultation.objects.get()
    assert consultation.is_fraud and not consultation.high_risk
    assert not Alert.objects.exists()


def test_raising_the_alert_again_links_the_same_alert(client: Any, world: Any) -> None:
    ask(client, AUTHORITY_SCAM, phone="13800007777", village=world.village_a1.pk)
    consultation = Consultation.objects.get()
    first = consultation.alert
    consultation.alert = None
    consultation.save(update_fields=["alert"])
    again = services.consultation_raise_alert(consultation=consultation, by=None)
    assert again == first and Alert.objects.count() == 1
    consultation.refresh_from_db()
    assert consultation.alert == first
    assert AuditEntry.objects.filter(action="consultation.alert_raised").count() == 2
