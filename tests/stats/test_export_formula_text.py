"""A name that looks like a formula is exported as inert text, not run by Excel or WPS."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook


def test_a_township_named_like_a_formula_is_plain_text_in_the_statistics_export(world: Any, login: Any) -> None:
    world.township_b.name = '=HYPERLINK("http://bad.example/","乙乡")'
    world.township_b.save()
    r = login(world.user("leader")).get("/stats/export.xlsx", {"start": "2025-08-01", "end": "2025-08-31"})
    sheet = load_workbook(io.BytesIO(r.content))["分乡镇"]
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[0].value))
    assert cell.value == world.township_b.name and cell.data_type == "s" and cell.quotePrefix
