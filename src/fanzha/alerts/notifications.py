"""What the alert app tells people, through the notify app (which picks channels, retries and records).

Messages never carry a full phone or ID number: they travel through chat robots and SMS gateways.
Event keys make each notification happen once per alert, step and recipient set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fanzha.accounts.models import User
from fanzha.alerts.models import Alert, Level
from fanzha.core.money import format_yuan

if TYPE_CHECKING:
    from fanzha.notify.services import NotifyItem


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%m-%d %H:%M") if moment else "—"


_TEXTS: dict[str, dict[str, str]] = {}


def _texts() -> dict[str, str]:
    """The phrases of a message in the active language, translated once per process and language:
    an Excel batch builds a hundred thousand messages."""
    language = translation.get_language() or "zh-hans"
    texts = _TEXTS.get(language)
    if texts is None:
        texts = _TEXTS[language] = {
            "nowhere": _("未能确定地点"),
            "no_name": _("姓名不详"),
            "no_phone": _("无电话"),
            "person": _("对象：%(person)s（%(phone)s），%(place)s"),
            "kind": _("类型：%(type)s；等级：%(level)s"),
            "contact": _("首次联系时限：%(contact)s"),
            "visit": _("见面劝阻时限：%(visit)s"),
            "amount": _("涉险金额：%(amount)s"),
            "assigned_subject": _("【%(level)s】预警待处置：%(type)s"),
            "assigned_lead": _("请立即联系并劝阻预警对象。"),
            **{f"level:{value}": str(label) for value, label in Level.choices},
        }
    return texts


def _place(village_name: str, township_name: str) -> str:
    return " · ".join(p for p in (township_name, village_name) if p) or _texts()["nowhere"]


def _body(alert: Alert, *, place: str, lead: str) -> str:
    t = _texts()
    person = alert.victim_name_masked or t["no_name"]
    phone = alert.victim_phone_masked or t["no_phone"]
    lines = [
        lead,
        t["person"] % {"person": person, "phone": phone, "place": place},
        t["kind"] % {"type": alert.fraud_type_name, "level": t[f"level:{alert.level}"]},
        t["contact"] % {"contact": _when(alert.contact_deadline)},
    ]
    if alert.visit_deadline:
        lines.append(t["visit"] % {"visit": _when(alert.visit_deadline)})
    if alert.amount_at_risk:
        lines.append(t["amount"] % {"amount": format_yuan(alert.amount_at_risk)})
    return "\n".join(lines)


def _unique(users: Iterable[User | None]) -> list[User]:
    seen: list[User] = []
    for user in users:
        if user is not None and user not in seen:
            seen.append(user)
    return seen


@dataclass(frozen=True)
class Assignment:
    """A new alert and who it is for: the assignee, the village's assistant and grid worker."""

    alert: Alert
    assignee: User
    helpers: Sequence[User]
    village_name: str
    township_name: str


def _assigned_item(a: Assignment) -> tuple[NotifyItem, list[User]]:
    from fanzha.notify.services import Message, NotifyItem

    alert = a.alert
    users = _unique([a.assignee, *a.helpers])
    t = _texts()
    subject = t["assigned_subject"] % {"level": t[f"level:{alert.level}"], "type": alert.fraud_type_name}
    body = _body(alert, place=_place(a.village_name, a.township_name), lead=t["assigned_lead"])
    item = NotifyItem(
        event_key=f"alert:{alert.pk}:assigned:{a.assignee.pk}",
        message=Message(subject=subject, body=body, link=f"/alerts/{alert.pk}/"),
        users=users,
        owner_keys=[f"village:{alert.village_id}"] if alert.village_id else [],
    )
    return item, users


def notify_assigned_many(assignments: Sequence[Assignment], *, new_alerts: bool = False) -> list[list[User]]:
    """`notify_assigned` for a batch of alerts, in a constant number of queries; the users told, per alert.
    `new_alerts`: received in this transaction, so never told before (see notify_many's `new_events`)."""
    from fanzha.notify.services import notify_many

    built = [_assigned_item(a) for a in assignments]
    notify_many([item for item, _users in built], new_events=new_alerts)
    return [users for _item, users in built]


def notify_assigned(
    *, alert: Alert, assignee: User, helpers: Iterable[User], village_name: str, township_name: str
) -> list[User]:
    """The assignee, the village's assistant and grid worker: a new alert is theirs now."""
    [users] = notify_assigned_many(
        [
            Assignment(
                alert=alert,
                assignee=assignee,
                helpers=list(helpers),
                village_name=village_name,
                township_name=township_name,
            )
        ]
    )
    return users


def notify_escalated(*, alert: Alert, step: str, users: Iterable[User], late: list[str]) -> list[User]:
    """Overdue work goes up: `step` is "station" (the chief), "centre" (the county's duty operators) or
    "prefecture" (the prefecture centre's)."""
    recipients = _unique(users)
    if not recipients:
        return recipients
    what = "、".join(str(_("首次联系")) if k == "contact" else str(_("见面劝阻")) for k in late)
    subject = _("【逾期】预警%(what)s超时：%(type)s") % {"what": what, "type": alert.fraud_type_name}
    village = alert.village.name if alert.village_id and alert.village else ""
    township = alert.township.name if alert.township_id and alert.township else ""
    assignee = alert.assignee.display_name if alert.assignee else _("无人接收")
    # The officer who holds the alert is told it went up and to act now; those above are asked to
    # supervise (督办) her. Nobody is asked to supervise themselves.
    own = [u for u in recipients if alert.assignee_id and u.pk == alert.assignee_id]
    others = [u for u in recipients if u not in own]
    above = _("派出所所长") if step == "station" else _("反诈中心")
    leads = [
        (
            others,
            "",
            _("预警已超过%(what)s时限，处置人：%(assignee)s。请督办。") % {"what": what, "assignee": assignee},
        ),
        (
            own,
            ":assignee",
            _("您负责的这条预警已超过%(what)s时限，已上报%(above)s。请立即联系并劝阻，并记录处置情况。")
            % {"what": what, "above": above},
        ),
    ]
    from fanzha.notify.services import Message, notify

    for users_, suffix, lead in leads:
        if not users_:
            continue
        notify(
            event_key=f"alert:{alert.pk}:escalated:{step}{suffix}",
            message=Message(
                subject=subject,
                body=_body(alert, place=_place(village, township), lead=lead),
                link=f"/alerts/{alert.pk}/",
            ),
            users=users_,
            owner_keys=[],
        )
    return recipients
