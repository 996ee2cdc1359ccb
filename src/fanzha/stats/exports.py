"""Exports: every dashboard table to Excel, and the monthly report in Word (the official document format,
core.gongwen) with charts drawn by Pillow (ECharts runs only in a browser). Both reuse the dashboard's
queries, so they run in the request."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from PIL import Image, ImageDraw, ImageFont

from fanzha.cases.models import Case, DocumentSettings
from fanzha.core.gongwen import OfficialDocument
from fanzha.core.logging import redact
from fanzha.core.tabular import write_row
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.stats.periods import NEW
from fanzha.stats.ranking import BY_CODE as BY_RANK
from fanzha.stats.ranking import Ranking
from fanzha.stats.sources import NotApplicable, base_queryset
from fanzha.stats.tables import Dashboard, filter_description, format_value

FONT_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
TYPICAL_CASES = 3
RANKING_NOTE = _lazy(
    "时间按北京时间自然日计，起止日均含；万人发案率为发案数除以在册居民数再乘一万；反诈App注册率为统计期末已注册"
    "居民占在册居民的比例；劝阻成功率为统计期内接收且已办结的预警中劝阻成功的比例（不含核实为非诈骗的）；"
    "发案数、损失金额的变化为较对比期增减的百分比，比率的变化为百分点；合计为各县相加。"
)


def _cell(value: Any) -> Any:
    """Numbers stay numbers in Excel (Decimal money as exact 2-place values); None as empty."""
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
    return value


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    write_row(sheet, 1, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line, row in enumerate(rows, start=2):
        write_row(sheet, line, [_cell(v) for v in row])
    for i, name in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(12, len(name) * 2 + 4)


def workbook(board: Dashboard) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        _("指标"),
        [_("指标"), _("单位"), _("本期"), _("上期"), _("去年同期"), _("环比"), _("同比"), _("口径")],
        [
            [
                c.name,
                c.unit_label,
                c.figure.value if c.figure.status == "ok" else format_value(None, "", c.figure.status),
                c.figure.previous,
                c.figure.year_ago,
                c.mom,
                c.yoy,
                c.definition,
            ]
            for c in board.cards
        ],
    )
    _sheet(
        book,
        _("分乡镇"),
        [_("乡镇"), _("接收预警"), _("劝阻成功率(%)"), _("发案数"), _("损失金额(元)"), _("止付金额(元)")],
        [
            [t["name"], t["alerts"], t["dissuasion_rate"], t["cases"], t["losses"], t["stopped"]]
            for t in board.townships
        ],
    )
    _sheet(
        book,
        _("分诈骗类型"),
        [_("诈骗类型"), _("接收预警"), _("发案数"), _("损失金额(元)")],
        [[f["name"], f["alerts"], f["cases"], f["losses"]] for f in board.fraud_types],
    )
    months = board.trend["months"]
    _sheet(
        book,
        _("月度趋势"),
        [_("月份"), *[s["name"] for s in board.trend["series"]]],
        [[m, *[s["values"][i] for s in board.trend["series"]]] for i, m in enumerate(months)],
    )
    _sheet(book, _("处置漏斗"), [_("环节"), _("数量")], [[s["name"], s["value"]] for s in board.funnel])
    info = book.create_sheet(_("说明"))
    write_row(info, 1, [_("统计期"), board.period.label])
    write_row(info, 2, [_("筛选"), filter_description(board.scope) or _("无")])
    write_row(
        info, 3, [_("口径"), _("时间按北京时间自然日计，起止日均含；百分比保留两位小数（四舍五入）；金额精确到分。")]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- charts as images --------------------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_PATHS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default()


COLOURS = ["#0b5cad", "#c62828", "#2e7d32", "#b26a00"]


BAR_TITLE_SIZE, BAR_LABEL_SIZE = 30, 20


def bar_layout(labels: list[str], values: list[float]) -> dict[str, Any]:
    """Where the title, each bar and each value label go (pixels, (x0, y0, x1, y1)). The plot starts
    below the title with room for the tallest bar's value label, so a label never runs into the
    title."""
    width, height, left, bottom = 1200, 600, 110, 120
    title_box = (left, 20, width - 40, 20 + BAR_TITLE_SIZE + 8)
    top = title_box[3] + BAR_LABEL_SIZE + 16
    peak = max(values, default=0) or 1
    plot_h = height - top - bottom
    slot = (width - left - 60) / max(len(values), 1)
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x0, x1 = left + i * slot + slot * 0.2, left + (i + 1) * slot - slot * 0.2
        y0 = height - bottom - plot_h * value / peak
        bars.append(
            {
                "label": label[:6],
                "value": f"{value:g}",
                "bar": (x0, y0, x1, height - bottom),
                "value_box": (x0, y0 - BAR_LABEL_SIZE - 8, x1, y0 - 4),
            }
        )
    return {"size": (width, height), "title": title_box, "axis": (left, height - bottom, width - 40), "bars": bars}


def bar_chart(title: str, labels: list[str], values: list[float]) -> bytes:
    layout = bar_layout(labels, values)
    image = Image.new("RGB", layout["size"], "white")
    draw = ImageDraw.Draw(image)
    draw.text(layout["title"][:2], title, fill="#1d2433", font=_font(BAR_TITLE_SIZE))
    left, base, right = layout["axis"]
    draw.line((left, base, right, base), fill="#5b6475", width=2)
    small = _font(BAR_LABEL_SIZE)
    for bar in layout["bars"]:
        draw.rectangle(bar["bar"], fill=COLOURS[0])
        draw.text(bar["value_box"][:2], bar["value"], fill="#1d2433", font=small)
        draw.text((bar["bar"][0], base + 10), bar["label"], fill="#1d2433", font=small)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[float | None]]]) -> bytes:
    width, height, left, bottom, top = 1200, 600, 110, 110, 110
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((left, 20), title, fill="#1d2433", font=_font(30))
    small = _font(20)
    peak = max((v for _n, vs in series for v in vs if v is not None), default=0) or 1
    plot_w, plot_h = width - left - 60, height - top - bottom
    draw.line((left, height - bottom, left + plot_w, height - bottom), fill="#5b6475", width=2)
    draw.line((left, top, left + plot_w, top), fill="#dfe3ea", width=1)  # the scale: peak and zero
    draw.text((left - 100, top - 12), f"{peak:,.0f}", fill="#5b6475", font=small)
    draw.text((left - 40, height - bottom - 12), "0", fill="#5b6475", font=small)
    step = plot_w / max(len(labels) - 1, 1)
    for i, label in enumerate(labels):
        draw.text((left + i * step - 30, height - bottom + 10), label, fill="#1d2433", font=small)
    for k, (name, values) in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        draw.text((left + k * 220, 65), f"■ {name}", fill=colour, font=small)
        points = [(left + i * step, height - bottom - plot_h * v / peak) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            draw.line(points, fill=colour, width=4)
        for x, y in points:
            draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- the monthly report ------------------------------------------------------------------------------


def deidentify(text: str, names: list[str]) -> str:
    """Typical cases go to the leadership without anyone's name, phone or ID number."""
    for name in filter(None, names):
        text = text.replace(name, name[0] + "某")
    return redact(text)


def typical_cases(board: Dashboard) -> list[dict[str, Any]]:
    """The period's largest losses, de-identified: type, township, gender and age band, loss, story."""
    from fanzha.stats.indicators import SOURCES

    try:
        resolved = SOURCES["cases"].resolve()
        qs = base_queryset(resolved, board.scope).filter(resolved.period_q(board.period))
    except NotApplicable:
        return []
    result = []
    case: Case
    for case in qs.select_related("township", "victim_resident").order_by("-loss_amount")[:TYPICAL_CASES]:
        kind = FRAUD_TYPES.get(case.fraud_type)
        age = case.victim_age
        gender = {"M": _("男"), "F": _("女")}.get(case.victim_gender, "")
        names = [case.victim_name]
        resident = case.victim_resident
        if resident is not None:
            names.append(resident.name)
        result.append(
            {
                "type": kind.name_zh if kind else "",
                "township": case.township.name if case.township else "",
                "who": _("，受害人%(who)s")
                % {
                    "who": "，".join(
                        filter(
                            None,
                            [
                                gender,
                                _("%(lo)d–%(hi)d岁") % {"lo": age // 10 * 10, "hi": age // 10 * 10 + 9} if age else "",
                            ],
                        )
                    )
                }
                if gender or age
                else "",
                "loss": format_value(case.loss_amount, "money"),
                "summary": deidentify(case.summary, names),
            }
        )
    return result


def monthly_report(board: Dashboard, letterhead: DocumentSettings | None = None, *, monthly: bool = True) -> bytes:
    """The monthly report (or, for a period that is not one month, the 期间报告) as an official document
    (core.gongwen): figures, charts, the main fraud types and de-identified typical cases, under the
    county bureau's heading."""
    today = timezone.localdate()
    bureau = letterhead.bureau if letterhead is not None else ""
    # The period on a line of its own under the title, rather than wherever the title happens to wrap.
    name = _("电信网络诈骗防治工作月报") if monthly else _("电信网络诈骗防治工作期间报告")
    title = name + "\n" + _("（%(p)s）") % {"p": board.period.label}
    doc = OfficialDocument(issuer=bureau, title=title)
    doc.paragraph(
        _(
            "统计口径：时间按北京时间自然日计，起止日均含；环比与上一个统计期比较，同比与上年同期比较，"
            "百分比保留两位小数（四舍五入），比率的环比、同比以百分点计；金额单位元，精确到分。"
        )
    )

    doc.heading(_("主要指标"))
    doc.table(
        [_("指标"), _("本期"), _("上期"), _("环比"), _("同比")],
        [
            [card.name, card.display, card.previous_display, card.mom, card.yoy]
            for card in board.cards
            if card.figure.status == "ok"
        ],
        widths_mm=[48, 27, 27, 27, 27],
    )

    doc.heading(_("趋势与分布"))
    months = board.trend["months"]
    counts = [(s["name"], s["values"]) for s in board.trend["series"] if s["unit"] == "count"]
    if counts:
        doc.picture(line_chart(_("近12个月走势"), [m[2:] for m in months], counts))
    if board.townships:
        names = [t["name"] for t in board.townships]
        doc.picture(bar_chart(_("各乡镇接收预警数"), names, [float(t["alerts"]) for t in board.townships]))

    doc.heading(_("主要诈骗类型"))
    top = board.fraud_types[:5]
    if top:
        doc.table(
            [_("诈骗类型"), _("发案数"), _("损失金额"), _("接收预警")],
            [[f["name"], str(f["cases"]), format_value(f["losses"], "money"), str(f["alerts"])] for f in top],
            widths_mm=[56, 30, 40, 30],
        )
    else:
        doc.paragraph(_("本期无发案和预警记录。"))

    doc.heading(_("典型案例"))
    cases = typical_cases(board)
    if not cases:
        doc.paragraph(_("本期无典型案例。"))
    for case in cases:
        doc.heading(
            _("%(type)s（%(township)s）") % case,
            level=2,
            run_on=_("%(who)s损失%(loss)s。") % {**case, "who": case["who"].lstrip("，") + "，" if case["who"] else ""},
        )
        if case["summary"]:
            doc.paragraph(case["summary"])

    if letterhead is not None:
        doc.signature(letterhead.bureau, today)
        doc.record(copy_to=letterhead.copy_to_list, printer=letterhead.printer, printed_on=today)
    return doc.to_bytes()


# --- the county ranking (ranking.py) -----------------------------------------------------------------


def _ranking_header(ranking: Ranking) -> list[str]:
    header = [_("名次"), _("县（市）"), _("在册居民")]
    for column in ranking.columns:
        unit = {"money": _("(元)"), "percent": "(%)", "per_10k": _("(件/万人)")}.get(column.unit, "")
        change = _("(百分点)") if column.unit == "percent" else "(%)"
        header += [f"{column.name}{unit}", f"{column.name}{ranking.compare_label}{change}"]
    return header


def _ranking_cells(ranking: Ranking, row: Any) -> list[Any]:
    cells: list[Any] = [row.rank if row.county is not None else "", row.name, row.residents]
    for column in ranking.columns:
        moved = row.change(column.code)
        cells += [row.values[column.code], str(moved) if moved == NEW else moved]
    return cells


def ranking_workbook(ranking: Ranking) -> bytes:
    """The ranking as one sheet, numbers as numbers (changes: % of the base; rates: 百分点), and a note."""
    book = Workbook()
    book.remove(book.active)
    rows = [_ranking_cells(ranking, row) for row in ranking.rows]
    rows.append(_ranking_cells(ranking, ranking.total))
    _sheet(book, _("各县排名"), _ranking_header(ranking), rows)
    info = book.create_sheet(_("说明"))
    write_row(info, 1, [_("统计期"), ranking.period.label])
    write_row(info, 2, [_("对比期"), f"{ranking.compare_label} {ranking.base_period.label}"])
    write_row(info, 3, [_("排序"), f"{BY_RANK[ranking.sort].name}"])
    write_row(info, 4, [_("口径"), str(RANKING_NOTE)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ranking_report(ranking: Ranking, issuer: str) -> bytes:
    """The ranking as an official document (core.gongwen) under the prefecture bureau's heading."""
    today = timezone.localdate()
    title = _("各县（市）电信网络诈骗防治工作情况通报") + "\n" + _("（%(p)s）") % {"p": ranking.period.label}
    doc = OfficialDocument(issuer=issuer, title=title)
    doc.paragraph(
        _(
            "现将%(p)s各县（市）电信网络诈骗发案、损失、反诈App注册和预警劝阻情况通报如下（按%(sort)s排名，%(compare)s与%(base)s比较）。"
        )
        % {
            "p": ranking.period.label,
            "sort": BY_RANK[ranking.sort].name,
            "compare": ranking.compare_label,
            "base": ranking.base_period.label,
        }
    )
    doc.heading(_("发案和损失"))
    doc.table(
        [_("名次"), _("县（市）"), _("发案数"), ranking.compare_label, _("损失金额"), _("万人发案率")],
        [
            [
                str(row.rank or "—") if row.county is not None else "",
                row.name,
                row.display("cases"),
                row.change_display("cases"),
                row.display("losses"),
                row.display("cases_per_10k"),
            ]
            for row in [*ranking.rows, ranking.total]
        ],
        widths_mm=[14, 26, 22, 26, 38, 30],
    )
    doc.heading(_("反诈App注册和预警劝阻"))
    doc.table(
        [_("县（市）"), _("App注册率"), ranking.compare_label, _("劝阻成功率"), ranking.compare_label],
        [
            [
                row.name,
                row.display("app_registration_rate"),
                row.change_display("app_registration_rate"),
                row.display("dissuasion_rate"),
                row.change_display("dissuasion_rate"),
            ]
            for row in [*ranking.rows, ranking.total]
        ],
        widths_mm=[30, 26, 36, 26, 36],
    )
    doc.paragraph(_("说明：") + str(RANKING_NOTE))
    doc.signature(issuer, today)
    return doc.to_bytes()
