"""Reading a list of App registrations (Excel or CSV; CSV in UTF-8 or GBK) and importing it.

The file is read through `fanzha.core.tabular` (size limit, encoding detection, formula refusal,
header variants); the columns are found by their headers (手机号, 姓名, 注册日期, optionally 村（社区）),
in any order. The matching itself is `services.registrations_import`. The upload page runs this in a
background job (`outreach.tasks.import_registrations_job`); `fanzha import app_registrations FILE`
runs it from a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.core import tabular
from fanzha.core.tabular import Column, Progress, TableError, cell_text
from fanzha.outreach.services import OutreachError, RegistrationRow

MAX_ROWS = 50_000

COLUMNS: tuple[Column, ...] = (
    Column(
        "phone",
        gettext_lazy("手机号"),
        ("手机号码", "电话", "联系电话", "注册手机号", "phone", "mobile"),
        required=True,
        numeric=True,
    ),
    Column("name", gettext_lazy("姓名"), ("name",)),
    Column(
        "registered_on",
        gettext_lazy("注册日期"),
        ("注册时间", "日期", "registered_on", "date"),
        required=True,
    ),
    Column("village", gettext_lazy("村（社区）"), ("村(社区)", "村社区", "村", "社区", "village")),
)
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


@dataclass
class RegistrationSheet:
    """The rows of a file, with each row's cells as sent (for the error file) and the rows refused
    while reading (formula cells), already with their reason."""

    headers: list[str] = field(default_factory=list)
    rows: list[RegistrationRow] = field(default_factory=list)
    cells: dict[int, list[Any]] = field(default_factory=dict)  # row number → cells as sent
    refused: list[dict[str, Any]] = field(default_factory=list)  # {row, field, message, …}


def read_registrations(source: str | Path | IO[bytes], filename: str | None = None) -> RegistrationSheet:
    """Raises OutreachError("file", …) when the file as a whole cannot be read."""
    try:
        table = tabular.open_table(source, columns=COLUMNS, filename=filename)
    except TableError as exc:
        raise OutreachError("file", exc.message) from None
    if not table.headers:
        raise OutreachError("file", _("文件是空的"))
    missing = tabular.missing_columns(table.columns, COLUMNS)
    if missing:
        raise OutreachError("file", _("缺少列：%(cols)s") % {"cols": "、".join(missing)})
    sheet = RegistrationSheet(headers=table.headers)
    for count, row in enumerate(table.rows, start=1):
        if count > MAX_ROWS:
            raise OutreachError("file", _("行数过多（上限 %(n)s 行），请分批导入") % {"n": MAX_ROWS})
        sheet.cells[row.number] = row.cells
        values = row.values
        if row.refused:
            message = "；".join(dict.fromkeys(m for _h, m in row.refused))
            sheet.refused.append(
                {
                    "row": row.number,
                    "field": "、".join(h for h, _m in row.refused),
                    "message": message,
                    "reason": message,
                    "phone": "",
                    "name": "",
                }
            )
            continue
        sheet.rows.append(
            RegistrationRow(
                row=row.number,
                phone=cell_text(values.get("phone")),
                name=cell_text(values.get("name")),
                registered_on=parse_day(values.get("registered_on")),
                village=cell_text(values.get("village")),
            )
        )
    return sheet


@dataclass
class RegistrationImportReport:
    """What an import did; an `ImportOutcome` for the job page and `fanzha import`."""

    rows: int = 0
    matched: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)  # {row, field, message, phone, name, reason}
    landed: bool = False
    headers: list[str] = field(default_factory=list)
    bad_rows: list[tuple[list[Any], str]] = field(default_factory=list)  # cells as sent, and why

    @property
    def unmatched(self) -> int:
        return tabular.count_of(self.bad_rows) if self.landed else 0

    @property
    def message(self) -> str:
        if not self.landed:
            reason = self.errors[0]["message"] if self.errors else ""
            return _("无法导入：%(reason)s") % {"reason": reason}
        return _("共 %(rows)d 行：匹配 %(matched)d 人（新登记或更新注册日期 %(updated)d 人），未匹配 %(n)d 行。") % {
            "rows": self.rows,
            "matched": self.matched,
            "updated": self.updated,
            "n": self.unmatched,
        }


def registrations_import_source(
    *,
    source: str | Path | IO[bytes],
    by: Any,
    filename: str | None = None,
    progress: Progress | None = None,
) -> RegistrationImportReport:
    """Read the file and match every row; matched residents get their date (the earliest wins), every
    other row is listed back with its reason. `by=None` (the command line without --user) matches in
    the whole county."""
    from fanzha.outreach.services import registrations_import

    report = RegistrationImportReport()
    try:
        sheet = read_registrations(source, filename)
    except OutreachError as exc:
        report.errors.append({"row": None, "field": "", "message": exc.message})
        return report
    report.headers = sheet.headers
    result = registrations_import(rows=sheet.rows, by=by, progress=progress, offset=len(sheet.refused))
    unmatched = sorted([*sheet.refused, *result.unmatched], key=lambda u: u["row"])
    report.rows = result.rows + len(sheet.refused)
    report.matched = result.matched
    report.updated = result.updated
    report.errors = tabular.Capped(unmatched)
    report.bad_rows = tabular.Capped((sheet.cells.get(u["row"], []), u["reason"]) for u in unmatched)
    report.landed = True
    if progress:
        progress(report.rows, report.rows)
    return report


def registrations_import_file(
    *, path: Path, by: Any = None, skip_bad: bool = False, progress: Progress | None = None
) -> RegistrationImportReport:
    """For `fanzha import app_registrations FILE` (registered in OutreachConfig.ready).

    `skip_bad` changes nothing: matched rows always land and the unmatched ones are always listed,
    since a national list always holds people from outside the importer's jurisdiction."""
    return registrations_import_source(source=path, by=by, filename=path.name, progress=progress)


def bad_rows_file(report: RegistrationImportReport) -> bytes:
    return tabular.bad_rows_workbook(report.headers, report.bad_rows, title=str(_("未匹配的行")))
