"""Word documents in the official format (core.gongwen): the 公安提示函, the 通报 and the family's 告知书,
the 约谈通知 and the 倒查 report.

Offices exchange Word; these are what an officer prints, stamps and sends. The bureau's name, the
文号 prefixes, the 印发机关 and the 抄送 list come from the county's DocumentSettings. Personal data:
the notice letter carries no victim's name, phone or ID number (typical cases are de-identified); the
通报 names the victim only in the copy for the family.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.cases.letters import LetterContent, amount_words
from fanzha.cases.models import Case, DocumentSettings, Interview, NoticeLetter, Notification
from fanzha.cases.review import Finding
from fanzha.core.gongwen import OfficialDocument, written_date

HOTLINES = "全国反诈专线：96110　报警电话：110"


def yuan(amount: Decimal) -> str:
    """An exact sum as a document writes it: 120000元, 5000.50元."""
    return _("%(n)s元") % {"n": f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"}


def _record(document: OfficialDocument, letterhead: DocumentSettings, day: date) -> bytes:
    document.record(copy_to=letterhead.copy_to_list, printer=letterhead.printer, printed_on=day)
    return document.to_bytes()


def notice_letter_docx(content: LetterContent, letter: NoticeLetter, letterhead: DocumentSettings) -> bytes:
    day = timezone.localdate(letter.generated_at) if letter.generated_at else timezone.localdate()
    org = content.organisation
    document = OfficialDocument(
        issuer=letterhead.bureau, number=letter.number, title=_("公安提示函"), addressee=org.name
    )
    groups = "、".join(_("%(name)s%(n)d人") % {"name": g.name, "n": n} for g, n in content.groups)
    document.paragraph(
        _(
            "经核查，贵单位共有重点人群%(groups)s。上述人员是电信网络诈骗的重点目标。"
            "为切实保护贵单位职工财产安全，现将有关情况提示如下："
        )
        % {"groups": groups}
    )
    document.heading(_("针对上述人群的主要诈骗类型"))
    for group, hits in content.hits:
        if hits:
            kinds = "、".join(
                _("%(type)s（%(n)d起，损失%(loss)s）") % {"type": h.name, "n": h.cases, "loss": amount_words(h.loss)}
                for h in hits
            )
            text = _("近三年本县发案主要为%(kinds)s。") % {"kinds": kinds}
        else:
            text = group.description or _("属电诈重点防范人群。")
        document.heading(group.name, level=2, run_on=text)
    if content.typical:
        document.heading(_("本县近期典型案例"))
        for text in content.typical:
            document.heading(text, level=3)
    document.heading(_("请贵单位落实以下工作"))
    for duty in content.duties:
        document.heading(duty, level=3)
    document.paragraph(_(HOTLINES))
    document.attachments([_("公安提示函签收回执")])
    document.signature(letterhead.bureau, day)
    officer = content.officer
    if officer is not None:
        document.note(
            _("联系民警：%(name)s（%(title)s），联系电话：%(phone)s")
            % {"name": officer.name, "title": officer.title, "phone": officer.phone or _("见派出所值班电话")}
        )
    document.attachment_page(_("公安提示函签收回执"))
    document.table(
        [_("项目"), _("内容")],
        [
            [_("收函单位"), org.name],
            [_("提示函文号"), letter.number],
            [_("签收人"), ""],
            [_("联系电话"), ""],
            [_("签收日期"), _("　　　　年　　月　　日")],
        ],
        widths_mm=[40, 116],
    )
    document.paragraph(_("请于收到本函后三日内签收，并将本回执交回辖区派出所。"))
    return _record(document, letterhead, day)


def _case_paragraph(case: Case, *, with_name: bool) -> str:
    when = timezone.localtime(case.occurred_at)
    who = case.victim_display if with_name else _("您单位（辖区）一名群众")
    return _(
        "%(y)d年%(m)d月%(d)d日，%(who)s遭遇%(type)s诈骗，通过%(method)s与对方联系，被骗%(loss)s。案件编号：%(number)s。"
    ) % {
        "y": when.year,
        "m": when.month,
        "d": when.day,
        "who": who,
        "type": case.fraud_type_name,
        "method": case.get_contact_method_display(),
        "loss": yuan(case.loss_amount),
        "number": case.case_number,
    }


def notification_docx(notification: Notification, letterhead: DocumentSettings) -> bytes:
    case = notification.case
    day = notification.numbered_on or timezone.localdate()
    family = notification.audience == Notification.Audience.FAMILY
    document = OfficialDocument(
        issuer=letterhead.bureau,
        number=notification.number,
        title=_("电信网络诈骗案件告知书") if family else _("关于一起电信网络诈骗案件的通报"),
        addressee=notification.recipient,
    )
    if family:
        document.paragraph(_case_paragraph(case, with_name=True))
        document.paragraph(
            _(
                "请家属多关心受害人，防止其因急于挽回损失再次被骗（如“帮您追回损失”“退款”类骗局）。"
                "公安机关正在依法侦办，如对方再联系，请立即报警。"
            )
        )
    else:
        document.heading(_("基本案情"))
        document.paragraph(_case_paragraph(case, with_name=False))
        document.heading(_("工作要求"))
        document.heading(
            _("收到本通报后五个工作日内，组织本单位（辖区）人员开展一次反诈警示教育。"),
            level=3,
        )
        document.heading(_("查找宣防工作薄弱环节，形成整改措施。"), level=3)
        document.heading(_("主要负责人按约谈通知接受公安机关约谈。"), level=3)
    document.paragraph(_(HOTLINES))
    document.signature(letterhead.bureau, day)
    return _record(document, letterhead, day)


def interview_notice_docx(interview: Interview, letterhead: DocumentSettings) -> bytes:
    """约谈通知: the unit's or township's responsible head is asked to come for the interview."""
    case = interview.case
    day = interview.notice_numbered_on or timezone.localdate()
    if interview.organisation is not None:
        addressee, where = interview.organisation.name, _("你单位")
    else:
        addressee, where = _("%(t)s党委、政府") % {"t": interview.township.name}, _("你乡镇（街道）辖区")
    head = interview.responsible_head or _("主要负责人")
    document = OfficialDocument(
        issuer=letterhead.bureau,
        number=interview.notice_number,
        title=_("约谈通知"),
        addressee=addressee,
    )
    occurred = timezone.localdate(case.occurred_at)
    document.paragraph(
        _(
            "%(when)s，%(where)s发生一起%(type)s电信网络诈骗案件（案件编号：%(number)s），群众被骗%(loss)s。"
            "为压实反诈宣传防范责任，根据电信网络诈骗案件通报、约谈、倒查工作要求，"
            "定于%(day)s约谈%(head)s，请准时到%(bureau)s参加。"
        )
        % {
            "when": written_date(occurred),
            "where": where,
            "type": case.fraud_type_name,
            "number": case.case_number,
            "loss": yuan(case.loss_amount),
            "day": written_date(interview.scheduled_on),
            "head": head,
            "bureau": letterhead.bureau,
        }
    )
    document.paragraph(_("约谈时请汇报以下情况："))
    document.heading(_("本单位（辖区）反诈宣传防范工作开展情况；"), level=3)
    document.heading(_("本案暴露出的薄弱环节及原因分析；"), level=3)
    document.heading(_("下一步整改措施、责任人和完成时限。"), level=3)
    document.signature(letterhead.bureau, day)
    return _record(document, letterhead, day)


def review_docx(case: Case, findings: list[Finding], letterhead: DocumentSettings) -> bytes:
    day = timezone.localdate()
    document = OfficialDocument(issuer=letterhead.bureau, title=_("电信网络诈骗案件倒查报告"))
    document.heading(_("基本案情"))
    document.paragraph(
        _("案件编号：%(number)s；诈骗类型：%(type)s；损失：%(loss)s；发案乡镇：%(township)s。")
        % {
            "number": case.case_number,
            "type": case.fraud_type_name,
            "loss": yuan(case.loss_amount),
            "township": case.township.name,
        }
    )
    document.heading(_("倒查情况"))
    verdicts = {True: _("到位"), False: _("未到位"), None: _("无法判断")}
    document.table(
        [_("倒查项目"), _("结论"), _("情况")],
        [[f.title, verdicts[f.ok], f.detail] for f in findings],
        widths_mm=[36, 24, 96],
    )
    document.heading(_("存在问题"))
    gaps = [f for f in findings if f.ok is False]
    if gaps:
        for finding in gaps:
            document.heading(finding.title, level=2, run_on=finding.detail.rstrip("。") + "。")
        document.paragraph(_("请相关单位说明情况并整改。"))
    else:
        document.paragraph(_("倒查未发现防范工作未到位的情形。"))
    document.signature(letterhead.bureau, day)
    return _record(document, letterhead, day)
