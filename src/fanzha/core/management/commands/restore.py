"""`fanzha restore FILE`: into an empty database, then every table's row count and checksum are compared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a `fanzha backup` archive into an empty database and verify every table against it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="restore even if the database holds data")

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        try:
            result = backup_restore(source=archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored and verified: {result['tables']} tables, {result['rows']} rows identical")
