"""Official documents (公文) laid out as the national standard GB/T 9704-2012 asks, as county offices apply it.

Every Word file Fanzha writes goes through `OfficialDocument`: the 公安提示函, the 通报 and the family's
告知书, the 约谈通知, the 倒查报告 and the monthly report. Plain python-docx, no Django and no app:
callers hand in words, this module decides how the page looks.

    doc = OfficialDocument(issuer="牟定县公安局", number="牟定公提〔2026〕7号", title="公安提示函",
                           addressee="某某公司")
    doc.paragraph("经核查，……")
    doc.heading("主要诈骗类型")            # 一、  (黑体)
    doc.heading("会计", level=2)            # （一）(楷体)
    doc.heading("……", level=3)              # 1.    (仿宋)
    doc.attachments(["签收回执"])
    doc.signature("牟定县公安局", date(2026, 12, 7))
    doc.record(copy_to=["县委政法委"], printer="牟定县公安局办公室", printed_on=date(2026, 12, 7))
    content = doc.to_bytes()

The layout: A4 with a type area of 156 × 225 mm (margins top 37, bottom 35, left 28, right 26 mm); the
text in 3号 (16 pt) 仿宋 on a grid of 22 lines of 28 characters; the issuer's name (发文机关标志) in red
小标宋, the 文号 under it and a red rule across the type area; the title in 2号 小标宋; headings 一、 in
黑体, （一） in 楷体, 1. and （1） in 仿宋; the 成文日期 in Arabic numerals, four characters from the right
for the seal; the 版记 (抄送, 印发机关 and 印发日期 between rules) at the foot of the last page; page numbers
"— 1 —" in 4号 宋体, odd pages on the right and even pages on the left.

Fonts: offices have 仿宋_GB2312 (XP-era name), newer Windows has 仿宋, a Mac has 华文仿宋. Each run
names the first choice (w:rFonts eastAsia) and the file's font table names the fallbacks (w:altName
and an entry for each), so that Word picks the nearest font the machine has.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.document import Document as DocumentType
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

# --- the page ------------------------------------------------------------------------------------------

PAGE_MM = (210, 297)  # A4
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TYPE_AREA_MM = (156, 225)  # 版心
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# Sizes in points: 3号 16, 2号 22, 4号 14; the issuer's name is set larger (小初) to stand out.
BODY_PT = 16
TITLE_PT = 22
RECORD_PT = 14
PAGE_NUMBER_PT = 14
ISSUER_PT = 42
TABLE_PT = 14

RED = "FF0000"
# The issuer's name stands 35 mm below the top of the type area (文件格式, GB/T 9704-2012 7.2.3).
ISSUER_TOP_MM = 35
# The red rule lies 4 mm under the 文号.
RULE_GAP_MM = 4
# The page number's dashes stand 7 mm under the type area.
PAGE_NUMBER_GAP_MM = 7


def _twips_from_mm(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _twips_from_pt(pt: float) -> int:
    return round(pt * 20)


# One grid line: the type area's height shared by 22 lines (whole twips, rounded down so that 22 fit).
LINE_PITCH_TWIPS = _twips_from_mm(TYPE_AREA_MM[1]) // LINES_PER_PAGE
LINE_PT = LINE_PITCH_TWIPS / 20
# 28 characters to the line: each is set 0.4 pt tighter (w:spacing, in twentieths of a point), so that
# 28 of 15.6 pt fill 436.8 of the line's 442.2 pt and justification spreads the rest. (A character grid,
# w:docGrid linesAndChars, does the same in Word, but LibreOffice, which renders the PDFs, then gives
# each 16-pt character two cells of 15.8 pt: half-empty lines.)
TIGHTEN = -8
CHAR_TWIPS = _twips_from_pt(BODY_PT)  # one character of body text, for indents
TABLE_CELL_MARGIN_TWIPS = 108  # Word's default left and right cell margins, 0.19 cm
RECORD_CHAR_TWIPS = _twips_from_pt(RECORD_PT)  # one character of the record (版记)
TYPE_WIDTH_TWIPS = _twips_from_mm(TYPE_AREA_MM[0])
# The record's rules: thick 0.35 mm and thin 0.25 mm, in eighths of a point.
THICK_RULE, THIN_RULE = 8, 6
RECORD_LINE_PT = RECORD_PT * 1.5  # one line of the record
RECORD_PAD_PT = 4  # above and below each of its lines
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


# --- fonts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """A typeface as offices name it: the first choice, then the fallbacks named in the font table."""

    name: str
    fallbacks: tuple[str, ...]
    family: str  # the font table's w:family: roman (serif), modern (fixed pitch), swiss (sans)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.fallbacks)


FANGSONG = Face("FangSong_GB2312", ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong"), "modern")
XIAOBIAOSONG = Face("FZXiaoBiaoSong-B05S", ("方正小标宋简体", "SimSun"), "roman")
HEITI = Face("黑体", ("SimHei", "STHeiti"), "modern")
KAITI = Face("KaiTi_GB2312", ("楷体_GB2312", "楷体", "KaiTi", "STKaiti"), "modern")
SONGTI = Face("宋体", ("SimSun", "STSong"), "roman")
FACES = (FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI)


# --- numbers and dates as documents write them ---------------------------------------------------------

CHINESE_NUMERALS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings rarely pass ninety-nine)."""
    if not 0 < n < 100:
        raise ValueError(f"heading number out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_NUMERALS[ones]
    return ("" if tens == 1 else CHINESE_NUMERALS[tens]) + "十" + (CHINESE_NUMERALS[ones] if ones else "")


def document_number(prefix: str, year: int, n: int) -> str:
    """发文字号: 牟定公提〔2026〕7号 — the year in 六角括号, no 第, no leading zeros."""
    if n < 1:
        raise ValueError("a document number starts at 1")
    return f"{prefix}〔{year}〕{n}号"


def written_date(day: date) -> str:
    """成文日期 in Arabic numerals, without leading zeros: 2026年12月7日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _width_in_chars(text: str) -> float:
    """How many body characters wide `text` is: a CJK character is one, a Latin letter or digit half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


HEADING_MARKS = {
    1: lambda n: f"{chinese_numeral(n)}、",
    2: lambda n: f"（{chinese_numeral(n)}）",
    3: lambda n: f"{n}.",
    4: lambda n: f"（{n}）",
}


# --- the template: styles, font table, settings, built once per process ---------------------------------


def _rfonts(face: Face) -> str:
    name = quoteattr(face.name)
    return f"<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name}/>"


def _run_props(face: Face, size_pt: float, *, colour: str = "", bold: bool = False) -> str:
    half_points = round(size_pt * 2)
    return (
        f"<w:rPr>{_rfonts(face)}{'<w:b/><w:bCs/>' if bold else ''}"
        f"{f'<w:color w:val={quoteattr(colour)}/>' if colour else ''}"
        f'<w:spacing w:val="{TIGHTEN}"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


def _indent_first_line(chars: int = 2) -> str:
    return f'<w:ind w:firstLineChars="{chars * 100}" w:firstLine="{chars * CHAR_TWIPS}"/>'


def _paragraph_style(
    style_id: str,
    name: str,
    *,
    face: Face,
    size_pt: float,
    align: str = "both",
    indent: str = "",
    spacing: str = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
    grid: bool = True,
    colour: str = "",
    keep_next: bool = False,
    tabs: str = "",
    based_on: str = "Normal",
) -> str:
    no_grid = "" if grid else '<w:snapToGrid w:val="0"/>'
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:qFormat/>'
        f"<w:pPr>{'<w:keepNext/>' if keep_next else ''}{tabs}{no_grid}"
        f'{spacing}{indent}<w:jc w:val="{align}"/></w:pPr>'
        f"{_run_props(face, size_pt, colour=colour)}</w:style>"
    )


def _exact(pt: float, *, before_pt: float = 0, after_pt: float = 0) -> str:
    return (
        f'<w:spacing w:before="{_twips_from_pt(before_pt)}" w:after="{_twips_from_pt(after_pt)}" '
        f'w:line="{_twips_from_pt(pt)}" w:lineRule="exact"/>'
    )


def _lines_before(lines: float) -> str:
    return f'<w:spacing w:before="{round(lines * LINE_PITCH_TWIPS)}" w:after="0" w:line="240" w:lineRule="auto"/>'


STYLES = {
    # style id: (name shown in Word, the XML)
    "GwBody": _paragraph_style("GwBody", "公文正文", face=FANGSONG, size_pt=BODY_PT, indent=_indent_first_line()),
    "GwIssuer": _paragraph_style(
        "GwIssuer",
        "发文机关标志",
        face=XIAOBIAOSONG,
        size_pt=ISSUER_PT,
        align="center",
        grid=False,
        colour=RED,
        spacing=_exact(ISSUER_PT * 1.25, before_pt=ISSUER_TOP_MM / 25.4 * 72 - ISSUER_PT * 0.125),
    ),
    "GwNumber": _paragraph_style(
        "GwNumber",
        "发文字号",
        face=FANGSONG,
        size_pt=BODY_PT,
        align="center",
        spacing=_lines_before(2),
    ),
    "GwTitle": _paragraph_style(
        "GwTitle",
        "公文标题",
        face=XIAOBIAOSONG,
        size_pt=TITLE_PT,
        align="center",
        grid=False,
        spacing=_exact(LINE_PT * 1.25, before_pt=LINE_PT * 1.5),
    ),
    "GwAddressee": _paragraph_style(
        "GwAddressee", "主送机关", face=FANGSONG, size_pt=BODY_PT, align="left", spacing=_lines_before(1)
    ),
    "GwHeading1": _paragraph_style(
        "GwHeading1", "一级标题", face=HEITI, size_pt=BODY_PT, indent=_indent_first_line(), keep_next=True
    ),
    "GwHeading2": _paragraph_style(
        "GwHeading2", "二级标题", face=KAITI, size_pt=BODY_PT, indent=_indent_first_line(), keep_next=True
    ),
    "GwHeading3": _paragraph_style(
        "GwHeading3", "三级标题", face=FANGSONG, size_pt=BODY_PT, indent=_indent_first_line()
    ),
    "GwHeading4": _paragraph_style(
        "GwHeading4", "四级标题", face=FANGSONG, size_pt=BODY_PT, indent=_indent_first_line()
    ),
    "GwAttachmentNote": _paragraph_style(
        "GwAttachmentNote",
        "附件说明",
        face=FANGSONG,
        size_pt=BODY_PT,
        indent=f'<w:ind w:left="{5 * CHAR_TWIPS}" w:leftChars="500" w:hanging="{3 * CHAR_TWIPS}" w:hangingChars="300"/>',
    ),
    "GwSigner": _paragraph_style("GwSigner", "发文机关署名", face=FANGSONG, size_pt=BODY_PT, align="right"),
    "GwDate": _paragraph_style(
        "GwDate",
        "成文日期",
        face=FANGSONG,
        size_pt=BODY_PT,
        align="right",
        indent=f'<w:ind w:right="{4 * CHAR_TWIPS}" w:rightChars="400"/>',
    ),
    "GwNote": _paragraph_style("GwNote", "附注", face=FANGSONG, size_pt=BODY_PT, indent=_indent_first_line()),
    "GwAttachmentLabel": _paragraph_style("GwAttachmentLabel", "附件标识", face=HEITI, size_pt=BODY_PT, align="left"),
    "GwAttachmentTitle": _paragraph_style(
        "GwAttachmentTitle",
        "附件标题",
        face=XIAOBIAOSONG,
        size_pt=TITLE_PT,
        align="center",
        grid=False,
        spacing=_exact(LINE_PT * 1.25, before_pt=LINE_PT, after_pt=LINE_PT * 0.5),
    ),
    "GwTableText": _paragraph_style(
        "GwTableText", "表格文字", face=FANGSONG, size_pt=TABLE_PT, align="left", grid=False
    ),
    "GwTableHead": _paragraph_style(
        "GwTableHead", "表头文字", face=HEITI, size_pt=TABLE_PT, align="center", grid=False
    ),
    "GwFigure": _paragraph_style("GwFigure", "图片", face=FANGSONG, size_pt=BODY_PT, align="center", grid=False),
    "GwRecord": _paragraph_style(
        "GwRecord",
        "版记",
        face=FANGSONG,
        size_pt=RECORD_PT,
        align="left",
        grid=False,
        spacing=_exact(RECORD_LINE_PT, before_pt=RECORD_PAD_PT, after_pt=RECORD_PAD_PT),
    ),
    "GwEnd": _paragraph_style("GwEnd", "文末", face=FANGSONG, size_pt=1, align="left", grid=False, spacing=_exact(1)),
    "GwPageNumber": _paragraph_style(
        "GwPageNumber", "页码", face=SONGTI, size_pt=PAGE_NUMBER_PT, align="right", grid=False, spacing=_exact(18)
    ),
}
# A run inside a heading that carries on in body text: "（一）会计。近三年……".
RUN_ON_STYLE = (
    f'<w:style {nsdecls("w")} w:type="character" w:customStyle="1" w:styleId="GwRunOn">'
    f'<w:name w:val="正文接排"/>{_run_props(FANGSONG, BODY_PT)}</w:style>'
)


def _font_entry(name: str, alternate: str | None, family: str) -> str:
    alt = f"<w:altName w:val={quoteattr(alternate)}/>" if alternate else ""
    pitch = "fixed" if family == "modern" else "variable"
    return (
        f"<w:font {nsdecls('w')} w:name={quoteattr(name)}>{alt}"
        f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
    )


def _font_table(blob: bytes) -> bytes:
    root = etree.fromstring(blob)
    known = {el.get(qn("w:name")) for el in root.iter(qn("w:font"))}
    for face in FACES:
        names = face.names
        for i, name in enumerate(names):
            if name not in known:
                root.append(parse_xml(_font_entry(name, names[i + 1] if i + 1 < len(names) else None, face.family)))
                known.add(name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _build_template() -> bytes:
    document = Document()
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault>{_run_props(FANGSONG, BODY_PT)}</w:rPrDefault>"
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            "</w:docDefaults>"
        ),
    )
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))
    for xml in [*STYLES.values(), RUN_ON_STYLE]:
        styles.append(parse_xml(xml))
    # The character grid is counted from the Normal style's size (Word and LibreOffice alike).
    normal = document.styles["Normal"].element
    old = normal.find(qn("w:rPr"))
    if old is not None:
        normal.remove(old)
    normal.append(parse_xml(_run_props(FANGSONG, BODY_PT).replace("<w:rPr>", f"<w:rPr {nsdecls('w')}>", 1)))

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # The footer's lower edge: the number's top stands PAGE_NUMBER_GAP_MM under the type area.
    section.footer_distance = Mm(MARGINS_MM["bottom"] - PAGE_NUMBER_GAP_MM - 18 / 72 * 25.4)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is not None:
        sect.remove(grid)
    sect.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" w:linePitch="{LINE_PITCH_TWIPS}"/>'))
    document.settings.odd_and_even_pages_header_footer = True
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        _page_number(footer.paragraphs[0], side)

    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)

    font_part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE)
    font_part._blob = _font_table(font_part.blob)

    # python-docx's template carries a picture of its own first page (a file manager would show it) and
    # parts no official document uses; each would be parsed again for every letter of a batch.
    package_rels = document.part.package.rels
    for rel_id in [rel_id for rel_id, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[rel_id]
    unused = ("/stylesWithEffects", "/customXml", "/webSettings", "/numbering")
    for rel_id in [rel_id for rel_id, rel in document.part.rels.items() if rel.reltype.endswith(unused)]:
        del document.part.rels[rel_id]
    kept = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", *STYLES, "GwRunOn"}
    for element in list(styles):
        if element.tag == qn("w:latentStyles") or (
            element.tag == qn("w:style") and element.get(qn("w:styleId")) not in kept
        ):
            styles.remove(element)
    props = document.core_properties
    props.author = props.last_modified_by = ""
    props.comments = props.keywords = props.subject = props.category = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_number(paragraph: Paragraph, side: str) -> None:
    """ "— 1 —" with a PAGE field, one character in from the outside edge."""
    paragraph._p.style = "GwPageNumber"
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:{side}="{_twips_from_pt(PAGE_NUMBER_PT)}"/>'))
    ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{side}"/>'))
    for xml in (
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>1</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:r><w:t xml:space="preserve"> —</w:t></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))


@cache
def _template() -> bytes:
    return _build_template()


# --- the document ------------------------------------------------------------------------------------


class OfficialDocument:
    """One 公文: the header (版头), the body (主体) and the record (版记), in the order of the standard.

    Call the methods in the order the parts appear: body paragraphs and headings, then `attachments`,
    `signature` and `note`, then any `attachment_page`, and `record` last.
    """

    def __init__(self, *, issuer: str, title: str, number: str = "", addressee: str = "") -> None:
        """`title` may hold line breaks ("\n") where a long title should wrap."""
        self.document: DocumentType = Document(io.BytesIO(_template()))
        self._counters = [0, 0, 0, 0]
        self._recorded = False
        props = self.document.core_properties
        props.title = title.replace("\n", "")
        props.author = props.last_modified_by = issuer
        props.created = props.modified = datetime.now().replace(microsecond=0)
        props.revision = 1
        if issuer:
            self._add(issuer, "GwIssuer")
            self._add(number, "GwNumber")._p.get_or_add_pPr().append(_red_rule())
        self._add(title, "GwTitle")
        if addressee:
            self._add(f"{addressee}：", "GwAddressee")

    # -- building blocks --

    def _add(self, text: str, style_id: str) -> Paragraph:
        paragraph = self.document.add_paragraph()
        paragraph._p.style = style_id
        if text:
            paragraph.add_run(text)
        return paragraph

    # -- the body --

    def paragraph(self, text: str) -> Paragraph:
        """A paragraph of body text, indented two characters."""
        return self._add(text.lstrip("　 "), "GwBody")

    def heading(self, text: str, level: int = 1, *, run_on: str = "") -> Paragraph:
        """A numbered heading: level 1 一、 (黑体), 2 （一） (楷体), 3 1. and 4 （1） (仿宋). The numbers
        count by themselves and restart under each higher heading. `run_on` continues the paragraph
        in body text after the heading ("（一）会计。近三年……")."""
        if level not in HEADING_MARKS:
            raise ValueError(f"heading level must be 1 to 4, not {level}")
        self._counters[level - 1] += 1
        for deeper in range(level, len(self._counters)):
            self._counters[deeper] = 0
        if run_on and text and text[-1] not in "。：；，！？":
            text += "。"
        paragraph = self._add(HEADING_MARKS[level](self._counters[level - 1]) + text, f"GwHeading{level}")
        if run_on:  # a paragraph of text, not a heading over the next one
            paragraph.paragraph_format.keep_with_next = False
            run = paragraph.add_run(run_on)
            run._r.get_or_add_rPr().insert(0, parse_xml(f'<w:rStyle {nsdecls("w")} w:val="GwRunOn"/>'))
        return paragraph

    def line(self, text: str) -> Paragraph:
        """A line flush left, without the paragraph indent (a form line, a label)."""
        paragraph = self._add(text, "GwBody")
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:ind {nsdecls("w")} w:firstLineChars="0" w:firstLine="0"/>'))
        return paragraph

    def table(self, header: list[str], rows: list[list[str]], *, widths_mm: list[float] | None = None) -> None:
        """A ruled table across the type area: the header row in 黑体, the cells in 仿宋 4号."""
        widths = widths_mm or [TYPE_AREA_MM[0] / len(header)] * len(header)
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        tbl = table._tbl
        tbl_pr = tbl.tblPr
        for el in tbl_pr.findall(qn("w:tblStyle")):
            tbl_pr.remove(el)
        tbl_pr.insert_element_before(
            parse_xml(
                f"<w:tblBorders {nsdecls('w')}>"
                + "".join(
                    f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
                )
                + "</w:tblBorders>"
            ),
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        )
        table.autofit = False
        tbl_pr.find(qn("w:tblW")).set(qn("w:type"), "dxa")
        tbl_pr.find(qn("w:tblW")).set(qn("w:w"), str(sum(_twips_from_mm(w) for w in widths)))
        for col, width in zip(tbl.tblGrid.iterchildren(qn("w:gridCol")), widths, strict=True):
            col.set(qn("w:w"), str(_twips_from_mm(width)))
        # The outer rules on the type area's edges: Word (compatibility mode 14) and LibreOffice set the
        # border a cell margin left of the indent.
        tbl_pr.insert_element_before(
            parse_xml(f'<w:tblInd {nsdecls("w")} w:w="{TABLE_CELL_MARGIN_TWIPS}" w:type="dxa"/>'),
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        )
        for row_index, values in enumerate([header, *rows]):
            cells = table.rows[row_index].cells
            for cell, value, width in zip(cells, values, widths, strict=True):
                cell.width = Mm(width)
                paragraph = cell.paragraphs[0]
                paragraph._p.style = "GwTableHead" if row_index == 0 else "GwTableText"
                paragraph.add_run(value)
        header_row = table.rows[0]._tr.get_or_add_trPr()
        header_row.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))

    def picture(self, image: bytes, *, width_mm: float = TYPE_AREA_MM[0]) -> None:
        """A chart or photo, centred, no wider than the type area."""
        paragraph = self._add("", "GwFigure")
        paragraph.add_run().add_picture(io.BytesIO(image), width=Mm(min(width_mm, TYPE_AREA_MM[0])))

    # -- the end of the body --

    def attachments(self, names: list[str]) -> None:
        """附件说明, one line under the body: 附件：1. …, the next names under the first."""
        if not names:
            return
        self._keep_last_with_next()
        numbered = len(names) > 1
        for i, name in enumerate(names, start=1):
            text = f"{i}. {name}" if numbered else name
            paragraph = self._add(("附件：" if i == 1 else "") + text, "GwAttachmentNote")
            paragraph.paragraph_format.keep_with_next = True
            if i == 1:
                paragraph.paragraph_format.space_before = Pt(LINE_PT)
            else:  # under the first name, after 附件：
                paragraph._p.get_or_add_pPr().append(
                    parse_xml(
                        f'<w:ind {nsdecls("w")} w:left="{5 * CHAR_TWIPS}" w:leftChars="500" '
                        'w:hanging="0" w:hangingChars="0"/>'
                    )
                )

    def signature(self, issuer: str, day: date, *, seal_lines: int = 2) -> None:
        """发文机关署名 centred over the 成文日期; the date stands four characters from the right, and
        `seal_lines` blank lines above leave room for the seal. The last paragraph before them moves
        with them to the next page rather than leave a page with only the signature (GB/T 9704-2012
        asks that the seal and the text share a page)."""
        self._keep_last_with_next()
        for _n in range(seal_lines):
            self._add("", "GwBody").paragraph_format.keep_with_next = True
        words = written_date(day)
        if issuer:
            # Centre the name over the date: its right edge moves in by half the difference in widths.
            shift = 4 + (_width_in_chars(words) - _width_in_chars(issuer)) / 2
            signer = self._add(issuer, "GwSigner")
            signer.paragraph_format.keep_with_next = True
            signer._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:ind {nsdecls("w")} w:right="{round(max(shift, 0) * CHAR_TWIPS)}" '
                    f'w:rightChars="{round(max(shift, 0) * 100)}"/>'
                )
            )
        self._add(words, "GwDate")

    def _keep_last_with_next(self) -> None:
        last = self.document.element.body[-2]  # the last block before the section properties
        if last.tag == qn("w:p"):
            Paragraph(last, self.document._body).paragraph_format.keep_with_next = True

    def note(self, text: str) -> None:
        """附注, in brackets, under the date (联系人、电话); it keeps to the date's page."""
        self._keep_last_with_next()
        self._add(f"（{text.strip('（）()')}）", "GwNote")

    # -- attachments on their own pages --

    def attachment_page(self, title: str, *, label: str = "附件") -> None:
        """A new page for an attachment: 附件 in 黑体 at the top left, the attachment's title under it."""
        self._add(label, "GwAttachmentLabel").paragraph_format.page_break_before = True
        self._add(title, "GwAttachmentTitle")
        self._counters = [0, 0, 0, 0]

    # -- the record (版记) at the foot of the last page --

    def record(self, *, copy_to: list[str], printer: str, printed_on: date) -> None:
        """版记: 抄送, then 印发机关 and 印发日期, between a thick rule, a thin one and a thick one, in a
        text box held to the bottom of the type area of the last page."""
        if self._recorded:
            raise ValueError("a document has one record")
        self._recorded = True
        names = "，".join(name.strip() for name in copy_to if name.strip())
        rows: list[tuple[str, str]] = []
        if names:
            rows.append((f"抄送：{names}。", ""))
        rows.append((printer, f"{written_date(printed_on)}印发"))
        anchor = self._add("", "GwEnd")
        anchor._p.append(parse_xml(_record_box(rows)))

    # -- out --

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _red_rule() -> object:
    """The red separator line under the 文号, across the type area, 4 mm below the text."""
    space = round(RULE_GAP_MM / 25.4 * 72)
    return parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="{space}" w:color="{RED}"/></w:pBdr>'
    )


def _record_box(rows: list[tuple[str, str]]) -> str:
    """A run holding a text box, anchored to the bottom of the type area, with the record's table in it.

    A text box rather than a floating table or a frame: LibreOffice (which renders the PDFs) keeps a
    floating table as wide as the type area in the text flow, and drops a frame whose paragraphs carry
    rules of their own."""
    width = TYPE_WIDTH_TWIPS
    one = RECORD_CHAR_TWIPS
    line_twips = _twips_from_pt(RECORD_LINE_PT)
    height = 0
    trs = []
    for i, (left, right) in enumerate(rows):
        top = THICK_RULE if i == 0 else THIN_RULE
        bottom = THICK_RULE if i == len(rows) - 1 else THIN_RULE
        if right:
            # 印发机关 one character in from the left, 印发日期 one character in from the right.
            ppr = f'<w:tabs><w:tab w:val="right" w:pos="{width - 2 * one}"/></w:tabs><w:ind w:left="{one}" w:right="{one}"/>'
            runs = f"<w:r><w:t>{_xml_text(left)}</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>{_xml_text(right)}</w:t></w:r>"
            lines = 1
        else:
            # 抄送 one character in; a second line starts under the first name (after the colon).
            ppr = f'<w:ind w:left="{4 * one}" w:right="{one}" w:hanging="{3 * one}"/>'
            runs = f"<w:r><w:t>{_xml_text(left)}</w:t></w:r>"
            per_line = (TYPE_WIDTH_TWIPS - 5 * one) // one
            lines = max(1, -(-round(_width_in_chars(left) - 3) // per_line))
        height += lines * line_twips + 2 * _twips_from_pt(RECORD_PAD_PT)
        trs.append(
            f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:tcBorders><w:top w:val="single" w:sz="{top}" w:space="0" w:color="000000"/>'
            '<w:left w:val="nil"/>'
            f'<w:bottom w:val="single" w:sz="{bottom}" w:space="0" w:color="000000"/>'
            '<w:right w:val="nil"/></w:tcBorders></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="GwRecord"/>{ppr}</w:pPr>{runs}</w:p></w:tc></w:tr>'
        )
    table = (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(trs)}</w:tbl>'
        '<w:p><w:pPr><w:pStyle w:val="GwEnd"/></w:pPr></w:p>'
    )
    cx, cy = width * 635, (height + 40) * 635  # EMU: 635 per twip
    return (
        f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="{WPS}"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="1001" name="版记"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{WPS}">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{table}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" '
        'anchorCtr="0"><a:spAutoFit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
