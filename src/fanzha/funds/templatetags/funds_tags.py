"""The 48 h stop-payment countdown, and the money block on an alert's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.accounts.policy import can
from fanzha.core.money import format_yuan
from fanzha.funds.models import StopPayment
from fanzha.funds.selectors import funds_for_alert

register = template.Library()

ACTION_LABELS: dict[str, Any] = {
    "stoppayment.requested": gettext_lazy("提交紧急止付"),
    "stoppayment.viewed": gettext_lazy("查看完整账号"),
    "stoppayment.effective": gettext_lazy("银行反馈止付生效"),
    "stoppayment.failed": gettext_lazy("止付失败"),
    "stoppayment.expired": gettext_lazy("48小时期满，止付到期"),
    "stoppayment.frozen": gettext_lazy("转为冻结"),
}


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def remaining(stop: StopPayment, now: Any = None) -> tuple[int, int] | None:
    """(hours, minutes) left of the 48 h window, or None once the clock no longer runs."""
    if not stop.is_running:
        return None
    seconds = max(0, int((stop.expires_at - (now or timezone.now())).total_seconds()))
    return seconds // 3600, (seconds % 3600) // 60


@register.simple_tag
def countdown(stop: StopPayment) -> SafeString:
    """剩余 47:59, computed here and ticked by funds.js; the end time in the title."""
    left = remaining(stop)
    if left is None:
        return format_html('<span class="muted">{}</span>', stop.get_status_display())
    hours, minutes = left
    end = timezone.localtime(stop.expires_at).strftime("%m-%d %H:%M")
    urgency = "overdue" if hours == minutes == 0 else ("soon" if hours < 6 else "")
    prefix = _("待银行反馈，") if stop.status == StopPayment.Status.REQUESTED else ""
    return format_html(
        '<span class="countdown {}" data-expires="{}" title="{}">{}{} <strong data-left>{}</strong></span>',
        urgency,
        stop.expires_at.isoformat(),
        _("%(end)s 到期") % {"end": end},
        prefix,
        _("剩余"),
        f"{hours:02d}:{minutes:02d}",
    )


@register.inclusion_tag("funds/_alert_funds.html", takes_context=True)
def alert_funds(context: dict[str, Any], alert: Any) -> dict[str, Any]:
    """{% alert_funds alert %}: the stop-payments, freezes and returns of the alert the page shows, to
    those who may read stop-payments (nothing for the others)."""
    user = context["request"].user
    funds = funds_for_alert(alert, user) if can(user, "stop_payment.read") else None
    return {"funds": funds, "request": context["request"]}


@register.filter
def yuan(amount: Any) -> str:
    """¥12,345.67"""
    return format_yuan(amount)
