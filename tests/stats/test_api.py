"""GET /api/v1/stats/summary and /series: every indicator keyed by code, 422 (400 for a rule) naming the bad field."""

from __future__ import annotations

from typing import Any

from tests.stats.conftest import sh


def test_summary_gives_every_indicator_with_changes_and_definition(world: Any, api_client: Any, alert_at: Any) -> None:
    for day in range(1, 15):
        alert_at(sh(2025, 7, day, 10), world.village_a1)
    alert_at(sh(2025, 8, 3, 10), world.village_b1)
    r = api_client(world.user("leader")).get("/api/v1/stats/summary", start="2025-08-01", end="2025-08-31")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["alerts"]["value"] == 1
    assert body["alerts"]["previous"] == 14
    assert body["alerts"]["mom"] == "-92.86"
    assert body["alerts"]["yoy"] == "新增"
    assert body["alerts"]["definition"]
    assert {"cases", "losses", "stopped_amount", "returned_amount", "consultations", "app_registrations"} <= set(body)


def test_summary_for_a_station_chief_counts_only_their_township(world: Any, api_client: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    alert_at(sh(2025, 8, 3, 10), world.village_b1)
    alert_at(sh(2025, 8, 4, 10), world.village_b1)
    r = api_client(world.user("chief_b")).get("/api/v1/stats/summary", start="2025-08-01", end="2025-08-31")
    assert r.json()["alerts"]["value"] == 2
    r = api_client(world.user("leader")).get(
        "/api/v1/stats/summary", start="2025-08-01", end="2025-08-31", township=world.township_a.pk
    )
    assert r.json()["alerts"]["value"] == 1


def test_bad_dates_are_refused_naming_the_field(world: Any, api_client: Any) -> None:
    client = api_client(world.user("leader"))
    r = client.get("/api/v1/stats/summary", start="2025-08-31", end="2025-08-01")
    assert r.status_code == 400  # two valid days in the wrong order: a rule, not the schema
    assert r.json()["code"] == "invalid" and "end" in r.json()["detail"]
    r = client.get("/api/v1/stats/summary", start="2025/08/01", end="2025-08-31")
    assert r.status_code == 422 and "start" in r.json()["detail"]
    r = client.get("/api/v1/stats/summary", start="2025-08-01")
    assert r.status_code == 422 and "end" in r.json()["detail"]


def test_officers_cannot_read_statistics(world: Any, api_client: Any) -> None:
    r = api_client(world.user("officer_a1")).get("/api/v1/stats/summary", start="2025-08-01", end="2025-08-31")
    assert r.status_code == 403


def test_series_by_month(world: Any, api_client: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 6, 30, 23, 30), world.village_a1)
    alert_at(sh(2025, 7, 1, 0, 10), world.village_a1)
    alert_at(sh(2025, 7, 20, 0, 10), world.village_a1)
    r = api_client(world.user("leader")).get(
        "/api/v1/stats/series", indicator="alerts", by="month", start="2025-06-01", end="2025-08-31"
    )
    assert r.status_code == 200, r.content
    assert r.json() == [
        {"period": "2025-06", "value": 1},
        {"period": "2025-07", "value": 2},
        {"period": "2025-08", "value": 0},
    ]
    r = api_client(world.user("leader")).get(
        "/api/v1/stats/series", indicator="nope", start="2025-06-01", end="2025-08-31"
    )
    assert r.status_code == 422 and "indicator" in r.json()["detail"]
