"""Consultation fixtures: texts the engine judges one way or the other, a clean throttle, and a
consultation made through the service."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from fanzha.consults import services
from fanzha.consults.models import Channel, Consultation
from fanzha.places.models import Village

# Judged impersonate_authority with a score of ~1.0, red flags 涉嫌, 资金清查, 安全账户…
AUTHORITY_SCAM = (
    "我是市公安局刑侦支队民警，你的身份证涉嫌一起洗钱案件，现在需要对你的资金进行资金清查，"
    "请把钱转到我们指定的安全账户，不要告诉任何人。"
)
NORMAL_TEXT = "妈，我今晚加班，晚点回家吃饭。"


@pytest.fixture(autouse=True)
def _fresh_throttle(db: Any) -> None:
    cache.clear()


@pytest.fixture
def consultation() -> Any:
    """consultation(village=…, text=…, phone=…, channel=…) → a Consultation made through the service."""

    def _make(
        *, village: Village | None = None, text: str = NORMAL_TEXT, phone: str = "", channel: str = Channel.WEB
    ) -> Consultation:
        made, _created = services.consultation_record(
            data=services.ConsultationIn(channel=channel, text=text, phone=phone, village=village), by=None
        )
        return made

    return _make
