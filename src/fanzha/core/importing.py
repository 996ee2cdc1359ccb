"""Importers by kind, for `fanzha import <kind> FILE`: core names no domain app, each app registers its own.

An app registers in its AppConfig.ready(): `register_importer("residents", people_import_file)`. The
function takes the file's path, the acting user (None from the command line), whether to skip bad
rows, and a progress callback (done, total); it returns an `ImportOutcome`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fanzha.core.tabular import ImportOutcome, Progress

Importer = Callable[..., ImportOutcome]
# Called as importer(path=Path, by=User | None, skip_bad=bool, progress=Progress | None).

_IMPORTERS: dict[str, Importer] = {}


def register_importer(kind: str, func: Importer) -> None:
    _IMPORTERS[kind] = func


def importer_kinds() -> list[str]:
    return sorted(_IMPORTERS)


def run_import(
    kind: str, *, path: Path, by: Any = None, skip_bad: bool = False, progress: Progress | None = None
) -> ImportOutcome:
    try:
        func = _IMPORTERS[kind]
    except KeyError:
        raise LookupError(kind) from None
    return func(path=path, by=by, skip_bad=skip_bad, progress=progress)
