"""An officer of another station can neither see nor act on a stop-payment: not on a page, not in the API."""

from datetime import date
from decimal import Decimal

import pytest

from fanzha.core.models import AuditEntry
from fanzha.funds import services
from fanzha.funds.models import Freeze, FundReturn, StopPayment

pytestmark = pytest.mark.django_db


@pytest.fixture
def stop(world, alert_a, request_stop):
    return request_stop(alert_a)


def test_other_station_officer_gets_404_on_the_pages(world, login, stop, alert_a):
    client = login(world.user("officer_b1"))
    assert client.get(f"/funds/{stop.pk}/").status_code == 404
    assert client.get(f"/funds/new/?alert={alert_a.pk}").status_code == 404
    page = client.get("/funds/").content.decode()
    assert f'data-stop="{stop.pk}"' not in page
    assert 'data-total="stopped">¥0.00<' in page
    assert not AuditEntry.objects.filter(action="stoppayment.viewed").exists()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/funds/{pk}/effective/", {}),
        ("/funds/{pk}/failed/", {"reason": "x"}),
        ("/funds/{pk}/freeze/", {"amount": "1.00", "days": "180"}),
        ("/funds/{pk}/return/", {"source": "stop:{pk}", "amount": "1.00", "returned_on": "2024-01-01"}),
    ],
)
def test_other_station_officer_cannot_act_through_the_pages(world, login, stop, url, data):
    data = {k: v.format(pk=stop.pk) for k, v in data.items()}
    response = login(world.user("officer_b1")).post(url.format(pk=stop.pk), data)
    assert response.status_code == 404
    stop.refresh_from_db()
    assert stop.status == StopPayment.Status.REQUESTED
    assert not Freeze.objects.exists() and not FundReturn.objects.exists()


def test_other_station_officer_cannot_see_or_act_through_the_api(world, api_client, stop, alert_a):
    officer = world.user("officer_a1")
    services.stoppayment_mark_effective(stop=stop, by=officer)
    freeze, _ = services.freeze_record(stop=stop, by=officer, amount=Decimal("10.00"))
    client = api_client(world.user("officer_b1"))
    assert client.get(f"/api/v1/stop-payments/{stop.pk}").status_code == 404
    assert client.get("/api/v1/stop-payments").json() == {"count": 0, "items": []}
    assert client.post(f"/api/v1/stop-payments/{stop.pk}/status", {"status": "failed"}).status_code == 404
    assert client.post("/api/v1/freezes", {"stop_payment_id": stop.pk, "amount": "1.00"}).status_code == 404
    response = client.post(
        "/api/v1/returns", {"freeze_id": freeze.pk, "amount": "1.00", "returned_on": date.today().isoformat()}
    )
    assert response.status_code == 404
    body = {
        "alert_id": alert_a.pk,
        "bank": "中国银行",
        "holder_name": "赵某",
        "account_number": "6013820000001111",
        "amount": "5.00",
        "transaction_at": "2024-03-01T10:00:00+08:00",
    }
    assert client.post("/api/v1/stop-payments", body).status_code == 404
    assert StopPayment.objects.count() == 1 and Freeze.objects.count() == 1 and not FundReturn.objects.exists()


def test_a_repeated_external_id_does_not_reveal_another_stations_stop(world, api_client, alert_a, alert_b):
    body = {
        "external_id": "ZF-1",
        "bank": "中国银行",
        "holder_name": "赵某",
        "account_number": "6013820000001111",
        "amount": "5.00",
        "transaction_at": "2024-03-01T10:00:00+08:00",
    }
    assert (
        api_client(world.user("officer_a1")).post("/api/v1/stop-payments", {**body, "alert_id": alert_a.pk}).status_code
        == 201
    )
    response = api_client(world.user("officer_b1")).post("/api/v1/stop-payments", {**body, "alert_id": alert_b.pk})
    assert response.status_code == 409
    assert "赵某" not in response.content.decode()


def test_the_village_officer_and_their_chief_see_it(world, login, api_client, stop):
    for name in ("officer_a1", "chief_a", "centre", "leader"):
        assert login(world.user(name)).get(f"/funds/{stop.pk}/").status_code == 200, name
        assert api_client(world.user(name)).get(f"/api/v1/stop-payments/{stop.pk}").status_code == 200, name


def test_a_leader_reads_but_cannot_act(world, login, stop):
    response = login(world.user("leader")).post(f"/funds/{stop.pk}/effective/")
    assert response.status_code == 403
    stop.refresh_from_db()
    assert stop.status == StopPayment.Status.REQUESTED
