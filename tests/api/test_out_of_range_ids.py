"""Numbers past a bigint in an id, a filter or an offset are refused with 422 instead of crashing SQLite
(found by the schemathesis gate: OverflowError / IntegrityError → 500)."""

from __future__ import annotations

from typing import Any

import pytest

TOO_BIG = 2**70


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/v1/alerts", {"township": TOO_BIG}),
        ("/api/v1/stop-payments", {"township": TOO_BIG}),
        ("/api/v1/places/villages", {"township": TOO_BIG}),
        ("/api/v1/residents", {"village": TOO_BIG}),
        ("/api/v1/households", {"village": TOO_BIG}),
        ("/api/v1/organisations", {"township": TOO_BIG}),
        ("/api/v1/outreach/activities", {"village": TOO_BIG}),
        ("/api/v1/outreach/coverage", {"village": TOO_BIG}),
        ("/api/v1/cases", {"township": TOO_BIG}),
        ("/api/v1/residents", {"offset": TOO_BIG}),
    ],
)
def test_a_number_past_a_bigint_in_a_query_is_invalid_input(
    world: Any, api_client: Any, path: str, params: dict[str, Any]
) -> None:
    response = api_client(world.user("centre")).get(path, **params)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"


def test_an_activity_naming_a_household_past_a_bigint_is_invalid_input(world: Any, api_client: Any) -> None:
    response = api_client(world.user("officer_a1")).post(
        "/api/v1/outreach/activities", {"kind": "family", "date": "2025-01-01", "households": [TOO_BIG]}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "invalid input: households.0"


@pytest.mark.parametrize("township", ["²", str(TOO_BIG)])
def test_stats_refuse_a_township_that_is_not_an_id(world: Any, api_client: Any, township: str) -> None:
    response = api_client(world.user("centre")).get(
        "/api/v1/stats/summary", start="2025-01-01", end="2025-01-31", township=township
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "invalid input: township"
