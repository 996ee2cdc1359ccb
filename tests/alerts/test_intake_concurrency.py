"""The same external_id pushed at the same moment from several connections makes exactly one alert.

Only meaningful on PostgreSQL (SQLite serialises writers); run with DATABASE_URL=postgres://…
"""

import threading

import pytest
from django.db import connection, connections

from fanzha.alerts import services
from fanzha.alerts.models import Alert
from fanzha.alerts.services import intake

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
]

RACERS = 8


def test_concurrent_intake_of_one_external_id_makes_exactly_one_alert(
    transactional_db, django_db_serialized_rollback, world, monkeypatch
):
    # Serialized rollback: the flush after this test must not re-create content types under new ids,
    # or the browser tests that restore the seeded rows later in the same worker collide with them.
    # Every racer must be about to insert before any inserts: the barrier sits in routing, which runs
    # just before the insert.
    barrier = threading.Barrier(RACERS)
    real_route = intake.route_many

    def route_then_wait(lookups):
        routings = real_route(lookups)
        barrier.wait(timeout=20)
        return routings

    monkeypatch.setattr(intake, "route_many", route_then_wait)
    data = services.AlertIntake(
        external_id="PRV-RACE-1", source="province", level="high", fraud_type="investment", victim_phone="13900000001"
    )
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def racer() -> None:
        try:
            alert, created = services.alert_intake(data=data, by=None)
            results.append((alert.pk, created))
        except BaseException as exc:  # reported below, with the thread's own traceback lost otherwise
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=racer) for _ in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(results) == RACERS
    assert Alert.objects.filter(external_id="PRV-RACE-1").count() == 1
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
