from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from fanzha.stats import rollup
from fanzha.stats.indicators import SOURCES


@db_periodic_task(crontab(minute="*"))
@lock_task("stats-rollup")
def rollup_alert_months() -> int:
    """Every minute: roll up the settled months whose alerts' roll-up is missing or out of date."""
    return len(rollup.refresh(SOURCES[rollup.SOURCE].resolve()))
