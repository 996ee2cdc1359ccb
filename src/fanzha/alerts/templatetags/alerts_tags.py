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
def deadline(due: datetime | None, done: datetime | None = None, closed: datetime | None = None) -> SafeString:
    """The state of one deadline. A running one carries `data-due` and ticks in the browser
    (static/fanzha/app.js); one the alert was closed without (`closed`) no longer runs."""
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
    if closed is not None:
        return format_html('<span class="deadline closed muted">{}</span>', _("已办结，不再计时"))
    left = (due - timezone.now()).total_seconds() / 60
    words = {
        "data-due": due.isoformat(),
        "data-left": _("还剩 %(span)s（%(at)s）") % {"span": "{span}", "at": local_due.strftime("%H:%M")},
        "data-over": _("超时 %(span)s") % {"span": "{span}"},
    }
    if left < 0:
        text, kind = _("超时 %(span)s") % {"span": _span(left)}, "overdue"
    else:
        text = _("还剩 %(span)s（%(at)s）") % {"span": _span(left), "at": local_due.strftime("%H:%M")}
        kind = "soon" if left < 10 else ""
    return format_html(
        '<span class="deadline {}" title="{}" data-due="{}" data-left="{}" data-over="{}">{}</span>',
        kind,
        local_due.strftime("%Y-%m-%d %H:%M"),
        words["data-due"],
        words["data-left"],
        words["data-over"],
        text,
    )


@register.simple_tag
def span_words() -> SafeString:
    """How `_span` words a time, for the browser that ticks deadlines (on the page's <main>): each
    pattern with the numbers 9999 (minutes or days), 8888 (hours) and 7777 (minutes after hours)."""
    return format_html(
        'data-span-minutes="{}" data-span-hours="{}" data-span-hours-minutes="{}" data-span-days="{}"',
        _("%(n)d 分钟") % {"n": 9999},
        _("%(h)d 小时") % {"h": 8888},
        _("%(h)d 小时 %(m)d 分") % {"h": 8888, "m": 7777},
        _("%(d)d 天") % {"d": 9999},
    )
