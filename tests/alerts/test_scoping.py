"""An officer of another station can neither see nor act on an alert: not on a page, not in the API."""

import pytest

from fanzha.alerts.models import Alert, DissuasionAttempt
from fanzha.alerts.services import AlertIntake, alert_intake
from fanzha.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(world):
    # 甲一 lives in 东山村 (甲镇, station A).
    return alert_intake(
        data=AlertIntake(
            external_id="S-1",
            source="province",
            level="high",
            fraud_type="impersonate_authority",
            victim_phone="13900000001",
            suspect_phones=["+85261234567"],
        ),
        by=None,
    )[0]


@pytest.fixture
def unrouted(world):
    return alert_intake(
        data=AlertIntake(external_id="S-2", source="province", level="low", fraud_type="shopping"), by=None
    )[0]


@pytest.mark.parametrize("url", ["/alerts/{pk}/", "/alerts/{pk}/person/"])
def test_other_station_officer_gets_404_on_the_pages(world, login, alert, url):
    response = login(world.user("officer_b1")).get(url.format(pk=alert.pk))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="alert.person_viewed").exists()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/alerts/{pk}/attempts/", {"method": "visit", "reached": "1", "outcome": "dissuaded"}),
        ("/alerts/{pk}/close/", {"outcome": "not_fraud"}),
    ],
)
def test_other_station_officer_cannot_act_through_the_pages(world, login, alert, url, data):
    response = login(world.user("officer_b1")).post(url.format(pk=alert.pk), data)
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ASSIGNED and not DissuasionAttempt.objects.exists()


def test_other_station_chief_cannot_dispatch_it(world, login, alert):
    response = login(world.user("chief_b")).post(f"/alerts/{alert.pk}/dispatch/", {"village": world.village_b1.pk})
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.village == world.village_a1


def test_other_station_officer_cannot_see_or_act_through_the_api(world, api_client, alert):
    client = api_client(world.user("officer_b1"))
    assert client.get(f"/api/v1/alerts/{alert.pk}").status_code == 404
    assert client.get("/api/v1/alerts").json() == {"count": 0, "items": []}
    response = client.post(f"/api/v1/alerts/{alert.pk}/attempts", {"method": "phone", "reached": False})
    assert response.status_code == 404
    assert not DissuasionAttempt.objects.exists()


def test_the_officer_of_the_village_and_their_chief_see_it(world, api_client, login, alert):
    for name in ("officer_a1", "chief_a", "assistant_a1", "grid_a1"):
        assert login(world.user(name)).get(f"/alerts/{alert.pk}/").status_code == 200, name
        assert api_client(world.user(name)).get(f"/api/v1/alerts/{alert.pk}").status_code == 200, name


def test_an_unrouted_alert_is_seen_only_county_wide(world, api_client, unrouted):
    for name in ("officer_a1", "chief_a", "unassigned"):
        assert api_client(world.user(name)).get(f"/api/v1/alerts/{unrouted.pk}").status_code == 404, name
    for name in ("centre", "leader", "admin"):
        assert api_client(world.user(name)).get(f"/api/v1/alerts/{unrouted.pk}").status_code == 200, name


def test_other_station_sees_no_alert_on_its_board_or_task_list(world, login, alert):
    assert "S-1" not in login(world.user("chief_b")).get("/alerts/board/").content.decode()
    tasks = login(world.user("officer_b1")).get("/alerts/").content.decode()
    assert f'data-alert="{alert.pk}"' not in tasks


def test_observable_page_shows_nothing_outside_the_users_scope(world, login, alert):
    observable = alert.observables.get()
    assert login(world.user("officer_b1")).get(f"/alerts/observables/{observable.pk}/").status_code == 404
    assert login(world.user("officer_a1")).get(f"/alerts/observables/{observable.pk}/").status_code == 200


def test_the_board_is_not_for_village_officers(world, login):
    assert login(world.user("officer_a1")).get("/alerts/board/").status_code == 403
