"""Every spreadsheet Fanzha writes goes through tabular.write_row, which writes a value a spreadsheet would
run as a formula as quoted text, whatever stands before its sign: spaces, a tab or line break, a
full-width or no-break space, a byte-order mark or a zero-width character pasted from a chat app."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from fanzha.core.tabular import is_formula, write_row

PREFIXES = [" ", "\t", "\n", "\r\n", "\u3000", "\xa0", "\ufeff", "\u200b", " \u200b "]
SIGNS = ['=HYPERLINK("http://bad.example/","点我")', "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "-2+3+cmd|x"]


@pytest.mark.parametrize("prefix", PREFIXES, ids=[repr(p) for p in PREFIXES])
@pytest.mark.parametrize("sign", SIGNS, ids=["=", "@", "+", "-"])
def test_a_formula_behind_invisible_characters_is_written_as_quoted_text_and_refused_on_import(prefix, sign):
    value = prefix + sign
    assert is_formula(value)
    book = Workbook()
    sheet = book.active
    write_row(sheet, 1, ["姓名", value])
    buffer = io.BytesIO()
    book.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active.cell(row=1, column=2)
    assert cell.value == value and cell.data_type == "s" and cell.quotePrefix
