from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from fanzha.core.models import Job
from fanzha.people.importers import bad_rows_file, people_import

log = logging.getLogger(__name__)


@db_task()
def import_people_job(job_id: int) -> None:
    """An uploaded file of residents, with progress on the job's page and the bad rows for download."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        with job.input_file.open("rb") as upload:
            report = people_import(
                source=upload,
                by=job.created_by,
                skip_bad=bool(job.params.get("skip_bad")),
                filename=str(job.params.get("filename") or job.input_file.name),
                progress=progress,
            )
    except Exception:
        log.exception("people import job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            summary={"message": _("导入中断：系统错误，未导入任何居民。请重新上传。")},
        )
        raise
    if report.bad_rows:
        job.result_file.save(f"bad-rows-{job.pk}.xlsx", ContentFile(bad_rows_file(report)), save=False)
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        finished_at=timezone.now(),
        total=report.rows,
        done=report.created + report.updated if report.landed else 0,
        summary={
            "message": report.message,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "households_created": report.households_created,
            "organisations_created": report.organisations_created[:100],
            "skipped": report.skipped,
            "landed": report.landed,
            "result_label": _("下载错误行（Excel，末列为错误原因）") if report.bad_rows else "",
        },
        errors=report.errors,
        result_file=job.result_file.name or "",
    )
