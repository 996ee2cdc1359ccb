"""Reading a list of App registrations (Excel or CSV; CSV in UTF-8 or GBK) into RegistrationRows.

No shared tabular reader exists in core yet, so this reads with openpyxl / csv directly; the columns are
found by their headers (手机号, 姓名, 注册日期, optionally 村（社区）), in any order.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from datetime import date, datetime, timedelta
from typing import IO, Any

from django.utils.translation import gettext as _

from fanzha.outreach.services import OutreachError, RegistrationRow

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000

HEADERS: dict[str, tuple[str, ...]] = {
    "phone": ("手机号", "手机号码", "电话", "联系电话", "注册手机号", "phone", "mobile"),
    "name": ("姓名", "name"),
    "registered_on": ("注册日期", "注册时间", "日期", "registered_on", "date"),
    "village": ("村（社区）", "村(社区)", "村社区", "村", "社区", "village"),
}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20_000 < value < 80_000:  # an Excel serial day number
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = str(value).strip()
    match = _DATE.match(text)
    if match is None and re.fullmatch(r"\d{8}", text):
        match = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed into Excel as a number
    return str(value).strip()


def _columns(header: list[Any]) -> dict[str, int]:
    names = [_cell_text(h).replace(" ", "").lower() for h in header]
    found: dict[str, int] = {}
    for key, options in HEADERS.items():
        for i, name in enumerate(names):
            if name in options:
                found[key] = i
                break
    missing = [HEADERS[k][0] for k in ("phone", "registered_on") if k not in found]
    if missing:
        raise OutreachError("file", _("缺少列：%(cols)s") % {"cols": "、".join(missing)})
    return found


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise OutreachError("file", _("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV，或 Excel 文件"))


def _table(upload: IO[bytes], filename: str) -> list[list[Any]]:
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OutreachError("file", _("文件过大（上限 10 MB）"))
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise OutreachError("file", _("无法读取 Excel 文件，请确认是 .xlsx 格式")) from None
        sheet = workbook.worksheets[0]
        rows = [list(r) for _, r in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)]
        workbook.close()
        return rows
    text = _decode(data)
    dialect: Any = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    return [row for _, row in zip(range(MAX_ROWS + 2), csv.reader(io.StringIO(text), dialect), strict=False)]


def read_registrations(upload: IO[bytes], filename: str = "") -> list[RegistrationRow]:
    table = [row for row in _table(upload, filename)]
    while table and not any(_cell_text(c) for c in table[0]):
        table.pop(0)
    if not table:
        raise OutreachError("file", _("文件是空的"))
    if len(table) > MAX_ROWS + 1:
        raise OutreachError("file", _("行数过多（上限 %(n)s 行），请分批导入") % {"n": MAX_ROWS})
    cols = _columns(table[0])

    def cell(row: list[Any], key: str) -> Any:
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) else None

    result = []
    for number, row in enumerate(table[1:], start=2):
        if not any(_cell_text(c) for c in row):
            continue
        result.append(
            RegistrationRow(
                row=number,
                phone=_cell_text(cell(row, "phone")),
                name=_cell_text(cell(row, "name")),
                registered_on=parse_day(cell(row, "registered_on")),
                village=_cell_text(cell(row, "village")),
            )
        )
    return result
