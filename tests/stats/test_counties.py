"""Statistics per county and for the prefecture: the counties' ranking (page, Excel, Word), the
dashboard and GET /api/v1/stats/summary for one county or all, and a county's user kept to their own."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from fanzha.accounts.models import Role
from fanzha.places.models import Assignment, County, Prefecture
from tests.factories import HouseholdFactory, ResidentFactory, TownshipFactory, UserFactory, VillageFactory
from tests.stats.conftest import sh

AUGUST = {"start": "2025-08-01", "end": "2025-08-31"}


@dataclass
class Two:
    jia: County
    yi: County
    prefecture_leader: Any
    jia_leader: Any


def _residents(village: Any, registered: list[date | None]) -> None:
    household = HouseholdFactory(village=village)
    for day in registered:
        ResidentFactory(household=household, village=village, app_registered_on=day)


@pytest.fixture
def two(db: Any, alert_at: Any, case_at: Any) -> Two:
    """甲县 and 乙县 of 示例州, with figures worked out by hand:

    August 2025   cases  losses    residents  App registered by 31 Aug  alerts closed: dissuaded / judged
    甲县          2      1500.50   4          3 (a year earlier: 1)     3 / 4  (a year earlier: 1 / 2)
    乙县          1      200.00    5          1 (a year earlier: 0)     2 / 2  (and one not fraud)
    August 2024: 甲县 1 case, 乙县 2 cases.
    """
    prefecture = Prefecture.objects.create(name="示例彝族自治州", short_name="示例州", code="539900")
    jia = County.objects.create(prefecture=prefecture, name="甲县", code="539901")
    yi = County.objects.create(prefecture=prefecture, name="乙县", code="539902")
    village_jia = VillageFactory(township=TownshipFactory(county=jia, name="甲城镇"))
    village_yi = VillageFactory(township=TownshipFactory(county=yi, name="乙城镇"))
    _residents(village_jia, [date(2024, 3, 1), date(2025, 1, 5), date(2025, 8, 10), date(2025, 9, 2)])
    _residents(village_yi, [date(2025, 2, 1), None, None, None, None])

    case_at(sh(2025, 8, 2, 9), village_jia, "1000.00")
    case_at(sh(2025, 8, 20, 9), village_jia, "500.50")
    case_at(sh(2024, 8, 5, 9), village_jia, "80.00")
    case_at(sh(2025, 8, 31, 23, 30), village_yi, "200.00")
    case_at(sh(2024, 8, 6, 9), village_yi, "10.00")
    case_at(sh(2024, 8, 7, 9), village_yi, "10.00")

    def closed(when: Any, village: Any, outcome: str) -> None:
        alert_at(when, village, county=village.township.county, status="closed", outcome=outcome)

    for outcome in ("dissuaded", "dissuaded", "dissuaded", "money_sent"):
        closed(sh(2025, 8, 12, 10), village_jia, outcome)
    closed(sh(2024, 8, 12, 10), village_jia, "dissuaded")
    closed(sh(2024, 8, 13, 10), village_jia, "refused")
    for outcome in ("dissuaded", "dissuaded", "not_fraud"):
        closed(sh(2025, 8, 14, 10), village_yi, outcome)

    prefecture_leader = UserFactory(username="pref_leader", role=Role.PREFECTURE_LEADER)
    jia_leader = UserFactory(username="jia_leader", role=Role.LEADER)
    Assignment.objects.create(user=jia_leader, role=Role.LEADER, county=jia)
    return Two(jia, yi, prefecture_leader, jia_leader)


def _rows(ranking: Any) -> dict[str, Any]:
    return {row.name: row for row in ranking.rows}


def test_ranking_gives_each_county_its_figures_and_the_whole(two: Two, login: Any) -> None:
    r = login(two.prefecture_leader).get("/stats/counties/", AUGUST)
    assert r.status_code == 200
    ranking = r.context["ranking"]
    # worst first by cases per 10,000 residents: 甲县 2/4, 乙县 1/5
    assert [(row.rank, row.name) for row in ranking.rows] == [(1, "甲县"), (2, "乙县")]
    jia, yi = _rows(ranking)["甲县"], _rows(ranking)["乙县"]
    assert jia.values["cases"] == 2 and jia.values["losses"] == Decimal("1500.50")
    assert jia.values["cases_per_10k"] == Decimal("5000.00")
    assert jia.values["app_registration_rate"] == Decimal("75.00")
    assert jia.values["dissuasion_rate"] == Decimal("75.00")
    assert yi.values["cases"] == 1 and yi.values["losses"] == Decimal("200.00")
    assert yi.values["cases_per_10k"] == Decimal("2000.00")
    assert yi.values["app_registration_rate"] == Decimal("20.00")
    assert yi.values["dissuasion_rate"] == Decimal("100.00")  # the alert that was not fraud is left out
    # 同比: counts as a percentage of a year earlier, rates in percentage points
    assert jia.change("cases") == Decimal("100.00") and yi.change("cases") == Decimal("-50.00")
    assert jia.change("app_registration_rate") == Decimal("50.00")
    assert jia.change("dissuasion_rate") == Decimal("25.00")
    assert yi.change("dissuasion_rate") is None  # no closed alert a year earlier
    total = ranking.total
    assert total.values["cases"] == 3 and total.values["losses"] == Decimal("1700.50")
    assert total.values["cases_per_10k"] == Decimal("3333.33")
    assert total.values["app_registration_rate"] == Decimal("44.44")  # 4 of 9, not the mean of two rates
    assert total.values["dissuasion_rate"] == Decimal("83.33")  # 5 of 6
    html = r.content.decode()
    assert "+50.00个百分点" in html and "+100.00%" in html


def test_ranking_sorts_by_any_column_and_compares_with_the_previous_period(two: Two, login: Any) -> None:
    client = login(two.prefecture_leader)
    r = client.get("/stats/counties/", {**AUGUST, "sort": "dissuasion_rate", "order": "best"})
    assert [row.name for row in r.context["ranking"].rows] == ["乙县", "甲县"]
    r = client.get("/stats/counties/", {**AUGUST, "sort": "losses"})
    assert [row.name for row in r.context["ranking"].rows] == ["甲县", "乙县"]
    r = client.get("/stats/counties/", {**AUGUST, "compare": "mom"})
    ranking = r.context["ranking"]
    assert ranking.base_period.start == date(2025, 7, 1)
    assert _rows(ranking)["甲县"].change("cases") == "新增"  # nothing in July
    r = client.get("/stats/counties/", {**AUGUST, "sort": "nonsense", "compare": "weekly"})
    assert r.status_code == 200 and set(r.context["errors"]) == {"sort", "compare"}


def test_ranking_exports_to_excel_and_word(two: Two, login: Any) -> None:
    client = login(two.prefecture_leader)
    r = client.get("/stats/counties/export.xlsx", AUGUST)
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content))["各县排名"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    jia = next(row for row in rows if row[1] == "甲县")
    assert jia[0] == 1 and jia[2] == 4
    assert jia[header.index("发案数")] == 2
    assert jia[header.index("损失金额(元)")] == 1500.5
    assert jia[header.index("反诈App注册率同比(百分点)")] == 50
    assert rows[-1][1] == "合计" and rows[-1][header.index("发案数")] == 3

    r = client.get("/stats/counties/report.docx", AUGUST)
    assert r.status_code == 200
    document = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "示例彝族自治州公安局" in text
    assert "各县（市）电信网络诈骗防治工作情况通报" in text
    assert {"甲县", "乙县", "合计", "+50.00个百分点", "+100.00%"} <= set(cells)


def test_summary_per_county_and_for_the_whole_prefecture(two: Two, api_client: Any) -> None:
    client = api_client(two.prefecture_leader)
    body = client.get("/api/v1/stats/summary", **AUGUST, county=two.jia.pk).json()
    assert body["cases"]["value"] == 2 and body["losses"]["value"] == "1500.50"
    assert body["alerts"]["value"] == 4 and body["dissuasion_rate"]["value"] == "75.00"
    assert body["cases"]["yoy"] == "100.00"
    assert body["dissuasion_rate"]["yoy"] == "25.00"  # 50 % → 75 %: percentage points, not +50 %
    body = client.get("/api/v1/stats/summary", **AUGUST, county=two.yi.pk).json()
    assert body["cases"]["value"] == 1 and body["alerts"]["value"] == 3
    body = client.get("/api/v1/stats/summary", **AUGUST).json()
    assert body["cases"]["value"] == 3 and body["alerts"]["value"] == 7
    assert body["app_registration_rate"]["value"] == "44.44"


def test_dashboard_offers_the_counties_and_shows_the_one_chosen(two: Two, login: Any) -> None:
    client = login(two.prefecture_leader)
    r = client.get("/stats/", AUGUST)
    html = r.content.decode()
    assert 'name="county"' in html and "各县排名" in html
    r = client.get("/stats/", {**AUGUST, "county": two.yi.pk})
    figures = {c.code: c.figure.value for c in r.context["board"].cards}
    assert figures["alerts"] == 3 and figures["cases"] == 1
    assert [t["name"] for t in r.context["board"].townships] == ["乙城镇"]
    assert [t.name for t in r.context["townships"]] == ["乙城镇"]


def test_a_county_leader_sees_only_their_county(two: Two, login: Any, api_client: Any) -> None:
    client = login(two.jia_leader)
    r = client.get("/stats/", AUGUST)
    assert {c.code: c.figure.value for c in r.context["board"].cards}["cases"] == 2
    html = r.content.decode()
    assert 'name="county"' not in html and "各县排名" not in html  # one county: nothing to choose
    assert client.get("/stats/", {**AUGUST, "county": two.yi.pk}).status_code == 404
    assert client.get("/stats/export.xlsx", {**AUGUST, "county": two.yi.pk}).status_code == 404
    assert client.get("/stats/report.docx", {**AUGUST, "county": two.yi.pk}).status_code == 404
    r = client.get("/stats/counties/", AUGUST)
    assert [row.name for row in r.context["ranking"].rows] == ["甲县"]
    assert r.context["ranking"].total.values["cases"] == 2
    r = client.get("/stats/counties/export.xlsx", AUGUST)
    names = [row[1].value for row in load_workbook(io.BytesIO(r.content))["各县排名"].iter_rows(min_row=2)]
    assert names == ["甲县", "合计"]
    r = client.get("/stats/counties/report.docx", AUGUST)
    assert "乙县" not in "\n".join(
        c.text for t in Document(io.BytesIO(r.content)).tables for row in t.rows for c in row.cells
    )

    api = api_client(two.jia_leader)
    assert api.get("/api/v1/stats/summary", **AUGUST, county=two.yi.pk).status_code == 404
    assert api.get("/api/v1/stats/series", **AUGUST, indicator="cases", county=two.yi.pk).status_code == 404
    body = api.get("/api/v1/stats/summary", **AUGUST).json()
    assert body["cases"]["value"] == 2 and body["alerts"]["value"] == 4
    assert api.get("/api/v1/stats/summary", **AUGUST, county=two.jia.pk).json()["cases"]["value"] == 2


def test_one_county_deployment_has_no_county_select_or_ranking_link(world: Any, login: Any) -> None:
    html = login(world.user("leader")).get("/stats/", AUGUST).content.decode()
    assert 'name="county"' not in html
    assert "/stats/counties/" not in html


def test_the_alerts_roll_up_gives_each_county_the_same_figures(two: Two, login: Any, api_client: Any) -> None:
    """On PostgreSQL the settled months of alerts come from the roll-up, which keeps each alert's county."""
    from django.db import connection

    from fanzha.stats import rollup
    from fanzha.stats.indicators import SOURCES

    if connection.vendor != "postgresql":
        pytest.skip("the roll-up is PostgreSQL's")
    assert rollup.refresh(SOURCES["alerts"].resolve())  # August 2024 and 2025 among them
    ranking = login(two.prefecture_leader).get("/stats/counties/", AUGUST).context["ranking"]
    assert _rows(ranking)["甲县"].values["dissuasion_rate"] == Decimal("75.00")
    assert _rows(ranking)["甲县"].change("dissuasion_rate") == Decimal("25.00")
    assert _rows(ranking)["乙县"].values["dissuasion_rate"] == Decimal("100.00")
    api = api_client(two.jia_leader)
    assert api.get("/api/v1/stats/summary", **AUGUST).json()["alerts"]["value"] == 4
    body = api_client(two.prefecture_leader).get("/api/v1/stats/summary", **AUGUST, county=two.yi.pk).json()
    assert body["alerts"]["value"] == 3
