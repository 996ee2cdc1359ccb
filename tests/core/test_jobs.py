"""Starting a background job from a page: one helper records it, runs its task and shows its page;
a task that crashes leaves the job failed with a message the user can read."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from huey.contrib.djhuey import db_task

from fanzha.core.jobs import JobResult, Progress, job_page, job_run, job_start
from fanzha.core.models import Job

pytestmark = pytest.mark.django_db


@db_task()
def count_lines_job(job_id: int) -> None:
    def work(job: Job, progress: Progress) -> JobResult:
        with job.input_file.open("rb") as upload:
            lines = upload.read().decode().splitlines()
        progress(len(lines), len(lines))
        return JobResult(total=len(lines), done=len(lines), summary={"message": f"{len(lines)} 行"})

    job_run(job_id=job_id, work=work, failure_message="统计中断")


@db_task()
def crashing_job(job_id: int) -> None:
    def work(job: Job, progress: Progress) -> JobResult:
        raise RuntimeError("disk full")

    job_run(job_id=job_id, work=work, failure_message="生成中断：系统错误")


def test_a_started_job_keeps_the_file_name_runs_and_shows_its_page(world: Any) -> None:
    upload = SimpleUploadedFile("名单.txt", "甲\n乙\n丙\n".encode())
    job = job_start(
        kind="test.lines", by=world.user("centre"), task=count_lines_job, params={"skip_bad": True}, upload=upload
    )
    job.refresh_from_db()
    assert job.params == {"skip_bad": True, "filename": "名单.txt"}
    assert job.created_by == world.user("centre")
    assert (job.status, job.total, job.done, job.summary["message"]) == (Job.Status.DONE, 3, 3, "3 行")
    assert job_page(job).url == f"/core/jobs/{job.pk}/"


def test_a_crashing_job_is_marked_failed_with_its_message(world: Any) -> None:
    job_start(kind="test.crash", by=world.user("centre"), task=crashing_job)  # Huey logs the crash
    job = Job.objects.get(kind="test.crash")
    assert job.status == Job.Status.FAILED
    assert job.summary == {"message": "生成中断：系统错误"}


def test_downloading_a_jobs_result_file_writes_an_audit_entry(world: Any, login: Any) -> None:
    from fanzha.core.models import AuditEntry

    user = world.user("centre")
    job = Job.objects.create(kind="people.residents", created_by=user, status=Job.Status.DONE)
    job.result_file.save("bad-rows.xlsx", SimpleUploadedFile("bad-rows.xlsx", b"PK..."))
    response = login(user).get(f"/core/jobs/{job.pk}/result/")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="job.result_downloaded")
    assert entry.actor == user and entry.object_id == str(job.pk)
