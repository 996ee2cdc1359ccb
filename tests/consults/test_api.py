"""POST /api/v1/classify for any token; POST/GET /api/v1/consultations for staff, idempotent and scoped."""

from __future__ import annotations

from typing import Any

import pytest

from fanzha.alerts.models import Alert
from fanzha.consults.api import MAX_TEXT_CHARS
from fanzha.consults.models import Channel, Consultation
from tests.consults.conftest import AUTHORITY_SCAM, NORMAL_TEXT


def test_classify_returns_one_verdict_per_text(api_client: Any, world: Any) -> None:
    response = api_client(world.user("grid_a1")).post("/api/v1/classify", {"texts": [AUTHORITY_SCAM, NORMAL_TEXT]})
    assert response.status_code == 200
    scam, calm = response.json()
    assert scam["fraud_type"] == "impersonate_authority" and scam["is_fraud"] and scam["score"] > 0.8
    assert scam["fraud_type_name"].startswith("冒充公检法")
    flag = next(f for f in scam["red_flags"] if f["phrase"] == "安全账户")
    assert AUTHORITY_SCAM[flag["start"] : flag["end"]] == "安全账户" and flag["why"]
    assert set(flag) == {"phrase", "start", "end", "why"}
    assert any("96110" in line for line in scam["advice"])
    assert calm["fraud_type"] == "normal" and not calm["is_fraud"]


def test_classify_needs_a_token(client: Any, db: Any) -> None:
    response = client.post("/api/v1/classify", {"texts": ["x"]}, content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    "body",
    [
        {"texts": []},
        {"texts": ["a"] * 1001},
        {"texts": "刷单"},
        {"texts": [1, 2]},
        {},
        {"texts": ["x" * (MAX_TEXT_CHARS + 1)]},
        {"texts": ["刷单返利", "   "]},
    ],
    ids=["none", "too-many", "not-a-list", "not-strings", "missing", "too-long", "one-empty"],
)
def test_classify_refuses_bad_input_with_422(api_client: Any, world: Any, body: Any) -> None:
    response = api_client(world.user("centre")).post("/api/v1/classify", body)
    # A text with nothing to judge matches the schema (any text) but breaks the engine's rule: 400.
    assert response.status_code == (400 if body.get("texts") == ["刷单返利", "   "] else 422)
    assert response.json()["code"] in {"invalid", "empty_text"} and response.json()["detail"]


def test_classify_names_the_empty_text(api_client: Any, world: Any) -> None:
    response = api_client(world.user("centre")).post("/api/v1/classify", {"texts": ["刷单返利", "\u200b"]})
    assert response.json() == {"detail": "invalid input: texts.1 is empty", "code": "empty_text"}


def test_classify_answers_awkward_texts(api_client: Any, world: Any) -> None:
    texts = [
        "\x00\ufffd\x07垃圾",
        "😀 hello мир",
        "https://t.cn/A6xYz",
        "刷 单返利，日结佣金，先付后补",
        "您的驗證碼是多少",
        "ＡＰＰ下载１２３",
        AUTHORITY_SCAM * 150,
    ]
    response = api_client(world.user("centre")).post("/api/v1/classify", {"texts": texts})
    assert response.status_code == 200
    verdicts = response.json()
    assert len(verdicts) == len(texts)
    assert verdicts[3]["fraud_type"] == "order_brushing" and verdicts[3]["red_flags"][0]["phrase"] == "刷 单"
    assert verdicts[-1]["truncated"] and not verdicts[0]["truncated"]


def test_a_thousand_texts_are_accepted(api_client: Any, world: Any) -> None:
    response = api_client(world.user("centre")).post("/api/v1/classify", {"texts": [NORMAL_TEXT] * 1000})
    assert response.status_code == 200 and len(response.json()) == 1000


def test_logging_a_consultation_is_idempotent(api_client: Any, world: Any) -> None:
    api = api_client(world.user("officer_a1"))
    body = {
        "external_id": "WX-1",
        "channel": "wechat",
        "text": AUTHORITY_SCAM,
        "phone": "13800007777",
        "village_id": world.village_a1.pk,
    }
    first = api.post("/api/v1/consultations", body)
    assert first.status_code == 201
    data = first.json()
    assert data["channel"] == "wechat" and data["high_risk"] and data["alert_id"]
    assert data["phone_masked"] == "138****7777" and "13800007777" not in first.content.decode()
    assert data["handled_by"] == "民警甲"
    again = api.post("/api/v1/consultations", body)
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert Consultation.objects.count() == 1 and Alert.objects.count() == 1


@pytest.mark.parametrize(
    "override",
    [
        {"text": ""},
        {"text": "  \u200b "},
        {"text": "x" * (MAX_TEXT_CHARS + 1)},
        {"phone": "12ab"},
        {"channel": "fax"},
        {"external_id": ""},
        {"village_id": None},
    ],
    ids=["empty", "blank", "too-long", "bad-phone", "bad-channel", "no-external-id", "no-village"],
)
def test_logging_refuses_bad_input_with_422(api_client: Any, world: Any, override: dict[str, Any]) -> None:
    body = {"external_id": "P-1", "channel": "phone", "text": NORMAL_TEXT, "village_id": world.village_a1.pk}
    body.update(override)
    response = api_client(world.user("officer_a1")).post("/api/v1/consultations", body)
    # 422 where the schema says no; 400 for the rules it cannot say (nothing to judge, not a phone
    # number, no village from an officer).
    rule = override in ({"text": "  \u200b "}, {"phone": "12ab"}, {"village_id": None})
    assert response.status_code == (400 if rule else 422), response.content
    assert response.json()["detail"]
    assert not Consultation.objects.exists()


def test_an_officer_cannot_log_into_another_stations_village(api_client: Any, world: Any) -> None:
    body = {"external_id": "P-2", "text": NORMAL_TEXT, "village_id": world.village_b1.pk}
    response = api_client(world.user("officer_a1")).post("/api/v1/consultations", body)
    assert response.status_code == 404
    assert not Consultation.objects.exists()


def test_grid_workers_cannot_log_consultations(api_client: Any, world: Any) -> None:
    body = {"external_id": "P-3", "text": NORMAL_TEXT, "village_id": world.village_a1.pk}
    response = api_client(world.user("grid_a1")).post("/api/v1/consultations", body)
    assert response.status_code == 403


def test_the_list_is_paginated_and_filtered(api_client: Any, world: Any, consultation: Any) -> None:
    for _ in range(3):
        consultation(village=world.village_a1)
    scam = consultation(village=world.village_a1, text=AUTHORITY_SCAM, channel=Channel.PHONE)
    api = api_client(world.user("centre"))
    page = api.get("/api/v1/consultations", limit=2, offset=0).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert page["items"][0]["id"] == scam.pk
    assert [i["id"] for i in api.get("/api/v1/consultations", high_risk="true").json()["items"]] == [scam.pk]
    assert api.get("/api/v1/consultations", channel="phone").json()["count"] == 1
    assert api.get("/api/v1/consultations", fraud_type="nonsense").status_code == 422
    assert api.get("/api/v1/consultations", limit=0).status_code == 422


def test_an_external_id_of_another_station_is_not_revealed(api_client: Any, world: Any) -> None:
    body = {"external_id": "P-9", "text": NORMAL_TEXT, "phone": "13812345678"}
    first = api_client(world.user("officer_b1")).post(
        "/api/v1/consultations", {**body, "village_id": world.village_b1.pk}
    )
    assert first.status_code == 201
    response = api_client(world.user("officer_a1")).post(
        "/api/v1/consultations", {**body, "village_id": world.village_a1.pk}
    )
    assert response.status_code == 409 and "5678" not in response.content.decode()
