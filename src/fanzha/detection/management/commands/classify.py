from __future__ import annotations

import io
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.detection.classifier import ModelFormatError
from fanzha.detection.cli import classify_lines


class Command(BaseCommand):
    help = "Judge one text per line of standard input; write one JSON verdict per line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", default=None, help="model file (default: the shipped model)")

    def handle(self, *args: Any, model: str | None, **options: Any) -> None:
        # Undecodable bytes must not stop a batch: they become U+FFFD and the line is still judged.
        for stream in (sys.stdin, sys.stdout):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(encoding="utf-8", errors="replace")
        try:
            classify_lines(sys.stdin, self.stdout, model_path=model)
        except (FileNotFoundError, ModelFormatError) as exc:
            raise CommandError(str(exc)) from exc
