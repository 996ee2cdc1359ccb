from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from fanzha.funds.services import stoppayments_expire_due


@db_periodic_task(crontab(minute="*"))
@lock_task("funds-expire-stops")
def expire_due_stoppayments() -> int:
    """Every minute: effective stop-payments past their 48 h, not frozen, end as expired."""
    return stoppayments_expire_due()
