from __future__ import annotations

from datetime import datetime

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from fanzha.notify import services


@db_task()
def send_delivery(delivery_id: int, now: datetime | None = None) -> None:
    """One delivery to one channel; a delivery another worker holds, or one already sent, is left alone.
    `now` is only given by a sweep run with a moved clock (tests)."""
    services.delivery_send(delivery_id=delivery_id, now=now)


@db_periodic_task(crontab(minute="*"))
@lock_task("notify-retry-due")
def retry_due_deliveries() -> int:
    """Every minute: failed deliveries whose retry time has come, pending ones whose task was lost, and
    deliveries left claimed by a worker that died mid-send."""
    return services.deliveries_retry_due()
