"""The code's shape as contracts: no module reaches another by name at run time, so the import graph
that `lint-imports` checks (pyproject.toml, docs/architecture.md) is the whole truth."""

from __future__ import annotations

import ast
from pathlib import Path

import fanzha

SOURCE = Path(fanzha.__file__).parent
BY_NAME = {"get_model", "import_module", "__import__"}
"""`apps.get_model("app", "Model")`, `importlib.import_module(…)`, `__import__(…)`: a dependency the
import graph does not show. Migrations are the exception: they must use `apps.get_model` (the
historical models)."""


def calls_by_name(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in BY_NAME:
                found.append(f"{path}:{node.lineno} {name}")
        elif isinstance(node, ast.ImportFrom) and node.module == "importlib":
            found.append(f"{path}:{node.lineno} importlib")
    return found


def test_no_module_reaches_another_by_name_outside_migrations() -> None:
    files = [p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts]
    assert len(files) > 100
    assert [hit for path in files for hit in calls_by_name(path)] == []


def test_the_scan_sees_a_look_up_by_name(tmp_path: Path) -> None:
    written = tmp_path / "reach.py"
    written.write_text(
        'from importlib import import_module\nfrom django.apps import apps\n\nAlert = apps.get_model("alerts", "Alert")\n',
        encoding="utf-8",
    )
    assert [hit.rsplit(" ", 1)[1] for hit in calls_by_name(written)] == ["importlib", "get_model"]
