"""Alerts from Excel files sent by upper-level platforms: Chinese headers, cells as people fill them.

This module knows the columns and how to read each cell; a row becomes an `AlertIntake`, or an error
naming the column. Rows are then received with `alerts_intake_batch`, a thousand at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.accounts.models import User
from fanzha.alerts.services import AlertInputError, AlertIntake, alerts_intake_batch, intake_errors
from fanzha.core import tabular
from fanzha.core.fastpath import fewer_collections
from fanzha.core.money import to_money
from fanzha.core.tabular import Column, TableError, cell_moment, cell_text
from fanzha.detection.taxonomy import fraud_code_of

_SPLIT = re.compile(r"[\n,，;；、|]+")  # not spaces: "+852 6123 4567" is one number

COLUMNS: tuple[Column, ...] = (
    Column("external_id", gettext_lazy("预警编号"), ("编号", "指令编号", "预警单号", "external_id"), required=True),
    Column("source", gettext_lazy("来源"), ("下发单位", "预警来源", "source")),
    Column("level", gettext_lazy("预警等级"), ("等级", "风险等级", "level"), required=True),
    Column("fraud_type", gettext_lazy("诈骗类型"), ("案件类型", "类型", "fraud_type"), required=True),
    Column(
        "victim_phone",
        gettext_lazy("手机号"),
        ("电话", "联系电话", "预警对象电话", "手机号码", "victim_phone"),
        numeric=True,
    ),
    Column("victim_name", gettext_lazy("姓名"), ("预警对象", "预警对象姓名", "victim_name")),
    Column("id_number", gettext_lazy("身份证号"), ("身份证号码", "证件号码", "id_number")),
    Column("address", gettext_lazy("地址"), ("住址", "现住址", "户籍地址", "address")),
    Column("amount_at_risk", gettext_lazy("涉险金额"), ("金额", "涉案金额", "amount_at_risk"), numeric=True),
    Column("issued_at", gettext_lazy("下发时间"), ("预警时间", "issued_at")),
    Column("description", gettext_lazy("预警内容"), ("内容", "简要案情", "备注", "description")),
    Column("suspect_phones", gettext_lazy("涉诈电话"), ("嫌疑电话", "诈骗电话"), numeric=True),
    Column("suspect_accounts", gettext_lazy("涉诈账户"), ("涉诈银行卡", "收款账户", "诈骗账户")),
    Column("suspect_urls", gettext_lazy("涉诈网址"), ("网址", "链接", "诈骗网址")),
    Column("suspect_apps", gettext_lazy("涉诈App"), ("App", "涉诈应用", "诈骗App")),
)

LEVELS = {"高": "high", "高风险": "high", "中": "medium", "中风险": "medium", "低": "low", "低风险": "low"}
# What people write for the types, besides the codes and the full names.
FRAUD_TYPE_ALIASES = {
    "刷单": "order_brushing",
    "虚假投资理财": "investment",
    "投资理财": "investment",
    "虚假购物": "shopping",
    "冒充客服": "customer_service",
    "冒充电商客服": "customer_service",
    "冒充物流客服": "customer_service",
    "虚假贷款": "loan",
    "贷款诈骗": "loan",
    "征信": "credit_repair",
    "冒充领导": "impersonate_acquaintance",
    "冒充熟人": "impersonate_acquaintance",
    "冒充公检法": "impersonate_authority",
    "婚恋交友": "romance",
    "杀猪盘": "romance",
    "游戏交易": "game_trading",
    "网络游戏虚假交易": "game_trading",
    "其他": "other_fraud",
}


def header_map(headers: list[Any]) -> dict[str, int]:
    """Column position per field, from a header row; unknown columns are ignored."""
    return tabular.header_map(headers, COLUMNS)


def missing_columns(found: dict[str, int]) -> list[str]:
    return tabular.missing_columns(found, COLUMNS)


_text = cell_text


def _level(value: Any) -> str:
    text = _text(value)
    return LEVELS.get(text, text.lower())


def _fraud_type(value: Any) -> str:
    return fraud_code_of(_text(value), FRAUD_TYPE_ALIASES)


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return to_money(value)
    except ValueError:
        raise AlertInputError("amount_at_risk", _("不是金额：%(value)s") % {"value": _text(value)}) from None


def _moment(value: Any) -> datetime | None:
    try:
        return cell_moment(value)
    except ValueError:
        raise AlertInputError("issued_at", _("时间应写作 2024-05-01 10:03")) from None


def _many(value: Any) -> list[str]:
    return [part.strip() for part in _SPLIT.split(_text(value)) if part.strip()]


def row_to_intake(cells: dict[str, Any], *, default_source: str) -> tuple[AlertIntake | None, list[AlertInputError]]:
    """One row (field → cell value) → an AlertIntake, or every error in it, each naming its field."""
    errors: list[AlertInputError] = []

    def read(reader: Callable[[Any], Any], name: str) -> Any:
        try:
            return reader(cells.get(name))
        except AlertInputError as exc:
            errors.append(exc)
            return None

    data = AlertIntake(
        external_id=_text(cells.get("external_id")),
        source=_text(cells.get("source")) or default_source,
        level=_level(cells.get("level")),
        fraud_type=_fraud_type(cells.get("fraud_type")),
        victim_phone=_text(cells.get("victim_phone")),
        victim_name=_text(cells.get("victim_name")),
        id_number=_text(cells.get("id_number")),
        address=_text(cells.get("address")),
        amount_at_risk=read(_amount, "amount_at_risk"),
        issued_at=read(_moment, "issued_at"),
        description=_text(cells.get("description")),
        suspect_phones=_many(cells.get("suspect_phones")),
        suspect_accounts=_many(cells.get("suspect_accounts")),
        suspect_urls=_many(cells.get("suspect_urls")),
        suspect_apps=_many(cells.get("suspect_apps")),
    )
    errors += intake_errors(data)
    return (None, errors) if errors else (data, [])


def header_of(field: str) -> str:
    """The Chinese column header for a field, for error messages ("第 12 行 诈骗类型：…")."""
    for column in COLUMNS:
        if column.name == field or field.startswith(column.name):
            return str(column.header)
    return field


# --- reading a file and landing it ------------------------------------------------------------------


class ImportReport(tabular.CountedImport):
    REFUSED = gettext_lazy("发现 %(n)d 处错误，未导入任何预警。请改正后重新上传，或选择“跳过错误行”。")
    LANDED = gettext_lazy("共 %(rows)d 行：新接收 %(created)d 条，已存在 %(existing)d 条")


def alerts_import(
    *,
    path: str | Path | IO[bytes],
    by: User | None,
    skip_bad: bool = False,
    default_source: str = "Excel",
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every row first; land none if any is bad (unless `skip_bad`), then receive the good ones.

    Landing goes a thousand rows at a time: each row is idempotent on its external_id, so a file cut
    off by a crash is finished by importing it again.
    """
    report = ImportReport()
    try:
        table = tabular.open_table(path, columns=COLUMNS)
    except TableError as exc:
        report.errors.append({"row": None, "field": "", "message": exc.message})
        return report
    missing = missing_columns(table.columns)
    if missing:
        report.errors.append({"row": table.header_row, "field": "、".join(missing), "message": _("缺少必需的列")})
        return report
    with fewer_collections():  # a hundred thousand rows read, then received
        items: list[AlertIntake] = []
        for row in table.rows:
            report.rows += 1
            if row.too_long:
                message = tabular.too_long_message()
                report.errors += [{"row": row.number, "field": h, "message": message} for h in row.too_long]
                continue
            if row.formulas:
                message = tabular.formula_message()
                report.errors += [{"row": row.number, "field": h, "message": message} for h in row.formulas]
                continue
            data, errors = row_to_intake(row.values, default_source=default_source)
            if data is not None:
                items.append(data)
            report.errors += [{"row": row.number, "field": header_of(e.field), "message": e.message} for e in errors]
        if report.errors and not skip_bad:
            return report
        total = len(items)
        if progress:
            progress(0, total)
        result = alerts_intake_batch(
            items=items, by=by, progress=(lambda done: progress(done, total)) if progress else None
        )
    report.created, report.existing, report.landed = result.created, result.existing, True
    return report


def alerts_import_file(
    *, path: Path, by: User | None = None, skip_bad: bool = False, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """For `fanzha import alerts FILE` (registered in AlertsConfig.ready)."""
    return alerts_import(path=path, by=by, skip_bad=skip_bad, progress=progress)


def template_workbook() -> bytes:
    """The headers and one example row, for the upload page's "download the template" link."""
    with translation.override(tabular.DATA_LANGUAGE):  # data, not pages: the importer reads Chinese
        return tabular.template_workbook(
            [str(c.header) for c in COLUMNS],
            [
                "YN-2024-000123",
                _("省反诈中心"),
                _("高"),
                _("冒充公检法及政府机关"),
                "13900000001",
                "",
                "",
                _("牟定县共和镇天台社区3组12号"),
                "50000",
                "2024-05-01 10:03",
                "",
                "+852 6123 4567",
                "6222 0212 3456 7890",
                "",
                "",
            ],
            title=str(_("预警")),
        )
