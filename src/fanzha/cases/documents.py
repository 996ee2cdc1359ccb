"""Word documents (python-docx): the 公安提示函, the 通报 drafts and the 倒查 report.

Offices exchange Word; these are drafts an officer prints, stamps and signs. Personal data: the
notice letter carries no victim's name, phone or ID number (typical cases are de-identified); the
通报 names the victim only in the copy for the family.
"""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from fanzha.cases.letters import LetterContent
from fanzha.cases.models import Case, NoticeLetter, Notification
from fanzha.cases.review import Finding
from fanzha.core.money import format_yuan

FONT = "SimSun"  # 宋体: present on every office machine; LibreOffice substitutes a CJK serif


def _new() -> DocumentType:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return document


def _heading(document: DocumentType, text: str, *, size: int = 20, bold: bool = True) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    return paragraph


def _styled(document: DocumentType, text: str, style_id: str) -> Paragraph:
    """A paragraph in a built-in style, set by its id: python-docx's lookup by name scans every
    style on each call, which is most of the time of a 500-letter batch."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _right(document: DocumentType, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _bytes(document: DocumentType) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def police_bureau(county_name: str) -> str:
    """牟定县 → 牟定县公安局 (the letterhead)."""
    return _("%(county)s公安局") % {"county": county_name}


def _today_words() -> str:
    today = timezone.localdate()
    return _("%(y)d年%(m)d月%(d)d日") % {"y": today.year, "m": today.month, "d": today.day}


def notice_letter_docx(content: LetterContent, letter: NoticeLetter) -> bytes:
    document = _new()
    bureau = police_bureau(content.county_name)
    _heading(document, bureau, size=26)
    _heading(document, _("公安提示函"), size=22)
    _heading(document, letter.number, size=12, bold=False)
    org = content.organisation
    document.add_paragraph(_("%(org)s：") % {"org": org.name})
    groups = "、".join(_("%(name)s%(n)d人") % {"name": g.name, "n": n} for g, n in content.groups)
    document.add_paragraph(
        _(
            "　　经核查，贵单位共有重点人群%(groups)s。上述人员是电信网络诈骗的重点目标。"
            "为切实保护贵单位职工财产安全，现将有关情况提示如下："
        )
        % {"groups": groups}
    )
    document.add_paragraph(_("一、针对上述人群的主要诈骗类型"))
    for group, hits in content.hits:
        if hits:
            kinds = "、".join(
                _("%(type)s（%(n)d起，损失%(loss)s）") % {"type": h.name, "n": h.cases, "loss": format_yuan(h.loss)}
                for h in hits
            )
            text = _("%(group)s：近三年本县发案主要为%(kinds)s。") % {"group": group.name, "kinds": kinds}
        else:
            text = _("%(group)s：%(why)s") % {
                "group": group.name,
                "why": group.description or _("属电诈重点防范人群。"),
            }
        _styled(document, text, "ListBullet")
    if content.typical:
        document.add_paragraph(_("二、本县近期典型案例"))
        for text in content.typical:
            _styled(document, text, "ListNumber")
    document.add_paragraph(_("%(n)s、请贵单位落实以下工作") % {"n": _("三") if content.typical else _("二")})
    for duty in content.duties:
        _styled(document, duty, "ListBullet")
    officer = content.officer
    if officer is not None:
        document.add_paragraph(
            _("联系民警：%(name)s（%(title)s），联系电话：%(phone)s")
            % {"name": officer.name, "title": officer.title, "phone": officer.phone or _("见派出所值班电话")}
        )
    document.add_paragraph(_("全国反诈专线：96110　报警电话：110"))
    _right(document, bureau)
    _right(document, _today_words())
    document.add_paragraph()
    _styled(document, _("签收回执"), "Heading2")
    document.add_paragraph(_("单位：%(org)s　　签收人：__________　　签收日期：____年__月__日") % {"org": org.name})
    return _bytes(document)


def _case_paragraph(case: Case, *, with_name: bool) -> str:
    when = timezone.localtime(case.occurred_at)
    who = case.victim_display if with_name else _("您单位（辖区）一名群众")
    return _(
        "　　%(y)d年%(m)d月%(d)d日，%(who)s遭遇%(type)s诈骗，通过%(method)s与对方联系，被骗%(loss)s。"
        "案件编号：%(number)s。"
    ) % {
        "y": when.year,
        "m": when.month,
        "d": when.day,
        "who": who,
        "type": case.fraud_type_name,
        "method": case.get_contact_method_display(),
        "loss": format_yuan(case.loss_amount),
        "number": case.case_number,
    }


def notification_docx(notification: Notification) -> bytes:
    case = notification.case
    document = _new()
    bureau = police_bureau(case.township.county.name)
    _heading(document, bureau, size=24)
    family = notification.audience == Notification.Audience.FAMILY
    _heading(document, _("电信网络诈骗案件告知书") if family else _("电信网络诈骗案件通报"), size=20)
    document.add_paragraph(_("%(who)s：") % {"who": notification.recipient})
    document.add_paragraph(_case_paragraph(case, with_name=family))
    if family:
        document.add_paragraph(
            _(
                "　　请家属多关心受害人，防止其因急于挽回损失再次被骗（如“帮您追回损失”“退款”类骗局）。"
                "公安机关正在依法侦办，如对方再联系，请立即报警。"
            )
        )
    else:
        document.add_paragraph(
            _(
                "　　请贵单位（乡镇）高度重视，于收到本通报后五个工作日内组织本单位（辖区）人员开展一次反诈警示教育，"
                "查找宣防工作薄弱环节，并由主要负责人接受公安机关约谈。"
            )
        )
    document.add_paragraph(_("全国反诈专线：96110　报警电话：110"))
    _right(document, bureau)
    _right(document, _today_words())
    return _bytes(document)


def review_docx(case: Case, findings: list[Finding]) -> bytes:
    document = _new()
    _heading(document, police_bureau(case.township.county.name), size=22)
    _heading(document, _("电信网络诈骗案件倒查报告"), size=18)
    document.add_paragraph(
        _("案件编号：%(number)s　诈骗类型：%(type)s　损失：%(loss)s　发案乡镇：%(township)s")
        % {
            "number": case.case_number,
            "type": case.fraud_type_name,
            "loss": format_yuan(case.loss_amount),
            "township": case.township.name,
        }
    )
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text, header[2].text = _("倒查项目"), _("结论"), _("情况")
    verdicts = {True: _("到位"), False: _("未到位"), None: _("无法判断")}
    for finding in findings:
        cells = table.add_row().cells
        cells[0].text = finding.title
        cells[1].text = verdicts[finding.ok]
        cells[2].text = finding.detail
    gaps = [f for f in findings if f.ok is False]
    document.add_paragraph()
    if gaps:
        document.add_paragraph(
            _("倒查发现 %(n)d 项未到位：%(items)s。请相关单位说明情况并整改。")
            % {"n": len(gaps), "items": "、".join(sorted({f.title for f in gaps}))}
        )
    else:
        document.add_paragraph(_("倒查未发现防范工作未到位的情形。"))
    _right(document, _today_words())
    return _bytes(document)
