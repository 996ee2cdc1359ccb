"""Working on an alert: opening the person, recording attempts, closing, dispatching by hand."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.models import User
from fanzha.alerts.models import Alert, AlertSeen, DissuasionAttempt
from fanzha.alerts.notifications import notify_assigned
from fanzha.alerts.routing.router import route_to_village
from fanzha.alerts.services.common import AlertInputError, AlertStateError, notified_event, routing_data, timeline_add
from fanzha.core.audit import log_action
from fanzha.core.versions import check_version
from fanzha.places.models import Village

# Outcomes that end the work on an alert; "refused" leaves it open for another try.
CLOSING_OUTCOMES = frozenset({Alert.Outcome.DISSUADED, Alert.Outcome.NOT_FRAUD, Alert.Outcome.MONEY_SENT})


def alert_person_opened(*, alert: Alert, by: User) -> None:
    """Showing the person's full details and contact network is audited, and acknowledges the alert."""
    with transaction.atomic():
        log_action(alert, "alert.person_viewed", by=by)
        timeline_add(alert=alert, kind="opened", by=by)
        if alert.status == Alert.Status.ASSIGNED and by == alert.assignee:
            Alert.objects.filter(pk=alert.pk, status=Alert.Status.ASSIGNED).update(status=Alert.Status.IN_PROGRESS)
            alert.status = Alert.Status.IN_PROGRESS


def alert_seen(*, alert: Alert, by: User) -> None:
    """The user has opened the alert's page: it is no longer 新 for them (the first time is kept)."""
    if not AlertSeen.objects.filter(alert=alert, user=by).exists():
        AlertSeen.objects.bulk_create([AlertSeen(alert=alert, user=by, at=timezone.now())], ignore_conflicts=True)


def attempt_record(
    *,
    alert: Alert,
    by: User,
    method: str,
    reached: bool,
    outcome: str = "",
    notes: str = "",
    amount_sent: Decimal | None = None,
) -> DissuasionAttempt:
    """One call, visit or SMS. Sets the first-contact and visit times; a final outcome closes the alert.
    已转账被骗 may carry the amount the person sent, which the stop-payment form then starts from."""
    if method not in DissuasionAttempt.Method.values:
        raise AlertInputError("method", _("请选择联系方式"))
    if outcome and outcome not in Alert.Outcome.values:
        raise AlertInputError("outcome", _("请选择处置结果"))
    if reached and not outcome:
        raise AlertInputError("outcome", _("联系上了，请选择处置结果"))
    if not reached and outcome:
        raise AlertInputError("outcome", _("未联系上时不能选择处置结果"))
    if amount_sent is not None and outcome != Alert.Outcome.MONEY_SENT:
        raise AlertInputError("amount_sent", _("只有“已转账被骗”才填写转账金额"))
    if amount_sent is not None and amount_sent <= 0:
        raise AlertInputError("amount_sent", _("转账金额应大于0"))
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.status == Alert.Status.CLOSED:
            raise AlertStateError(_("该预警已办结"))
        now = timezone.now()
        attempt = DissuasionAttempt.objects.create(
            alert=locked,
            method=method,
            reached=reached,
            outcome=outcome,
            notes=notes.strip(),
            amount_sent=amount_sent,
            at=now,
            by=by,
        )
        changed = ["status", "updated_at"]
        if reached and locked.first_contact_at is None:
            locked.first_contact_at = now
            changed.append("first_contact_at")
        if reached and method == DissuasionAttempt.Method.VISIT and locked.visit_at is None:
            locked.visit_at = now
            changed.append("visit_at")
        locked.status = Alert.Status.IN_PROGRESS
        timeline_add(
            alert=locked,
            kind="attempt",
            by=by,
            data={
                "attempt": attempt.pk,
                "method": method,
                "reached": reached,
                "outcome": outcome,
                **({"amount_sent": str(amount_sent)} if amount_sent is not None else {}),
            },
        )
        if outcome in CLOSING_OUTCOMES:
            locked.status, locked.outcome, locked.closed_at = Alert.Status.CLOSED, outcome, now
            changed += ["outcome", "closed_at"]
            timeline_add(alert=locked, kind="closed", by=by, data={"outcome": outcome})
        locked.save(update_fields=changed)
        log_action(
            locked,
            "alert.attempt_recorded",
            by=by,
            data={"attempt": attempt.pk, "method": method, "reached": reached, "outcome": outcome},
        )
        if locked.status == Alert.Status.CLOSED:
            log_action(locked, "alert.closed", by=by, data={"outcome": outcome})
    _refresh(alert, locked)
    return attempt


def alert_close(*, alert: Alert, by: User, outcome: str, note: str = "", version: str | None = None) -> Alert:
    """Close by hand, e.g. after the person refused again and again, or a duplicate alert. With `version`
    (what the page showed), an alert changed since is refused (core.versions)."""
    if outcome not in Alert.Outcome.values:
        raise AlertInputError("outcome", _("请选择处置结果"))
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        check_version(locked, version)
        if locked.status == Alert.Status.CLOSED:
            raise AlertStateError(_("该预警已办结"))
        locked.status, locked.outcome, locked.closed_at = Alert.Status.CLOSED, outcome, timezone.now()
        locked.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
        timeline_add(alert=locked, kind="closed", by=by, data={"outcome": outcome, "note": note.strip()})
        log_action(locked, "alert.closed", by=by, data={"outcome": outcome})
    _refresh(alert, locked)
    return alert


def alert_dispatch(*, alert: Alert, village: Village, by: User, version: str | None = None) -> Alert:
    """The centre sends an alert (one that could not be routed, or went to the wrong place) to a village.
    With `version` (what the page showed), an alert changed since is refused (core.versions)."""
    if alert.status == Alert.Status.CLOSED:
        raise AlertStateError(_("该预警已办结"))
    routing = route_to_village(village)
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        check_version(locked, version)
        locked.village_id, locked.township_id, locked.grid_id = village.pk, village.township_id, None
        locked.assignee = routing.officer
        if locked.status in {Alert.Status.NEW, Alert.Status.ASSIGNED}:
            locked.status = Alert.Status.ASSIGNED if routing.officer else Alert.Status.NEW
        note = _("%(by)s人工分派到%(village)s") % {"by": by.display_name, "village": village.name}
        locked.routing_explanation = "；".join(p for p in (locked.routing_explanation, note, routing.explanation) if p)
        locked.save(
            update_fields=["village", "township", "grid", "assignee", "status", "routing_explanation", "updated_at"]
        )
        timeline_add(alert=locked, kind="dispatched", by=by, data=routing_data(routing))
        if routing.officer is not None:
            users = notify_assigned(
                alert=locked,
                assignee=routing.officer,
                helpers=routing.helpers,
                village_name=routing.village_name,
                township_name=routing.township_name,
            )
            notified_event(locked, users, step="assigned").save()
        log_action(locked, "alert.dispatched", by=by, data={"village": village.pk, "officer": locked.assignee_id})
    _refresh(alert, locked)
    return alert


def _refresh(alert: Alert, fresh: Alert) -> None:
    """Callers keep their object; give it the saved state."""
    for f in Alert._meta.concrete_fields:
        setattr(alert, f.attname, getattr(fresh, f.attname))
