"""Reading uploaded tables (Excel .xlsx or CSV) the way every importer needs them.

Upper-level platforms and township offices send Excel files; some save them as CSV in GBK. This module
turns such a file into a header map (field → column) and numbered rows, and refuses what must not be
read: files over `settings.IMPORT_MAX_BYTES`, files that only pretend to be Excel, text in an encoding
we cannot tell, and formula cells (=HYPERLINK(…) and friends), which are named by row and column.

Memory stays bounded whatever the file holds: an .xlsx whose parts unpack to more than
IMPORT_MAX_UNPACKED_BYTES (a 1 MB file can hold a 1 GiB string) is refused before it is opened; rows
are streamed (openpyxl read_only), a file of more than IMPORT_MAX_ROWS rows is refused, a cell is cut
at IMPORT_MAX_CELL_CHARS (the importer then refuses it as too long, naming the column), and error lists
keep the first IMPORT_MAX_ERRORS entries and count the rest (`Capped`).
The importers (alerts, people) know their columns and what a cell means; nothing here does.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from io import BytesIO
from pathlib import Path
from typing import IO, Any, ClassVar, Protocol
from zipfile import BadZipFile, ZipFile

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

_UNIT = re.compile(r"[（(][^）)]*[）)]")  # 涉险金额（元）
_HEADER_NOISE = re.compile(r"[\s*＊：:/／、]")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8-sig reads plain UTF-8 too; GB18030 is a superset of GBK

Progress = Callable[[int, int], None]


DATA_LANGUAGE = "zh-hans"
"""The language of the files counties exchange: a template downloaded from the English pages still has
Chinese headers and an example row the importer takes (性别 女, not "Female"). Build templates inside
`translation.override(DATA_LANGUAGE)`."""


class TableError(Exception):
    """The file as a whole cannot be read; the message says why in words an operator understands."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    name: str
    header: Any  # the Chinese header written in templates and error messages
    aliases: tuple[str, ...] = ()
    required: bool = False
    # A phone or an amount: "+86 139 0000 0001" and "-120.50" are data in this column, not formulas.
    numeric: bool = False


def header_key(text: str) -> str:
    """Headers as people write them: 村（社区）, 手机号*, ' 身份证号 ', 村/社区 all compare equal to their core."""
    return _HEADER_NOISE.sub("", _UNIT.sub("", text)).lower()


MOMENT_PATTERNS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def cell_moment(value: Any) -> datetime | None:
    """A date-and-time cell: Excel's own date or time, or text such as 2024-05-01 10:03 (with / or T,
    with or without seconds or a time); made aware in the current time zone when it names none.
    None for an empty cell; ValueError for anything else (the importer names the column)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = cell_text(value).replace("/", "-").replace("T", " ")
        for pattern in MOMENT_PATTERNS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            raise ValueError(text)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _in_every_language(text: Any) -> list[str]:
    """Chinese first (DATA_LANGUAGE), then every other language the site has."""
    found = []
    for code in [DATA_LANGUAGE, *(code for code, _name in settings.LANGUAGES)]:
        with translation.override(code):
            found.append(str(text))
    return list(dict.fromkeys(found))


def header_map(headers: list[Any], columns: tuple[Column, ...]) -> dict[str, int]:
    """Column position per field, from a header row; unknown columns are ignored."""
    names: dict[str, str] = {}
    for column in columns:
        # The header in every language of the pages: a file made from the English ones says "Phone".
        for written in (*_in_every_language(column.header), *column.aliases):
            names.setdefault(header_key(written), column.name)
            names.setdefault(header_key(written.replace("（", "").replace("）", "")), column.name)
    found: dict[str, int] = {}
    for position, header in enumerate(headers):
        text = str(header or "")
        name = names.get(header_key(text)) or names.get(header_key(text.replace("（", "").replace("）", "")))
        if name and name not in found:
            found[name] = position
    return found


def missing_columns(found: dict[str, int], columns: tuple[Column, ...]) -> list[str]:
    return [str(c.header) for c in columns if c.required and c.name not in found]


def cell_text(value: Any) -> str:
    """A cell as text: numbers typed into number cells (a phone, 12.0) lose the '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


FORMULA_STARTS = ("=", "+", "-", "@")
"""What makes Excel or WPS read a cell as a formula once its leading spaces are gone (" =HYPERLINK(…)",
"+cmd|…", "-2+3", "@SUM(…)")."""
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"  # a BOM or zero-width characters pasted before the sign
_SIGNED_NUMBER = re.compile(r"^[+-][0-9 ()（）.,，\-]*$")  # +86 139 0000 0001, -120.50: no letters, no |


def is_formula(value: Any, *, numeric: bool = False) -> bool:
    """A cell Excel would run as a formula. In a numeric column (a phone, an amount) a sign followed by
    nothing but digits, spaces, dots, commas, parentheses and dashes is a number, not a formula."""
    if isinstance(value, str):
        text = value.strip().lstrip(_INVISIBLE).strip()
        if len(text) < 2 or not text.startswith(FORMULA_STARTS):
            return False
        return not (numeric and _SIGNED_NUMBER.match(text))
    # openpyxl's ArrayFormula / DataTableFormula objects
    return type(value).__name__ in {"ArrayFormula", "DataTableFormula"}


def write_row(sheet: Any, row: int, values: list[Any]) -> None:
    """One row of an exported sheet; every export (statistics, bad rows, templates) writes through this.
    Text that a spreadsheet would run as a formula ("=HYPERLINK(…)", "+cmd|…", "@SUM(…)", even a phone
    "+86…") is written as text with Excel's quote prefix: shown as typed, never run, not even once the
    cell is edited. (openpyxl would otherwise store a string starting with "=" as a live formula.)"""
    for column, value in enumerate(values, start=1):
        if is_formula(value) and not isinstance(value, str):
            value = str(getattr(value, "text", value))  # an ArrayFormula read from an upload
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str) and is_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1 (or wherever it was found)
    cells: list[Any]
    values: dict[str, Any]  # field → cell
    formulas: list[str] = field(default_factory=list)  # headers of the cells holding a formula
    too_long: list[str] = field(default_factory=list)  # headers of the cells cut at IMPORT_MAX_CELL_CHARS

    @property
    def refused(self) -> list[tuple[str, str]]:
        """(header, message) for every cell refused whatever the column: too long, or a formula."""
        return [(h, too_long_message()) for h in self.too_long] + [(h, formula_message()) for h in self.formulas]


@dataclass
class Table:
    headers: list[str]
    columns: dict[str, int]
    rows: Iterator[Row]
    estimated_rows: int  # for progress; exact for CSV, from the sheet's dimension for Excel
    header_row: int = 1


def _size_of(source: IO[bytes]) -> int:
    position = source.tell()
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def too_big_message() -> str:
    return _("文件超过 %(mb)d MB，请拆分后上传") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}


def too_many_rows_message() -> str:
    return _("文件超过 %(rows)d 行，请拆分后上传") % {"rows": settings.IMPORT_MAX_ROWS}


class Capped(list[Any]):
    """A list that keeps its first IMPORT_MAX_ERRORS items and counts all that were added (`total`):
    300,000 bad rows make 1,000 listed errors and the number 300,000, not 600,000 stored dicts."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__()
        self.total = 0
        self.extend(items)

    def append(self, item: Any) -> None:
        self.total += 1
        if len(self) < settings.IMPORT_MAX_ERRORS:
            super().append(item)

    def extend(self, items: Any) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items: Any) -> Capped:  # type: ignore[misc]
        self.extend(items)
        return self


def count_of(items: list[Any]) -> int:
    """How many were added to a list, `Capped` or not."""
    return getattr(items, "total", len(items))


def open_table(source: str | Path | IO[bytes], *, columns: tuple[Column, ...], filename: str | None = None) -> Table:
    """The first sheet of an .xlsx file, or a CSV file in UTF-8 (with or without BOM), GBK or GB18030.

    Raises TableError for a file too big, unreadable, or in an unknown encoding. The kind of file is
    told by its first bytes, not by its name: a text file renamed .xlsx is refused as not Excel.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        if path.stat().st_size > settings.IMPORT_MAX_BYTES:
            raise TableError(too_big_message())
        return open_table(BytesIO(path.read_bytes()), columns=columns, filename=filename or path.name)
    filename = (filename or getattr(source, "name", "") or "").lower()
    if _size_of(source) > settings.IMPORT_MAX_BYTES:
        raise TableError(too_big_message())
    head = source.read(8)
    source.seek(0)
    if head.startswith(_ZIP_MAGIC):
        return _open_xlsx(source, columns)
    if head.startswith(_OLE_MAGIC) or filename.endswith((".xls", ".et")):
        raise TableError(_("这是旧版Excel（.xls）文件：请在Excel中“另存为” .xlsx 后上传"))
    if filename.endswith((".xlsx", ".xlsm")):
        raise TableError(_("无法读取：文件扩展名是 .xlsx，但内容不是Excel文件"))
    return _open_csv(source.read(), columns)


def _unpacked_size(source: IO[bytes]) -> int:
    """What the parts of a zip file unpack to, as its directory says; zipfile never unpacks more than that
    (a part that holds more fails its check), so this bounds what openpyxl can read into memory."""
    try:
        with ZipFile(source) as archive:
            return sum(info.file_size for info in archive.infolist())
    finally:
        source.seek(0)


def _open_xlsx(source: IO[bytes], columns: tuple[Column, ...]) -> Table:
    try:
        if _unpacked_size(source) > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise TableError(
                _("文件解压后超过 %(mb)d MB（可能含超长文本），请检查后拆分上传")
                % {"mb": settings.IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024)}
            )
        # data_only=False: a formula cell reads as its formula, so that it can be refused by name.
        workbook = load_workbook(source, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        estimated = max(0, (sheet.max_row or 1) - 1)
        if estimated > settings.IMPORT_MAX_ROWS:
            raise TableError(too_many_rows_message())
        rows = sheet.iter_rows(values_only=True)
        return _table(((list(r)) for r in rows), columns, estimated)
    except (InvalidFileException, BadZipFile, KeyError, OSError, IndexError):
        raise TableError(_("无法读取：请上传 .xlsx 格式的Excel文件")) from None


def _open_csv(data: bytes, columns: tuple[Column, ...]) -> Table:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(_("无法识别CSV文件的编码：请保存为 UTF-8 或 GBK 编码，或上传 .xlsx 文件"))
    if "\x00" in text:
        raise TableError(_("无法读取：不是CSV文本文件，请上传 .xlsx 或 .csv 文件"))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    lines = text.splitlines()
    estimated = max(0, len(lines) - 1)
    if estimated > settings.IMPORT_MAX_ROWS:
        raise TableError(too_many_rows_message())
    return _table((list(r) for r in csv.reader(lines, dialect)), columns, estimated)


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _table(raw: Iterator[list[Any]], columns: tuple[Column, ...], estimated: int) -> Table:
    for number, cells in enumerate(raw, start=1):
        if _blank(cells):
            continue
        headers = [cell_text(c) for c in cells]
        found = header_map(headers, columns)
        numeric = {found[c.name] for c in columns if c.numeric and c.name in found}
        return Table(headers, found, _rows(raw, number + 1, headers, found, numeric), estimated, number)
    return Table([], {}, iter(()), 0)


def _rows(
    raw: Iterator[list[Any]], first: int, headers: list[str], found: dict[str, int], numeric: set[int]
) -> Iterator[Row]:
    seen, limit = 0, settings.IMPORT_MAX_CELL_CHARS
    for number, cells in enumerate(raw, start=first):
        if _blank(cells):
            continue
        seen += 1
        if seen > settings.IMPORT_MAX_ROWS:  # a sheet whose dimension said fewer
            raise TableError(too_many_rows_message())
        cells = [_cut(c) for c in cells]

        def header(i: int) -> str:
            return headers[i] if i < len(headers) and headers[i] else _("第 %(n)d 列") % {"n": i + 1}

        formulas = [header(i) for i, c in enumerate(cells) if is_formula(c, numeric=i in numeric)]
        too_long = [header(i) for i, c in enumerate(cells) if isinstance(c, str) and len(c) > limit]
        values = {name: cells[i] if i < len(cells) else None for name, i in found.items()}
        yield Row(number, cells, values, formulas, too_long)


def _cut(cell: Any) -> Any:
    """A text cell longer than any field holds, cut just past the limit: refused as too long, not kept whole."""
    limit = settings.IMPORT_MAX_CELL_CHARS
    if isinstance(cell, str) and len(cell) > limit:
        return cell[: limit + 1]
    return cell


def too_long_message() -> str:
    return _("内容过长（超过 %(n)d 字），不予导入") % {"n": settings.IMPORT_MAX_CELL_CHARS}


def formula_message() -> str:
    return _("单元格含公式，不予导入：请改为纯文本或数值")


def describe_error(error: dict[str, Any]) -> str:
    """第 12 行，身份证号：校验位错误 — one error as a sentence, for the terminal."""
    parts = []
    if error.get("row"):
        parts.append(_("第 %(row)d 行") % {"row": error["row"]})
    if error.get("field"):
        parts.append(str(error["field"]))
    head = "，".join(parts)
    return f"{head}：{error['message']}" if head else str(error["message"])


# --- the bad rows, back to the person who sent them ----------------------------------------------------


def bad_rows_workbook(headers: list[str], rows: list[tuple[list[Any], str]], *, title: str) -> bytes:
    """The rows that were not imported, as they came, with the reasons in a last column."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    write_row(sheet, 1, [*headers, str(_("错误原因"))])
    for line, (cells, reason) in enumerate(rows, start=2):
        write_row(sheet, line, [*cells, reason])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook(headers: list[str], example: list[Any], *, title: str) -> bytes:
    """The headers and one example row, for an upload page's "download the template" link (see
    DATA_LANGUAGE: the caller builds them in Chinese)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    write_row(sheet, 1, headers)
    write_row(sheet, 2, example)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ImportOutcome(Protocol):
    """What every importer returns, so that the job pages and the `import` command can report it."""

    rows: int
    errors: list[dict[str, Any]]  # {row, field, message}
    landed: bool

    @property
    def message(self) -> str: ...


@dataclass
class CountedImport:
    """An ImportOutcome for records that are new or were there already (same number or external id).
    Subclasses give the two sentences, with %(n)d, and %(rows)d %(created)d %(existing)d."""

    REFUSED: ClassVar[Any] = ""  # nothing landed: how many errors
    LANDED: ClassVar[Any] = ""  # what landed

    rows: int = 0
    created: int = 0
    existing: int = 0
    errors: list[dict[str, Any]] = field(default_factory=Capped)  # {row, field, message}
    landed: bool = False

    @property
    def message(self) -> str:
        if not self.landed:
            return str(self.REFUSED) % {"n": count_of(self.errors)}
        text = str(self.LANDED) % {"rows": self.rows, "created": self.created, "existing": self.existing}
        if self.errors:
            rows = len({e["row"] for e in self.errors})
            if count_of(self.errors) > len(self.errors):
                rows = count_of(self.errors)  # more than were kept: the count of errors stands for the rows
            text += _("，跳过错误行 %(n)d 行") % {"n": rows}
        return text
