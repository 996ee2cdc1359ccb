"""core.gongwen: one official document built through its API, read back from the file."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fanzha.core.gongwen import OfficialDocument, chinese_numeral, document_number, written_date
from tests.official_documents import FANGSONG, HEITI, KAITI, check_layout, text_of


def test_document_numbers_have_the_year_in_hexagonal_brackets_without_di_or_padding():
    assert document_number("牟定公提", 2026, 7) == "牟定公提〔2026〕7号"
    assert document_number("牟定公通", 2027, 12) == "牟定公通〔2027〕12号"
    with pytest.raises(ValueError):
        document_number("牟定公提", 2026, 0)


def test_dates_are_written_in_arabic_numerals_without_leading_zeros():
    assert written_date(date(2026, 12, 7)) == "2026年12月7日"
    assert written_date(date(2027, 1, 5)) == "2027年1月5日"


def test_chinese_numerals_for_headings():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def sample() -> OfficialDocument:
    doc = OfficialDocument(
        issuer="牟定县公安局", number="牟定公提〔2026〕7号", title="公安提示函", addressee="某某公司"
    )
    doc.paragraph("经核查，贵单位共有重点人群会计2人。")
    doc.heading("主要诈骗类型")
    doc.heading("会计", level=2, run_on="近三年本县发案主要为冒充领导熟人。")
    doc.heading("教师", level=2, run_on="属电诈重点防范人群。")
    doc.heading("具体要求", level=3)
    doc.heading("细则", level=4)
    doc.heading("工作要求")
    doc.heading("组织学习", level=2)
    doc.attachments(["签收回执", "宣传材料"])
    doc.signature("牟定县公安局", date(2026, 12, 7))
    doc.note("联系人：张三，电话：0878-5211234")
    doc.attachment_page("签收回执")
    doc.table(["项目", "内容"], [["签收人", ""]])
    doc.record(copy_to=["县委政法委", "县政府办"], printer="牟定县公安局办公室", printed_on=date(2026, 12, 7))
    return doc


def test_a_document_built_through_the_api_has_the_official_layout():
    parts = check_layout(
        sample().to_bytes(),
        issuer="牟定县公安局",
        number="牟定公提〔2026〕7号",
        title="公安提示函",
        printer="牟定县公安局办公室",
        copy_to=["县委政法委", "县政府办"],
    )
    texts = [text_of(p) for p in parts.paragraphs]
    assert "某某公司：" in texts  # 主送机关 with a full-width colon, flush left
    addressee = parts.with_text("某某公司：")
    assert parts.styled.alignment(addressee) == "left" and parts.styled.paragraph_property(addressee, "ind") is None
    # Headings number themselves and restart under a higher one.
    assert [t for t in texts if re.match(r"^([一二]、|（[一二1]）|1\.)", t)] == [
        "一、主要诈骗类型",
        "（一）会计。近三年本县发案主要为冒充领导熟人。",
        "（二）教师。属电诈重点防范人群。",
        "1.具体要求",
        "（1）细则",
        "二、工作要求",
        "（一）组织学习",
    ]
    styled = parts.styled
    assert styled.look(parts.with_text("一、主要诈骗类型")).font in HEITI
    run_on = parts.with_text("（一）会计。近三年本县发案主要为冒充领导熟人。")
    runs = list(run_on.iter(f"{{{run_on.nsmap['w']}}}r"))
    assert styled.look(run_on, runs[0]).font in KAITI  # the heading in 楷体 …
    assert styled.look(run_on, runs[1]).font in FANGSONG  # … the text after it in 仿宋
    assert "附件：1. 签收回执" in texts and "2. 宋传材料" not in texts and "2. 宣传材料" in texts
    assert "（联系人：张三，电话：0878-5211234）" in texts
    # The signature is centred over the date: its right indent is the date's plus half the difference.
    signers = [p for p in parts.paragraphs if text_of(p) == "牟定县公安局"]
    signer = signers[-1]
    assert styled.alignment(signer) == "right"
    right = int(styled.paragraph_property(signer, "ind").get(f"{{{signer.nsmap['w']}}}right"))
    assert right == round((4 + (6.5 - 6) / 2) * 320)
    # The attachment starts a page of its own with 附件 in 黑体 at the top left.
    label = parts.with_text("附件")
    assert styled.paragraph_property(label, "pageBreakBefore") is not None
    assert styled.look(label).font in HEITI and styled.alignment(label) == "left"
    assert parts.record == "抄送：县委政法委，县政府办。|牟定县公安局办公室2026年12月7日印发"


def test_a_document_has_one_record():
    doc = sample()
    with pytest.raises(ValueError):
        doc.record(copy_to=[], printer="x", printed_on=date(2026, 1, 1))


def test_headings_go_four_levels_deep():
    doc = OfficialDocument(issuer="", title="报告")
    with pytest.raises(ValueError):
        doc.heading("太深", level=5)
