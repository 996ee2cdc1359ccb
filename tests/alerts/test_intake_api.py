"""POST /api/v1/alerts: the documented shape, idempotency, and bad input named by field."""

import pytest

from fanzha.alerts.models import Alert, TimelineEvent

pytestmark = pytest.mark.django_db


def test_new_alert_is_routed_by_phone_to_the_village_officer_in_the_request(world, api_client, payload):
    response = api_client(world.user("centre")).post("/api/v1/alerts", payload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"id", "external_id", "status", "level", "fraud_type", "contact_deadline", "visit_deadline"}
    assert body["status"] == "assigned"
    assert body["routing"]["method"] == "phone"
    assert body["routing"]["village"] == {"id": world.village_a1.pk, "name": "东山村"}
    assert body["routing"]["township"] == {"id": world.township_a.pk, "name": "甲镇"}
    assert body["routing"]["officer"] == {"id": world.user("officer_a1").pk, "name": "民警甲"}
    assert "民警甲" in body["routing"]["explanation"]
    alert = Alert.objects.get(pk=body["id"])
    assert alert.resident == world.resident_a1


def test_the_same_external_id_again_returns_200_and_the_same_alert(world, api_client, payload):
    client = api_client(world.user("centre"))
    body = payload()
    first = client.post("/api/v1/alerts", body)
    again = client.post("/api/v1/alerts", {**body, "level": "low", "victim_phone": "13900000003"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["level"] == "high"  # the first alert stands; the repeat changes nothing
    assert Alert.objects.count() == 1
    assert TimelineEvent.objects.filter(kind="received").count() == 1


def test_deadlines_in_the_response_follow_the_level(world, api_client, payload):
    from datetime import datetime

    body = api_client(world.user("centre")).post("/api/v1/alerts", payload(level="medium")).json()
    received = datetime.fromisoformat(body["received_at"])
    assert (datetime.fromisoformat(body["contact_deadline"]) - received).total_seconds() == 30 * 60
    assert (datetime.fromisoformat(body["visit_deadline"]) - received).total_seconds() == 24 * 3600
    low = api_client(world.user("centre")).post("/api/v1/alerts", payload(level="low")).json()
    assert low["visit_deadline"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("level", "urgent"),
        ("level", None),
        ("external_id", ""),
        ("external_id", "   "),
        ("source", ""),
        ("amount_at_risk", "-5"),
        ("amount_at_risk", "lots"),
        ("issued_at", "yesterday"),
        ("observables", {"phones": "13800000000"}),
        ("victim_phone", "1" * 41),
    ],
)
def test_invalid_payload_is_422_naming_the_field(world, api_client, payload, field, value):
    response = api_client(world.user("centre")).post("/api/v1/alerts", payload(**{field: value}))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["detail"]
    assert not Alert.objects.exists()


def test_a_missing_required_field_is_422_naming_it(world, api_client, payload):
    body = payload()
    del body["fraud_type"]
    response = api_client(world.user("centre")).post("/api/v1/alerts", body)
    assert response.status_code == 422
    assert "fraud_type" in response.json()["detail"]


@pytest.mark.parametrize("code", ["telecom_magic", "normal", ""])
def test_unknown_fraud_type_is_422(world, api_client, payload, code):
    response = api_client(world.user("centre")).post("/api/v1/alerts", payload(fraud_type=code))
    assert response.status_code == 422
    assert "fraud_type" in response.json()["detail"]


def test_a_body_that_is_not_json_is_refused_without_an_alert(world, api_client, payload, client):
    from fanzha.accounts.services import api_token_create

    token = api_token_create(user=world.user("centre"))
    response = client.post(
        "/api/v1/alerts", "{not json", content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code in {400, 422}
    assert not Alert.objects.exists()


def test_unparsable_phone_is_accepted_flagged_and_routed_by_id_number(world, api_client, payload):
    world.resident_b1.id_number = "53232319800101001X"
    world.resident_b1.save()
    response = api_client(world.user("centre")).post(
        "/api/v1/alerts", payload(victim_phone="13x-call-me", id_number="53232319800101001x")
    )
    assert response.status_code == 201
    body = response.json()
    assert "victim_phone_unparsable" in body["flags"]
    assert body["routing"]["method"] == "id_number"
    assert body["routing"]["village"]["name"] == "南坡村"
    alert = Alert.objects.get(pk=body["id"])
    assert alert.victim_phone == "13x-call-me" and alert.victim_phone_invalid


def test_unparsable_phone_is_routed_by_address_when_there_is_no_id_number(world, api_client, payload):
    body = (
        api_client(world.user("centre"))
        .post("/api/v1/alerts", payload(victim_phone="0000", address="测试县乙乡南坡村3组12号"))
        .json()
    )
    assert body["routing"]["method"] == "address"
    assert body["routing"]["village"]["name"] == "南坡村"
    assert body["routing"]["officer"]["name"] == "民警乙"
    assert "victim_phone_unparsable" in body["flags"]


def test_unparsable_phone_and_nothing_else_lands_in_the_centre_queue_flagged(world, api_client, payload):
    response = api_client(world.user("centre")).post("/api/v1/alerts", payload(victim_phone="call me maybe"))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "new"
    assert body["routing"] == {
        "method": "unrouted",
        "village": None,
        "township": None,
        "officer": None,
        "explanation": body["routing"]["explanation"],
    }
    assert set(body["flags"]) >= {"victim_phone_unparsable", "unrouted"}
    assert Alert.objects.get(pk=body["id"]).status == Alert.Status.NEW


def test_an_invalid_id_number_is_kept_and_flagged_not_refused(world, api_client, payload):
    body = (
        api_client(world.user("centre"))
        .post("/api/v1/alerts", payload(victim_phone="", id_number="532323198001010010"))
        .json()
    )
    assert "id_number_invalid" in body["flags"]
    assert body["routing"]["method"] == "unrouted"


def test_only_the_centres_accounts_may_push_alerts(world, api_client, payload):
    response = api_client(world.user("officer_a1")).post("/api/v1/alerts", payload())
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Alert.objects.exists()


def test_intake_without_a_token_is_401(world, client, payload):
    response = client.post("/api/v1/alerts", payload(), content_type="application/json")
    assert response.status_code == 401


def test_observables_are_normalised_and_attached(world, api_client, payload):
    body = payload(
        observables={
            "phones": ["+852 6123 4567", "00852-61234567"],
            "accounts": ["6222 0212 3456 7890"],
            "urls": ["HTTPS://www.Fake-Police.cn/case/"],
            "apps": ["ZOOM App"],
        }
    )
    alert = Alert.objects.get(pk=api_client(world.user("centre")).post("/api/v1/alerts", body).json()["id"])
    values = sorted(alert.observables.values_list("kind", "value"))
    assert values == [
        ("account", "6222021234567890"),
        ("app", "zoom"),
        ("phone", "+85261234567"),
        ("url", "fake-police.cn/case"),
    ]
