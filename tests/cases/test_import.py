"""Cases from Excel: all or nothing unless bad rows are skipped; every bad row named; the same case once."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fanzha.cases.models import Case, Notification
from fanzha.core.models import Job

pytestmark = pytest.mark.django_db

HEADERS = [
    "案件编号",
    "受害人姓名",
    "性别",
    "年龄",
    "发案时间",
    "报案时间",
    "诈骗类型",
    "接触方式",
    "损失金额（元）",
    "乡镇",
    "村（社区）",
    "工作单位",
]


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("cases.xlsx", buffer.getvalue())


def good(number, township="甲镇", village="东山村"):
    return [
        number,
        "张某",
        "女",
        "45",
        "2024-05-01 10:03",
        "2024-05-01 15:20",
        "冒充领导熟人",
        "QQ",
        "120000",
        township,
        village,
        "",
    ]


def upload(client, rows, **extra):
    response = client.post("/cases/import/", {"file": workbook(rows), **extra})
    assert response.status_code == 302
    return Job.objects.order_by("-id").first()


def test_a_good_file_lands_whole_and_again_is_recognised(world, login):
    client = login(world.user("centre"))
    job = upload(client, [good("IMP-1"), good("IMP-2", "乙乡", "南坡村")])
    assert job.status == "done" and job.summary["created"] == 2
    case = Case.objects.get(case_number="IMP-1")
    assert case.fraud_type == "impersonate_acquaintance" and case.contact_method == "qq"
    assert case.victim_gender == "F" and case.victim_age == 45 and str(case.loss_amount) == "120000.00"
    assert Notification.objects.filter(case=case).count() == 2  # accountability starts for imported cases too
    again = upload(client, [good("IMP-1"), good("IMP-2", "乙乡", "南坡村")])
    assert again.summary["existing"] == 2 and Case.objects.count() == 2


def test_one_bad_row_lands_nothing_and_every_bad_row_is_named(world, login):
    client = login(world.user("centre"))
    negative = good("IMP-3")
    negative[8] = "-500"
    reversed_dates = good("IMP-4")
    reversed_dates[4], reversed_dates[5] = reversed_dates[5], reversed_dates[4]
    unknown_place = good("IMP-5", "火星镇", "")
    job = upload(client, [good("IMP-1"), negative, reversed_dates, unknown_place, good("IMP-1")])
    assert not Case.objects.exists()
    errors = {(e["row"], e["field"]): e["message"] for e in job.errors}
    assert errors[(3, "损失金额")] == "损失金额不能为负数"
    assert "早于发案时间" in errors[(4, "报案时间")]
    assert "火星镇" in errors[(5, "乡镇")]
    assert "与第 2 行案件编号重复" in errors[(6, "案件编号")]
    assert "未导入任何案件" in job.summary["message"]


def test_skipping_bad_rows_lands_the_good_ones(world, login):
    client = login(world.user("centre"))
    bad = good("IMP-9")
    bad[8] = "abc"
    job = upload(client, [good("IMP-7"), bad], skip_bad="on")
    assert list(Case.objects.values_list("case_number", flat=True)) == ["IMP-7"]
    assert job.errors == [{"row": 3, "field": "损失金额", "message": "不是金额：abc"}]


def test_a_missing_column_is_named(world, login):
    client = login(world.user("centre"))
    book = Workbook()
    book.active.append(["案件编号", "受害人姓名"])
    buffer = BytesIO()
    book.save(buffer)
    client.post("/cases/import/", {"file": SimpleUploadedFile("c.xlsx", buffer.getvalue())})
    job = Job.objects.get()
    assert job.errors[0]["message"] == "缺少必需的列" and "发案时间" in job.errors[0]["field"]


def test_only_the_centre_imports(world, login):
    assert login(world.user("officer_a1")).get("/cases/import/").status_code == 403
