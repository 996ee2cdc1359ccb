"""The letters and reports of cases in the official document format (GB/T 9704-2012): each file is
opened and its layout checked; 文号 come from the county's settings, per year and kind, on a POST;
PDF beside Word through LibreOffice."""

from __future__ import annotations

import io
import itertools
import re
import shutil
from datetime import timedelta
from decimal import Decimal

import pdfplumber
import pytest
from django.test import override_settings
from django.utils import timezone

from fanzha.cases.models import DocumentSettings, Interview, NoticeLetter, Notification
from fanzha.cases.services import CaseInput, case_register
from fanzha.core.models import AuditEntry
from fanzha.people.models import KeyGroup
from tests.factories import OrganisationFactory, ResidentFactory
from tests.official_documents import FANGSONG, HEITI, KAITI, XIAOBIAOSONG, check_layout, text_of

pytestmark = pytest.mark.django_db

SETTINGS = {
    "bureau": "牟定县公安局",
    "letter_prefix": "牟定公提",
    "notification_prefix": "牟定公通",
    "interview_prefix": "牟定公谈",
    "printer": "牟定县公安局办公室",
    "copy_to": "楚雄州公安局反电信网络诈骗中心\n牟定县委政法委",
}
COPY_TO = ["楚雄州公安局反电信网络诈骗中心", "牟定县委政法委"]
needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@pytest.fixture
def settings_saved(world, login, mouding):
    response = login(world.user("centre")).post("/cases/document-settings/", {"county": mouding.pk, **SETTINGS})
    assert response.status_code == 302
    return DocumentSettings.objects.get(county=mouding)


@pytest.fixture
def case(world, unit):
    occurred = timezone.now() - timedelta(days=3)
    registered, _ = case_register(
        data=CaseInput(
            case_number="A5323-GONGWEN-1",
            occurred_at=occurred,
            reported_at=occurred + timedelta(hours=1),
            fraud_type="impersonate_acquaintance",
            contact_method="qq",
            loss_amount=Decimal("120000.00"),
            victim_resident_id=world.resident_a1.pk,
            organisation_id=unit.pk,
        ),
        by=None,
    )
    return registered


def issue_letter(client, unit) -> bytes:
    """Issue the unit's letter (a 文号, on a POST) and read its Word file back."""
    issued = client.post(f"/api/v1/organisations/{unit.pk}/notice-letters", {})
    assert issued.status_code in (200, 201), issued.content
    return client.get(f"/api/v1/notice-letters/{issued.json()['id']}/document").content


def year() -> int:
    return timezone.localdate().year


def test_the_centre_sets_the_letterhead_and_an_officer_cannot(world, login, mouding):
    officer = login(world.user("officer_a1")).get("/cases/document-settings/")
    assert officer.status_code == 403
    client = login(world.user("centre"))
    page = client.get("/cases/document-settings/").content.decode()
    assert "牟定县公安局" in page and "牟定公提" in page  # defaults derived from the county's name
    bad = client.post("/cases/document-settings/", {"county": mouding.pk, **SETTINGS, "letter_prefix": "牟定公提〔"})
    assert bad.status_code == 400 and "年份、序号和“号”由系统生成" in bad.content.decode()
    assert not DocumentSettings.objects.exists()
    ok = client.post("/cases/document-settings/", {"county": mouding.pk, **SETTINGS, "printer": "牟定县反诈中心"})
    assert ok.status_code == 302
    saved = DocumentSettings.objects.get(county=mouding)
    assert saved.printer == "牟定县反诈中心" and saved.copy_to_list == COPY_TO
    assert AuditEntry.objects.filter(action="document_settings.updated", object_id=str(saved.pk)).exists()


def test_the_notice_letter_is_an_official_document_with_its_receipt_attached(world, api_client, unit, settings_saved):
    content = issue_letter(api_client(world.user("centre")), unit)
    letter = NoticeLetter.objects.get(organisation=unit)
    assert letter.number == f"牟定公提〔{year()}〕1号"
    parts = check_layout(
        content,
        issuer="牟定县公安局",
        number=letter.number,
        title="公安提示函",
        printer="牟定县公安局办公室",
        copy_to=COPY_TO,
    )
    styled = parts.styled
    assert text_of(parts.paragraphs[3]) == "甲镇财政所："
    first = parts.with_text("一、针对上述人群的主要诈骗类型")
    assert styled.look(first).font in HEITI and styled.look(first).size == 16
    group = parts.starting("（一）")[0]
    assert styled.look(group).font in KAITI
    assert any(styled.look(p).font in FANGSONG for p in parts.starting("1."))
    assert (
        parts.starting("附件：")[0] is not None and text_of(parts.starting("附件：")[0]) == "附件：公安提示函签收回执"
    )
    receipt = parts.with_text("公安提示函签收回执")
    assert styled.look(receipt).font in XIAOBIAOSONG
    today = timezone.localdate()
    assert parts.record.endswith(f"{today.year}年{today.month}月{today.day}日印发")


def test_a_letter_is_issued_by_a_post_and_read_back_under_its_number(world, login, unit, settings_saved):
    client = login(world.user("officer_a1"))
    assert client.get(f"/cases/organisations/{unit.pk}/letter/").status_code == 405
    assert not NoticeLetter.objects.exists()  # a link followed issues nothing
    issued = client.post(f"/cases/organisations/{unit.pk}/letter/")
    letter = NoticeLetter.objects.get()
    assert issued.status_code == 200 and letter.number == f"牟定公提〔{year()}〕1号"
    again = client.get(f"/cases/letters/{letter.pk}.docx")
    assert NoticeLetter.objects.count() == 1
    check_layout(
        again.content,
        issuer="牟定县公安局",
        number=letter.number,
        title="公安提示函",
        printer="牟定县公安局办公室",
        copy_to=COPY_TO,
    )
    assert AuditEntry.objects.filter(action="notice_letter.downloaded", object_id=str(letter.pk)).exists()
    page = client.get(f"/cases/letters/{letter.pk}/").content.decode()
    assert f"/cases/letters/{letter.pk}.docx" in page
    assert f"/cases/letters/{letter.pk}.pdf" in page or "PDF不可用" in page


def test_numbers_run_per_kind_and_are_given_once_on_a_post(world, login, api_client, unit, case, settings_saved):
    other = OrganisationFactory(name="甲镇中心学校", township=world.township_a)
    teacher = ResidentFactory(household__village=world.village_a1, organisation=other)
    teacher.key_groups.add(KeyGroup.objects.get(code="teacher"))
    centre = api_client(world.user("centre"))
    issue_letter(centre, unit)
    issue_letter(centre, other)
    assert sorted(NoticeLetter.objects.values_list("number", flat=True)) == [
        f"牟定公提〔{year()}〕1号",
        f"牟定公提〔{year()}〕2号",
    ]
    client = login(world.user("officer_a1"))
    unit_copy = Notification.objects.get(case=case, audience="unit")
    draft = client.get(f"/cases/notifications/{unit_copy.pk}.docx").content
    unit_copy.refresh_from_db()
    assert unit_copy.number == ""  # reading the draft gives it no number
    check_layout(draft, issuer="牟定县公安局", title="关于一起电信网络诈骗案件的通报", printer="牟定县公安局办公室")
    assert client.get(f"/cases/notifications/{unit_copy.pk}/number/").status_code == 405
    client.post(f"/cases/notifications/{unit_copy.pk}/number/")
    client.post(f"/cases/notifications/{unit_copy.pk}/number/")  # a second press keeps the number
    unit_copy.refresh_from_db()
    assert unit_copy.number == f"牟定公通〔{year()}〕1号"  # its own sequence, not the letters'
    family = Notification.objects.get(case=case, audience="family")
    client.post(f"/cases/notifications/{family.pk}/number/")
    family.refresh_from_db()
    assert family.number == f"牟定公通〔{year()}〕2号"
    assert AuditEntry.objects.filter(action="notification.numbered", object_id=str(unit_copy.pk)).count() == 1
    numbered = client.get(f"/cases/notifications/{unit_copy.pk}.docx").content
    parts = check_layout(
        numbered,
        issuer="牟定县公安局",
        number=unit_copy.number,
        title="关于一起电信网络诈骗案件的通报",
        printer="牟定县公安局办公室",
        copy_to=COPY_TO,
    )
    assert "一、基本案情" in [text_of(p) for p in parts.paragraphs] and "甲一" not in "".join(
        text_of(p) for p in parts.paragraphs
    )
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert unit_copy.number in page and family.number in page


def test_an_officer_of_another_station_cannot_number_or_read_a_notification(world, login, case):
    notification = Notification.objects.get(case=case, audience="unit")
    client = login(world.user("officer_b1"))
    assert client.post(f"/cases/notifications/{notification.pk}/number/").status_code == 404
    interview = Interview.objects.get(case=case)
    assert client.get(f"/cases/interviews/{interview.pk}/notice.docx").status_code == 404
    notification.refresh_from_db()
    assert notification.number == ""


def test_the_interview_notice_names_the_head_the_day_and_its_number(world, login, case, settings_saved):
    interview = Interview.objects.get(case=case)
    client = login(world.user("officer_a1"))
    client.post(f"/cases/interviews/{interview.pk}/notice/number/")
    interview.refresh_from_db()
    assert interview.notice_number == f"牟定公谈〔{year()}〕1号"
    parts = check_layout(
        client.get(f"/cases/interviews/{interview.pk}/notice.docx").content,
        issuer="牟定县公安局",
        number=interview.notice_number,
        title="约谈通知",
        printer="牟定县公安局办公室",
        copy_to=COPY_TO,
    )
    text = "".join(text_of(p) for p in parts.paragraphs)
    day = interview.scheduled_on
    assert "甲镇财政所：" in text and "王所长" in text and f"{day.year}年{day.month}月{day.day}日" in text
    assert "120000元" in text and "A5323-GONGWEN-1" in text


def test_the_review_report_is_an_official_document_with_its_table(world, login, case, settings_saved):
    content = login(world.user("chief_a")).get(f"/cases/{case.pk}/review.docx").content
    parts = check_layout(
        content, issuer="牟定县公安局", title="电信网络诈骗案件倒查报告", printer="牟定县公安局办公室", copy_to=COPY_TO
    )
    table = parts.styled.document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["倒查项目", "结论", "情况"]
    assert "二、倒查情况" in [text_of(p) for p in parts.paragraphs]


@override_settings(SOFFICE="/nonexistent/soffice")
def test_without_libreoffice_the_page_says_pdf_is_unavailable(world, login, case):
    client = login(world.user("officer_a1"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "PDF不可用（服务器未安装LibreOffice）" in page and "review.pdf" not in page
    response = client.get(f"/cases/{case.pk}/review.pdf")
    assert response.status_code == 503 and "未安装 LibreOffice" in response.content.decode()


@needs_libreoffice
def test_a_notification_is_offered_as_pdf_beside_word(world, login, case, settings_saved):
    client = login(world.user("officer_a1"))
    notification = Notification.objects.get(case=case, audience="unit")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/notifications/{notification.pk}.pdf" in page
    response = client.get(f"/cases/notifications/{notification.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "关于一起电信网络诈骗案件的通报" in text.replace("\n", "")


MM = 72 / 25.4  # points per millimetre
TYPE_AREA = (28 * MM, 37 * MM, (210 - 26) * MM, (297 - 35) * MM)  # x0, top, x1, bottom in points


@needs_libreoffice
def test_the_letter_printed_through_libreoffice_keeps_to_the_type_area(world, api_client, unit, settings_saved):
    """The letter rendered to PDF: its pages, every character inside the type area but the page numbers
    (outside corners, 7 mm below), 28 characters to a full line, 22 lines to a page, the 版记 last."""
    centre = api_client(world.user("centre"))
    content = issue_letter(centre, unit)
    letter = NoticeLetter.objects.get(organisation=unit)
    from fanzha.core.pdf import docx_to_pdf

    pdf_bytes = docx_to_pdf(content)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        pages = pdf.pages
        # Three pages of letter (its last paragraphs kept with the signature and the 附注, which never
        # stand alone on a page), then the receipt on a page of its own.
        assert len(pages) == 4
        assert "签收日期" not in pages[2].extract_text() and "全国反诈专线" in pages[2].extract_text()
        assert "牟定县公安局" in pages[2].extract_text() and "联系民警" in pages[2].extract_text()
        x0, top, x1, bottom = TYPE_AREA
        for number, page in enumerate(pages, start=1):
            chars = [c for c in page.chars if c["text"].strip()]
            inside = [c for c in chars if c["top"] < bottom + 1]
            outside = [c for c in chars if c["top"] >= bottom + 1]
            for c in inside:
                assert x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1 and top - 1 <= c["top"], (number, c["text"], c)
            # Below the type area only the page number, 7 mm down, at the outside corner.
            folio = "".join(c["text"] for c in sorted(outside, key=lambda c: c["x0"]))
            assert folio == f"—{number}—", folio
            assert min(c["top"] for c in outside) == pytest.approx(bottom + 7 * MM, abs=2 * MM)
            if number % 2:
                assert min(c["x0"] for c in outside) > (x0 + x1) / 2
            else:
                assert max(c["x1"] for c in outside) < (x0 + x1) / 2
        first = pages[0].extract_text().replace(" ", "")
        assert first.splitlines()[0] == "牟定县公安局" and letter.number in first
        red = [c for c in pages[0].chars if c["text"] == "牟" and c["non_stroking_color"] not in (None, (0,), [0])]
        assert red, "the issuer's name is not red"
        # 28 characters fill a full line of body text, and lines are a 22nd of the type area apart.
        lines = pages[1].extract_text_lines()
        body = [line for line in lines if line["top"] < bottom and line["x0"] < x0 + 2 and line["x1"] > x1 - 2]
        assert body and all(len(line["text"].replace(" ", "")) == 28 for line in body), [line["text"] for line in body]
        inside = [line for line in lines if line["top"] < bottom]
        gaps = [b["top"] - a["top"] for a, b in itertools.pairwise(inside)]
        assert min(gaps) == pytest.approx(225 * MM / 22, abs=0.5)
        # The receipt on the last page, with the 版记 at its foot.
        last = pages[-1]
        text = last.extract_text()
        assert "公安提示函签收回执" in text and "抄送：" in text
        record_line = next(line for line in last.extract_text_lines() if line["text"].endswith("印发"))
        assert record_line["bottom"] == pytest.approx(bottom, abs=10 * MM)
        assert re.match(r"牟定县公安局办公室\s*\d{4}年\d+月\d+日印发", record_line["text"])
