"""Background Jobs: starting one, and running it with the status, progress, result file and failure
handling every job shares.

A view calls `job_start` with the task that will do the work and sends the user to the job's page
(`job_page`); the task hands `job_run` the work as a function of (job, progress) that returns a
`JobResult`. The job page (core/templates/core/job_*.html) shows what is written here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone

from fanzha.core.models import Job
from fanzha.core.tabular import CountedImport

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class JobResult:
    total: int
    done: int
    summary: dict[str, Any]
    errors: list[Any] = field(default_factory=list)
    result_name: str = ""  # with result_bytes: a file offered for download (the bad rows, say)
    result_bytes: bytes | None = None


def counted_import_result(report: CountedImport) -> JobResult:
    """What an import of records that are new or already there (alerts, cases) leaves on its job."""
    return JobResult(
        total=report.rows,
        done=report.created + report.existing if report.landed else 0,
        summary={
            "message": report.message,
            "rows": report.rows,
            "created": report.created,
            "existing": report.existing,
        },
        errors=report.errors,
    )


def job_start(
    *,
    kind: str,
    by: Any,
    task: Callable[[int], Any],
    params: dict[str, Any] | None = None,
    upload: UploadedFile | None = None,
    total: int = 0,
) -> Job:
    """Record a job for `by` (with the uploaded file, whose name goes into `params["filename"]`) and
    hand its id to `task`, a Huey task that will `job_run` it."""
    params = dict(params or {})
    if upload is not None:
        params["filename"] = upload.name
    job = Job.objects.create(kind=kind, created_by=by, params=params, input_file=upload or "", total=total)
    task(job.pk)
    return job


def job_page(job: Job) -> HttpResponseRedirect:
    """Where a user goes after starting a job: its page, with the progress bar."""
    return redirect("core:job_detail", pk=job.pk)


def job_run(*, job_id: int, work: Callable[[Job, Progress], JobResult], failure_message: str) -> JobResult:
    """Mark the job running, do the work with a progress callback, and record its result; a crash marks it
    failed with `failure_message` (no traceback, no personal data on the page) and is re-raised for Huey."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        result = work(job, progress)
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), summary={"message": failure_message}
        )
        raise
    if result.result_bytes is not None:
        job.result_file.save(result.result_name, ContentFile(result.result_bytes), save=False)
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        finished_at=timezone.now(),
        total=result.total,
        done=result.done,
        summary=result.summary,
        errors=result.errors,
        result_file=job.result_file.name or "",
    )
    return result
