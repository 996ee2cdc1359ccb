"""An upload cannot make the worker eat memory: a file that unpacks to far more than it weighs is refused
before it is opened, so is one with too many rows; a cell longer than any field is a bad row naming its
column; and a job keeps the first errors and counts them all.

Found by a probe: a 1 MB .xlsx holding one 1 GiB string took the worker from 1.05 to 3.15 GB; a 7 MB file
with 300,000 bad rows stored 600,000 errors in one Job row. (The figures for the worst files within the
20 MB limit are in benchmarks/bench_import_memory.py.)
"""

from __future__ import annotations

import io
import zipfile

import pytest

from fanzha.core.models import Job
from fanzha.people.models import Resident
from tests.people.conftest import csv_bytes, good_rows, xlsx_bytes
from tests.people.test_import_pages import upload

pytestmark = pytest.mark.django_db


def _inflated(data: bytes, extra: int) -> bytes:
    """The same workbook with one more part that unpacks to `extra` bytes of a single letter."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b"A" * extra)
    return buffer.getvalue()


def test_a_file_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_read(places, login, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    data = _inflated(xlsx_bytes(good_rows()), 3 * 1024 * 1024)
    assert len(data) < 100_000  # small on the wire
    job = upload(login(places.user("centre")), data)
    assert job.status == Job.Status.DONE and not Resident.objects.filter(name="张一").exists()
    assert "解压后超过 2 MB" in job.errors[0]["message"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_file_with_more_rows_than_the_limit_is_refused_naming_the_limit(places, login, settings, kind):
    settings.IMPORT_MAX_ROWS = 3
    data = xlsx_bytes(good_rows()) if kind == "xlsx" else csv_bytes(good_rows())
    job = upload(login(places.user("centre")), data, name=f"people.{kind}")
    assert not Resident.objects.filter(name="张一").exists()
    assert "超过 3 行" in (job.errors[0]["message"] if job.errors else job.summary["message"])


def test_a_cell_longer_than_any_field_is_a_bad_row_naming_its_column(places, login, settings):
    settings.IMPORT_MAX_CELL_CHARS = 50
    rows = good_rows()
    rows[1][4] = "东山村" * 40  # 住址 of 张二, 120 characters
    job = upload(login(places.user("centre")), xlsx_bytes(rows), skip_bad="on")
    assert [(e["row"], e["field"]) for e in job.errors] == [(3, "住址")]
    assert "内容过长" in job.errors[0]["message"]
    assert not Resident.objects.filter(name="张二").exists() and Resident.objects.filter(name="张一").exists()


def test_a_job_keeps_the_first_errors_and_counts_them_all(places, login, settings):
    settings.IMPORT_MAX_ERRORS = 2
    rows = [[f"某{n}", "男", "123", "", "", "无此乡", "", "", "", "", ""] for n in range(6)]
    client = login(places.user("centre"))
    job = upload(client, xlsx_bytes(rows))
    assert len(job.errors) == 2 and job.error_count >= 6
    page = client.get(f"/core/jobs/{job.pk}/").content.decode()
    assert f"{job.error_count} 处错误" in page
