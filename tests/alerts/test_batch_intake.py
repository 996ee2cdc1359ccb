"""Many alerts at once (the Excel path): routed and recorded like single ones, repeats left alone."""

import pytest

from fanzha.alerts.models import Alert, TimelineEvent
from fanzha.alerts.services import AlertIntake, alert_intake, alerts_intake_batch
from fanzha.alerts.services import intake as intake_module
from fanzha.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def item(n, **fields):
    data = {"external_id": f"X-{n}", "source": "excel", "level": "medium", "fraud_type": "order_brushing"}
    data.update(fields)
    return AlertIntake(**data)


def test_a_batch_is_routed_like_single_alerts(world, monkeypatch):
    monkeypatch.setattr(intake_module, "BATCH_CHUNK", 2)
    items = [
        item(1, victim_phone="13900000001"),
        item(2, victim_phone="13900000003"),
        item(3, address="乙乡南坡村8组"),
        item(4, victim_name="某人"),
        item(5, victim_phone="bad phone", suspect_accounts=["6222 0000 1111 2222"]),
    ]
    seen = []
    result = alerts_intake_batch(items=items, by=world.user("centre"), progress=seen.append)
    assert (result.created, result.existing) == (5, 0)
    assert seen == [2, 4, 5]
    alerts = {a.external_id: a for a in Alert.objects.select_related("village", "assignee")}
    assert alerts["X-1"].assignee == world.user("officer_a1") and alerts["X-1"].resident == world.resident_a1
    assert alerts["X-2"].village == world.village_b1
    assert alerts["X-3"].routing_method == "address" and alerts["X-3"].village == world.village_b1
    assert alerts["X-4"].routing_method == "unrouted" and alerts["X-4"].status == "new"
    assert alerts["X-5"].victim_phone_invalid and alerts["X-5"].observables.get().value == "6222000011112222"
    assert TimelineEvent.objects.filter(kind="received", actor=world.user("centre")).count() == 5
    assert AuditEntry.objects.filter(action="alert.received").count() == 5


def test_rows_already_received_are_left_alone(world):
    first, _ = alert_intake(data=item(1, victim_phone="13900000001", level="high"), by=None)
    result = alerts_intake_batch(items=[item(1, level="low"), item(2), item(2)], by=None)
    assert (result.created, result.existing) == (1, 2)
    first.refresh_from_db()
    assert first.level == "high"
    assert Alert.objects.count() == 2


def test_a_chunk_that_collides_with_another_writer_is_taken_row_by_row(world, monkeypatch):
    real_prepare = intake_module.prepare_alerts
    state = {"interfered": False}

    def prepare_then_someone_else_inserts(items, by, ips=None):
        prepared = real_prepare(items, by=by, ips=ips)
        if not state["interfered"]:
            state["interfered"] = True
            alert_intake(data=item(2, level="high"), by=None)
        return prepared

    monkeypatch.setattr(intake_module, "prepare_alerts", prepare_then_someone_else_inserts)
    result = alerts_intake_batch(items=[item(1), item(2), item(3)], by=None)
    assert (result.created, result.existing) == (2, 1)
    assert sorted(Alert.objects.values_list("external_id", "level")) == [
        ("X-1", "medium"),
        ("X-2", "high"),
        ("X-3", "medium"),
    ]


def _told(external_prefix):
    """Per alert (by external id): every delivery and in-app notification of its assignment."""
    from fanzha.notify.models import Delivery, Notification

    out = {}
    for alert in Alert.objects.filter(external_id__startswith=external_prefix):
        key = f"alert:{alert.pk}:assigned:{alert.assignee_id}"
        deliveries = sorted(
            (d.target_key, d.status, d.subject, d.body, d.link == f"/alerts/{alert.pk}/")
            for d in Delivery.objects.filter(event_key=key)
        )
        users = sorted(Notification.objects.filter(event_key=key).values_list("user_id", flat=True))
        events = list(alert.timeline.filter(kind="notified").values_list("data", flat=True))
        out[alert.external_id.removeprefix(external_prefix)] = (deliveries, users, events)
    return out


def test_a_batch_notifies_like_single_alerts(world, django_capture_on_commit_callbacks):
    from fanzha.notify.models import Channel

    Channel.objects.create(
        name="东山村群", kind="email", target="dongshan@example.org", owner_key=f"village:{world.village_a1.pk}"
    )
    rows = [
        {"victim_phone": "13900000001"},
        {"victim_phone": "13900000003"},
        {"address": "乙乡南坡村8组", "level": "high"},
        {"victim_name": "某人"},
    ]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        for n, fields in enumerate(rows):
            alert_intake(data=item(n, **{**fields, "external_id": f"S-{n}"}), by=None)
    singles = len(queued)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        alerts_intake_batch(items=[item(n, **fields) for n, fields in enumerate(rows)], by=None)
    assert len(queued) == 1  # one hand-over to the sender for the whole chunk, after it commits
    assert singles == 1  # only the alert in 东山村 has a village channel
    single, batch = _told("S-"), _told("X-")
    assert single == batch
    assert len(batch["0"][0]) == 4 and batch["0"][1] == sorted(
        u.pk for u in (world.user("officer_a1"), world.user("assistant_a1"), world.user("grid_a1"))
    )
    assert batch["3"] == ([], [], [])  # unrouted: nobody to tell yet


@pytest.mark.parametrize("n", [3, 12])
def test_a_batch_makes_the_same_number_of_queries_for_few_or_many_alerts(world, n, django_assert_max_num_queries):
    from fanzha.notify.models import Delivery

    alerts_intake_batch(items=[item("warm-up")], by=None)  # the routing directory, loaded once per process
    items = [item(f"{n}-{i}", victim_phone="13900000001", suspect_phones=["+852 6123 4567"]) for i in range(n)]
    # Known ids, directory version, residents by phone; the alerts; the channels, notifications and
    # deliveries, the deliveries read back; observables, timeline, audit; savepoint and release.
    with django_assert_max_num_queries(13):
        result = alerts_intake_batch(items=items, by=world.user("centre"))
    assert result.created == n
    # In-app for the officer, the assistant and the grid worker of each alert.
    assert Delivery.objects.filter(event_key__startswith="alert:").count() == 3 * n
