from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from fanzha.alerts.importers import alerts_import
from fanzha.alerts.services import alerts_escalate_overdue
from fanzha.core.jobs import JobResult, Progress, counted_import_result, job_resumable, job_run
from fanzha.core.models import Job

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
@lock_task("alerts-escalate-overdue")
def escalate_overdue_alerts() -> int:
    """Every minute: overdue alerts go up to the station chief, then to the centre."""
    return alerts_escalate_overdue()


@db_task()
def import_alerts_job(job_id: int) -> None:
    """An uploaded Excel file of alerts, with progress on the job's page."""

    def work(job: Job, progress: Progress) -> JobResult:
        with job.input_file.open("rb") as upload:
            report = alerts_import(
                path=upload, by=job.created_by, skip_bad=bool(job.params.get("skip_bad")), progress=progress
            )
        return counted_import_result(report)

    job_run(
        job_id=job_id,
        work=work,
        failure_message=_("导入中断：系统错误。已导入的行再次导入时会被识别为已存在。"),
    )


# The import lands whole or not at all and is idempotent: run it again if its worker died.
job_resumable("alerts.import", import_alerts_job)
