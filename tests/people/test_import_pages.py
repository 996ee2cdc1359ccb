"""The import page: upload → job page with progress → result and the bad rows for download; who may import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from fanzha.core.models import Job
from fanzha.people.models import Resident
from tests.people.conftest import HEADER, good_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "people.xlsx", **form) -> Job:
    response = client.post("/people/import/", {"file": SimpleUploadedFile(name, data), **form})
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_upload_runs_a_job_and_the_job_page_shows_the_result(places, login):
    client = login(places.user("centre"))
    page = client.get("/people/import/").content.decode()
    assert "跳过错误行" in page and "/people/import/template.xlsx" in page
    job = upload(client, xlsx_bytes(good_rows()))
    assert job.status == Job.Status.DONE and job.kind == "people.import" and job.summary["created"] == 4
    assert Resident.objects.filter(name="张一").exists()
    page = client.get(f"/core/jobs/{job.pk}/").content.decode()
    assert "新增居民 4 人" in page and 'role="progressbar"' in page and "100%" in page
    status = client.get(f"/core/jobs/{job.pk}/", headers={"Accept": "application/json"}).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["total"] == 4
    assert "people.xlsx" in client.get("/people/import/").content.decode()  # listed under recent imports


def test_bad_rows_are_listed_on_the_job_page_and_nothing_lands(places, login):
    client = login(places.user("centre"))
    rows = good_rows()
    rows[2][2] = "532323198001010130"
    job = upload(client, xlsx_bytes(rows))
    assert not Resident.objects.filter(name="张一").exists()
    page = client.get(f"/core/jobs/{job.pk}/").content.decode()
    assert "未导入任何居民" in page and "身份证号" in page and "校验位错误" in page


def test_skip_bad_lands_the_good_rows_and_offers_the_bad_ones_for_download(places, login):
    client = login(places.user("centre"))
    rows = good_rows()
    rows[2][2] = "532323198001010130"
    job = upload(client, xlsx_bytes(rows), skip_bad="on")
    assert Resident.objects.filter(name__in=["张一", "张二", "王四"]).count() == 3
    page = client.get(f"/core/jobs/{job.pk}/").content.decode()
    assert "下载错误行" in page and f"/core/jobs/{job.pk}/result/" in page
    download = client.get(f"/core/jobs/{job.pk}/result/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.cell(row=2, column=1).value == "李三" and "校验位错误" in sheet.cell(row=2, column=12).value
    # the uploader's file, not anyone else's
    assert login(places.user("admin")).get(f"/core/jobs/{job.pk}/result/").status_code == 200  # superuser
    assert login(places.user("leader")).get(f"/core/jobs/{job.pk}/result/").status_code == 403


def test_a_gbk_csv_is_accepted_through_the_page(places, login):
    from tests.people.conftest import csv_bytes

    job = upload(login(places.user("centre")), csv_bytes(good_rows(), "gbk"), name="people.csv")
    assert job.summary["created"] == 4


def test_the_form_refuses_other_file_types_and_oversized_files(places, login, settings):
    client = login(places.user("centre"))
    response = client.post("/people/import/", {"file": SimpleUploadedFile("people.xls", b"\xd0\xcf\x11\xe0")})
    assert response.status_code == 400 and ".xlsx" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 100
    response = client.post("/people/import/", {"file": SimpleUploadedFile("people.xlsx", xlsx_bytes(good_rows()))})
    assert response.status_code == 400 and "文件超过" in response.content.decode()
    assert not Job.objects.exists()


def test_a_text_file_renamed_xlsx_is_reported_on_the_job_page(places, login):
    client = login(places.user("centre"))
    job = upload(client, "姓名,乡镇\n张一,甲镇\n".encode())
    assert "内容不是Excel文件" in client.get(f"/core/jobs/{job.pk}/").content.decode()


def test_the_template_has_the_headers_and_an_example_row(places, login):
    response = login(places.user("centre")).get("/people/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][: len(HEADER)] == HEADER
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    "name, status",
    [
        ("centre", 200),
        ("admin", 200),
        ("leader", 403),
        ("chief_a", 403),
        ("officer_a1", 403),
        ("assistant_a1", 403),
        ("grid_a1", 403),
    ],
)
def test_only_centre_operators_and_admins_may_import(places, login, name, status):
    client = login(places.user(name))
    assert client.get("/people/import/").status_code == status
    assert client.get("/people/import/template.xlsx").status_code == status
    response = client.post("/people/import/", {"file": SimpleUploadedFile("p.xlsx", xlsx_bytes(good_rows()))})
    assert response.status_code == (302 if status == 200 else 403)
    assert Resident.objects.filter(name="张一").exists() == (status == 200)


def test_anonymous_users_are_sent_to_log_in(client, places):
    response = client.get("/people/import/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_operators_job_is_not_visible(places, login):
    job = upload(login(places.user("centre")), xlsx_bytes(good_rows()))
    assert login(places.user("leader")).get(f"/core/jobs/{job.pk}/").status_code == 403
