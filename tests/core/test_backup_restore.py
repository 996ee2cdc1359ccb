"""`fanzha backup` then `fanzha restore` into an empty database gives back every row, verified by checksum.

The commands run in subprocesses, as an operator runs them, against two throwaway installations (a
SQLite file each, or two fresh PostgreSQL databases when DATABASE_URL points at PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest

TEST_DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgres")
pytestmark = pytest.mark.xdist_group("backup-drill")  # one worker: the tests share one drill, in order

SEED = """
from fanzha.places.models import County, Township, Village
from fanzha.accounts.models import User, Role
from fanzha.people.models import Household, Resident
county = County.objects.create(name="备份县", is_demo=True)
t = Township.objects.create(county=county, name="备份镇")
v = Village.objects.create(township=t, name="备份村")
h = Household.objects.create(village=v, address="备份县备份镇备份村1号")
for i in range(40):
    Resident.objects.create(household=h, village=v, name=f"居民{i}", phone=f"+86139000{i:05d}")
User.objects.create_user(username="centre", password="x-long-enough-1", role=Role.CENTRE_OPERATOR)
"""


def fanzha(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "fanzha", *args], env=env, capture_output=True, text=True, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"fanzha {args[0]} failed:\n{result.stderr[-3000:]}")
    return result


def _pg_admin(sql: str) -> None:
    import psycopg

    params = dj_database_url.parse(TEST_DATABASE_URL)
    with psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=int(params["PORT"] or 5432),
        user=params["USER"] or "postgres",
        password=params.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@dataclass
class Drill:
    source: dict[str, str]
    target: dict[str, str]
    archive: Path
    backup_output: str


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    """A source installation with data and an uploaded file, backed up; an empty, migrated target."""
    tmp = tmp_path_factory.mktemp("backup")
    envs = []
    databases = []
    for label in ("source", "target"):
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(FANZHA_ENV="development", FANZHA_DATA_DIR=str(tmp / label), HUEY_IMMEDIATE="true")
        if ON_POSTGRES:
            name = f"fanzha_backup_{label}_{uuid.uuid4().hex[:8]}"
            _pg_admin(f'CREATE DATABASE "{name}"')
            databases.append(name)
            env["DATABASE_URL"] = f"{TEST_DATABASE_URL.rsplit('/', 1)[0]}/{name}"
        fanzha(env, "migrate", "--no-input")
        envs.append(env)
    source, target = envs
    fanzha(source, "shell", "-c", SEED)
    media = Path(source["FANZHA_DATA_DIR"]) / "media" / "outreach"
    media.mkdir(parents=True)
    (media / "photo.jpg").write_bytes(b"not really a photo")
    archive = tmp / "fanzha.tar.gz"
    output = fanzha(source, "backup", "--output", str(archive)).stdout
    yield Drill(source, target, archive, output)
    for name in databases:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_archive_holds_manifest_database_and_uploaded_files(drill):
    assert str(drill.archive) in drill.backup_output
    with tarfile.open(drill.archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = tar.getnames()
    assert "media/outreach/photo.jpg" in names
    assert manifest["database_file"] in names
    assert manifest["tables"]["people_resident"]["rows"] == 40
    assert len(manifest["tables"]["people_resident"]["checksum"]) == 64


def test_restore_refuses_a_database_that_holds_data(drill):
    refused = fanzha(drill.source, "restore", str(drill.archive), check=False)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(drill, tmp_path):
    note = tmp_path / "readme.txt"
    note.write_text("hello")
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(note, arcname="readme.txt")
    for wrong in (bogus, note):
        refused = fanzha(drill.target, "restore", str(wrong), check=False)
        assert refused.returncode != 0
        assert "not a Fanzha backup" in refused.stderr


def test_restore_into_an_empty_database_gives_back_every_row_and_file(drill):
    restored = fanzha(drill.target, "restore", str(drill.archive)).stdout
    assert "restored and verified" in restored
    count = fanzha(
        drill.target, "shell", "-c", "from fanzha.people.models import Resident; print(Resident.objects.count())"
    ).stdout
    assert count.strip().splitlines()[-1] == "40"
    photo = Path(drill.target["FANZHA_DATA_DIR"]) / "media" / "outreach" / "photo.jpg"
    assert photo.read_bytes() == b"not really a photo"
