"""Alert fixtures: a valid intake payload."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

_ids = itertools.count(1)


@pytest.fixture
def payload() -> Any:
    """payload(**overrides) → a valid POST /api/v1/alerts body with a fresh external_id."""

    def _payload(**overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "external_id": f"PRV-2024-{next(_ids):06d}",
            "source": "province",
            "level": "high",
            "fraud_type": "impersonate_authority",
            "victim_phone": "13900000001",
            "victim_name": "甲一",
            "address": "",
            "amount_at_risk": "50000.00",
            "description": "疑似冒充公检法，对方要求转入安全账户",
            "observables": {"phones": ["+852 6123 4567"], "accounts": [], "urls": [], "apps": []},
        }
        body.update(overrides)
        return body

    return _payload
