"""Every write of the notify app: hand over a message, send a delivery, retry what is due, manage channels.

The flow: `notify()` (one event) or `notify_many()` (a batch, same code) writes the in-app notifications and one `Delivery` per channel in the caller's
transaction (the unique event × target constraint makes a repeated event a no-op, also when two
processes race), and queues one Huey task per delivery once that transaction commits. The task claims
the delivery with a conditional UPDATE (only one worker wins), sends it, records the attempt, and on
failure sets the next attempt with exponential backoff. A sweep every minute re-queues what is due:
failed deliveries whose time has come, pending ones whose task was lost, and claims left by a worker
that died mid-send.
"""

from __future__ import annotations

import copy
import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.signals import SIGNAL_ENQUEUED

from fanzha.accounts.models import User
from fanzha.core.audit import log_action
from fanzha.core.fastpath import active, column, fetch, insert_rows, insert_rows_with_ids, placeholders, table
from fanzha.notify import senders
from fanzha.notify.models import Channel, Delivery, DeliveryAttempt, Notification

log = logging.getLogger(__name__)

OWNER_KEY = re.compile(r"^(county|township|village|grid|group):\d+$")
EVENT_KEY_MAX = 200


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    link: str = ""


def absolute_link(link: str) -> str:
    """Chat robots, mail and SMS need a full address: "/alerts/5/" → SITE_URL + "/alerts/5/"."""
    if not link or link.startswith(("http://", "https://")):
        return link
    return settings.SITE_URL.rstrip("/") + "/" + link.lstrip("/")


def _unique_users(users: Iterable[User | None]) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        if user is not None and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


@dataclass(frozen=True)
class NotifyItem:
    """One event for `notify_many`: who is told (in-app plus their own channels) and which owners' channels."""

    event_key: str
    message: Message
    users: Sequence[User | None] = ()
    owner_keys: Sequence[str] = ()


def notify(
    *, event_key: str, message: Message, users: Iterable[User], owner_keys: list[str] | None = None
) -> list[int]:
    """Tell `users` (in-app, plus their own channels) and the channels of `owner_keys`, once per event.

    Returns the ids of the channel deliveries queued for sending. A repeated event creates nothing new.
    """
    return notify_many(
        [NotifyItem(event_key=event_key, message=message, users=list(users), owner_keys=owner_keys or [])]
    )


def notify_many(items: Iterable[NotifyItem], *, new_events: bool = False) -> list[int]:
    """`notify` for many events at once, with the same number of queries for one event or a thousand:
    one to find the channels, one insert per table, one to read back the deliveries to queue.

    `new_events`: no event can have been told before (an alert received in this transaction): nothing
    to skip, and the insert gives the deliveries' ids, so none is read back.

    Returns the ids of the channel deliveries queued for sending (once the caller's transaction commits).
    """
    plans: list[tuple[NotifyItem, list[User], list[str]]] = []
    for item in items:
        if not item.event_key or len(item.event_key) > EVENT_KEY_MAX:
            raise ValueError("event_key must be 1–200 characters")
        plans.append((item, _unique_users(item.users), sorted({k for k in item.owner_keys if k})))
    user_ids = {u.pk for _item, recipients, _keys in plans for u in recipients}
    owner_keys = {k for _item, _recipients, keys in plans for k in keys}
    by_user: dict[int, list[int]] = {}
    by_owner: dict[str, list[int]] = {}
    if user_ids or owner_keys:
        for channel_id, owner_id, owner_key in _active_channels(user_ids, owner_keys):
            if owner_id is not None:
                by_user.setdefault(owner_id, []).append(channel_id)
            else:
                by_owner.setdefault(owner_key, []).append(channel_id)

    now = timezone.now()
    notifications: list[Notification] = []
    deliveries: list[Delivery] = []
    wanted: set[tuple[str, str]] = set()
    for item, recipients, keys in plans:
        channels: dict[int, int | None] = {}
        for user in recipients:
            channels.update((channel_id, user.pk) for channel_id in by_user.get(user.pk, ()))
        for key in keys:
            channels.update((channel_id, None) for channel_id in by_owner.get(key, ()))
        if not recipients and not channels:
            continue
        event_key, message = item.event_key, item.message
        subject, body, link = message.subject[:200], message.body, message.link[:500]
        for user in recipients:
            notifications.append(Notification(user=user, event_key=event_key, subject=subject, body=body, link=link))
            deliveries.append(
                Delivery(
                    event_key=event_key,
                    target_key=f"user:{user.pk}",
                    user=user,
                    subject=subject,
                    body=body,
                    link=link,
                    status=Delivery.Status.SENT,
                    attempts=1,
                    sent_at=now,
                )
            )
        for channel_id, channel_user_id in sorted(channels.items()):
            target_key = f"channel:{channel_id}"
            wanted.add((event_key, target_key))
            deliveries.append(
                Delivery(
                    event_key=event_key,
                    target_key=target_key,
                    channel_id=channel_id,
                    user_id=channel_user_id,
                    subject=subject,
                    body=body,
                    link=link,
                    status=Delivery.Status.PENDING,
                    next_attempt_at=now,
                )
            )
    if new_events:
        insert_rows(notifications)
        insert_rows_with_ids(deliveries)
        ids = [d.pk for d in deliveries if d.channel_id is not None]
    else:
        # COPY on PostgreSQL: an Excel batch writes three notifications and a delivery per alert.
        insert_rows(notifications, ignore_conflicts=True)
        insert_rows(deliveries, ignore_conflicts=True)
        ids = _queueable(wanted)
    if ids:
        transaction.on_commit(lambda: queue_deliveries(ids))
    return ids


def _active_channels(user_ids: set[int], owner_keys: set[str]) -> list[tuple[Any, ...]]:
    """(id, user, owner key) of the active channels of these users and owners: SQL written once
    (`core.fastpath`), as intake tells a few people per alert."""
    if not active("raw_lookups"):
        found = Channel.objects.filter(Q(user_id__in=user_ids) | Q(owner_key__in=owner_keys), active=True)
        return list(found.values_list("id", "user_id", "owner_key"))
    c = Channel
    whose = []
    if user_ids:
        whose.append(f"{column(c, 'user')} IN ({placeholders(user_ids)})")
    if owner_keys:
        whose.append(f"{column(c, 'owner_key')} IN ({placeholders(owner_keys)})")
    sql = (
        f"SELECT {column(c, 'id')}, {column(c, 'user')}, {column(c, 'owner_key')} FROM {table(c)} "  # noqa: S608 (our own names)
        f"WHERE {column(c, 'active')} = %s AND ({' OR '.join(whose)})"
    )
    return fetch(sql, [True, *sorted(user_ids), *sorted(owner_keys)])


def _queueable(wanted: set[tuple[str, str]]) -> list[int]:
    """The pending deliveries of these (event, target) pairs. Deliveries another call already created
    and sent are not queued again; pending ones may be (the claim makes a second task for the same
    delivery do nothing). bulk_create with ignore_conflicts gives no ids back, so they are read by event."""
    if not wanted:
        return []
    return [
        pk
        for pk, event_key, target_key in Delivery.objects.filter(
            event_key__in={event_key for event_key, _target in wanted},
            channel__isnull=False,
            status=Delivery.Status.PENDING,
            attempts=0,
        )
        .order_by("pk")
        .values_list("pk", "event_key", "target_key")
        if (event_key, target_key) in wanted
    ]


QUEUE_PIPELINE_SIZE = 1000


def queue_deliveries(ids: list[int], *, now: datetime | None = None) -> None:
    """One Huey task per delivery. With Redis, the tasks go in pipelines of a thousand: one round
    trip each rather than one per delivery (an Excel batch queues a hundred thousand)."""
    from fanzha.huey_app import huey
    from fanzha.notify.tasks import send_delivery

    conn: Any = getattr(huey.storage, "conn", None)
    if huey.immediate or not hasattr(conn, "pipeline") or len(ids) < 2:
        for pk in ids:
            send_delivery(pk, now)
        return
    # A copy of the storage writing to a pipeline: the shared storage (and its connection) stays as
    # it is for the worker threads beside this one. What Huey.enqueue does, minus the send.
    batch = copy.copy(huey.storage)
    for start in range(0, len(ids), QUEUE_PIPELINE_SIZE):
        with conn.pipeline(transaction=False) as pipe:
            batch.conn = pipe
            for pk in ids[start : start + QUEUE_PIPELINE_SIZE]:
                task = send_delivery.s(pk, now)
                if task.expires:
                    task.resolve_expires(huey.utc)
                huey._emit(SIGNAL_ENQUEUED, task)
                batch.enqueue(huey.serialize_task(task), task.priority)
            pipe.execute()


def _huey_immediate() -> bool:
    from fanzha.huey_app import huey

    return bool(huey.immediate)


def _due(now: datetime) -> Q:
    """Deliveries a worker may take now: never tried or waiting for their retry time, or claimed so
    long ago that the worker holding them must have died (NOTIFY_STALE_SECONDS, well above the timeout)."""
    stale = now - timedelta(seconds=settings.NOTIFY_STALE_SECONDS)
    waiting = Q(status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED], next_attempt_at__lte=now)
    abandoned = Q(status=Delivery.Status.SENDING, claimed_at__lt=stale)
    return waiting | abandoned


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed attempt: base, 3×base, 9×base… (10 s, 30 s, 90 s, 270 s, 810 s by default)."""
    return timedelta(seconds=settings.NOTIFY_RETRY_BASE_SECONDS * 3 ** max(0, attempts - 1))


UNFINISHED = "no outcome recorded: still sending, or the worker stopped mid-send"


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """Claim the delivery, send it, record the attempt. None when it is not due or another worker has it.

    The claim counts the attempt and records it in the same transaction, as unfinished; sending then
    completes that record. A worker that dies mid-send leaves a counted attempt that says so, never a
    count the recorded attempts do not explain.
    """
    now = now or timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        claimed = Delivery.objects.filter(_due(now), pk=delivery_id).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if not claimed:
            return None
        attempt = DeliveryAttempt.objects.create(delivery_id=delivery_id, at=now, ok=False, error=UNFINISHED)
    delivery = Delivery.objects.select_related("channel").get(pk=delivery_id)
    channel = delivery.channel
    if channel is None or not channel.active:
        result = senders.SendResult(ok=False, error="channel deleted or switched off")
        final = True
    else:
        outgoing = senders.Outgoing(subject=delivery.subject, body=delivery.body, link=absolute_link(delivery.link))
        result = senders.send(channel, outgoing)
        final = delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS
    changes: dict[str, Any]
    if result.ok:
        changes = {"status": Delivery.Status.SENT, "sent_at": now, "next_attempt_at": None, "last_error": ""}
        log.info("delivery %s sent via channel %s (attempt %s)", delivery.pk, delivery.channel_id, delivery.attempts)
    elif final:
        changes = {"status": Delivery.Status.GIVEN_UP, "next_attempt_at": None, "last_error": result.error[:300]}
        log.warning(
            "delivery %s via channel %s given up after %s attempts: %s",
            delivery.pk,
            delivery.channel_id,
            delivery.attempts,
            result.error,
        )
    else:
        delay = retry_delay(delivery.attempts)
        changes = {"status": Delivery.Status.FAILED, "next_attempt_at": now + delay, "last_error": result.error[:300]}
        log.warning(
            "delivery %s via channel %s attempt %s failed, retry in %ss: %s",
            delivery.pk,
            delivery.channel_id,
            delivery.attempts,
            int(delay.total_seconds()),
            result.error,
        )
    written = record_outcome(delivery, attempt, result, changes, claimed_at=now, started=started)
    if changes["status"] == Delivery.Status.FAILED and not _huey_immediate():
        # In immediate mode (tests) nothing is scheduled: deliveries_retry_due() takes the retries.
        from fanzha.notify.tasks import send_delivery

        send_delivery.schedule(args=(delivery.pk, None), delay=int(retry_delay(delivery.attempts).total_seconds()))
    if written:
        for name, value in changes.items():
            setattr(delivery, name, value)
    else:  # the claim was taken over meanwhile (a sweep after a long hang): what is stored now
        delivery.refresh_from_db()
    return delivery


def record_outcome(
    delivery: Delivery,
    attempt: DeliveryAttempt,
    result: senders.SendResult,
    changes: dict[str, Any],
    *,
    claimed_at: datetime,
    started: float,
) -> int:
    """Write what a send did: the attempt and the delivery, together. The message has gone out, so a
    database that is restarting is waited for (up to half of NOTIFY_STALE_SECONDS from the claim): a
    delivery left "sending" would be sent again by the sweep, and the robot would post it twice.
    Returns 1, or 0 when another worker had taken the claim over meanwhile."""
    deadline = started + settings.NOTIFY_STALE_SECONDS / 2
    while True:
        try:
            with transaction.atomic():
                DeliveryAttempt.objects.filter(pk=attempt.pk).update(
                    ok=result.ok,
                    http_status=result.http_status,
                    error=result.error[:300],
                    duration_ms=result.duration_ms,
                )
                # Only the worker that holds the claim writes the outcome.
                return Delivery.objects.filter(
                    pk=delivery.pk, status=Delivery.Status.SENDING, claimed_at=claimed_at
                ).update(**changes)
        except (OperationalError, InterfaceError):
            if time.monotonic() >= deadline:
                raise
            log.warning("delivery %s: database unavailable while recording the outcome, retrying", delivery.pk)
            connection.close()  # a broken connection is not reused; the next try opens a new one
            time.sleep(OUTCOME_RETRY_SECONDS)


OUTCOME_RETRY_SECONDS = 0.5


def deliveries_retry_due(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Queue every delivery that is due (see `_due`); the periodic sweep calls this every minute."""
    moment = now or timezone.now()
    ids = list(Delivery.objects.filter(_due(moment)).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    queue_deliveries(ids, now=now)
    return len(ids)


# --- in-app notifications -------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    if notification.user_id != by.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        log_action(notification, "notification.read", by=by)
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        log_action(user, "notification.read_all", by=user, data={"count": count})
    return count


# --- channels -------------------------------------------------------------------------------------


def channel_clean(channel: Channel, *, check_owner: bool = True) -> None:
    """Raise ValidationError naming the field when the address does not fit the kind, or the owner is
    not exactly one of a user and an owner key (forms leave that to the model's own constraint)."""
    from django.core.validators import EmailValidator, URLValidator

    from fanzha.core.phones import normalize_phone_or_none

    errors: dict[str, Any] = {}
    target = channel.target.strip()
    if channel.kind == Channel.Kind.EMAIL:
        try:
            EmailValidator()(target)
        except ValidationError:
            errors["target"] = _("请填写有效的电子邮件地址")
    elif channel.kind == Channel.Kind.SMS:
        phone = normalize_phone_or_none(target)
        if phone is None:
            errors["target"] = _("请填写有效的手机号码")
        else:
            target = phone
    else:
        try:
            URLValidator(schemes=["http", "https"])(target)
        except ValidationError:
            errors["target"] = _("请填写机器人的 Webhook 地址（以 https:// 开头）")
    channel.target = target
    channel.owner_key = channel.owner_key.strip()
    if channel.owner_key and not OWNER_KEY.match(channel.owner_key):
        errors["owner_key"] = _("请从列表中选择所属地点或群组")
    if check_owner and bool(channel.user_id) == bool(channel.owner_key) and "owner_key" not in errors:
        errors[NON_FIELD_ERRORS] = _("请选择所属用户，或填写所属地点/群组（二选一）")
    if channel.secret and channel.kind not in (Channel.Kind.DINGTALK, Channel.Kind.FEISHU):
        errors["secret"] = _("只有钉钉和飞书机器人使用签名密钥")
    if errors:
        raise ValidationError(errors)


def channel_save(*, channel: Channel, by: User) -> Channel:
    created = channel.pk is None
    channel_clean(channel)
    channel.save()
    log_action(
        channel,
        "channel.created" if created else "channel.changed",
        by=by,
        data={"kind": channel.kind, "owner": channel.owner_key or f"user:{channel.user_id}"},
    )
    return channel


def channel_test(*, channel: Channel, by: User) -> senders.SendResult:
    """Send a test message now, outside the delivery queue, and say how it went."""
    message = senders.Outgoing(
        subject=str(_("【测试】反诈安全网通知渠道")),
        body=str(_("这是一条测试消息：渠道“%(name)s”可以收到反诈安全网的通知。")) % {"name": channel.name},
        link=absolute_link("/notify/"),
    )
    result = senders.send(channel, message)
    log_action(
        channel,
        "channel.tested",
        by=by,
        data={"ok": result.ok, "http_status": result.http_status, "error": result.error},
    )
    return result
