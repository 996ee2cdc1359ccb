from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

SMALL = 600
ONE_COUNTY = "牟定县"


def run_demo(**options: Any) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db: Any) -> str:
    """The one-county demo (`--county 牟定县`) at a small size; the fixture's value is what the command
    printed."""
    return run_demo(residents=SMALL, county=ONE_COUNTY)


@pytest.fixture
def prefecture_demo(db: Any) -> str:
    """The prefecture demo (`fanzha demo` without options) at a small size."""
    return run_demo(residents=SMALL)
