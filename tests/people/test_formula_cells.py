"""Formula cells are refused on import even with leading spaces or another formula sign, while a phone
"+86…" is data in a phone column; what is exported never runs as a formula in Excel or WPS."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fanzha.people.models import Resident
from tests.people.conftest import good_rows, xlsx_bytes
from tests.people.test_import_pages import upload

pytestmark = pytest.mark.django_db

ATTACKS = {
    "leading space": ' =HYPERLINK("http://bad.example/","点我")',
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_a_formula_in_a_text_column_is_refused_and_written_back_as_inert_text(places, login, attack):
    client = login(places.user("centre"))
    rows = good_rows()
    rows[1][4] = attack  # 住址 of 张二
    job = upload(client, xlsx_bytes(rows), skip_bad="on")
    assert not Resident.objects.filter(name="张二").exists()
    assert Resident.objects.filter(name__in=["张一", "李三", "王四"]).count() == 3
    assert [(e["row"], e["field"]) for e in job.errors] == [(3, "住址")]
    download = client.get(f"/core/jobs/{job.pk}/result/")
    cell = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.cell(row=2, column=5)
    assert cell.value == attack and cell.data_type == "s" and cell.quotePrefix


def test_a_signed_phone_in_the_phone_column_is_a_phone_not_a_formula(places, login):
    rows = good_rows()
    rows[0][3] = "+86 138 0000 0011"
    job = upload(login(places.user("centre")), xlsx_bytes(rows))
    assert job.errors == [] and Resident.objects.get(name="张一").phone == "+8613800000011"


def test_a_signed_formula_in_the_phone_column_is_still_refused(places, login):
    rows = good_rows()
    rows[0][3] = "+86+cmd|' /C calc'!A0"
    job = upload(login(places.user("centre")), xlsx_bytes(rows))
    assert [(e["row"], e["field"]) for e in job.errors] == [(2, "手机号")]
