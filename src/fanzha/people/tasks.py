from __future__ import annotations

from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from fanzha.core.jobs import JobResult, Progress, job_resumable, job_run
from fanzha.core.models import Job
from fanzha.people.importers import bad_rows_file, people_import


@db_task()
def import_people_job(job_id: int) -> None:
    """An uploaded file of residents, with progress on the job's page and the bad rows for download."""

    def work(job: Job, progress: Progress) -> JobResult:
        with job.input_file.open("rb") as upload:
            report = people_import(
                source=upload,
                by=job.created_by,
                skip_bad=bool(job.params.get("skip_bad")),
                filename=str(job.params.get("filename") or job.input_file.name),
                progress=progress,
            )
        return JobResult(
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
            result_name=f"bad-rows-{job.pk}.xlsx",
            result_bytes=bad_rows_file(report) if report.bad_rows else None,
        )

    job_run(job_id=job_id, work=work, failure_message=_("导入中断：系统错误，未导入任何居民。请重新上传。"))


# The import lands whole or not at all and is idempotent: run it again if its worker died.
job_resumable("people.import", import_people_job)
