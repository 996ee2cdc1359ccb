from __future__ import annotations

from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from fanzha.core.audit import log_action
from fanzha.core.jobs import JobResult, Progress, job_resumable, job_run
from fanzha.core.models import Job
from fanzha.outreach.registrations import bad_rows_file, registrations_import_source

JOB_KIND = "outreach.registrations"


@db_task()
def import_registrations_job(job_id: int) -> None:
    """An uploaded App registration list: progress on the job's page, the unmatched rows for download."""

    def work(job: Job, progress: Progress) -> JobResult:
        filename = str(job.params.get("filename") or job.input_file.name)
        with job.input_file.open("rb") as upload:
            report = registrations_import_source(source=upload, by=job.created_by, filename=filename, progress=progress)
        if report.landed:
            log_action(
                job,
                "outreach.registrations_imported",
                by=job.created_by,
                data={"file": filename, "rows": report.rows, "matched": report.matched, "updated": report.updated},
            )
        return JobResult(
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
            result_name=f"unmatched-{job.pk}.xlsx",
            result_bytes=bad_rows_file(report) if report.bad_rows else None,
        )

    job_run(
        job_id=job_id,
        work=work,
        failure_message=_("导入中断：系统错误。已匹配的行可能已登记，请重新上传（重复导入不会重复登记）。"),
    )


# The import lands whole or not at all and is idempotent: run it again if its worker died.
job_resumable(JOB_KIND, import_registrations_job)
