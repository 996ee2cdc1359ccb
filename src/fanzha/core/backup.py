"""Backup and restore of the whole installation: the database and the uploaded files.

A backup is one `.tar.gz` holding `manifest.json` (vendor, time, row count and checksum of every table),
the database (`database.sqlite3`, taken with SQLite's online backup so it is consistent while the site
keeps writing in WAL mode; or `database.dump`, PostgreSQL's custom format from `pg_dump`) and `media/`.
A restore goes into an empty database only, then compares every table's row count and checksum with the
manifest: a backup that has never been restored is a hope, not a backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, without personal data."""


@dataclass(frozen=True)
class TableState:
    rows: int
    checksum: str


def _tables() -> list[str]:
    """Every table of the database except the ones the migrations and the cache keep for themselves."""
    skip = {"django_migrations", "fanzha_cache"}
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if name not in skip and not name.startswith("sqlite_"))


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def table_states() -> dict[str, TableState]:
    """Row count and a SHA-256 over every row, in primary-key order, of every table."""
    quote = connection.ops.quote_name
    states: dict[str, TableState] = {}
    for table in _tables():
        columns = _columns(table)
        order = ", ".join(quote(c) for c in columns)
        digest = hashlib.sha256()
        count = 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {order} FROM {quote(table)} ORDER BY {order}")  # noqa: S608 - names from introspection
            while batch := cursor.fetchmany(5000):
                for row in batch:
                    digest.update(repr(tuple(_canonical(v) for v in row)).encode())
                    count += 1
        states[table] = TableState(rows=count, checksum=digest.hexdigest())
    return states


def _canonical(value: Any) -> Any:
    """The same stored value reads back the same way after a restore (memoryview from bytea, say)."""
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _database_is_empty() -> bool:
    """Empty enough to restore into: no users and no county. A freshly migrated database qualifies even
    though migrate seeded content types, permissions, key groups and deadline policies."""
    tables = set(_tables())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in ("accounts_user", "places_county"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - fixed names
                if cursor.fetchone():
                    return False
    return True


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments from Django's settings (the password goes by env)."""
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def backup_create(*, output: Path) -> dict[str, Any]:
    """Write the backup archive to `output`; returns the manifest."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"unsupported database: {vendor}")
    states = table_states()
    manifest: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "vendor": vendor,
        "created_at": datetime.now(UTC).isoformat(),
        "tables": {name: {"rows": s.rows, "checksum": s.checksum} for name, s in states.items()},
    }
    with tempfile.TemporaryDirectory(prefix="fanzha-backup-") as tmp:
        work = Path(tmp)
        if vendor == "sqlite":
            source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            target = sqlite3.connect(str(work / "database.sqlite3"))
            with target:
                source.backup(target)
            source.close()
            target.close()
            database_file = "database.sqlite3"
        else:
            args, env = _pg_env()
            subprocess.run(  # noqa: S603
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(work / "database.dump"), *args],  # noqa: S607
                check=True,
                env=env,
                capture_output=True,
            )
            database_file = "database.dump"
        manifest["database_file"] = database_file
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(work / database_file, arcname=database_file)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname="media")
        partial.replace(output)  # a backup cut off half-way never looks finished
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("not a Fanzha backup: manifest.json is missing")
    manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def backup_restore(*, source: Path, force: bool = False) -> dict[str, Any]:
    """Restore `source` into the configured (empty) database and media directory, then verify it.

    Returns {"tables": n, "rows": n, "mismatches": [table…]}; a mismatch raises BackupError."""
    if not source.is_file():
        raise BackupError(f"no such backup file: {source}")
    vendor = connection.vendor
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except tarfile.TarError as exc:
        raise BackupError("not a Fanzha backup: not a .tar.gz archive") from exc
    with archive, tempfile.TemporaryDirectory(prefix="fanzha-restore-") as tmp:
        manifest = _read_manifest(archive)
        if manifest["vendor"] != vendor:
            raise BackupError(f"the backup is of {manifest['vendor']}, the configured database is {vendor}")
        if not force and not _database_is_empty():
            raise BackupError("the database is not empty: restore goes into an empty database (or use --force)")
        archive.extractall(tmp, filter="data")
        work = Path(tmp)
        database_file = work / manifest["database_file"]
        if vendor == "sqlite":
            connection.close()
            target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            source_db = sqlite3.connect(str(database_file))
            with target:
                source_db.backup(target)
            source_db.close()
            target.close()
        else:
            _pg_clear()
            args, env = _pg_env()
            result = subprocess.run(  # noqa: S603
                ["pg_restore", "--no-owner", "--exit-on-error", *args, str(database_file)],  # noqa: S607
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError("pg_restore failed: " + result.stderr.strip()[-500:])
        media = work / "media"
        if media.is_dir():
            shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    connection.close()
    states = table_states()
    expected = manifest["tables"]
    mismatches = sorted(
        name
        for name in set(expected) | set(states)
        if name not in states
        or name not in expected
        or (states[name].rows, states[name].checksum) != (expected[name]["rows"], expected[name]["checksum"])
    )
    if mismatches:
        raise BackupError("restored tables differ from the backup: " + ", ".join(mismatches))
    return {"tables": len(states), "rows": sum(s.rows for s in states.values()), "mismatches": mismatches}


def _pg_clear() -> None:
    """An empty database still has the tables `migrate` made: drop them so pg_restore lays its own."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
