"""Upload templates are data files: downloaded from the English pages they still say 性别 / 女, which
the importers read; and a file whose headers were written in English is read too."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from fanzha.alerts import importers as alert_importers
from fanzha.cases import importers as case_importers
from fanzha.core.tabular import header_map
from fanzha.people import importers as people_importers

TEMPLATES = [
    (case_importers.cases_template, case_importers.COLUMNS),
    (alert_importers.template_workbook, alert_importers.COLUMNS),
    (people_importers.template_file, people_importers.COLUMNS),
]


def rows_of(content: bytes) -> list[list[str]]:
    sheet = load_workbook(BytesIO(content)).active
    return [[str(c.value or "") for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize(("build", "columns"), TEMPLATES)
def test_a_template_from_the_english_pages_is_in_chinese(build, columns):
    with translation.override("en"):
        headers, example = rows_of(build())
        english = [str(c.header) for c in columns]
    with translation.override("zh-hans"):
        chinese = [str(c.header) for c in columns]
    assert english != chinese  # the pages are translated …
    assert headers[: len(chinese)] == chinese  # … the file is not
    assert set(header_map(headers, columns)) == {c.name for c in columns}
    assert not any(word in cell for cell in example for word in ("Female", "Male", "Town", "Gonghe"))


def test_the_cases_example_row_says_nv_for_the_gender():
    with translation.override("en"):
        headers, example = rows_of(case_importers.cases_template())
    assert example[headers.index("性别")] == "女"


@pytest.mark.parametrize(("build", "columns"), TEMPLATES)
def test_headers_written_in_english_are_read(build, columns):
    with translation.override("en"):
        english = [str(c.header) for c in columns]
    # Read as a background job reads it, in Chinese.
    with translation.override("zh-hans"):
        assert set(header_map(english, columns)) == {c.name for c in columns}
