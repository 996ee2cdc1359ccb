"""Reading a generated .docx the way Word lays it out, to check the official document format (GB/T
9704-2012) in the file itself: the page, the fonts each part ends up with (run → character style →
paragraph style → its bases → document defaults), the red rule, the 版记 and the page numbers.

`check_layout(content, …)` asserts everything every official document shares and returns the parsed
parts, so that a test can add what is particular to its document.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBER = re.compile(r"^\S+〔(?P<year>\d{4})〕(?P<n>[1-9]\d*)号$")  # 牟定公提〔2026〕7号: no 第, no leading 0
FANGSONG = {"FangSong_GB2312", "仿宋_GB2312", "仿宋", "FangSong"}
XIAOBIAOSONG = {"FZXiaoBiaoSong-B05S", "方正小标宋简体"}
HEITI = {"黑体", "SimHei"}
KAITI = {"KaiTi_GB2312", "楷体_GB2312", "楷体", "KaiTi"}


@dataclass
class Look:
    """What a run of text looks like once styles are resolved."""

    font: str | None = None  # the East Asian font
    size: float | None = None  # points
    colour: str | None = None
    spacing: float = 0  # character spacing, points


def _apply(look: Look, rpr: Any) -> None:
    if rpr is None:
        return
    fonts = rpr.find(f"{W}rFonts")
    if fonts is not None and fonts.get(f"{W}eastAsia"):
        look.font = fonts.get(f"{W}eastAsia")
    size = rpr.find(f"{W}sz")
    if size is not None:
        look.size = int(size.get(f"{W}val")) / 2
    colour = rpr.find(f"{W}color")
    if colour is not None:
        look.colour = colour.get(f"{W}val")
    spacing = rpr.find(f"{W}spacing")
    if spacing is not None:
        look.spacing = int(spacing.get(f"{W}val")) / 20


class Styled:
    """A document with its styles indexed by id."""

    def __init__(self, content: bytes) -> None:
        self.document = Document(io.BytesIO(content))
        self.styles = {s.get(f"{W}styleId"): s for s in self.document.styles.element.iter(f"{W}style")}
        defaults = self.document.styles.element.find(f"{W}docDefaults")
        self.default_rpr = defaults.find(f"{W}rPrDefault").find(f"{W}rPr")

    def _style_chain(self, style_id: str | None) -> list[Any]:
        chain = []
        while style_id and style_id in self.styles:
            style = self.styles[style_id]
            chain.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return chain

    def look(self, p: Any, r: Any | None = None) -> Look:
        """The look of run `r` (or of the paragraph's first run with text) in paragraph element `p`."""
        if r is None:
            r = next((run for run in p.iter(f"{W}r") if run.find(f"{W}t") is not None), None)
        look = Look()
        _apply(look, self.default_rpr)
        ppr = p.find(f"{W}pPr")
        pstyle = ppr.find(f"{W}pStyle") if ppr is not None else None
        for style in reversed(self._style_chain(pstyle.get(f"{W}val") if pstyle is not None else "Normal")):
            _apply(look, style.find(f"{W}rPr"))
        if r is not None:
            rpr = r.find(f"{W}rPr")
            rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
            if rstyle is not None:
                for style in reversed(self._style_chain(rstyle.get(f"{W}val"))):
                    _apply(look, style.find(f"{W}rPr"))
            _apply(look, rpr)
        return look

    def paragraph_property(self, p: Any, tag: str) -> Any:
        """A paragraph property (e.g. "jc", "pBdr") set on the paragraph or inherited from its style."""
        ppr = p.find(f"{W}pPr")
        if ppr is not None and ppr.find(f"{W}{tag}") is not None:
            return ppr.find(f"{W}{tag}")
        pstyle = ppr.find(f"{W}pStyle") if ppr is not None else None
        for style in self._style_chain(pstyle.get(f"{W}val") if pstyle is not None else "Normal"):
            spp = style.find(f"{W}pPr")
            if spp is not None and spp.find(f"{W}{tag}") is not None:
                return spp.find(f"{W}{tag}")
        return None

    def alignment(self, p: Any) -> str | None:
        jc = self.paragraph_property(p, "jc")
        return jc.get(f"{W}val") if jc is not None else None


def text_of(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def body_paragraphs(styled: Styled) -> list[Any]:
    """The paragraphs of the body in order (not those inside tables or the 版记's text box)."""
    return [p for p in styled.document.element.body.iterchildren(f"{W}p")]


@dataclass
class Parts:
    styled: Styled
    paragraphs: list[Any]  # body paragraphs with text
    record: str  # the 版记's text, rows joined by "|"

    def with_text(self, text: str) -> Any:
        return next(p for p in self.paragraphs if text_of(p) == text)

    def starting(self, prefix: str) -> list[Any]:
        return [p for p in self.paragraphs if text_of(p).startswith(prefix)]


def check_layout(
    content: bytes,
    *,
    title: str,
    issuer: str | None = None,
    number: str | None = None,
    printer: str | None = None,
    copy_to: list[str] | None = None,
) -> Parts:
    """Asserts the layout every official document shares; returns its parts for further checks."""
    styled = Styled(content)
    document = styled.document

    # The page: A4, type area 156 × 225 mm, margins 37 / 35 / 28 / 26 mm.
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    for got, mm in (
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(got - Mm(mm)) < Mm(0.5), (got.mm, mm)
    # 22 lines: the grid's line pitch is a 22nd of 225 mm; 28 characters of body text fill a line.
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert int(225 / 25.4 * 72 // pitch_pt) == 22

    paragraphs = [p for p in body_paragraphs(styled) if text_of(p).strip()]
    body = [p for p in paragraphs if _style(p) == "GwBody"]
    assert body, "no body paragraph"
    for p in body:
        look = styled.look(p)
        assert look.font in FANGSONG and look.size == 16, (text_of(p), look)
        width_pt = 156 / 25.4 * 72
        assert int(width_pt // (look.size + look.spacing)) == 28, look

    # The header: the issuer in red 小标宋, centred; the 文号 under it with the red rule; the title.
    position = 0
    if issuer is not None:
        head = paragraphs[0]
        look = styled.look(head)
        assert text_of(head) == issuer and look.font in XIAOBIAOSONG and look.colour == "FF0000", look
        assert styled.alignment(head) == "center"
        rule_holder = body_paragraphs(styled)[1]  # the 文号's paragraph, present even without a number
        rule = rule_holder.find(f"{W}pPr").find(f"{W}pBdr").find(f"{W}bottom")
        assert rule.get(f"{W}color") == "FF0000" and rule.get(f"{W}val") == "single"
        assert styled.alignment(rule_holder) == "center"
        if number:
            assert text_of(rule_holder) == number and NUMBER.match(number), number
            assert styled.look(rule_holder).font in FANGSONG
        position = 2 if number else 1
    heading = paragraphs[position]
    look = styled.look(heading)
    assert text_of(heading) == title and look.font in XIAOBIAOSONG and look.size == 22, (text_of(heading), look)
    assert styled.alignment(heading) == "center"

    # Headings: 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋, all 3号.
    for p in paragraphs[position + 1 :]:
        text, look = text_of(p), styled.look(p)
        if re.match(r"^[一二三四五六七八九十]+、", text):
            assert look.font in HEITI and look.size == 16, (text, look)
        elif re.match(r"^（[一二三四五六七八九十]+）", text):
            assert look.font in KAITI and look.size == 16, (text, look)
        elif re.match(r"^(\d+\.|（\d+）)", text):
            assert look.font in FANGSONG and look.size == 16, (text, look)

    # 成文日期 in Arabic numerals, right-aligned four characters in (the seal's place).
    dates = [p for p in paragraphs if _style(p) == "GwDate"]
    assert len(dates) <= 1
    for p in dates:
        assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", text_of(p)), text_of(p)
        assert styled.alignment(p) == "right"
        ind = styled.paragraph_property(p, "ind")
        assert int(ind.get(qn("w:right"))) == 4 * 320

    # The font table names the fallbacks of each face.
    font_part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    fonts = {f.get(f"{W}name"): f for f in etree.fromstring(font_part.blob).iter(f"{W}font")}
    for name in (
        "FangSong_GB2312",
        "仿宋_GB2312",
        "仿宋",
        "FangSong",
        "STFangsong",
        "FZXiaoBiaoSong-B05S",
        "方正小标宋简体",
    ):
        assert name in fonts, name
    assert fonts["FangSong_GB2312"].find(f"{W}altName").get(f"{W}val") == "仿宋_GB2312"
    assert fonts["仿宋_GB2312"].find(f"{W}altName").get(f"{W}val") == "仿宋"
    assert fonts["仿宋"].find(f"{W}charset").get(f"{W}val") == "86"  # GB2312

    # Page numbers: odd pages on the right, even pages on the left, "— PAGE —" in 4号.
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]._p
        instr = "".join(t.text for t in p.iter(f"{W}instrText"))
        texts = [t.text for t in p.iter(f"{W}t")]
        assert instr.strip() == "PAGE" and texts[0] == "— " and texts[-1] == " —", (instr, texts)
        assert styled.alignment(p) == side and styled.look(p).size == 14

    # The 版记 is the document's last block: a text box held to the bottom of the type area.
    record = ""
    anchors = list(document.element.body.iter(qn("wp:anchor")))
    if printer is not None:
        assert len(anchors) == 1
        anchor = anchors[0]
        last_block = [el for el in document.element.body if el.tag != qn("w:sectPr")][-1]
        assert anchor in list(last_block.iter(qn("wp:anchor"))), "the record is not at the end"
        position_v = anchor.find(qn("wp:positionV"))
        assert position_v.get("relativeFrom") == "margin" and position_v.find(qn("wp:align")).text == "bottom"
        rows = list(anchor.iter(f"{W}tr"))
        record = "|".join(text_of(row) for row in rows)
        rules = [
            (int(tc.find(f"{W}top").get(f"{W}sz")), int(tc.find(f"{W}bottom").get(f"{W}sz")))
            for tc in anchor.iter(f"{W}tcBorders")
        ]
        thick, thin = 8, 6  # 0.35 mm and 0.25 mm, in eighths of a point
        assert rules[0][0] == thick and rules[-1][1] == thick, rules
        assert all(bottom == thin for _top, bottom in rules[:-1]), rules
        assert record.split("|")[-1].startswith(printer) and record.endswith("印发"), record
        if copy_to:
            assert record.startswith("抄送：" + "，".join(copy_to) + "。"), record
    else:
        assert not anchors
    return Parts(styled=styled, paragraphs=paragraphs, record=record)


def _style(p: Any) -> str | None:
    ppr = p.find(f"{W}pPr")
    style = ppr.find(f"{W}pStyle") if ppr is not None else None
    return style.get(f"{W}val") if style is not None else None
