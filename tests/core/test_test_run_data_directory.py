"""A test's uploads land in the test run's own data directory, never in the checkout's var/ that `make run` serves."""

from __future__ import annotations

import os
from pathlib import Path

from tests.alerts.test_import_excel import GOOD, upload


def test_an_upload_in_a_test_lands_in_the_runs_own_directory_not_in_var(world, login, tmp_path_factory):
    served_by_make_run = Path(os.environ.get("FANZHA_DATA_DIR") or Path.cwd() / "var").resolve()
    job = upload(login(world.user("centre")), GOOD)
    stored = Path(job.input_file.path).resolve()
    assert stored.is_file()
    assert served_by_make_run not in stored.parents
    assert tmp_path_factory.getbasetemp().resolve() in stored.parents
