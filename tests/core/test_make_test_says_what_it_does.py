"""`make test` says what it is doing while it installs and while the test workers start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_test_announces_install_packages_and_workers_before_the_long_quiet_steps():
    planned = subprocess.run(
        ["make", "--dry-run", "--always-make", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    steps = [line for line in planned.splitlines() if line.startswith("echo")]
    assert any("installing the pinned Python packages" in line for line in steps)
    assert any("Debian packages" in line for line in steps)
    assert any("running every test on 2 workers" in line for line in steps)


def test_each_test_worker_says_when_it_has_collected_its_tests():
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "1",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/core/test_ids_and_phones.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "FANZHA_ENV": "test"},
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert "== worker gw0 collected 1" in run.stdout
