"""Cases from Excel (or CSV): the same rules as every import — every bad row is reported by row and
column and none lands, unless "skip bad rows" is chosen; a case number already recorded is left as it is.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.cases.models import Case, ContactMethod
from fanzha.cases.services import (
    CaseConflictError,
    CaseInput,
    CaseInputError,
    case_errors,
    case_in_scope,
    case_register,
    resolve_places,
)
from fanzha.core.ids import normalize_id_number, validate_id_number
from fanzha.core.money import to_money
from fanzha.core.tabular import (
    DATA_LANGUAGE,
    Column,
    CountedImport,
    Progress,
    TableError,
    cell_moment,
    cell_text,
    formula_message,
    open_table,
    template_workbook,
    too_long_message,
)
from fanzha.detection.taxonomy import fraud_code_of
from fanzha.people.models import Organisation, Resident
from fanzha.places.models import Township, Village

COLUMNS: tuple[Column, ...] = (
    Column("case_number", gettext_lazy("案件编号"), ("案号", "立案编号", "case_number"), required=True),
    Column("victim_id_number", gettext_lazy("受害人身份证号"), ("身份证号", "身份证号码")),
    Column("victim_name", gettext_lazy("受害人姓名"), ("受害人", "姓名")),
    Column("victim_gender", gettext_lazy("性别"), ()),
    Column("victim_age", gettext_lazy("年龄"), (), numeric=True),
    Column("occurred_at", gettext_lazy("发案时间"), ("案发时间",), required=True),
    Column("reported_at", gettext_lazy("报案时间"), ("接报时间",), required=True),
    Column("fraud_type", gettext_lazy("诈骗类型"), ("案件类型", "类型"), required=True),
    Column("contact_method", gettext_lazy("接触方式"), ("联系方式", "诈骗方式"), required=True),
    Column("loss_amount", gettext_lazy("损失金额"), ("被骗金额", "涉案金额", "金额"), required=True, numeric=True),
    Column("township", gettext_lazy("乡镇"), ("发案乡镇", "乡镇（街道）"), required=True),
    Column("village", gettext_lazy("村（社区）"), ("村", "社区")),
    Column("organisation", gettext_lazy("工作单位"), ("单位",)),
    Column("summary", gettext_lazy("简要案情"), ("案情", "备注")),
)
HEADERS = {c.name: str(c.header) for c in COLUMNS}
FIELD_COLUMN = {
    "victim_resident_id": "victim_id_number",
    "township_id": "township",
    "village_id": "village",
    "organisation_id": "organisation",
}
FRAUD_TYPE_ALIASES = {
    "刷单": "order_brushing",
    "投资理财": "investment",
    "虚假投资理财": "investment",
    "虚假购物": "shopping",
    "冒充客服": "customer_service",
    "虚假贷款": "loan",
    "贷款诈骗": "loan",
    "征信": "credit_repair",
    "冒充领导": "impersonate_acquaintance",
    "冒充熟人": "impersonate_acquaintance",
    "冒充公检法": "impersonate_authority",
    "婚恋交友": "romance",
    "杀猪盘": "romance",
    "游戏交易": "game_trading",
    "其他": "other_fraud",
}
CONTACT_ALIASES = {str(label): value for value, label in ContactMethod.choices} | {
    "手机": "phone",
    "来电": "phone",
    "微信": "wechat",
    "网页": "website",
    "面对面": "in_person",
}
GENDERS = {"男": "M", "女": "F", "M": "M", "F": "F", "": ""}


class _Bad(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _fraud_type(value: Any) -> str:
    return fraud_code_of(cell_text(value), FRAUD_TYPE_ALIASES)


def _moment(value: Any, column: str) -> datetime | None:
    try:
        return cell_moment(value)
    except ValueError:
        raise _Bad(column, _("时间应写作 2024-05-01 10:03")) from None


def _loss(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return to_money(value)
    except ValueError:
        raise _Bad("loss_amount", _("不是金额：%(value)s") % {"value": cell_text(value)}) from None


def _age(value: Any) -> int | None:
    text = cell_text(value).removesuffix("岁")
    if not text:
        return None
    if not text.isdigit():
        raise _Bad("victim_age", _("年龄应为整数"))
    return int(text)


class _Places:
    """Names → ids, looked up once per file."""

    def __init__(self) -> None:
        self.townships = {t.name: t.pk for t in Township.objects.all()}
        self.villages = {(v.township_id, v.name): v.pk for v in Village.objects.all()}
        self.organisations: dict[tuple[int, str], int] = {
            (o.township_id, o.name): o.pk for o in Organisation.objects.all()
        }
        by_name: dict[str, list[int]] = {}
        for (_t, name), pk in self.organisations.items():
            by_name.setdefault(name, []).append(pk)
        self.organisations_by_name = by_name


def _row_input(values: dict[str, Any], places: _Places) -> CaseInput:
    """One row → CaseInput; the first problem raises _Bad naming its column."""
    township_name = cell_text(values.get("township"))
    township_id = places.townships.get(township_name)
    if township_name and township_id is None:
        raise _Bad("township", _("没有名为“%(name)s”的乡镇") % {"name": township_name})
    village_name = cell_text(values.get("village"))
    village_id = None
    if village_name:
        village_id = places.villages.get((township_id or 0, village_name))
        if village_id is None:
            raise _Bad("village", _("%(t)s没有名为“%(name)s”的村（社区）") % {"t": township_name, "name": village_name})
    org_name = cell_text(values.get("organisation"))
    organisation_id = None
    if org_name:
        organisation_id = places.organisations.get((township_id or 0, org_name))
        if organisation_id is None:
            same = places.organisations_by_name.get(org_name, [])
            if len(same) != 1:
                raise _Bad("organisation", _("找不到单位“%(name)s”") % {"name": org_name})
            organisation_id = same[0]
    resident_id = None
    raw_id = normalize_id_number(cell_text(values.get("victim_id_number")))
    if raw_id:
        try:
            number = validate_id_number(raw_id)
        except ValidationError:
            raise _Bad("victim_id_number", _("身份证号无效")) from None
        resident_id = Resident.objects.filter(id_number=number).values_list("pk", flat=True).first()
        if resident_id is None and not cell_text(values.get("victim_name")):
            raise _Bad("victim_id_number", _("没有该身份证号的登记居民；未登记的受害人请填写姓名"))
    gender = cell_text(values.get("victim_gender"))
    if gender not in GENDERS:
        raise _Bad("victim_gender", _("性别应为“男”或“女”"))
    contact = cell_text(values.get("contact_method"))
    return CaseInput(
        case_number=cell_text(values.get("case_number")),
        occurred_at=_moment(values.get("occurred_at"), "occurred_at"),
        reported_at=_moment(values.get("reported_at"), "reported_at"),
        fraud_type=_fraud_type(values.get("fraud_type")),
        contact_method=CONTACT_ALIASES.get(contact, contact.lower()),
        loss_amount=_loss(values.get("loss_amount")),
        township_id=township_id,
        village_id=village_id,
        organisation_id=organisation_id,
        victim_resident_id=resident_id,
        victim_name="" if resident_id else cell_text(values.get("victim_name")),
        victim_gender=GENDERS[gender],
        victim_age=_age(values.get("victim_age")),
        summary=cell_text(values.get("summary")),
    )


def _header(field_name: str) -> str:
    return HEADERS.get(FIELD_COLUMN.get(field_name, field_name), HEADERS.get(field_name, field_name))


class CaseImportReport(CountedImport):
    REFUSED = gettext_lazy("发现 %(n)d 处错误，未导入任何案件。请改正后重新上传，或选择“跳过错误行”。")
    LANDED = gettext_lazy("共 %(rows)d 行：新录入 %(created)d 起，已存在 %(existing)d 起")


def cases_import(
    *,
    path: str | Path | IO[bytes],
    by: Any,
    skip_bad: bool = False,
    progress: Progress | None = None,
) -> CaseImportReport:
    """Check every row (including the user's jurisdiction) first; then land all of them in one
    transaction, or none when any is bad unless `skip_bad`."""
    report = CaseImportReport()
    try:
        table = open_table(path, columns=COLUMNS)
    except TableError as exc:
        report.errors.append({"row": None, "field": "", "message": exc.message})
        return report
    missing = [str(c.header) for c in COLUMNS if c.required and c.name not in table.columns]
    if missing:
        report.errors.append({"row": table.header_row, "field": "、".join(missing), "message": _("缺少必需的列")})
        return report
    places = _Places()
    good: list[tuple[int, CaseInput]] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        report.rows += 1
        if row.too_long:
            report.errors.append({"row": row.number, "field": "、".join(row.too_long), "message": too_long_message()})
            continue
        if row.formulas:
            report.errors.append({"row": row.number, "field": "、".join(row.formulas), "message": formula_message()})
            continue
        try:
            data = _row_input(row.values, places)
        except _Bad as bad:
            report.errors.append({"row": row.number, "field": HEADERS[bad.column], "message": bad.message})
            continue
        errors = case_errors(data)
        if not errors and data.case_number in seen:
            errors = [CaseInputError("case_number", _("与第 %(n)d 行案件编号重复") % {"n": seen[data.case_number]})]
        if not errors:
            existing = Case.objects.filter(case_number=data.case_number).first()
            if existing is not None and not case_in_scope(existing, by):
                errors = [CaseInputError("case_number", _("案件编号已被其他辖区的案件使用"))]
            elif existing is None:
                try:
                    resolve_places(data, by=by)
                except CaseInputError as exc:
                    errors = [exc]
        report.errors += [{"row": row.number, "field": _header(e.field), "message": e.message} for e in errors]
        if not errors:
            seen[data.case_number] = row.number
            good.append((row.number, data))
    if report.errors and not skip_bad:
        return report
    total = len(good)
    if progress:
        progress(0, total)
    with transaction.atomic():
        for done, (number, data) in enumerate(good, start=1):
            try:
                _case, created = case_register(data=data, by=by)
            except CaseConflictError as exc:
                report.errors.append({"row": number, "field": HEADERS["case_number"], "message": str(exc)})
                continue
            if created:
                report.created += 1
            else:
                report.existing += 1
            if progress and (done % 50 == 0 or done == total):
                progress(done, total)
    report.landed = True
    return report


def import_file(
    *, path: Path, by: Any = None, skip_bad: bool = False, progress: Progress | None = None
) -> CaseImportReport:
    """For `fanzha import cases FILE`."""
    return cases_import(path=path, by=by, skip_bad=skip_bad, progress=progress)


def cases_template() -> bytes:
    with translation.override(DATA_LANGUAGE):  # data, not pages: the importer reads Chinese
        example = [
            "A5323230000002024050001",
            "",
            _("张某"),
            _("女"),
            "45",
            "2024-05-01 10:03",
            "2024-05-01 15:20",
            _("冒充领导熟人"),
            _("QQ"),
            "120000",
            _("共和镇"),
            _("天台社区"),
            "",
            "",
        ]
        return template_workbook([str(c.header) for c in COLUMNS], example, title=str(_("案件")))
