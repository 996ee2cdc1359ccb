"""Import fixtures: a grid, a ten-household group and a unit in 东山村, and files built in memory."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import Workbook

from fanzha.core.ids import check_digit
from tests.factories import GridFactory, GroupFactory, OrganisationFactory

HEADER = ["姓名", "性别", "身份证号", "手机号", "住址", "乡镇", "村/社区", "网格", "十户一体组", "工作单位", "人员类别"]


def id_number(serial: int, birth: str = "19800101") -> str:
    """A valid 18-digit ID number (GB 11643 check digit) for an invented person."""
    first17 = f"532323{birth}{serial:03d}"
    return first17 + check_digit(first17)


def good_rows() -> list[list[Any]]:
    return [
        [
            "张一",
            "男",
            id_number(11),
            "13800000011",
            "东山村1组1号",
            "甲镇",
            "东山村",
            "第一网格",
            "东山一组",
            "甲镇中学",
            "教师",
        ],
        ["张二", "女", id_number(12), "138 0000 0012", "东山村1组1号", "甲", "东山村委会", "", "", "", ""],
        ["李三", "", id_number(13), "", "西河社区5栋", "甲镇", "西河社区居委会", "", "", "新开的超市", "会计、老年人"],
        ["王四", "男", "", "+86 138-0000-0014", "南坡村2组", "乙乡", "南坡", "", "", "", ""],
    ]


def xlsx_bytes(rows: list[list[Any]], header: list[Any] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER if header is None else header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8", header: list[Any] | None = None) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER if header is None else header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


@pytest.fixture
def places(world: Any) -> Any:
    GridFactory(village=world.village_a1, name="第一网格")
    GroupFactory(village=world.village_a1, name="东山一组")
    OrganisationFactory(township=world.township_a, name="甲镇中学", kind="school")
    return world
