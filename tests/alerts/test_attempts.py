"""One-tap recording of calls, visits and SMS; first contact and visit times come from attempts."""

import pytest

from fanzha.alerts.models import Alert, DissuasionAttempt
from fanzha.alerts.services import AlertInputError, AlertIntake, AlertStateError, alert_intake, attempt_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(world):
    return alert_intake(
        data=AlertIntake(
            external_id="A-1", source="province", level="high", fraud_type="romance", victim_phone="13900000001"
        ),
        by=None,
    )[0]


def test_unreached_call_keeps_the_alert_open_without_a_first_contact(world, alert):
    attempt_record(alert=alert, by=world.user("officer_a1"), method="phone", reached=False)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.IN_PROGRESS and alert.first_contact_at is None


def test_a_visit_that_dissuades_sets_contact_and_visit_and_closes(world, alert):
    attempt = attempt_record(
        alert=alert, by=world.user("officer_a1"), method="visit", reached=True, outcome="dissuaded"
    )
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLOSED and alert.outcome == "dissuaded"
    assert alert.first_contact_at == attempt.at == alert.visit_at == alert.closed_at


def test_a_call_sets_first_contact_but_not_the_visit(world, alert):
    attempt_record(alert=alert, by=world.user("officer_a1"), method="phone", reached=True, outcome="refused")
    alert.refresh_from_db()
    assert alert.first_contact_at is not None and alert.visit_at is None
    assert alert.status == Alert.Status.IN_PROGRESS


def test_money_already_sent_closes_with_that_outcome(world, alert):
    attempt_record(alert=alert, by=world.user("officer_a1"), method="phone", reached=True, outcome="money_sent")
    alert.refresh_from_db()
    assert (alert.status, alert.outcome) == (Alert.Status.CLOSED, "money_sent")


def test_reached_without_an_outcome_is_refused(world, alert):
    with pytest.raises(AlertInputError) as exc:
        attempt_record(alert=alert, by=world.user("officer_a1"), method="phone", reached=True)
    assert exc.value.field == "outcome"
    assert not DissuasionAttempt.objects.exists()


def test_nothing_more_can_be_recorded_on_a_closed_alert(world, alert):
    attempt_record(alert=alert, by=world.user("officer_a1"), method="phone", reached=True, outcome="not_fraud")
    with pytest.raises(AlertStateError):
        attempt_record(alert=alert, by=world.user("officer_a1"), method="phone", reached=False)


def test_quick_button_records_a_visit_and_the_page_says_so(world, login, alert):
    client = login(world.user("officer_a1"))
    response = client.post(
        f"/alerts/{alert.pk}/attempts/", {"method": "visit", "reached": "1", "outcome": "dissuaded"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "已办结" in page and "劝阻成功" in page


def test_the_attempt_form_names_what_is_missing(world, login, alert):
    response = login(world.user("officer_a1")).post(
        f"/alerts/{alert.pk}/attempts/", {"method": "phone", "reached": "1"}
    )
    assert response.status_code == 400
    assert "联系上了，请选择结果" in response.content.decode()


def test_leaders_read_but_do_not_record(world, login, alert):
    response = login(world.user("leader")).post(f"/alerts/{alert.pk}/attempts/", {"method": "phone", "reached": "0"})
    assert response.status_code == 403


def test_attempt_through_the_api(world, api_client, alert):
    response = api_client(world.user("officer_a1")).post(
        f"/api/v1/alerts/{alert.pk}/attempts", {"method": "visit", "reached": True, "outcome": "dissuaded"}
    )
    assert response.status_code == 201
    assert response.json()["alert"]["status"] == "closed"
    again = api_client(world.user("officer_a1")).post(
        f"/api/v1/alerts/{alert.pk}/attempts", {"method": "phone", "reached": False}
    )
    assert again.status_code == 409


def test_closing_by_hand(world, login, alert):
    response = login(world.user("officer_a1")).post(
        f"/alerts/{alert.pk}/close/", {"outcome": "refused", "note": "三次上门均拒绝"}, follow=True
    )
    assert response.status_code == 200
    alert.refresh_from_db()
    assert (alert.status, alert.outcome) == (Alert.Status.CLOSED, "refused")
    assert alert.timeline.get(kind="closed").data["note"] == "三次上门均拒绝"
