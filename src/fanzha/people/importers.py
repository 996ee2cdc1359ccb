"""Residents, households and organisations from an Excel or CSV file with Chinese headers.

Every row is checked before anything lands: the ID number's check digit, the phone, the township and
village (written with or without 镇/乡/村委会/社区居委会), the grid and ten-household group within the
village, the key-group tags, duplicates inside the file. Places, tags, organisations and the residents
already known are loaded once; nothing here asks the database per row. A resident already on file with
the same ID number (or, without one, the same name and phone) is updated, so importing a file twice
changes nothing the second time. Residents with the same 住址 in the same village form one household.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.core import tabular
from fanzha.core.ids import birth_date_from_id, gender_from_id, validate_id_number
from fanzha.core.phones import normalize_phone
from fanzha.core.tabular import Column, Progress, TableError, cell_text
from fanzha.people.models import KeyGroup, Organisation
from fanzha.places.models import Grid, TenHouseholdGroup, Township, Village

COLUMNS: tuple[Column, ...] = (
    Column("name", gettext_lazy("姓名"), ("名字", "居民姓名"), required=True),
    Column("gender", gettext_lazy("性别"), ("性別",)),
    Column("id_number", gettext_lazy("身份证号"), ("身份证号码", "公民身份号码", "证件号码", "身份证")),
    Column("phone", gettext_lazy("手机号"), ("手机", "手机号码", "联系电话", "电话", "联系方式"), numeric=True),
    Column("address", gettext_lazy("住址"), ("地址", "家庭住址", "现住址", "居住地址")),
    Column("township", gettext_lazy("乡镇"), ("乡镇（街道）", "所属乡镇", "镇", "乡", "街道"), required=True),
    Column(
        "village",
        gettext_lazy("村/社区"),
        ("村（社区）", "村居", "所属村（社区）", "所属村", "村委会", "社区", "村"),
        required=True,
    ),
    Column("grid", gettext_lazy("网格"), ("所属网格", "网格名称")),
    Column("group", gettext_lazy("十户一体组"), ("十户一体", "十户联防组", "联户组")),
    Column("organisation", gettext_lazy("工作单位"), ("单位", "所在单位", "工作单位名称")),
    Column("categories", gettext_lazy("人员类别"), ("人员类型", "重点人群", "类别")),
    Column("app_registered_on", gettext_lazy("反诈App注册日期"), ("国家反诈中心App注册日期", "App注册日期")),
)
HEADERS = {c.name: c.header for c in COLUMNS}

_TOWNSHIP_SUFFIXES = ("街道办事处", "办事处", "街道", "镇", "乡")
_VILLAGE_SUFFIXES = ("社区居民委员会", "村民委员会", "社区居委会", "居民委员会", "村委会", "居委会", "社区", "村")
_SPACE = re.compile(r"\s+")
_CATEGORY_SPLIT = re.compile(r"[,，、;；\s]+")
GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
# What people write in 人员类别 besides the key groups' own names and codes.
KEY_GROUP_ALIASES = {
    "会计": "accountant",
    "财务": "accountant",
    "会计人员": "accountant",
    "财务人员": "accountant",
    "老师": "teacher",
    "在校学生": "student",
    "公务员": "civil_servant",
    "干部": "civil_servant",
    "老人": "elderly",
    "老年": "elderly",
    "无业": "unemployed",
}


def place_stem(name: str, suffixes: tuple[str, ...]) -> str:
    """共丰村委会 → 共丰, 天台社区居委会 → 天台, 共和镇 → 共和: the part people always write."""
    name = _SPACE.sub("", name)
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class _Names:
    """Names → objects, matched exactly first, then by stem when the stem is unambiguous."""

    def __init__(self, suffixes: tuple[str, ...]) -> None:
        self.suffixes = suffixes
        self.exact: dict[str, int] = {}
        self.stems: dict[str, set[int]] = {}

    def add(self, name: str, pk: int) -> None:
        self.exact[_SPACE.sub("", name)] = pk
        self.stems.setdefault(place_stem(name, self.suffixes), set()).add(pk)

    def find(self, name: str) -> int | None:
        name = _SPACE.sub("", name)
        if name in self.exact:
            return self.exact[name]
        # 新村 for 新村村: what was written may be the bare name; else strip its own suffix (新村村委会).
        for key in (name, place_stem(name, self.suffixes)):
            found = self.stems.get(key, set())
            if len(found) == 1:
                return next(iter(found))
        return None


class Directory:
    """Everything a row is checked against, loaded in a handful of queries."""

    def __init__(self) -> None:
        self.townships = _Names(_TOWNSHIP_SUFFIXES)
        self.township_names: dict[int, str] = {}
        for pk, name in Township.objects.values_list("pk", "name"):
            self.townships.add(name, pk)
            self.township_names[pk] = name
        self.villages: dict[int, _Names] = {}
        for pk, township_id, name in Village.objects.values_list("pk", "township_id", "name"):
            self.villages.setdefault(township_id, _Names(_VILLAGE_SUFFIXES)).add(name, pk)
        self.grids = {(v, _SPACE.sub("", n)): pk for pk, v, n in Grid.objects.values_list("pk", "village_id", "name")}
        self.groups = {
            (v, _SPACE.sub("", n)): pk for pk, v, n in TenHouseholdGroup.objects.values_list("pk", "village_id", "name")
        }
        self.organisations = {(t, n): pk for pk, t, n in Organisation.objects.values_list("pk", "township_id", "name")}
        self.key_groups: dict[str, int] = {}
        codes: dict[str, int] = {}
        for pk, code, name in KeyGroup.objects.values_list("pk", "code", "name"):
            codes[code] = pk
            self.key_groups[name] = pk
            self.key_groups[code] = pk
        for alias, code in KEY_GROUP_ALIASES.items():
            if code in codes:
                self.key_groups.setdefault(alias, codes[code])
        self.key_group_names = list(KeyGroup.objects.values_list("name", flat=True))


@dataclass
class ResidentRow:
    """One good row, ready to land."""

    number: int
    name: str
    gender: str
    id_number: str | None
    birth_date: date | None
    phone: str
    address: str
    village_id: int
    township_id: int
    grid_id: int | None
    group_id: int | None
    organisation_id: int | None
    organisation_name: str  # to be created when organisation_id is None and this is not ""
    key_group_ids: list[int]
    app_registered_on: date | None


@dataclass
class PeopleImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    households_created: int = 0
    organisations_created: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=tabular.Capped)  # {row, field, message}
    landed: bool = False
    headers: list[str] = field(default_factory=list)
    bad_rows: list[tuple[list[Any], str]] = field(default_factory=tabular.Capped)  # cells as sent, and why

    @property
    def skipped(self) -> int:
        return tabular.count_of(self.bad_rows)

    @property
    def message(self) -> str:
        if not self.landed:
            return _("发现 %(n)d 处错误，未导入任何居民。请改正后重新上传，或选择“跳过错误行”。") % {
                "n": tabular.count_of(self.errors)
            }
        text = _("共 %(rows)d 行：新增居民 %(created)d 人，更新 %(updated)d 人，新建户 %(households)d 户") % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "households": self.households_created,
        }
        if self.organisations_created:
            shown = "、".join(self.organisations_created[:10])
            more = "…" if len(self.organisations_created) > 10 else ""
            text += _("，新建单位 %(n)d 个（%(names)s%(more)s，类型为“其他”，请核对）") % {
                "n": len(self.organisations_created),
                "names": shown,
                "more": more,
            }
        if self.bad_rows:
            text += _("，跳过错误行 %(n)d 行") % {"n": self.skipped}
        return text


class _RowCheck:
    """The checks of one row; each problem is recorded against its column."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.problems: list[tuple[str, str]] = []

    def fail(self, name: str, message: str) -> None:
        self.problems.append((str(HEADERS.get(name, name)), message))


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = re.sub(r"[年月/.]", "-", cell_text(value)).rstrip("日").strip()
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        raise ValueError(text) from None


def _id_problem(error: ValidationError) -> str:
    return {
        "id_shape": _("应为18位（最后一位可为X）"),
        "id_birth": _("出生日期无效"),
        "id_check": _("校验位错误"),
    }.get(error.code or "", error.messages[0])


def _phone_problem(error: ValidationError) -> str:
    return {"phone_parse": _("无法识别的电话号码"), "phone_invalid": _("不是有效的电话号码")}.get(
        error.code or "", error.messages[0]
    )


class RowChecker:
    """Turns a row's cells into a ResidentRow, or the list of what is wrong with it."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.seen_ids: dict[str, int] = {}
        self.seen_people: dict[tuple[str, str], int] = {}

    def check(self, number: int, values: dict[str, Any]) -> tuple[ResidentRow | None, list[tuple[str, str]]]:
        check = _RowCheck(number)
        d = self.directory
        name = _SPACE.sub("", cell_text(values.get("name")))
        if not name:
            check.fail("name", _("不能为空"))
        elif len(name) > 50:
            check.fail("name", _("不能超过50个字"))

        id_number: str | None = None
        raw_id = cell_text(values.get("id_number"))
        if raw_id:
            try:
                id_number = validate_id_number(raw_id)
            except ValidationError as exc:
                check.fail("id_number", _id_problem(exc))
            else:
                first = self.seen_ids.setdefault(id_number, number)
                if first != number:
                    check.fail("id_number", _("与第 %(row)d 行重复") % {"row": first})

        phone = ""
        raw_phone = cell_text(values.get("phone"))
        if raw_phone:
            try:
                phone = normalize_phone(raw_phone) or ""
            except ValidationError as exc:
                check.fail("phone", _phone_problem(exc))
        if not raw_id and not raw_phone:
            check.fail("phone", _("手机号和身份证号至少填写一项"))
        if name and phone and not id_number and not raw_id:
            first = self.seen_people.setdefault((name, phone), number)
            if first != number:
                check.fail("name", _("与第 %(row)d 行重复（姓名和手机号相同）") % {"row": first})

        gender = ""
        raw_gender = cell_text(values.get("gender"))
        if raw_gender:
            gender = GENDERS.get(raw_gender.lower(), "")
            if not gender:
                check.fail("gender", _("应为“男”或“女”"))
        elif id_number:
            gender = gender_from_id(id_number)

        address = _SPACE.sub(" ", cell_text(values.get("address")))
        if len(address) > 200:
            check.fail("address", _("不能超过200个字"))

        township_id = village_id = None
        township_text = cell_text(values.get("township"))
        village_text = cell_text(values.get("village"))
        if not township_text:
            check.fail("township", _("不能为空"))
        else:
            township_id = d.townships.find(township_text)
            if township_id is None:
                check.fail("township", _("没有找到乡镇“%(name)s”") % {"name": township_text})
        if not village_text:
            check.fail("village", _("不能为空"))
        elif township_id is not None:
            names = d.villages.get(township_id)
            village_id = names.find(village_text) if names else None
            if village_id is None:
                check.fail(
                    "village",
                    _("%(township)s没有“%(name)s”这个村（社区）")
                    % {"township": d.township_names[township_id], "name": village_text},
                )

        grid_id = group_id = None
        grid_text = _SPACE.sub("", cell_text(values.get("grid")))
        group_text = _SPACE.sub("", cell_text(values.get("group")))
        if village_id is not None:
            if grid_text:
                grid_id = d.grids.get((village_id, grid_text))
                if grid_id is None:
                    check.fail("grid", _("该村（社区）没有网格“%(name)s”") % {"name": grid_text})
            if group_text:
                group_id = d.groups.get((village_id, group_text))
                if group_id is None:
                    check.fail("group", _("该村（社区）没有十户一体组“%(name)s”") % {"name": group_text})

        organisation_id = None
        organisation_name = _SPACE.sub(" ", cell_text(values.get("organisation")))
        if len(organisation_name) > 100:
            check.fail("organisation", _("不能超过100个字"))
        elif organisation_name and township_id is not None:
            organisation_id = d.organisations.get((township_id, organisation_name))

        key_group_ids: list[int] = []
        for part in _CATEGORY_SPLIT.split(cell_text(values.get("categories"))):
            if not part:
                continue
            pk = d.key_groups.get(part) or d.key_groups.get(part.lower())
            if pk is None:
                check.fail(
                    "categories",
                    _("未知的人员类别“%(name)s”，可填：%(known)s")
                    % {"name": part, "known": "、".join(d.key_group_names)},
                )
            elif pk not in key_group_ids:
                key_group_ids.append(pk)

        app_registered_on = None
        try:
            app_registered_on = _date(values.get("app_registered_on"))
        except ValueError:
            check.fail("app_registered_on", _("日期应写作 2024-05-01"))

        if check.problems or township_id is None or village_id is None:
            return None, check.problems
        return (
            ResidentRow(
                number=number,
                name=name,
                gender=gender,
                id_number=id_number,
                birth_date=birth_date_from_id(id_number) if id_number else None,
                phone=phone,
                address=address,
                village_id=village_id,
                township_id=township_id,
                grid_id=grid_id,
                group_id=group_id,
                organisation_id=organisation_id,
                organisation_name=organisation_name,
                key_group_ids=key_group_ids,
                app_registered_on=app_registered_on,
            ),
            [],
        )


PROGRESS_EVERY = 1000


def people_import(
    *,
    source: str | Path | IO[bytes],
    by: Any,
    skip_bad: bool = False,
    filename: str | None = None,
    progress: Progress | None = None,
) -> PeopleImportReport:
    """Check every row; land none if any is bad (unless `skip_bad`), then land the good ones at once."""
    from fanzha.people.services import people_import_rows

    report = PeopleImportReport()
    try:
        table = tabular.open_table(source, columns=COLUMNS, filename=filename)
    except TableError as exc:
        report.errors.append({"row": None, "field": "", "message": exc.message})
        return report
    report.headers = table.headers
    missing = tabular.missing_columns(table.columns, COLUMNS)
    if "phone" not in table.columns and "id_number" not in table.columns:
        missing.append(_("手机号或身份证号"))
    if missing:
        report.errors.append({"row": table.header_row, "field": "、".join(missing), "message": _("缺少必需的列")})
        return report

    checker = RowChecker(Directory())
    good: list[ResidentRow] = []
    total = table.estimated_rows
    for row in table.rows:
        report.rows += 1
        problems: list[tuple[str, str]]
        if row.refused:
            problems = row.refused
        else:
            resident, problems = checker.check(row.number, row.values)
            if resident is not None:
                good.append(resident)
        if problems:
            report.errors += [{"row": row.number, "field": f, "message": m} for f, m in problems]
            report.bad_rows.append((row.cells, "；".join(f"{f}：{m}" for f, m in problems)))
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress(report.rows, max(total, report.rows))
    if progress:
        progress(report.rows, report.rows)
    if report.errors and not skip_bad:
        return report
    result = people_import_rows(rows=good, by=by, filename=filename or _source_name(source), progress=progress)
    report.created = result.created
    report.updated = result.updated
    report.households_created = result.households_created
    report.organisations_created = result.organisations_created
    report.landed = True
    return report


def _source_name(source: Any) -> str:
    return Path(str(source if isinstance(source, str | Path) else getattr(source, "name", "") or "")).name


def people_import_file(
    *, path: Path, by: Any = None, skip_bad: bool = False, progress: Progress | None = None
) -> PeopleImportReport:
    """For `fanzha import residents FILE` (registered in PeopleConfig.ready)."""
    return people_import(source=path, by=by, skip_bad=skip_bad, filename=path.name, progress=progress)


def bad_rows_file(report: PeopleImportReport) -> bytes:
    return tabular.bad_rows_workbook(report.headers, report.bad_rows, title=str(_("错误行")))


def template_file() -> bytes:
    with translation.override(tabular.DATA_LANGUAGE):  # data, not pages: the importer reads Chinese
        return tabular.template_workbook(
            [str(c.header) for c in COLUMNS],
            [
                _("张三"),
                _("男"),
                "532323199001011236",
                "13900000001",
                _("共和镇共丰村3组12号"),
                _("共和镇"),
                _("共丰村"),
                _("第一网格"),
                _("第1十户一体组"),
                _("牟定县第一中学"),
                _("教师、公职人员"),
                "2024-05-01",
            ],
            title=str(_("居民")),
        )


def chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
