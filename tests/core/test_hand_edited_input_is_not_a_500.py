"""Hand-edited URLs and odd values answer with a page or a clear 4xx, never a server error (500).

Found by probing a running instance: "²".isdigit() is true but int("²") fails; a 20-digit id overflows
SQLite; 0001-01-01 and 9999-12-31 cannot be turned into a time in Asia/Shanghai and back; an offset past
a bigint crashes the database; "javascript:alert(1)" has a port urllib cannot read.
"""

from __future__ import annotations

from typing import Any

import pytest

from fanzha.alerts.models import Alert
from fanzha.core.models import Job
from tests.alerts.test_import_excel import GOOD, HEADER, xlsx

TWENTY_DIGITS = "9" * 20

PAGES_WITH_PLACE_FILTERS = [
    "/alerts/",
    "/alerts/board/",
    "/funds/",
    "/cases/",
    "/cases/key-groups/",
    "/cases/letters/",
    "/outreach/activities/",
    "/outreach/coverage/",
    "/outreach/registrations/",
    "/outreach/groups/",
    "/people/residents/",
    "/people/organisations/",
    "/stats/",
]


@pytest.mark.parametrize("value", ["²", "１２", TWENTY_DIGITS])
@pytest.mark.parametrize("path", PAGES_WITH_PLACE_FILTERS)
def test_a_place_filter_that_is_not_an_id_is_left_out_not_a_500(world: Any, login: Any, path: str, value: str) -> None:
    # 我的预警 is the field's list (the centre has the board instead)
    client = login(world.user("officer_a1" if path == "/alerts/" else "centre"))
    response = client.get(path, {"township": value, "village": value, "organisation": value, "days": value})
    assert response.status_code == 200, (path, response.status_code)


@pytest.mark.parametrize("value", ["²", TWENTY_DIGITS])
def test_a_stop_payment_form_for_an_alert_that_is_not_an_id_is_a_page_not_a_500(world: Any, login: Any, value: str):
    assert login(world.user("centre")).get("/funds/new/", {"alert": value}).status_code in (200, 404)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_furthest_days_in_stats_filters_are_named_not_a_500(world: Any, login: Any, api_client: Any, day: str):
    page = login(world.user("leader")).get("/stats/", {"start": day, "end": day})
    assert page.status_code == 200 and "1900-01-01" in page.content.decode()
    answer = api_client(world.user("leader")).get("/api/v1/stats/summary", start=day, end=day)
    assert answer.status_code in (400, 422), answer.content
    assert "start" in answer.json()["detail"]


def test_an_offset_past_a_bigint_in_notifications_is_invalid_input(world: Any, api_client: Any) -> None:
    answer = api_client(world.user("officer_a1")).get("/api/v1/notifications", offset="9223372036854775808")
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "example.cn:abc/pay", "www.example.cn:99999"])
def test_an_alert_with_a_url_that_is_not_a_web_address_is_refused_naming_it(
    world: Any, api_client: Any, url: str
) -> None:
    body = {"external_id": "U-1", "source": "province", "level": "high", "fraud_type": "loan"}
    answer = api_client(world.user("centre")).post("/api/v1/alerts", {**body, "observables": {"urls": [url]}})
    assert answer.status_code == 422, answer.content
    assert "urls" in answer.json()["detail"]
    assert not Alert.objects.exists()


def test_an_excel_row_with_such_a_url_is_one_bad_row_and_the_others_land(world: Any, login: Any) -> None:
    header = [*HEADER, "涉诈网址"]
    rows = [[*row, ""] for row in GOOD] + [["XL-9", "高", "刷单返利", "", "", "", "", "javascript:alert(1)"]]
    response = login(world.user("centre")).post(
        "/alerts/import/", {"file": xlsx(rows, header=header), "skip_bad": "on"}
    )
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.status == Job.Status.DONE
    assert sorted(Alert.objects.values_list("external_id", flat=True)) == ["XL-1", "XL-2", "XL-3"]
    assert [(e["row"], e["field"]) for e in job.errors] == [(5, "涉诈网址")]
