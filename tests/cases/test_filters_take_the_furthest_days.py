"""Case filters take any day, even 0001-01-01 or 9999-12-31 (they cannot become a time in Asia/Shanghai)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_furthest_days_in_case_filters_list_the_cases(
    world: Any, login: Any, api_client: Any, case_body: Any, day: str
) -> None:
    assert api_client(world.user("centre")).post("/api/v1/cases", case_body()).status_code == 201
    page = login(world.user("centre")).get("/cases/", {"since": "0001-01-01", "until": day})
    assert page.status_code == 200
    answer = api_client(world.user("centre")).get("/api/v1/cases", since="0001-01-01", until=day)
    assert answer.status_code == 200, answer.content
    assert answer.json()["count"] == (1 if day == "9999-12-31" else 0)
