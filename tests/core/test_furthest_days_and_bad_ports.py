"""The rest of the hand-edited values found by the probe, on the pages and operations not covered by
test_hand_edited_input_is_not_a_500.py: the furthest days in the case filters (the list page and the
API) and the statistics export, and a web address with a port that is not a port in an alerts Excel
imported with "skip bad rows"."""

from __future__ import annotations

from typing import Any

import pytest

from fanzha.alerts.models import Alert
from fanzha.core.models import Job
from tests.alerts.test_import_excel import GOOD, HEADER, xlsx

pytestmark = pytest.mark.django_db

FURTHEST = ["0001-01-01", "9999-12-31"]


@pytest.mark.parametrize("day", FURTHEST)
def test_the_furthest_days_in_the_case_list_filters_are_a_page_not_a_500(world: Any, login: Any, day: str) -> None:
    client = login(world.user("centre"))
    for params in ({"since": day}, {"until": day}, {"since": day, "until": day}):
        assert client.get("/cases/", params).status_code == 200, params


@pytest.mark.parametrize("day", FURTHEST)
def test_the_furthest_days_in_the_case_api_filters_are_a_4xx_or_an_answer(world: Any, api_client: Any, day: str):
    answer = api_client(world.user("centre")).get("/api/v1/cases", since=day, until=day)
    assert answer.status_code in (200, 400, 422), answer.content


@pytest.mark.parametrize("day", FURTHEST)
def test_the_furthest_days_in_the_statistics_export_are_a_file_not_a_500(world: Any, login: Any, day: str) -> None:
    response = login(world.user("leader")).get("/stats/export.xlsx", {"start": day, "end": day})
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize("url", ["www.example.cn:99999/pay", "pay.example.cn:8a/x", "javascript:void(0)"])
def test_an_excel_url_cell_with_a_bad_port_is_one_bad_row_under_skip_bad_rows(world: Any, login: Any, url: str):
    header = [*HEADER, "涉诈网址"]
    rows = [[*row, ""] for row in GOOD] + [["XL-8", "中", "虚假购物服务", "", "", "", "", url]]
    response = login(world.user("centre")).post(
        "/alerts/import/", {"file": xlsx(rows, header=header), "skip_bad": "on"}
    )
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.status == Job.Status.DONE
    assert sorted(Alert.objects.values_list("external_id", flat=True)) == ["XL-1", "XL-2", "XL-3"]
    assert [(e["row"], e["field"]) for e in job.errors] == [(5, "涉诈网址")]
