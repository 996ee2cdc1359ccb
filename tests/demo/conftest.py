from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

SMALL = 600


def run_demo(**options: Any) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db: Any) -> str:
    """The demo county at a small size; the fixture's value is what the command printed."""
    return run_demo(residents=SMALL)
