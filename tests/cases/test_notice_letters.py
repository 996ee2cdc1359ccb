"""公安提示函: a Word letter for a unit with key-group members, de-identified cases, delivery recorded."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from fanzha.cases.models import NoticeLetter
from fanzha.cases.services import CaseInput, case_register
from fanzha.core.models import AuditEntry, Job
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def issue(client, unit):
    """Number a letter for the unit through the API (a POST) and fetch its Word file (a GET)."""
    issued = client.post(f"/api/v1/organisations/{unit.pk}/notice-letters", {})
    assert issued.status_code in (200, 201), issued.content
    return client.get(f"/api/v1/notice-letters/{issued.json()['id']}/document")


@pytest.fixture
def earlier_case(world, unit):
    """A case against 甲一 (accountant, 45, woman) last month: it becomes a typical case in the letter."""
    occurred = timezone.now() - timedelta(days=30)
    world.resident_a1.id_number = "532323198001010013"
    world.resident_a1.save()
    case, _ = case_register(
        data=CaseInput(
            case_number="A5323-TYPICAL-1",
            occurred_at=occurred,
            reported_at=occurred + timedelta(hours=1),
            fraud_type="impersonate_acquaintance",
            contact_method="qq",
            loss_amount=Decimal("120000.00"),
            victim_resident_id=world.resident_a1.pk,
            summary="甲一 接到冒充局长的QQ",
        ),
        by=None,
    )
    return case


def test_the_letter_names_the_unit_its_key_groups_and_the_county_bureau(world, api_client, mouding, unit, earlier_case):
    world.user("officer_a1").phone = "0878-5211234"
    world.user("officer_a1").save()
    response = issue(api_client(world.user("officer_a1")), unit)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = text_of(response.content)
    assert text.splitlines()[0] == "牟定县公安局"
    assert "公安提示函" in text
    assert "甲镇财政所" in text
    assert "会计/财务人员2人" in text and "公职人员1人" in text
    assert "冒充领导熟人（1起" in text
    assert "某机关单位会计，女，45岁" in text and "被冒充领导熟人诈骗12万元" in text
    assert "民警甲" in text and "0878-5211234" in text  # the contact officer
    assert "96110" in text
    letter = NoticeLetter.objects.get(organisation=unit)
    assert letter.number in text and letter.key_group_counts == {"accountant": 2, "civil_servant": 1}
    assert AuditEntry.objects.filter(action="notice_letter.issued", object_id=str(letter.pk)).exists()


def test_the_letter_carries_no_personal_data_of_victims(world, api_client, mouding, unit, earlier_case):
    text = text_of(issue(api_client(world.user("centre")), unit).content)
    for personal in ("甲一", "财务乙", "532323198001010013", "13900000001", "+8613900000001", "冒充局长"):
        assert personal not in text
    assert not re.search(r"1[3-9]\d{9}", text)  # no mobile numbers at all
    assert not re.search(r"\d{17}[\dXx]", text)  # no ID numbers


def test_issuing_twice_the_same_day_is_one_letter(world, api_client, login, unit):
    client = api_client(world.user("centre"))
    assert client.post(f"/api/v1/organisations/{unit.pk}/notice-letters", {}).status_code == 201
    assert client.post(f"/api/v1/organisations/{unit.pk}/notice-letters", {}).status_code == 200
    page = login(world.user("officer_a1")).post(f"/cases/organisations/{unit.pk}/letter/")
    assert page.status_code == 200 and page["Content-Type"].startswith("application/vnd.openxmlformats")
    assert NoticeLetter.objects.count() == 1


def test_a_unit_without_key_group_members_gets_no_letter(world, api_client, login):
    empty = OrganisationFactory(name="甲镇农机站", township=world.township_a)
    response = api_client(world.user("centre")).post(f"/api/v1/organisations/{empty.pk}/notice-letters", {})
    assert response.status_code == 409
    assert response.json()["code"] == "no_key_group_members"
    assert "甲镇农机站没有登记任何重点人群人员" in response.json()["detail"]
    page = login(world.user("centre")).post(f"/cases/organisations/{empty.pk}/letter/", follow=True)
    assert "没有登记任何重点人群人员，不生成提示函" in page.content.decode()
    assert not NoticeLetter.objects.exists()


def test_a_unit_of_another_station_is_not_found(world, api_client, unit):
    response = api_client(world.user("officer_b1")).post(f"/api/v1/organisations/{unit.pk}/notice-letters", {})
    assert response.status_code == 404
    assert not NoticeLetter.objects.exists()


def test_a_selection_becomes_one_zip_with_progress_and_the_empty_unit_listed(world, login, unit):
    empty = OrganisationFactory(name="甲镇农机站", township=world.township_a)
    client = login(world.user("centre"))
    response = client.post("/cases/letters/batch/", {"organisation": [unit.pk, empty.pk]})
    job = Job.objects.get(kind="cases.notice_letters")
    assert response.status_code == 302 and response["Location"] == f"/core/jobs/{job.pk}/"
    assert job.status == Job.Status.DONE and job.done == 2 and job.total == 2
    assert job.errors[0]["field"] == "甲镇农机站"
    with zipfile.ZipFile(job.result_file.open("rb")) as archive:
        names = archive.namelist()
        assert len(names) == 1 and "甲镇财政所" in names[0]
        assert "甲镇财政所" in text_of(archive.read(names[0]))
    page = client.get(f"/core/jobs/{job.pk}/").content.decode()
    assert "生成提示函 1 份" in page and "甲镇农机站" in page


def test_delivery_and_acknowledgement_are_recorded(world, login, unit):
    client = login(world.user("officer_a1"))
    client.post(f"/cases/organisations/{unit.pk}/letter/")
    letter = NoticeLetter.objects.get()
    today = timezone.localdate()
    bad = client.post(
        f"/cases/letters/{letter.pk}/",
        {
            "delivered_on": today.isoformat(),
            "acknowledged_on": (today - timedelta(days=3)).isoformat(),
            "signed_by": "王所长",
        },
    )
    assert bad.status_code == 400 and "签收日期应在送达日期和今天之间" in bad.content.decode()
    no_signer = client.post(
        f"/cases/letters/{letter.pk}/", {"delivered_on": today.isoformat(), "acknowledged_on": today.isoformat()}
    )
    assert "已签收，请填写签收人" in no_signer.content.decode()
    ok = client.post(
        f"/cases/letters/{letter.pk}/",
        {"delivered_on": today.isoformat(), "acknowledged_on": today.isoformat(), "signed_by": "王所长"},
    )
    assert ok.status_code == 302
    letter.refresh_from_db()
    assert (
        letter.delivered_on == today
        and letter.signed_by == "王所长"
        and letter.delivered_by == world.user("officer_a1")
    )
    assert AuditEntry.objects.filter(action="notice_letter.delivered", object_id=str(letter.pk)).exists()
    history = client.get(f"/cases/organisations/{unit.pk}/history/").content.decode()
    assert letter.number in history and "王所长" in history


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_letter_and_the_notifications_render_to_pdf_with_libreoffice(
    world, api_client, login, mouding, unit, earlier_case, tmp_path
):
    letter = issue(api_client(world.user("centre")), unit).content
    client = login(world.user("centre"))
    files = {"letter.docx": letter, "review.docx": client.get(f"/cases/{earlier_case.pk}/review.docx").content}
    for n in earlier_case.notifications.all():
        files[f"notification-{n.audience}.docx"] = client.get(f"/cases/notifications/{n.pk}.docx").content
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *[str(tmp_path / n) for n in files],
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for name in files:
        pdf = (tmp_path / name).with_suffix(".pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000, name


def test_the_letter_gives_the_officers_mobile_as_people_write_it(world, api_client, unit, earlier_case):
    world.user("officer_a1").phone = "+8616697718361"
    world.user("officer_a1").save()
    text = text_of(issue(api_client(world.user("officer_a1")), unit).content)
    assert "166 9771 8361" in text and "+86" not in text
