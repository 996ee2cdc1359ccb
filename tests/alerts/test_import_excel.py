"""An Excel batch of alerts: all or nothing, or skip the bad rows; every bad row named; repeats left alone."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fanzha.alerts.models import Alert
from fanzha.core.models import Job
from fanzha.notify.models import Notification

pytestmark = pytest.mark.django_db

HEADER = ["预警编号", "预警等级", "诈骗类型", "手机号", "地址", "涉险金额（元）", "涉诈账户"]
GOOD = [
    ["XL-1", "高", "冒充公检法", 13900000001, "", 30000, "6222 0212 3456 7890"],
    ["XL-2", "中", "刷单返利", "", "乙乡南坡村3组", "", ""],
    ["XL-3", "低", "loan", "无法识别", "", "", ""],
]
BAD = [
    ["XL-4", "紧急", "刷单返利", "", "", "", ""],
    ["", "高", "冒充公检法", "13900000002", "", "很多", ""],
]


def xlsx(rows, header=HEADER, name="alerts.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def upload(client, rows, **form):
    response = client.post("/alerts/import/", {"file": xlsx(rows), **form})
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_a_good_file_is_received_routed_and_reported(world, login):
    job = upload(login(world.user("centre")), GOOD)
    assert job.status == Job.Status.DONE and job.errors == []
    assert job.summary["created"] == 3
    alerts = {a.external_id: a for a in Alert.objects.all()}
    assert alerts["XL-1"].assignee == world.user("officer_a1") and alerts["XL-1"].source == "Excel"
    assert alerts["XL-2"].village == world.village_b1
    assert alerts["XL-3"].victim_phone_invalid and alerts["XL-3"].routing_method == "unrouted"
    assert alerts["XL-1"].observables.get().value == "6222021234567890"
    assert Notification.objects.values("event_key").distinct().count() == 2  # XL-3 has nobody to tell yet
    page = login(world.user("centre")).get(f"/core/jobs/{job.pk}/").content.decode()
    assert "新接收 3 条" in page


def test_any_bad_row_lands_nothing_and_every_bad_row_is_named(world, login):
    job = upload(login(world.user("centre")), GOOD + BAD)
    assert not Alert.objects.exists()
    assert job.status == Job.Status.DONE and job.summary["created"] == 0
    assert sorted((e["row"], e["field"]) for e in job.errors) == [(5, "预警等级"), (6, "涉险金额"), (6, "预警编号")]
    page = login(world.user("centre")).get(f"/core/jobs/{job.pk}/").content.decode()
    assert "未导入任何预警" in page and "预警等级" in page


def test_skip_bad_rows_lands_the_good_ones_and_lists_the_rest(world, login):
    job = upload(login(world.user("centre")), GOOD + BAD, skip_bad="on")
    assert sorted(Alert.objects.values_list("external_id", flat=True)) == ["XL-1", "XL-2", "XL-3"]
    assert len(job.errors) == 3 and "跳过错误行 2 行" in job.summary["message"]


def test_importing_the_same_file_again_changes_nothing(world, login):
    client = login(world.user("centre"))
    upload(client, GOOD)
    job = upload(client, GOOD)
    assert (job.summary["created"], job.summary["existing"]) == (0, 3)
    assert Alert.objects.count() == 3


def test_a_file_without_the_required_columns_is_refused_whole(world, login):
    client = login(world.user("centre"))
    response = client.post("/alerts/import/", {"file": xlsx([["13900000001"]], header=["手机号"])})
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.errors == [{"row": 1, "field": "预警编号、预警等级、诈骗类型", "message": "缺少必需的列"}]


def test_a_file_that_is_not_excel_is_refused_on_the_form(world, login):
    fake = SimpleUploadedFile("alerts.xlsx", b"not a zip at all")
    client = login(world.user("centre"))
    response = client.post("/alerts/import/", {"file": fake})
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert "无法读取" in job.errors[0]["message"]
    csv = SimpleUploadedFile("alerts.csv", b"a,b")
    assert client.post("/alerts/import/", {"file": csv}).status_code == 400


def test_the_template_has_the_headers(world, login):
    from openpyxl import load_workbook

    response = login(world.user("centre")).get("/alerts/import/template.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["预警编号", "来源", "预警等级", "诈骗类型"]


def test_officers_cannot_import(world, login):
    assert login(world.user("officer_a1")).get("/alerts/import/").status_code == 403
