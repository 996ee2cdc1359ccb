"""/api/v1/stop-payments, /freezes, /returns: idempotent creation, scoped paginated lists, masked accounts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fanzha.funds.models import Freeze, StopPayment

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(alert_a):
    return {
        "external_id": "ZF-2024-0001",
        "alert_id": alert_a.pk,
        "bank": "中国工商银行",
        "holder_name": "钱某某",
        "account_number": "6212 2610 0000 1234",
        "amount": "48000.50",
        "transaction_at": (timezone.now() - timedelta(minutes=30)).isoformat(),
    }


def test_create_is_idempotent_on_external_id(world, api_client, body):
    client = api_client(world.user("officer_a1"))
    first = client.post("/api/v1/stop-payments", body)
    assert first.status_code == 201
    data = first.json()
    assert data["status"] == "requested" and data["sequence"] == 1
    assert data["account_number"] == "6212261000001234"
    assert data["amount"] == "48000.50"
    assert 47 * 3600 < data["remaining_seconds"] <= 48 * 3600
    again = client.post("/api/v1/stop-payments", body)
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert StopPayment.objects.count() == 1


def test_list_is_paginated_and_masks_account_numbers(world, api_client, body):
    client = api_client(world.user("officer_a1"))
    for i in range(3):
        client.post(
            "/api/v1/stop-payments", {**body, "external_id": f"ZF-{i}", "account_number": f"621226100000{i:04d}"}
        )
    page = client.get("/api/v1/stop-payments", limit=2, offset=0).json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert all(item["account_number"].startswith("6212********") for item in page["items"])
    assert client.get("/api/v1/stop-payments", status="failed").json()["count"] == 0


def test_status_freeze_and_return_through_the_api(world, api_client, body):
    client = api_client(world.user("officer_a1"))
    stop_id = client.post("/api/v1/stop-payments", body).json()["id"]
    effective = client.post(f"/api/v1/stop-payments/{stop_id}/status", {"status": "effective"})
    assert effective.status_code == 200 and effective.json()["status"] == "effective"
    again = client.post(f"/api/v1/stop-payments/{stop_id}/status", {"status": "failed"})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    freeze = client.post("/api/v1/freezes", {"stop_payment_id": stop_id, "amount": "48000.50", "external_id": "DJ-1"})
    assert freeze.status_code == 201
    assert (
        client.post(
            "/api/v1/freezes", {"stop_payment_id": stop_id, "amount": "48000.50", "external_id": "DJ-1"}
        ).status_code
        == 200
    )
    assert Freeze.objects.count() == 1
    assert client.get(f"/api/v1/stop-payments/{stop_id}").json()["status"] == "frozen"
    returned = client.post(
        "/api/v1/returns",
        {"freeze_id": freeze.json()["id"], "amount": "48000.50", "returned_on": timezone.localdate().isoformat()},
    )
    assert returned.status_code == 201 and Decimal(returned.json()["amount"]) == Decimal("48000.50")


def test_a_standalone_freeze_needs_an_account_and_a_place(world, api_client):
    client = api_client(world.user("chief_a"))
    missing = client.post(
        "/api/v1/freezes", {"amount": "10.00", "bank": "中国银行", "account_number": "6013820000001111"}
    )
    assert missing.status_code == 400 and "alert" in missing.json()["detail"]  # a rule, not the schema
    ok = client.post(
        "/api/v1/freezes",
        {
            "amount": "10.00",
            "bank": "中国银行",
            "holder_name": "孙某",
            "account_number": "6013820000001111",
            "township_id": world.township_a.pk,
        },
    )
    assert ok.status_code == 201
    assert (
        client.post(
            "/api/v1/freezes",
            {
                "amount": "10.00",
                "bank": "中国银行",
                "holder_name": "孙某",
                "account_number": "6013820000001111",
                "township_id": world.township_b.pk,
            },
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bank": ""}, "bank"),
        ({"account_number": "12-34"}, "account_number"),
        ({"transaction_at": "yesterday"}, "transaction_at"),
        ({"amount": "abc"}, "amount"),
    ],
)
def test_invalid_payloads_get_422_naming_the_field(world, api_client, body, change, field):
    response = api_client(world.user("officer_a1")).post("/api/v1/stop-payments", {**body, **change})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert field in response.json()["detail"]
    assert not StopPayment.objects.exists()


def test_roles_that_do_not_handle_money_cannot_create(world, api_client, body):
    response = api_client(world.user("grid_a1")).post("/api/v1/stop-payments", body)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
