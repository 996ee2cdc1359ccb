"""What the dashboard, the workbook and the report say must read right to an officer (issue 15, items
6 and 7): Chinese units and filters, rates compared in percentage points, a funnel that never widens,
one colour per measure, every type charted, a report named for the period it covers."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from fanzha.stats import exports, tables
from fanzha.stats.periods import Period
from fanzha.stats.sources import Scope
from tests.stats.conftest import sh

AUGUST = {"start": "2025-08-01", "end": "2025-08-31"}


def test_the_workbook_names_units_and_filters_in_chinese(world: Any, login: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    r = login(world.user("leader")).get(
        "/stats/export.xlsx", {**AUGUST, "township": world.township_a.pk, "fraud_type": "order_brushing"}
    )
    book = load_workbook(io.BytesIO(r.content))
    header = [c.value for c in book["指标"][1]]
    assert "代码" not in header
    cells = {str(c) for row in book["指标"].iter_rows(min_row=2, values_only=True) for c in row if c is not None}
    assert not cells & {"count", "money", "percent", "minutes"}
    assert {"元", "%"} <= cells
    info = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True)}
    assert info["筛选"] == "乡镇：甲镇；诈骗类型：刷单返利"


def test_a_rate_changes_in_percentage_points(world: Any, alert_at: Any) -> None:
    # July: 1 of 2 judged alerts dissuaded (50 %); August: 3 of 4 (75 %): +25 points, not +50 %
    for day, outcome in [(3, "dissuaded"), (4, "money_sent")]:
        alert_at(sh(2025, 7, day, 10), world.village_a1, status="closed", outcome=outcome)
    for day, outcome in [(3, "dissuaded"), (4, "dissuaded"), (5, "dissuaded"), (6, "money_sent")]:
        alert_at(sh(2025, 8, day, 10), world.village_a1, status="closed", outcome=outcome)
    board = tables.build(Scope(user=world.user("leader")), Period(date(2025, 8, 1), date(2025, 8, 31)))
    card = next(c for c in board.cards if c.code == "dissuasion_rate")
    assert card.display == "75.00%"
    assert card.mom == "+25.00个百分点"
    alerts = next(c for c in board.cards if c.code == "alerts")
    assert alerts.mom == "+100.00%"


def test_the_funnel_never_widens(world: Any, alert_at: Any) -> None:
    when = sh(2025, 8, 3, 10)
    # dissuaded on the phone, without a visit: the old 见面劝阻 step was smaller than 劝阻成功
    for i in range(3):
        alert_at(
            when + timedelta(hours=i), world.village_a1, status="closed", outcome="dissuaded", first_contact_at=when
        )
    alert_at(when, world.village_a1, status="closed", outcome="dissuaded", first_contact_at=when, visit_at=when)
    alert_at(when, world.village_a1)  # not reached yet
    board = tables.build(Scope(user=world.user("leader")), Period(date(2025, 8, 1), date(2025, 8, 31)))
    values = [s["value"] for s in board.funnel]
    assert values == sorted(values, reverse=True), board.funnel
    assert values[0] == 5 and values[-1] == 4


def test_a_quarter_gives_a_report_named_for_the_quarter(world: Any, login: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    client = login(world.user("leader"))
    q3 = {"start": "2025-07-01", "end": "2025-09-30"}
    page = client.get("/stats/", q3).content.decode()
    assert "期间报告（Word）" in page and "月报（Word）" not in page
    r = client.get("/stats/report.docx", q3)
    assert r.status_code == 200
    assert unquote(r["Content-Disposition"]).endswith("期间报告-2025-07-01至2025-09-30.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "期间报告" in text and "2025-07-01 至 2025-09-30" in text and "2025年7月" not in text
    month = client.get("/stats/report.docx", AUGUST)
    assert "2025年8月" in "\n".join(p.text for p in Document(io.BytesIO(month.content)).paragraphs)
    assert "月报（Word）" in client.get("/stats/", AUGUST).content.decode()


def test_last_months_report_when_nothing_is_chosen(world: Any, login: Any) -> None:
    r = login(world.user("leader")).get("/stats/report.docx")
    last = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y年%-m月")
    assert last in "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)


def test_the_word_charts_value_label_stays_clear_of_its_title() -> None:
    layout = exports.bar_layout(["共和镇", "新桥镇", "凤屯镇"], [120.0, 40.0, 7.0])
    title_bottom = layout["title"][3]
    assert all(bar["value_box"][1] > title_bottom for bar in layout["bars"])
    assert exports.bar_chart("各乡镇接收预警数", ["共和镇"], [5.0]).startswith(b"\x89PNG")


def test_charts_keep_one_colour_per_measure_and_list_every_type() -> None:
    script = (Path(tables.__file__).parent / "static/stats/dashboard.js").read_text()
    assert "slice(0, 10)" not in script
    # both bar charts build their series through the one helper that fixes a measure's colour
    assert len(re.findall(r'bars\((towns|types), "alerts"\), bars\(\1, "cases"\)', script)) == 2
