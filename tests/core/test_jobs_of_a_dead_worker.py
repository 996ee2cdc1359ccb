"""Jobs left "running" by a worker that was killed are picked up when a worker starts: an import (which
lands whole or not at all) runs again, other jobs are marked failed with a message the user can read.
Jobs of a live worker, or of another machine, are left alone.

Found by killing the Huey worker mid-import: the job stayed "running" forever, even after a restart.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from typing import Any

import pytest
from django.core.files.base import ContentFile

from fanzha.core.jobs import jobs_recover_orphans
from fanzha.core.models import Job
from fanzha.people import tasks as people_tasks
from fanzha.people.models import Resident
from tests.people.conftest import good_rows, xlsx_bytes

pytestmark = pytest.mark.django_db
assert people_tasks  # the consumer has loaded every app's tasks, which declare the resumable jobs


def _dead_worker() -> str:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


def _running(kind: str, worker: str, by: Any, **fields: Any) -> Job:
    return Job.objects.create(kind=kind, status=Job.Status.RUNNING, worker=worker, created_by=by, **fields)


def test_an_import_whose_worker_died_runs_again_and_lands(world: Any) -> None:
    job = _running("people.import", _dead_worker(), world.user("centre"), params={"filename": "居民.xlsx"})
    job.input_file.save("居民.xlsx", ContentFile(xlsx_bytes(good_rows())))
    assert jobs_recover_orphans() == (1, 0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.params["resumed"] == 1
    # It ran to its end this time: every row read and judged (this test's county has none of their places).
    assert job.summary["rows"] == 4 and job.errors and not Resident.objects.filter(name="张一").exists()


def test_a_job_that_cannot_be_run_again_is_marked_failed_with_a_readable_message(world: Any, login: Any) -> None:
    job = _running("cases.notice_letters", _dead_worker(), world.user("centre"))
    assert jobs_recover_orphans() == (0, 1)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    page = login(world.user("centre")).get(f"/core/jobs/{job.pk}/").content.decode()
    assert "后台进程中断" in page


def test_an_import_that_killed_its_worker_once_already_is_not_run_a_third_time(world: Any) -> None:
    job = _running("people.import", _dead_worker(), world.user("centre"), params={"resumed": 1})
    assert jobs_recover_orphans() == (0, 1)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_jobs_of_a_live_worker_or_of_another_machine_are_left_running(world: Any) -> None:
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        here = _running("cases.notice_letters", f"{socket.gethostname()}:{live.pid}", world.user("centre"))
        elsewhere = _running("cases.notice_letters", "another-server:4242", world.user("centre"))
        assert jobs_recover_orphans() == (0, 0)
        assert {j.status for j in Job.objects.filter(pk__in=[here.pk, elsewhere.pk])} == {Job.Status.RUNNING}
    finally:
        live.kill()
        live.wait()
