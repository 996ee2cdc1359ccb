"""Each kind of bad input named by row and field, or refused whole with a clear message; nothing lands."""

from __future__ import annotations

import io

import pytest

from fanzha.people.importers import people_import
from fanzha.people.models import Resident
from tests.people.conftest import HEADER, csv_bytes, good_rows, id_number, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(data: bytes, name: str = "people.xlsx", **kwargs):
    return people_import(source=io.BytesIO(data), by=None, filename=name, **kwargs)


def errors_of(report) -> list[tuple[int | None, str, str]]:
    return [(e["row"], e["field"], e["message"]) for e in report.errors]


def test_a_bad_id_check_digit_is_named_by_row_and_field(places):
    rows = good_rows()
    rows[1][2] = rows[1][2][:-1] + ("0" if rows[1][2][-1] != "0" else "1")
    report = run(xlsx_bytes(rows))
    assert errors_of(report) == [(3, "身份证号", "校验位错误")]
    assert not report.landed and Resident.objects.count() == 3  # only the world's residents


def test_an_unparsable_phone_is_named(places):
    rows = good_rows()
    rows[3][3] = "打电话找村委会"
    assert errors_of(run(xlsx_bytes(rows))) == [(5, "手机号", "无法识别的电话号码")]
    rows[3][3] = "12345"
    assert errors_of(run(xlsx_bytes(rows))) == [(5, "手机号", "不是有效的电话号码")]


def test_an_unknown_village_or_township_is_named(places):
    rows = good_rows()
    rows[0][6] = "不存在村"
    rows[1][5] = "火星镇"
    assert errors_of(run(xlsx_bytes(rows))) == [
        (2, "村/社区", "甲镇没有“不存在村”这个村（社区）"),
        (3, "乡镇", "没有找到乡镇“火星镇”"),
    ]


def test_a_village_of_another_township_is_not_found(places):
    rows = good_rows()
    rows[3][6] = "东山村"  # 东山村 is in 甲镇, the row says 乙乡
    assert errors_of(run(xlsx_bytes(rows)))[0][:2] == (5, "村/社区")


def test_duplicate_id_numbers_in_the_file_name_the_first_row(places):
    rows = good_rows()
    rows[2][2] = rows[0][2]
    assert errors_of(run(xlsx_bytes(rows))) == [(4, "身份证号", "与第 2 行重复")]


def test_a_row_without_phone_or_id_and_an_unknown_grid_or_category(places):
    rows = good_rows()
    rows[3][2] = rows[3][3] = ""
    rows[0][7] = "第九网格"
    rows[2][10] = "会计、宇航员"
    found = errors_of(run(xlsx_bytes(rows)))
    assert (5, "手机号", "手机号和身份证号至少填写一项") in found
    assert (2, "网格", "该村（社区）没有网格“第九网格”") in found
    assert any(row == 4 and field == "人员类别" and "宇航员" in msg for row, field, msg in found)


def test_missing_required_headers_are_named(places):
    report = run(xlsx_bytes([["张一", "13800000011"]], header=["姓名", "手机号"]))
    assert errors_of(report) == [(1, "乡镇、村/社区", "缺少必需的列")]
    report = run(xlsx_bytes([["张一", "甲镇", "东山村"]], header=["姓名", "乡镇", "村（社区）"]))
    assert errors_of(report) == [(1, "手机号或身份证号", "缺少必需的列")]


def test_wrong_headers_are_refused(places):
    report = run(xlsx_bytes([["a", "b", "c"]], header=["Nom", "Commune", "Lieu"]))
    assert errors_of(report) == [(1, "姓名、乡镇、村/社区、手机号或身份证号", "缺少必需的列")]


def test_header_variants_are_recognised(places):
    header = ["居民姓名", "身份证号码", "联系电话", "家庭住址", "乡镇（街道）", "村（社区）"]
    rows = [["张一", id_number(11), "13800000011", "东山村1组1号", "甲镇", "东山村"]]
    report = run(xlsx_bytes(rows, header=header))
    assert report.errors == [] and report.created == 1


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_in_gbk_or_utf8_is_read(places, encoding):
    report = run(csv_bytes(good_rows(), encoding), name="people.csv")
    assert report.errors == [] and report.created == 4
    assert Resident.objects.filter(name="李三", village=places.village_a2).exists()


def test_csv_in_an_unknown_encoding_is_refused(places):
    data = "姓名,乡镇,村/社区,手机号\n".encode("utf-16")
    assert "编码" in run(data, name="people.csv").errors[0]["message"]


def test_a_file_over_the_size_limit_is_refused(places, settings):
    data = xlsx_bytes(good_rows())
    settings.IMPORT_MAX_BYTES = len(data) - 1
    report = run(data)
    assert report.errors[0]["row"] is None and "文件超过" in report.errors[0]["message"]


def test_the_default_size_limit_is_20_mb(settings):
    assert settings.IMPORT_MAX_BYTES == 20 * 1024 * 1024


def test_a_non_excel_file_renamed_xlsx_is_refused(places):
    report = run(csv_bytes(good_rows()), name="people.xlsx")
    assert report.errors == [{"row": None, "field": "", "message": "无法读取：文件扩展名是 .xlsx，但内容不是Excel文件"}]
    broken_zip = b"PK\x03\x04" + b"\x00" * 100
    assert "无法读取" in run(broken_zip).errors[0]["message"]


def test_formulas_in_cells_are_refused_and_named(places):
    rows = good_rows()
    rows[0][9] = '=HYPERLINK("http://evil.example/","甲镇中学")'
    rows[2][0] = "=1+1"
    report = run(xlsx_bytes(rows))
    assert errors_of(report) == [
        (2, "工作单位", "单元格含公式，不予导入：请改为纯文本或数值"),
        (4, "姓名", "单元格含公式，不予导入：请改为纯文本或数值"),
    ]
    assert not report.landed


def test_formulas_in_csv_cells_are_refused_too(places):
    rows = good_rows()
    rows[1][4] = '=cmd|" /C calc"!A0'
    report = run(csv_bytes(rows), name="people.csv")
    assert errors_of(report) == [(3, "住址", "单元格含公式，不予导入：请改为纯文本或数值")]


def test_every_bad_row_is_listed_not_just_the_first(places):
    rows = good_rows() * 3  # the repeats are duplicates of rows 2–5 (by ID number, or by name and phone)
    report = run(xlsx_bytes(rows))
    assert {e["row"] for e in report.errors} == set(range(6, 14))
    assert (9, "姓名", "与第 5 行重复（姓名和手机号相同）") in errors_of(report)


def test_a_header_further_down_is_found(places):
    data = xlsx_bytes([HEADER, *good_rows()], header=[])
    report = run(data)
    assert report.errors == [] and report.created == 4


def test_place_names_match_with_or_without_their_suffixes(places):
    from tests.factories import VillageFactory

    VillageFactory(township=places.township_a, name="新村村")
    rows = [
        ["甲", "", id_number(21), "", "", "甲镇", "新村", "", "", "", ""],
        ["乙", "", id_number(22), "", "", "甲", "新村村委会", "", "", "", ""],
        ["丙", "", id_number(23), "", "", "甲镇", "西河社区居委会", "", "", "", ""],
        ["丁", "", id_number(24), "", "", "乙乡", "南坡村民委员会", "", "", "", ""],
    ]
    report = run(xlsx_bytes(rows))
    assert report.errors == [] and report.created == 4
    assert sorted(Resident.objects.filter(name__in="甲乙丙丁").values_list("village__name", flat=True)) == [
        "南坡村",
        "新村村",
        "新村村",
        "西河社区",
    ]
