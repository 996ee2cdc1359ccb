"""App registration import: upload → background job with progress → the summary and the unmatched rows
(listed on the job page and offered for download); the same import from `fanzha import app_registrations`."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from fanzha.core.models import AuditEntry, Job
from fanzha.outreach import selectors
from fanzha.people.models import Resident

IMPORT_URL = "/outreach/registrations/import/"


def _csv(text: str, encoding: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("注册名单.csv", text.encode(encoding), "text/csv")


def _xlsx(rows: list[list[object]], name: str = "list.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _upload(client, upload: SimpleUploadedFile) -> Job:
    """Post the file; the page hands over to a job (HUEY immediate in tests, so it is done already)."""
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith("/core/jobs/")
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.kind == "outreach.registrations"
    return job


def test_gbk_csv_registers_matched_residents_and_lists_unknown_phones(world, login):
    today = timezone.localdate()
    text = (
        "手机号,姓名,注册日期\r\n"
        f"139 0000 0001,甲一,{today:%Y/%m/%d}\r\n"
        "13800001111,陌生人,2024-05-01\r\n"
        "+86 139-0000-0003,乙一,2024年5月2日\r\n"  # township B: outside the chief's scope
        "not-a-phone,无名,2024-05-01\r\n"
    )
    client = login(world.user("chief_a"))
    job = _upload(client, _csv(text, "gbk"))
    assert job.status == Job.Status.DONE
    assert (job.summary["rows"], job.summary["matched"], job.summary["updated"], job.summary["unmatched"]) == (
        4,
        1,
        1,
        3,
    )

    page = client.get(f"/core/jobs/{job.pk}/").content.decode()
    assert 'role="progressbar"' in page and "100%" in page and "已处理 4 / 4 行" in page
    assert "匹配 1 人" in page and "未匹配 3 行" in page
    assert "138****1111" in page and "陌生人" in page and "无名" in page
    assert "辖区内未找到此人" in page and "手机号无法识别" in page
    assert "13800001111" not in page and "139-0000-0003" not in page and "139****0003" in page  # masked
    assert "下载未匹配的行" in page and f"/core/jobs/{job.pk}/result/" in page

    assert Resident.objects.get(pk=world.resident_a1.pk).app_registered_on == today
    assert Resident.objects.get(pk=world.resident_b1.pk).app_registered_on is None
    assert AuditEntry.objects.filter(action="resident.app_registered", object_id=str(world.resident_a1.pk)).exists()
    assert AuditEntry.objects.get(action="outreach.registrations_imported").actor == world.user("chief_a")

    # the unmatched rows, as sent, with the reason in the last column, for the uploader to correct
    download = client.get(f"/core/jobs/{job.pk}/result/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["手机号", "姓名", "注册日期", "错误原因"]
    assert [r[:2] for r in rows[1:]] == [
        ["13800001111", "陌生人"],
        ["+86 139-0000-0003", "乙一"],
        ["not-a-phone", "无名"],
    ]
    assert rows[1][3] == "辖区内未找到此人" and rows[3][3] == "手机号无法识别"
    # only the uploader (or a superuser) sees the job and its file
    assert login(world.user("chief_b")).get(f"/core/jobs/{job.pk}/").status_code == 403
    assert login(world.user("chief_b")).get(f"/core/jobs/{job.pk}/result/").status_code == 403


def test_the_import_page_lists_the_recent_imports(world, login):
    client = login(world.user("centre"))
    page = client.get(IMPORT_URL).content.decode()
    assert "手机号 *" in page and "注册日期 *" in page and "最近的导入" not in page
    job = _upload(client, _csv("手机号,姓名,注册日期\r\n13900000002,甲二,2024-05-01\r\n", "utf-8"))
    page = client.get(IMPORT_URL).content.decode()
    assert "最近的导入" in page and "注册名单.csv" in page and f"/core/jobs/{job.pk}/" in page
    assert "匹配 1 人" in page
    assert not job.result_file  # nothing unmatched: nothing to download


def test_excel_list_matches_by_name_and_village_when_the_phone_is_unknown(world, login):
    upload = _xlsx([["姓名", "手机号", "村（社区）", "注册时间"], ["甲二", 13700000000, "西河社区", date(2024, 3, 1)]])
    job = _upload(login(world.user("centre")), upload)
    assert "匹配 1 人" in job.summary["message"] and job.errors == []
    assert Resident.objects.get(pk=world.resident_a2.pk).app_registered_on == date(2024, 3, 1)


def test_the_earliest_date_wins_within_a_file_and_across_imports(world, login):
    Resident.objects.filter(pk=world.resident_a1.pk).update(app_registered_on=date(2024, 6, 1))
    client = login(world.user("centre"))
    text = "手机号,注册日期\r\n13900000001,2024-07-01\r\n13900000001,2024-04-01\r\n13900000001,2024-05-01\r\n"
    job = _upload(client, _csv(text, "utf-8"))
    assert (job.summary["matched"], job.summary["updated"]) == (3, 1)
    assert Resident.objects.get(pk=world.resident_a1.pk).app_registered_on == date(2024, 4, 1)
    entry = AuditEntry.objects.get(action="resident.app_registered", object_id=str(world.resident_a1.pk))
    assert entry.data == {"on": "2024-04-01", "previous": "2024-06-01", "source": "outreach.import"}
    again = _upload(client, _csv(text, "utf-8"))
    assert (again.summary["matched"], again.summary["updated"]) == (3, 0)
    assert AuditEntry.objects.filter(action="resident.app_registered").count() == 1


def test_bad_dates_and_formula_cells_are_listed_back_not_dropped(world, login):
    future = timezone.localdate() + timedelta(days=2)
    upload = _xlsx(
        [
            ["手机号", "姓名", "注册日期"],
            ["13900000001", "甲一", "某天"],
            ["13900000002", "甲二", future],
            ['=HYPERLINK("http://x","13900000001")', "甲一", "2024-01-01"],
        ]
    )
    job = _upload(login(world.user("centre")), upload)
    assert job.summary["unmatched"] == 3 and job.summary["matched"] == 0
    assert [(e["row"], e["field"], e["reason"]) for e in job.errors] == [
        (2, "注册日期", "注册日期缺失或无法识别"),
        (3, "注册日期", "注册日期晚于今天"),
        (4, "手机号", "单元格含公式，不予导入：请改为纯文本或数值"),
    ]
    assert Resident.objects.filter(app_registered_on__isnull=False).count() == 0


def test_file_without_the_phone_column_is_refused_with_a_message(world, login):
    client = login(world.user("centre"))
    job = _upload(client, _csv("姓名,日期\r\n甲一,2024-01-01\r\n", "utf-8"))
    assert job.status == Job.Status.DONE and job.summary["landed"] is False
    page = client.get(f"/core/jobs/{job.pk}/").content.decode()
    assert "缺少列：手机号" in page
    assert Resident.objects.filter(app_registered_on__isnull=False).count() == 0


def test_the_form_refuses_other_file_types_and_oversized_files(world, login, settings):
    client = login(world.user("centre"))
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("list.xls", b"\xd0\xcf\x11\xe0")})
    assert response.status_code == 400 and ".xlsx" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 10
    response = client.post(IMPORT_URL, {"file": _csv("手机号,注册日期\r\n13900000001,2024-01-01\r\n", "utf-8")})
    assert response.status_code == 400 and "文件超过" in response.content.decode()
    assert not Job.objects.exists()


def test_grid_worker_may_not_import(world, login):
    client = login(world.user("grid_a1"))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": _csv("手机号,注册日期\r\n", "utf-8")}).status_code == 403
    assert not Job.objects.exists()


def _command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_gbk_list_with_a_progress_bar(world, tmp_path):
    path = tmp_path / "注册名单.csv"
    path.write_bytes(
        "手机号,姓名,注册日期\r\n13900000001,甲一,2024-05-01\r\n13900000003,乙一,2024-05-02\r\n".encode("gbk")
    )
    out, err = _command("app_registrations", str(path), "--user", "t_centre")
    assert "共 2 行：匹配 2 人" in out and "2/2" in err and "[####" in err
    assert Resident.objects.get(pk=world.resident_b1.pk).app_registered_on == date(2024, 5, 2)
    assert AuditEntry.objects.filter(action="resident.app_registered", actor=world.user("centre")).count() == 2


def test_the_command_lists_unknown_phones_and_fails(world, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("手机号,姓名,注册日期\r\n13900000001,甲一,2024-05-01\r\n13800001111,陌生人,2024-05-01\r\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import", "app_registrations", str(path), stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 1  # the matched row landed
    assert "第 3 行，手机号：辖区内未找到此人（138****1111 陌生人）" in err.getvalue()
    assert "13800001111" not in err.getvalue()
    # without --user: the whole county
    assert Resident.objects.get(pk=world.resident_a1.pk).app_registered_on == date(2024, 5, 1)


def test_the_command_refuses_a_file_without_the_date_column(world, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("手机号,姓名\r\n13900000001,甲一\r\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import", "app_registrations", str(path), stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 2 and "缺少列：注册日期" in err.getvalue()
    assert Resident.objects.get(pk=world.resident_a1.pk).app_registered_on is None


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
