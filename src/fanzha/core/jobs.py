"""Background Jobs: starting one, and running it with the status, progress, result file and failure
handling every job shares.

A view calls `job_start` with the task that will do the work and sends the user to the job's page
(`job_page`); the task hands `job_run` the work as a function of (job, progress) that returns a
`JobResult`. The job page (core/templates/core/job_*.html) shows what is written here.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.core.models import Job
from fanzha.core.tabular import CountedImport, TableError, count_of

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
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now(), worker=this_worker())

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        result = work(job, progress)
    except TableError as exc:  # found while streaming the rows (more rows than the sheet said)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), summary={"message": exc.message}
        )
        return JobResult(total=0, done=0, summary={"message": exc.message})
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
        summary={**result.summary, "error_count": count_of(result.errors)},
        errors=list(result.errors),
        result_file=job.result_file.name or "",
    )
    return result


# --- jobs whose worker died --------------------------------------------------------------------------

RESUMABLE: dict[str, Callable[[int], Any]] = {}
RESUME_LIMIT = 1  # a job that killed its worker twice is not tried a third time


def job_resumable(kind: str, task: Callable[[int], Any]) -> None:
    """Declare that a job of `kind` may simply be run again by `task` after its worker died: its work lands
    whole or not at all (the imports), so a second run cannot duplicate anything."""
    RESUMABLE[kind] = task


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _orphaned(worker: str, host: str) -> bool:
    """Run by a process of this machine that is gone (or by no recorded process at all)."""
    if not worker:
        return True
    name, _sep, pid = worker.rpartition(":")
    return name == host and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))


def jobs_recover_orphans() -> tuple[int, int]:
    """At a worker's start: jobs left "running" by a worker of this machine that was killed are run again
    when their kind is resumable (once), else marked failed with a message the user can read. Jobs of
    live workers, here or on other machines, are not touched. Returns (resumed, failed)."""
    host = socket.gethostname()
    resumed = failed = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING).only("pk", "kind", "worker", "params"):
        if not _orphaned(job.worker, host):
            continue
        tries = int(job.params.get("resumed", 0))
        task = RESUMABLE.get(job.kind)
        claim = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker)
        if task is not None and tries < RESUME_LIMIT:
            params = {**job.params, "resumed": tries + 1}
            if claim.update(status=Job.Status.QUEUED, done=0, worker="", params=params):
                log.warning("job %s (%s): its worker died; running it again", job.pk, job.kind)
                task(job.pk)
                resumed += 1
        elif claim.update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            summary={"message": _("后台进程中断，任务未完成，未保存任何结果。请重新提交。"), "interrupted": True},
        ):
            log.warning("job %s (%s): its worker died; marked failed", job.pk, job.kind)
            failed += 1
    return resumed, failed
