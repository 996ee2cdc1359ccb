"""The project's documents stand on their own: nothing in the repository cites a document it does not
ship, and docs/design.md names the same fraud codes as the code."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from fanzha.detection.taxonomy import CODES, FRAUD_CODES

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [
    ROOT / "README.md",
    *(ROOT / "docs").glob("*.md"),
    *(ROOT / "src").rglob("*.py"),
    *(ROOT / "src").rglob("*.html"),
]


# The documents the repository ships, by file name (README.md, CHANGELOG.md, docs/*.md …).
SHIPPED_DOCUMENTS = {
    p.name for p in ROOT.rglob("*.md") if not {".venv", "var", "node_modules"} & set(p.relative_to(ROOT).parts)
}


def documents_cited_but_not_shipped(text: str) -> set[str]:
    """The upper-case document names (NAME.md) that `text` cites and the repository does not ship."""
    return {name for name in re.findall(r"\b[A-Z][A-Z_-]*\.md\b", text) if name not in SHIPPED_DOCUMENTS}


def test_no_file_cites_a_document_outside_the_repository() -> None:
    citing = {
        str(p.relative_to(ROOT)): sorted(missing)
        for p in SHIPPED
        if (missing := documents_cited_but_not_shipped(p.read_text(encoding="utf-8")))
    }
    assert citing == {}


def test_every_document_a_doc_names_exists() -> None:
    named = {
        (doc, target)
        for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
        for target in re.findall(r"\bdocs/[\w-]+\.md\b", doc.read_text(encoding="utf-8"))
    }
    assert named
    assert [(d.name, t) for d, t in sorted(named) if not (ROOT / t).exists()] == []


def test_the_design_document_lists_the_fraud_codes_of_the_taxonomy() -> None:
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `(\w+)` \|", text, flags=re.M)
    assert listed == list(CODES)


def test_the_api_schema_tells_each_fraud_code_with_its_name(db: object) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    described = schema["components"]["schemas"]["AlertIn"]["properties"]["fraud_type"]["description"]
    assert documents_cited_but_not_shipped(described) == set()
    for code in FRAUD_CODES:
        assert code in described
    assert "刷单返利" in described
