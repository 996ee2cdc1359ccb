"""`fanzha backup [--output FILE]`: the database and the uploaded files in one archive, with a manifest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) and the media directory to one .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="archive to write (default: DATA_DIR/backups/…)")

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        if output is None:
            output = settings.DATA_DIR / "backups" / f"fanzha-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"{output}  ({len(manifest['tables'])} tables, {rows} rows, {manifest['vendor']})")
