"""Reading alert rows from an Excel sheet: Chinese headers and their variants, cells as people fill them."""

from datetime import datetime
from decimal import Decimal

import pytest

from fanzha.alerts.importers import header_map, header_of, missing_columns, row_to_intake


def test_headers_are_recognised_with_their_common_variants():
    found = header_map(
        [
            "指令编号",
            " 风险等级 ",
            "案件类型",
            "联系电话",
            "身份证号码",
            "现住址",
            "涉案金额（元）",
            "不相干的列",
            "涉诈银行卡",
        ]
    )
    assert found == {
        "external_id": 0,
        "level": 1,
        "fraud_type": 2,
        "victim_phone": 3,
        "id_number": 4,
        "address": 5,
        "amount_at_risk": 6,
        "suspect_accounts": 8,
    }
    assert missing_columns(found) == []


def test_missing_required_columns_are_named():
    assert missing_columns(header_map(["手机号", "地址"])) == ["预警编号", "预警等级", "诈骗类型"]


def test_a_row_as_people_fill_it():
    data, errors = row_to_intake(
        {
            "external_id": 20240501001.0,
            "level": "高风险",
            "fraud_type": "冒充公检法",
            "victim_phone": 13900000001.0,
            "amount_at_risk": "¥12,000",
            "issued_at": "2024/05/01 10:03",
            "suspect_phones": "0085261234567、+852 6123 4568",
            "suspect_apps": "屏幕共享助手；某会议",
        },
        default_source="Excel",
    )
    assert errors == []
    assert data.external_id == "20240501001"
    assert (data.level, data.fraud_type, data.source) == ("high", "impersonate_authority", "Excel")
    assert data.victim_phone == "13900000001"
    assert data.amount_at_risk == Decimal("12000.00")
    assert data.issued_at.replace(tzinfo=None) == datetime(2024, 5, 1, 10, 3)
    assert data.suspect_phones == ["0085261234567", "+852 6123 4568"]
    assert data.suspect_apps == ["屏幕共享助手", "某会议"]


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ({"level": "高", "fraud_type": "刷单"}, "external_id"),
        ({"external_id": "A", "level": "紧急", "fraud_type": "刷单"}, "level"),
        ({"external_id": "A", "level": "高", "fraud_type": "电信诈骗"}, "fraud_type"),
        ({"external_id": "A", "level": "高", "fraud_type": "刷单", "amount_at_risk": "很多"}, "amount_at_risk"),
        ({"external_id": "A", "level": "高", "fraud_type": "刷单", "issued_at": "昨天"}, "issued_at"),
    ],
)
def test_bad_cells_name_their_column(cells, field):
    data, errors = row_to_intake(cells, default_source="Excel")
    assert data is None and [e.field for e in errors] == [field]
    assert header_of(field) in {"预警编号", "预警等级", "诈骗类型", "涉险金额", "下发时间"}


def test_every_bad_cell_of_a_row_is_reported():
    data, errors = row_to_intake({"level": "紧急", "fraud_type": "x", "amount_at_risk": "很多"}, default_source="E")
    assert data is None
    assert sorted(e.field for e in errors) == ["amount_at_risk", "external_id", "fraud_type", "level"]
