"""Timeline events as sentences an officer reads: what happened, in the domain's words."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.alerts.models import Alert, DissuasionAttempt, TimelineEvent

KIND_LABELS: dict[str, Any] = {
    "received": gettext_lazy("接收预警"),
    "routed": gettext_lazy("自动分派"),
    "notified": gettext_lazy("发出通知"),
    "delivery": gettext_lazy("通知送达"),
    "opened": gettext_lazy("查看对象信息"),
    "attempt": gettext_lazy("劝阻记录"),
    "escalated": gettext_lazy("逾期升级"),
    "dispatched": gettext_lazy("人工分派"),
    "closed": gettext_lazy("办结"),
    "stoppayment_requested": gettext_lazy("紧急止付"),
    "stoppayment_effective": gettext_lazy("止付生效"),
    "stoppayment_failed": gettext_lazy("止付失败"),
    "stoppayment_expired": gettext_lazy("止付到期"),
    "freeze": gettext_lazy("冻结"),
    "fund_return": gettext_lazy("返还"),
}


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def describe(event: TimelineEvent) -> str:
    d: dict[str, Any] = event.data or {}
    kind = event.kind
    if kind == "received":
        return _("来源：%(source)s") % {"source": Alert.source_label(d.get("source", ""))}
    if kind in {"routed", "dispatched"}:
        method = _label(Alert.RoutingMethod, d.get("method", "")) if kind == "routed" else ""
        return "；".join(p for p in (method, d.get("explanation", "")) if p)
    if kind == "notified":
        return _("已通知：%(users)s") % {"users": "、".join(d.get("users", [])) or "—"}
    if kind == "delivery":
        return _("%(channel)s → %(target)s：%(status)s") % {
            "channel": d.get("channel", ""),
            "target": d.get("target", ""),
            "status": d.get("status", ""),
        }
    if kind == "opened":
        return _("查看了预警对象的完整信息和联系网络")
    if kind == "attempt":
        parts = [_label(DissuasionAttempt.Method, d.get("method", ""))]
        parts.append(str(_("联系上")) if d.get("reached") else str(_("未联系上")))
        if d.get("outcome"):
            parts.append(_label(Alert.Outcome, d["outcome"]))
        return "，".join(parts)
    if kind == "escalated":
        late = "、".join(str(_("首次联系")) if k == "contact" else str(_("见面劝阻")) for k in d.get("late", []))
        to = {"station": _("派出所所长"), "prefecture": _("州反诈中心")}.get(d.get("to", ""), _("反诈中心"))
        text = _("%(late)s超时，上报%(to)s") % {"late": late or _("处置"), "to": to}
        if d.get("users"):
            text += _("（已通知：%(users)s）") % {"users": "、".join(d["users"])}
        return text
    if kind == "closed":
        text = _label(Alert.Outcome, d.get("outcome", ""))
        return f"{text}：{d['note']}" if d.get("note") else text
    # Steps other apps add (stop-payments…) carry their own sentence.
    return str(d.get("summary") or d.get("text") or "")
