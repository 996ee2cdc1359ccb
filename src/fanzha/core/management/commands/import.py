"""`fanzha import <kind> FILE [--skip-bad]`: the same import as the upload pages, from a terminal."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.core.importing import importer_kinds, run_import
from fanzha.core.tabular import describe_error

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Import a file (.xlsx or .csv): fanzha import residents people.xlsx [--skip-bad]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="what the file holds: " + ", ".join(importer_kinds()))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-bad", action="store_true", help="land the good rows and list the bad ones (default: all or nothing)"
        )
        parser.add_argument("--user", help="username recorded in the audit log as the importer")

    def handle(self, *args: Any, kind: str, file: Path, skip_bad: bool, user: str | None, **options: Any) -> None:
        if kind not in importer_kinds():
            raise CommandError(f"unknown kind {kind!r}; choose one of: {', '.join(importer_kinds())}")
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        by = None
        if user:
            try:
                by = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"no such user: {user}") from None
        bar = _Bar(self.stderr)
        outcome = run_import(kind, path=file, by=by, skip_bad=skip_bad, progress=bar.update)
        bar.finish()
        for error in outcome.errors:
            self.stderr.write(describe_error(error))
        self.stdout.write(outcome.message)
        if outcome.errors:
            raise CommandError(outcome.message, returncode=1 if outcome.landed else 2)


class _Bar:
    """A one-line progress bar on the terminal (redrawn at most ten times a second)."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.drawn = 0.0
        self.shown = False

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.drawn < 0.1 and done < total:
            return
        self.drawn = now
        filled = int(BAR_WIDTH * done / total) if total else 0
        self.out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
        self.out.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.out.write("", ending="\n")
            self.shown = False
