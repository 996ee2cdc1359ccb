"""Receiving alerts: one at a time (API, manual entry, consultations) or a batch (Excel files).

Both paths validate, normalise, route and notify the same way; the batch path does it with one query
per kind of look-up and one insert per table for a thousand rows at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.models import User
from fanzha.alerts.models import DESCRIPTION_MAX_LENGTH, Alert, Level, Observable, TimelineEvent
from fanzha.alerts.notifications import Assignment, notify_assigned_many
from fanzha.alerts.observables import NORMALIZERS, is_web_address
from fanzha.alerts.routing.loader import current_directory
from fanzha.alerts.routing.router import Lookup, Routing, route_many
from fanzha.alerts.services.common import AlertInputError, actor, deadlines_for, notified_event, routing_data
from fanzha.alerts.services.correlation import traces_correlate
from fanzha.core.audit import log_action, object_label
from fanzha.core.context import current_ip
from fanzha.core.fastpath import fewer_collections, insert_rows, insert_rows_with_ids
from fanzha.core.fields import max_length, verbose_name
from fanzha.core.ids import normalize_id_number, validate_id_number
from fanzha.core.models import AuditEntry
from fanzha.core.money import MAX_AMOUNT
from fanzha.core.phones import normalize_phone
from fanzha.detection.taxonomy import FRAUD_CODES

BATCH_CHUNK = 1000

TEXT_LIMITS = {
    **{name: max_length(Alert, name) for name in ("external_id", "source", "victim_name", "victim_phone", "address")},
    "description": DESCRIPTION_MAX_LENGTH,
}
"""The longest text intake takes per field, from the model. The ID number is not here: one that is too
long is kept cut and flagged invalid, like every unreadable one."""
STRIPPED = ("external_id", "source")  # taken without surrounding spaces


@dataclass
class AlertIntake:
    """One early-warning instruction as an upper-level platform, a file row or the duty operator gives it."""

    external_id: str
    source: str
    level: str
    fraud_type: str
    victim_phone: str = ""
    victim_name: str = ""
    id_number: str = ""
    address: str = ""
    amount_at_risk: Decimal | None = None
    issued_at: datetime | None = None
    description: str = ""
    suspect_phones: list[str] = field(default_factory=list)
    suspect_accounts: list[str] = field(default_factory=list)
    suspect_urls: list[str] = field(default_factory=list)
    suspect_apps: list[str] = field(default_factory=list)
    # A caller who already knows the village (a consultation) says so; a resident match still wins.
    village_id: int | None = None

    def observables(self) -> list[tuple[str, str]]:
        return [
            *(("phone", v) for v in self.suspect_phones),
            *(("account", v) for v in self.suspect_accounts),
            *(("url", v) for v in self.suspect_urls),
            *(("app", v) for v in self.suspect_apps),
        ]


def intake_errors(data: AlertIntake) -> list[AlertInputError]:
    """Everything wrong with an alert, one error per field the caller must fix."""
    errors: list[AlertInputError] = []
    if not (data.external_id or "").strip():
        errors.append(AlertInputError("external_id", _("必须填写预警编号")))
    if not (data.source or "").strip():
        errors.append(AlertInputError("source", _("必须填写来源")))
    if data.level not in Level.values:
        errors.append(AlertInputError("level", _("预警等级应为 high、medium 或 low（高、中、低）")))
    if data.fraud_type not in FRAUD_CODES:
        errors.append(AlertInputError("fraud_type", _("未知的诈骗类型：%(code)s") % {"code": data.fraud_type}))
    for name, limit in TEXT_LIMITS.items():
        value = getattr(data, name) or ""
        if len(value.strip() if name in STRIPPED else value) > limit:
            label = verbose_name(Alert, name)
            errors.append(AlertInputError(name, _("%(label)s不能超过%(n)d个字符") % {"label": label, "n": limit}))
    amount = data.amount_at_risk
    if amount is not None and (not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT):
        errors.append(AlertInputError("amount_at_risk", _("涉险金额应为不小于0的金额")))
    observable_limit = max_length(Observable, "value")
    for kind, value in data.observables():
        if len(value) > observable_limit:
            label = _("线索")
            errors.append(
                AlertInputError(
                    f"suspect_{kind}s", _("%(label)s不能超过%(n)d个字符") % {"label": label, "n": observable_limit}
                )
            )
            break
    bad_urls = [v for v in data.suspect_urls if v.strip() and not is_web_address(v)]
    if bad_urls:
        errors.append(AlertInputError("suspect_urls", _("不是网址：%(value)s") % {"value": bad_urls[0][:100]}))
    return errors


def validate_intake(data: AlertIntake) -> None:
    """Raise AlertInputError naming the first field the caller must fix."""
    errors = intake_errors(data)
    if errors:
        raise errors[0]


def _phone_of(raw: str) -> tuple[str, bool]:
    """(E.164, False) or, when it cannot be parsed, (what was sent, True): kept, flagged, not lost."""
    text = (raw or "").strip()
    if not text:
        return "", False
    try:
        return normalize_phone(text) or "", False
    except ValidationError:
        return text[:40], True


def _id_number_of(raw: str) -> tuple[str, bool]:
    text = normalize_id_number(raw or "")
    if not text:
        return "", False
    try:
        return validate_id_number(text), False
    except ValidationError:
        return text[:30], True


@dataclass
class _Prepared:
    """An alert ready to insert, with what goes in beside it."""

    alert: Alert
    routing: Routing
    observables: list[Observable]
    by: User | None
    ip: str | None


def prepare_alerts(
    items: list[AlertIntake], *, by: list[User | None], ips: list[str | None] | None = None
) -> list[_Prepared]:
    """Route and build the alerts (not saved yet); `by` and `ips`: who sent each and from where."""
    parsed = [(_phone_of(d.victim_phone), _id_number_of(d.id_number)) for d in items]
    routings = route_many(
        [
            Lookup(
                phone=None if phone_invalid else (phone or None),
                id_number=None if id_invalid else (id_number or None),
                address=(d.address or "").strip(),
                village_hint=d.village_id,
            )
            for d, ((phone, phone_invalid), (id_number, id_invalid)) in zip(items, parsed, strict=True)
        ]
    )
    received_at = timezone.now()
    prepared = []
    ips = ips if ips is not None else [current_ip.get()] * len(items)
    for d, ((phone, phone_invalid), (id_number, id_invalid)), routing, sender, ip in zip(
        items, parsed, routings, by, ips, strict=True
    ):
        if phone_invalid:
            routing.notes.insert(0, _("手机号无法识别，已原样保存"))
        if id_invalid:
            routing.notes.insert(0, _("身份证号校验不通过，已原样保存"))
        _say_if_another_county(routing, sender)
        contact_deadline, visit_deadline = deadlines_for(d.level, received_at=received_at)
        issued_at = d.issued_at
        if issued_at is not None and timezone.is_naive(issued_at):
            issued_at = timezone.make_aware(issued_at)
        alert = Alert(
            external_id=d.external_id.strip(),
            source=d.source.strip(),
            level=d.level,
            fraud_type=d.fraud_type,
            status=Alert.Status.ASSIGNED if routing.officer else Alert.Status.NEW,
            victim_name=(d.victim_name or "").strip(),
            victim_phone=phone,
            victim_phone_invalid=phone_invalid,
            id_number=id_number,
            id_number_invalid=id_invalid,
            address=(d.address or "").strip(),
            amount_at_risk=d.amount_at_risk.quantize(Decimal("0.01")) if d.amount_at_risk is not None else None,
            description=d.description or "",
            resident_id=routing.resident_id,
            village=routing.village,
            township=routing.township,
            county_id=routing.county_id,
            grid_id=routing.grid_id,
            assignee=routing.officer,
            routing_method=routing.method,
            routing_explanation=routing.explanation,
            issued_at=issued_at,
            received_at=received_at,
            contact_deadline=contact_deadline,
            visit_deadline=visit_deadline,
            created_by=actor(sender),
        )
        prepared.append(_Prepared(alert, routing, _observables(d), sender, ip))
    return prepared


def _say_if_another_county(routing: Routing, sender: User | None) -> None:
    """An alert entered by one county's centre about a resident of another goes there, saying so."""
    directory = current_directory()
    entered_in = directory.user_county.get(sender.pk) if sender is not None else None
    if entered_in is not None and routing.county_id is not None and routing.county_id != entered_in:
        routing.notes.append(
            _("由%(entered)s录入，预警对象属%(county)s，已转%(county)s处置")
            % {"entered": directory.county_names[entered_in], "county": directory.county_names[routing.county_id]}
        )


def _observables(data: AlertIntake) -> list[Observable]:
    wanted: dict[tuple[str, str], str] = {}
    for kind, value in data.observables():
        text = (value or "").strip()
        normalized = NORMALIZERS[kind](text) if text else ""
        if normalized:
            wanted.setdefault((kind, normalized[:300]), text[:300])
    return [Observable(kind=kind, value=value, raw=raw) for (kind, value), raw in wanted.items()]


def _after_insert(prepared: list[_Prepared]) -> None:
    """Observables, timeline, notifications: for alerts just inserted (they have their ids)."""
    assignments = [
        (
            p,
            Assignment(
                alert=p.alert,
                assignee=p.routing.officer,
                helpers=p.routing.helpers,
                village_name=p.routing.village_name,
                township_name=p.routing.township_name,
            ),
        )
        for p in prepared
        if p.routing.officer is not None
    ]
    # All the chunk's notifications in a constant number of queries, not four per alert.
    told = notify_assigned_many([a for _p, a in assignments], new_alerts=True)
    users_of = {id(p): users for (p, _a), users in zip(assignments, told, strict=True)}
    observables: list[Observable] = []
    events: list[TimelineEvent] = []
    for p in prepared:
        alert, routing = p.alert, p.routing
        for o in p.observables:
            o.alert = alert
        observables += p.observables
        events.append(
            TimelineEvent(
                alert=alert, at=alert.received_at, kind="received", actor=actor(p.by), data={"source": alert.source}
            )
        )
        events.append(TimelineEvent(alert=alert, at=alert.received_at, kind="routed", data=routing_data(routing)))
        if id(p) in users_of:
            events.append(notified_event(alert, users_of[id(p)], step="assigned"))
    insert_rows(observables)
    insert_rows(events)
    traces_correlate(observables)


def _audit_data(alert: Alert) -> dict[str, str]:
    return {"source": alert.source, "level": alert.level, "routing": alert.routing_method}


def alert_intake(*, data: AlertIntake, by: User | None) -> tuple[Alert, bool]:
    """Receive an alert, route it and notify; the same `external_id` again returns the first alert.

    Idempotent also under concurrency: the unique constraint decides, and the loser returns the winner.
    (No look-up first: a repeat is rare, and intake's speed is the number of round trips it makes.)
    """
    validate_intake(data)
    [prepared] = prepare_alerts([data], by=[by])
    alert = prepared.alert
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
            _after_insert([prepared])
            log_action(alert, "alert.received", by=by, data=_audit_data(alert))
    except IntegrityError:
        existing = Alert.objects.filter(external_id=alert.external_id).first()
        if existing is None:
            raise
        return existing, False
    return alert, True


@dataclass
class BatchResult:
    created: int = 0
    existing: int = 0  # already received (same external_id): left as they were
    ids: list[int] = field(default_factory=list)


def alerts_intake_batch(
    *,
    items: Iterable[AlertIntake],
    by: User | None,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Receive many alerts (validated beforehand, e.g. by the Excel importer) a thousand at a time.

    Each chunk lands whole or not at all. A row whose external_id exists already is left alone, like
    a repeated API call. If another writer inserts one of the chunk's ids meanwhile, that chunk is
    taken one row at a time instead.
    """
    result = BatchResult()
    chunk: list[AlertIntake] = []
    done = 0
    with fewer_collections():
        for item in items:
            chunk.append(item)
            if len(chunk) == BATCH_CHUNK:
                _intake_chunk(chunk, by=by, result=result)
                done += len(chunk)
                chunk = []
                if progress:
                    progress(done)
        if chunk:
            _intake_chunk(chunk, by=by, result=result)
            if progress:
                progress(done + len(chunk))
    return result


def _intake_chunk(chunk: list[AlertIntake], *, by: User | None, result: BatchResult) -> None:
    for data in chunk:
        validate_intake(data)
    wanted = {d.external_id.strip() for d in chunk}
    known = set(Alert.objects.filter(external_id__in=wanted).values_list("external_id", flat=True))
    fresh: list[AlertIntake] = []
    for data in chunk:
        external_id = data.external_id.strip()
        if external_id in known:
            result.existing += 1
            continue
        known.add(external_id)
        fresh.append(data)
    if not fresh:
        return
    prepared = prepare_alerts(fresh, by=[by] * len(fresh))
    try:
        insert_prepared(prepared)
    except IntegrityError:
        for data in fresh:
            alert, created = alert_intake(data=data, by=by)
            result.created += created
            result.existing += not created
            if created:
                result.ids.append(alert.pk)
        return
    result.created += len(prepared)
    result.ids += [p.alert.pk for p in prepared]


def insert_prepared(prepared: list[_Prepared]) -> None:
    """Alerts, observables, timeline, notifications and audit entries in one transaction: all or none.
    Raises IntegrityError when one of the external_ids was taken meanwhile."""
    with transaction.atomic():
        insert_rows_with_ids([p.alert for p in prepared])
        _after_insert(prepared)
        insert_rows(
            [
                AuditEntry(
                    actor=actor(p.by),
                    action="alert.received",
                    object_type=object_label(p.alert),
                    object_id=str(p.alert.pk),
                    data=_audit_data(p.alert),
                    ip=p.ip,
                )
                for p in prepared
            ]
        )
