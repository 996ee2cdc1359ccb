"""JSON that Python can parse but no text column can hold — keys and values with lone surrogates (from
"\\ud800" escapes), NUL (PostgreSQL refuses it) — never causes a server error on any operation: it is
refused with a 4xx, except by /classify, which takes any text a citizen pastes and replaces such
characters."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fanzha.accounts.services import api_token_create
from fanzha.urls import api

BODIES = [
    '{"\\ud800": 1}',
    '{"\\udc00x": {"\\ud800": "\\udfff"}, "texts": ["\\ud800"], "text": "\\ud800\\u0000"}',
    '[{"\\ud800": 1}]',
    '{"external_id": "\\ud800", "source": "\\u0000", "level": "high", "fraud_type": "loan"}',
    '{"external_id": "N-1", "source": "省\\u0000厅", "level": "high", "fraud_type": "loan", "victim_name": "\\u0000"}',
]


def _posts() -> list[str]:
    """Every operation that takes a JSON body, with 1 for each id in its path."""
    paths = api.get_openapi_schema()["paths"]
    return [re.sub(r"\{[^}]+\}", "1", path) for path, item in paths.items() if "post" in item]


@pytest.mark.parametrize("path", _posts())
def test_surrogates_and_nul_in_json_keys_and_values_are_a_4xx(world: Any, client: Any, path: str) -> None:
    token = api_token_create(user=world.user("centre"))
    for body in BODIES:
        answer = client.post(path, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"})
        if path.endswith("/classify") and answer.status_code == 200:
            assert all("\ud800" not in str(v) for v in answer.json())
            continue
        assert 400 <= answer.status_code < 500, (path, body, answer.status_code)
