"""A citizen who pastes an advert is told it looks like marketing, not a scam, and no officer is alerted,
on the public page and through the API."""

from __future__ import annotations

from typing import Any

from fanzha.alerts.models import Alert
from fanzha.consults.models import Consultation

# Written for this test: a pushy advert full of words scams use too (贷款, 额度, 限时).
ADVERT = (
    "【兴业消费金融】尊敬的客户，您的信用额度已提升至80000元，年化利率7.2%起，限时享3天免息券，"
    "请在官方App内申请，理性借贷，回TD退订"
)


def test_an_advert_on_the_public_page_is_called_marketing_and_raises_no_alert(client: Any, world: Any) -> None:
    response = client.post(
        "/consult/",
        {"text": ADVERT, "phone": "13800007777", "village": world.village_a1.pk},
        REMOTE_ADDR="10.9.9.8",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "这像是营销广告，不是诈骗话术" in body
    assert "很可能是诈骗" not in body and "民警会尽快与您联系" not in body
    stored = Consultation.objects.get()
    assert stored.advert and not stored.is_fraud and not stored.high_risk
    assert stored.advice[0] == "这像是营销广告，不是诈骗话术。"
    assert not Alert.objects.exists()


def test_the_classify_api_marks_an_advert(api_client: Any, world: Any) -> None:
    response = api_client(world.user("grid_a1")).post("/api/v1/classify", {"texts": [ADVERT]})
    assert response.status_code == 200
    (verdict,) = response.json()
    assert verdict["advert"] is True and verdict["is_fraud"] is False and verdict["fraud_type"] == "normal"
    assert verdict["advice"][0] == "这像是营销广告，不是诈骗话术。"


def test_the_consultation_api_stores_the_advert_verdict_and_no_alert(api_client: Any, world: Any) -> None:
    client = api_client(world.user("officer_a1"))
    response = client.post(
        "/api/v1/consultations",
        {
            "external_id": "advert-1",
            "channel": "phone",
            "text": ADVERT,
            "phone": "13800007777",
            "village_id": world.village_a1.pk,
        },
    )
    assert response.status_code in (200, 201), response.content
    assert response.json()["advert"] is True and response.json()["alert_id"] is None
    assert not Alert.objects.exists()
