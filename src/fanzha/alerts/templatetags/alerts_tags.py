"""Deadlines as an officer reads them: "还剩 3 分钟", "超时 12 分钟", "14:03 已联系"."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def _span(minutes: float) -> str:
    minutes = abs(minutes)
    if minutes < 60:
        return _("%(n)d 分钟") % {"n": max(1, round(minutes))}
    if minutes < 48 * 60:
        hours, rest = divmod(round(minutes), 60)
        return _("%(h)d 小时 %(m)d 分") % {"h": hours, "m": rest} if rest else _("%(h)d 小时") % {"h": hours}
    return _("%(d)d 天") % {"d": round(minutes / 1440)}


@register.simple_tag
def deadline(due: datetime | None, done: datetime | None = None) -> SafeString:
    if due is None:
        return format_html('<span class="muted">{}</span>', _("不要求"))
    local_due = timezone.localtime(due)
    if done is not None:
        late = done > due
        return format_html(
            '<span class="deadline {}">{} {}</span>',
            "late-done" if late else "done",
            timezone.localtime(done).strftime("%H:%M"),
            _("已完成（超时）") if late else _("已完成"),
        )
    left = (due - timezone.now()).total_seconds() / 60
    if left < 0:
        return format_html(
            '<span class="deadline overdue" title="{}">{}</span>',
            local_due.strftime("%Y-%m-%d %H:%M"),
            _("超时 %(span)s") % {"span": _span(left)},
        )
    return format_html(
        '<span class="deadline {}" title="{}">{}</span>',
        "soon" if left < 10 else "",
        local_due.strftime("%Y-%m-%d %H:%M"),
        _("还剩 %(span)s（%(at)s）") % {"span": _span(left), "at": local_due.strftime("%H:%M")},
    )
