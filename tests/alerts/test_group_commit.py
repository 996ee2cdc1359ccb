"""Alerts pushed at the same moment share one transaction, and each request still gets its own answer.

The first request leads; the test holds it inside its group until the others have queued behind it, so
the second group is known to hold all of them (threads, so a transactional database).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from fanzha.alerts.models import Alert, TimelineEvent
from fanzha.alerts.services import AlertIntake, alert_intake, grouped
from fanzha.alerts.services.grouped import intake_together
from fanzha.core.context import current_ip
from fanzha.core.fastpath import GroupCommit, Submitted
from fanzha.core.models import AuditEntry
from fanzha.notify.models import Notification

# Serialized rollback: the flush after each test must not re-create content types under new ids (the
# browser tests restore seeded rows that refer to them; see test_intake_concurrency.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def item(n: int, **over: Any) -> AlertIntake:
    values: dict[str, Any] = {
        "external_id": f"G-{n}",
        "source": "province",
        "level": "high",
        "fraud_type": "investment",
        "victim_phone": "13900000001",  # 甲一, in 东山村: routed to 民警甲
        "suspect_phones": ["+852 6123 4567"],
    }
    values.update(over)
    return AlertIntake(**values)


class Held:
    """Runs `submit` for each alert in its own thread: the first one leads and is held in its group
    until the rest have queued; then all are let go. Returns each thread's answer or error."""

    def __init__(self, process: Callable[[list[Submitted]], None] = intake_together) -> None:
        self.release = threading.Event()
        self.first = True

        def held(group: list[Submitted]) -> None:
            if self.first:
                self.first = False
                assert self.release.wait(timeout=20)
            process(group)

        self.commit = GroupCommit(process=held)

    def run(self, lead: AlertIntake, rest: list[AlertIntake], by: Any = None) -> list[Any]:
        answers: list[Any] = [None] * (1 + len(rest))

        def send(i: int, data: AlertIntake) -> None:
            token = current_ip.set(f"10.0.0.{i + 1}")
            try:
                answers[i] = self.commit.submit(Submitted(data, by, current_ip.get()))
            except Exception as exc:
                answers[i] = exc
            finally:
                current_ip.reset(token)
                connections.close_all()

        threads = [threading.Thread(target=send, args=(0, lead))]
        threads[0].start()
        deadline = time.monotonic() + 20
        while not self.commit.groups and time.monotonic() < deadline:  # the leader is in its group
            time.sleep(0.01)
        for i, data in enumerate(rest, start=1):
            threads.append(threading.Thread(target=send, args=(i, data)))
            threads[-1].start()
        while self.commit.queued() < len(rest) and time.monotonic() < deadline:
            time.sleep(0.01)
        self.release.set()
        for t in threads:
            t.join(timeout=30)
        return answers


def test_alerts_arriving_together_are_written_as_one_group_each_with_its_answer(world):
    centre = world.user("centre")
    held = Held()
    answers = held.run(item(0), [item(1), item(2), item(3, victim_phone="13900000003"), item(2), item(4)], by=centre)

    assert (held.commit.groups, held.commit.largest) == (2, 5)  # the leader's own, then the five queued
    assert not [a for a in answers if isinstance(a, Exception)], answers
    ids = {a.external_id: a.pk for a, _created in answers}
    assert Alert.objects.count() == 5
    assert [created for _a, created in answers] == [True, True, True, True, False, True]
    assert answers[4][0].pk == answers[2][0].pk == ids["G-2"]  # the repeat is answered with the first
    # Each alert as if it had come alone: routed, on its timeline, its officer told, audited with the
    # address its own request came from.
    sent = {a.external_id: a for a, _c in answers}
    assert sent["G-3"].assignee == world.user("officer_b1")
    assert sent["G-1"].assignee == world.user("officer_a1")
    for external_id, pk in ids.items():
        kinds = sorted(TimelineEvent.objects.filter(alert_id=pk).values_list("kind", flat=True))
        assert kinds == ["notified", "received", "routed"], external_id
        assert Notification.objects.filter(event_key__startswith=f"alert:{pk}:assigned").exists()
        assert Alert.objects.get(pk=pk).created_by == centre
        assert Alert.objects.get(pk=pk).observables.count() == 1
    ips = dict(AuditEntry.objects.filter(action="alert.received").values_list("object_id", "ip"))
    assert ips == {str(ids[f"G-{n}"]): f"10.0.0.{i}" for n, i in ((0, 1), (1, 2), (2, 3), (3, 4), (4, 6))}


def test_a_group_holding_an_alert_received_before_answers_each_one_by_one(world):
    earlier, _created = alert_intake(data=item(7, level="low"), by=None)
    held = Held()
    answers = held.run(item(0), [item(1), item(7), item(2)])

    assert held.commit.largest == 3
    assert [(a.external_id, created) for a, created in answers] == [
        ("G-0", True),
        ("G-1", True),
        ("G-7", False),
        ("G-2", True),
    ]
    assert answers[2][0].pk == earlier.pk
    assert Alert.objects.get(pk=earlier.pk).level == "low"  # left as it was
    assert Alert.objects.count() == 4


def test_an_alert_that_cannot_be_taken_fails_only_its_own_request(world, monkeypatch):
    real = grouped.alert_intake

    def refuse_one(*, data: AlertIntake, by: Any) -> Any:
        if data.external_id == "G-2":
            raise RuntimeError("this one cannot be stored")
        return real(data=data, by=by)

    real_prepare = grouped.prepare_alerts

    def prepare_refusing(items: list[AlertIntake], **kwargs: Any) -> Any:
        if any(i.external_id == "G-2" for i in items):
            raise RuntimeError("this one cannot be stored")
        return real_prepare(items, **kwargs)

    monkeypatch.setattr(grouped, "alert_intake", refuse_one)
    monkeypatch.setattr(grouped, "prepare_alerts", prepare_refusing)
    answers = Held().run(item(0), [item(1), item(2), item(3)])

    assert isinstance(answers[2], RuntimeError)
    assert [a[1] for i, a in enumerate(answers) if i != 2] == [True, True, True]
    assert sorted(Alert.objects.values_list("external_id", flat=True)) == ["G-0", "G-1", "G-3"]


def test_a_lone_alert_is_not_held_back(world):
    commit = GroupCommit(intake_together)
    alert, created = commit.submit(Submitted(item(9), None, None))
    assert created and (commit.groups, commit.largest) == (1, 1)
    again, created = commit.submit(Submitted(item(9), None, None))
    assert (again.pk, created) == (alert.pk, False)
