"""The public page refuses the eleventh consultation from one address in ten minutes, and the sixth for
one phone number, with a clear message and 429; other people are not affected."""

from __future__ import annotations

from typing import Any

from fanzha.consults import services
from fanzha.consults.models import Consultation
from tests.consults.conftest import NORMAL_TEXT


def ask(client: Any, *, ip: str, phone: str = "") -> Any:
    return client.post("/consult/", {"text": NORMAL_TEXT, "phone": phone}, REMOTE_ADDR=ip)


def test_one_address_is_throttled_after_the_limit(client: Any, db: Any) -> None:
    for _ in range(services.THROTTLE_PER_IP):
        assert ask(client, ip="10.1.1.1").status_code == 200
    response = ask(client, ip="10.1.1.1")
    assert response.status_code == 429
    body = response.content.decode()
    assert "咨询太频繁" in body and "96110" in body
    assert Consultation.objects.count() == services.THROTTLE_PER_IP
    assert ask(client, ip="10.1.1.2").status_code == 200


def test_the_address_behind_a_trusted_proxy_is_the_one_counted(client: Any, db: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(services.THROTTLE_PER_IP):
        client.post("/consult/", {"text": NORMAL_TEXT}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=f"10.2.0.{n}")
    response = client.post("/consult/", {"text": NORMAL_TEXT}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.2.1.1")
    assert response.status_code == 200


def test_one_phone_number_is_throttled_whatever_the_address(client: Any, db: Any) -> None:
    for n in range(services.THROTTLE_PER_PHONE):
        assert ask(client, ip=f"10.3.0.{n}", phone="13900000009").status_code == 200
    response = ask(client, ip="10.3.1.1", phone="139 0000 0009")
    assert response.status_code == 429
    assert "这个号码" in response.content.decode()
    assert ask(client, ip="10.3.1.2", phone="13900000008").status_code == 200


def test_the_raw_address_is_never_stored(client: Any, db: Any) -> None:
    ask(client, ip="10.4.4.4")
    stored = Consultation.objects.get()
    assert stored.ip_hash and "10.4.4.4" not in stored.ip_hash
    assert stored.ip_hash == services.ip_hash("10.4.4.4")
