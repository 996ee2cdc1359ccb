from __future__ import annotations

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from fanzha.core.models import AuditEntry
from fanzha.outreach import selectors
from fanzha.people.models import Resident


def _csv(text: str, encoding: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("注册名单.csv", text.encode(encoding), "text/csv")


def test_gbk_csv_registers_matched_residents_and_lists_unknown_phones(world, login):
    today = timezone.localdate()
    text = (
        "手机号,姓名,注册日期\r\n"
        f"139 0000 0001,甲一,{today:%Y/%m/%d}\r\n"
        "13800001111,陌生人,2024-05-01\r\n"
        "+86 139-0000-0003,乙一,2024年5月2日\r\n"  # township B: outside the chief's scope
        "not-a-phone,无名,2024-05-01\r\n"
    )
    response = login(world.user("chief_a")).post("/outreach/registrations/import/", {"file": _csv(text, "gbk")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "匹配 1 人" in page
    assert "138****1111" in page and "陌生人" in page and "无名" in page
    assert "辖区内未找到此人" in page and "手机号无法识别" in page
    assert Resident.objects.get(pk=world.resident_a1.pk).app_registered_on == today
    assert Resident.objects.get(pk=world.resident_b1.pk).app_registered_on is None
    assert AuditEntry.objects.filter(action="resident.app_registered", object_id=str(world.resident_a1.pk)).exists()


def test_excel_list_matches_by_name_and_village_when_the_phone_is_unknown(world, login):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "手机号", "村（社区）", "注册时间"])
    sheet.append(["甲二", 13700000000, "西河社区", date(2024, 3, 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("list.xlsx", buffer.getvalue())
    response = login(world.user("centre")).post("/outreach/registrations/import/", {"file": upload})
    assert "匹配 1 人" in response.content.decode()
    assert Resident.objects.get(pk=world.resident_a2.pk).app_registered_on == date(2024, 3, 1)


def test_file_without_the_phone_column_is_refused_with_a_message(world, login):
    response = login(world.user("centre")).post(
        "/outreach/registrations/import/", {"file": _csv("姓名,日期\r\n甲一,2024-01-01\r\n", "utf-8")}
    )
    assert response.status_code == 400
    assert "缺少列：手机号" in response.content.decode()


def test_grid_worker_may_not_import(world, login):
    assert login(world.user("grid_a1")).get("/outreach/registrations/import/").status_code == 403


def test_rates_and_growth_against_the_previous_period(world):
    today = timezone.localdate()
    Resident.objects.filter(pk=world.resident_a1.pk).update(app_registered_on=today - timedelta(days=3))
    Resident.objects.filter(pk=world.resident_a2.pk).update(app_registered_on=today - timedelta(days=40))
    figures = selectors.registration_rates(user=world.user("centre"), days=30)
    villages = {v["id"]: v for v in figures["villages"]}
    assert villages[world.village_a1.pk]["rate"] == 1.0
    assert villages[world.village_a1.pk]["growth"] == "新增"  # nothing in the previous period
    assert villages[world.village_a2.pk]["growth"] == "-100.0%"
    township_a = next(t for t in figures["townships"] if t["id"] == world.township_a.pk)
    assert (township_a["residents"], township_a["registered"], township_a["growth"]) == (2, 2, "+0.0%")
    assert selectors.growth_label(5854, 1000) == "+485.4%"


def test_unregistered_list_per_group_masks_phones(world, hood, login):
    page = login(world.user("officer_a1")).get(f"/outreach/registrations/villages/{world.village_a1.pk}/")
    text = page.content.decode()
    assert "户长甲" in text and "一组" in text
    assert "139****0001" in text and "13900000001" not in text
    assert (
        login(world.user("officer_b1")).get(f"/outreach/registrations/villages/{world.village_a1.pk}/").status_code
        == 404
    )
