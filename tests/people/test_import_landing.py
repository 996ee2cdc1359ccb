"""What lands: all or nothing by default, good rows with skip-bad, updates not duplicates, households."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fanzha.core.models import AuditEntry
from fanzha.people.importers import bad_rows_file, people_import
from fanzha.people.models import Household, Organisation, Resident
from tests.people.conftest import good_rows, id_number, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(data: bytes, **kwargs):
    return people_import(source=io.BytesIO(data), by=kwargs.pop("by", None), filename="people.xlsx", **kwargs)


def imported() -> dict[str, Resident]:
    return {r.name: r for r in Resident.objects.exclude(name__in=["甲一", "甲二", "乙一"])}


def test_a_good_file_lands_residents_households_tags_and_new_units(places):
    report = run(xlsx_bytes(good_rows()), by=places.user("centre"))
    assert report.landed and report.errors == []
    assert (report.created, report.updated, report.households_created) == (4, 0, 3)
    people = imported()
    zhang1, zhang2, li3, wang4 = people["张一"], people["张二"], people["李三"], people["王四"]
    assert zhang1.household_id == zhang2.household_id  # same address, same village: one household
    household = zhang1.household
    assert household.village == places.village_a1 and household.grid.name == "第一网格"
    assert household.group.name == "东山一组"
    assert zhang1.organisation.name == "甲镇中学" and zhang1.organisation.kind == "school"
    assert [g.code for g in zhang1.key_groups.all()] == ["teacher"]
    assert zhang2.phone == "+8613800000012" and zhang2.gender == "F" and zhang2.village == places.village_a1
    assert li3.village == places.village_a2 and li3.gender == "M"  # from the ID number
    assert li3.birth_date.isoformat() == "1980-01-01"
    assert sorted(g.code for g in li3.key_groups.all()) == ["accountant", "elderly"]
    assert li3.organisation.kind == "other" and li3.organisation.township == places.township_a
    assert wang4.id_number is None and wang4.village == places.village_b1
    assert "新建单位 1 个（新开的超市" in report.message


def test_any_bad_row_lands_nothing(places):
    rows = good_rows()
    rows[3][3] = "不是电话"
    report = run(xlsx_bytes(rows))
    assert not report.landed and imported() == {}
    assert not Organisation.objects.filter(name="新开的超市").exists()
    assert "未导入任何居民" in report.message


def test_skip_bad_lands_the_good_rows_and_returns_the_bad_ones(places):
    from openpyxl import load_workbook

    rows = good_rows()
    rows[3][3] = "不是电话"
    rows[0][2] = "12345"
    report = run(xlsx_bytes(rows), skip_bad=True)
    assert report.landed and sorted(imported()) == ["张二", "李三"]
    assert "跳过错误行 2 行" in report.message
    sheet = load_workbook(io.BytesIO(bad_rows_file(report))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][-1] == "错误原因" and values[0][0] == "姓名"
    assert [v[0] for v in values[1:]] == ["张一", "王四"]
    assert values[1][-1] == "身份证号：应为18位（最后一位可为X）" and values[2][-1] == "手机号：无法识别的电话号码"


def test_formulas_go_back_in_the_bad_rows_file_as_text(places):
    from openpyxl import load_workbook

    rows = good_rows()
    rows[0][9] = '=HYPERLINK("http://evil.example/","x")'
    report = run(xlsx_bytes(rows), skip_bad=True)
    cell = load_workbook(io.BytesIO(bad_rows_file(report))).active.cell(row=2, column=10)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_importing_the_same_file_twice_updates_and_duplicates_nothing(places):
    run(xlsx_bytes(good_rows()))
    counts = (Resident.objects.count(), Household.objects.count(), Organisation.objects.count())
    report = run(xlsx_bytes(good_rows()))
    assert (report.created, report.updated, report.households_created, report.organisations_created) == (0, 4, 0, [])
    assert (Resident.objects.count(), Household.objects.count(), Organisation.objects.count()) == counts


def test_an_existing_resident_with_the_same_id_number_is_updated_and_keeps_what_the_file_leaves_empty(places):
    existing = places.resident_a1
    existing.id_number = id_number(11)
    existing.save()
    rows = [["甲一（改名）", "", id_number(11), "", "东山村9组", "甲镇", "东山村", "", "", "", "老年人"]]
    report = run(xlsx_bytes(rows))
    assert (report.created, report.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.name == "甲一（改名）" and existing.phone == "+8613900000001"  # phone kept
    assert existing.household.address == "东山村9组"
    assert [g.code for g in existing.key_groups.all()] == ["elderly"]


def test_one_audit_entry_per_import_with_the_counts(places):
    run(xlsx_bytes(good_rows()), by=places.user("centre"))
    entry = AuditEntry.objects.get(action="people.imported")
    assert entry.actor == places.user("centre")
    assert entry.data["created"] == 4 and entry.data["rows"] == 4 and entry.data["file"] == "people.xlsx"
    assert "138" not in str(entry.data)  # counts only, nothing personal


def test_the_number_of_queries_does_not_grow_with_the_rows(places):
    def queries_for(n: int) -> int:
        rows = [
            [
                f"居民{i}",
                "",
                id_number(100 + i),
                f"1380000{i:04d}",
                f"东山村{i % 7}号",
                "甲镇",
                "东山村",
                "",
                "",
                "",
                "学生",
            ]
            for i in range(n)
        ]
        Resident.objects.filter(name__startswith="居民").delete()
        with CaptureQueriesContext(connection) as captured:
            assert run(xlsx_bytes(rows)).created == n
        return len(captured)

    few, many = queries_for(30), queries_for(600)
    # Only the bulk statements grow (SQLite caps the parameters of one INSERT): nothing per row.
    assert many < few + 600 / 50
