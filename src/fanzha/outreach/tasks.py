from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from fanzha.core.audit import log_action
from fanzha.core.models import Job
from fanzha.outreach.registrations import bad_rows_file, registrations_import_source

log = logging.getLogger(__name__)

JOB_KIND = "outreach.registrations"


@db_task()
def import_registrations_job(job_id: int) -> None:
    """An uploaded App registration list: progress on the job's page, the unmatched rows for download."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total)

    filename = str(job.params.get("filename") or job.input_file.name)
    try:
        with job.input_file.open("rb") as upload:
            report = registrations_import_source(source=upload, by=job.created_by, filename=filename, progress=progress)
    except Exception:
        log.exception("registration import job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            summary={"message": _("导入中断：系统错误。已匹配的行可能已登记，请重新上传（重复导入不会重复登记）。")},
        )
        raise
    if report.bad_rows:
        job.result_file.save(f"unmatched-{job.pk}.xlsx", ContentFile(bad_rows_file(report)), save=False)
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        finished_at=timezone.now(),
        total=report.rows,
        done=report.rows if report.landed else 0,
        summary={
            "message": report.message,
            "rows": report.rows,
            "matched": report.matched,
            "updated": report.updated,
            "unmatched": report.unmatched,
            "landed": report.landed,
            "result_label": _("下载未匹配的行（Excel，末列为原因）") if report.bad_rows else "",
        },
        errors=report.errors,
        result_file=job.result_file.name or "",
    )
    if report.landed:
        log_action(
            job,
            "outreach.registrations_imported",
            by=job.created_by,
            data={"file": filename, "rows": report.rows, "matched": report.matched, "updated": report.updated},
        )
