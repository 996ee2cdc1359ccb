"""The dashboard page and its exports: who may open it, scoped figures, links, Excel and Word files."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from openpyxl import load_workbook

from tests.official_documents import FANGSONG, HEITI, check_layout, text_of
from tests.stats.conftest import sh


def test_leader_sees_figures_with_definitions_and_links(world: Any, login: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    r = login(world.user("leader")).get("/stats/", {"start": "2025-08-01", "end": "2025-08-31"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-indicator="alerts"' in html
    assert "接收时间在统计期内的预警指令数" in html  # the definition, on hover
    assert "/alerts/board/?" in html
    assert 'id="stats-data"' in html
    assert "vendor/echarts/echarts.min.js" in html


def test_station_chief_dashboard_counts_only_their_townships(world: Any, login: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    alert_at(sh(2025, 8, 3, 10), world.village_b1)
    alert_at(sh(2025, 8, 3, 11), world.village_b1)
    r = login(world.user("chief_a")).get("/stats/", {"start": "2025-08-01", "end": "2025-08-31"})
    board = r.context["board"]
    assert {c.code: c.figure.value for c in board.cards}["alerts"] == 1
    assert [t["name"] for t in board.townships] == ["甲镇"]


def test_officers_are_turned_away(world: Any, login: Any) -> None:
    assert login(world.user("officer_a1")).get("/stats/").status_code == 403


def test_a_bad_date_is_named_and_the_page_still_opens(world: Any, login: Any) -> None:
    r = login(world.user("leader")).get("/stats/", {"start": "2025-13-01", "end": "2025-08-31"})
    assert r.status_code == 200
    assert "开始日期" in r.context["errors"]
    page = r.content.decode()
    assert "开始日期：日期格式应为" in page and "start：" not in page


def test_excel_export_has_every_table(world: Any, login: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    r = login(world.user("leader")).get("/stats/export.xlsx", {"start": "2025-08-01", "end": "2025-08-31"})
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["指标", "分乡镇", "分诈骗类型", "月度趋势", "处置漏斗", "说明"]
    rows = {row[0]: row for row in book["指标"].iter_rows(min_row=2, values_only=True)}
    assert rows["接收预警数"][2] == 1
    towns = {row[0]: row[1] for row in book["分乡镇"].iter_rows(min_row=2, values_only=True)}
    assert towns == {"甲镇": 1, "乙乡": 0}


def test_monthly_report_in_word_has_figures_and_charts(world: Any, login: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    r = login(world.user("leader")).get("/stats/report.docx", {"start": "2025-08-01", "end": "2025-08-31"})
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2025年8月" in text
    assert "接收预警数" in [row.cells[0].text for row in doc.tables[0].rows]
    assert len(doc.inline_shapes) >= 2  # the trend and the townships, drawn as images


def test_the_monthly_report_is_an_official_document_of_the_county_bureau(world: Any, login: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    county = world.township_a.county
    r = login(world.user("leader")).get("/stats/report.docx", {"start": "2025-08-01", "end": "2025-08-31"})
    bureau = f"{county.name}公安局"
    parts = check_layout(
        r.content,
        issuer=bureau,
        title="电信网络诈骗防治工作月报（2025年8月）",
        printer=f"{county.name}公安局办公室",
    )
    texts = [text_of(p) for p in parts.paragraphs]
    assert [t for t in texts if t[1:2] == "、"] == [
        "一、主要指标",
        "二、趋势与分布",
        "三、主要诈骗类型",
        "四、典型案例",
    ]
    for p in parts.paragraphs:
        if text_of(p).startswith("一、"):
            assert parts.styled.look(p).font in HEITI
    table_font = parts.styled.look(parts.styled.document.tables[0].rows[1].cells[0].paragraphs[0]._p)
    assert table_font.font in FANGSONG and table_font.size == 14
    assert r["Content-Disposition"].endswith(".docx")


def test_the_dashboard_offers_the_report_as_pdf_or_says_why_not(world: Any, login: Any, settings: Any) -> None:
    client = login(world.user("leader"))
    settings.SOFFICE = "/nonexistent/soffice"
    page = client.get("/stats/").content.decode()
    assert "PDF不可用（服务器未安装LibreOffice）" in page and "/stats/report.pdf" not in page
    assert client.get("/stats/report.pdf").status_code == 503
