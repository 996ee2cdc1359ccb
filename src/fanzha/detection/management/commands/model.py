from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.detection.classifier import ModelFormatError
from fanzha.detection.cli import TrainingDataError, evaluate, train


class Command(BaseCommand):
    help = (
        "Train or evaluate the fraud classifier on a labelled CSV: "
        "fanzha model train --data F --out M | fanzha model evaluate --data F [--model M]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["train", "evaluate"])
        parser.add_argument("--data", required=True, help="CSV with a text column and a label column")
        parser.add_argument("--out", help="train: where to write the model")
        parser.add_argument("--model", default=None, help="evaluate: model file (default: the shipped model)")
        parser.add_argument("--text-column", default="text")
        parser.add_argument("--label-column", default="label")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        columns = {"text_column": options["text_column"], "label_column": options["label_column"]}
        try:
            if action == "train":
                if not options["out"]:
                    raise CommandError("model train 需要 --out 指定模型文件")
                result: Any = train(options["data"], options["out"], **columns)
            else:
                result = evaluate(options["data"], options["model"], **columns)
        except (TrainingDataError, ModelFormatError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False))
