"""New techniques (新型手法) as extra red-flag rules for the recogniser, on every web process at once.

`published_rules` is the provider registered with `fanzha.detection.extra_rules` (MaterialsConfig.ready).
Each classification asks it; at most every `CHECK_EVERY_SECONDS` it asks the database one cheap
question — the newest `changed_at` and the number of techniques — and compiles the published
techniques again only when that answer changed. So a technique published or withdrawn through any
process is in force on every other process within a second, with no restart and no shared memory; the
process that published it (`forget`) at its next classification. A busy process pays one indexed
aggregate query a second, not one per consultation (1–2 ms on SQLite on a loaded machine).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db.models import Count, Max

from fanzha.detection.corpus.generate import generate
from fanzha.detection.extra_rules import EMPTY, ExtraRule, ExtraRules, count_flagged
from fanzha.detection.normalize import normalize_text
from fanzha.materials.models import Technique

CHECK_EVERY_SECONDS = 1.0

_lock = threading.Lock()
_compiled: tuple[Any, ExtraRules] = (None, EMPTY)
_checked_at = float("-inf")  # time.monotonic() of the last version check


def _version() -> tuple[Any, int]:
    found = Technique.objects.aggregate(latest=Max("changed_at"), count=Count("id"))
    return found["latest"], found["count"]


def forget() -> None:
    """Check the database at the next classification (this process changed a technique)."""
    global _checked_at
    _checked_at = float("-inf")


def published_rules() -> ExtraRules:
    global _compiled, _checked_at
    seen, rules = _compiled
    now = time.monotonic()
    if now - _checked_at < CHECK_EVERY_SECONDS:
        return rules
    version = _version()
    _checked_at = now
    if seen == version:
        return rules
    with _lock:
        published = Technique.objects.filter(status=Technique.Status.PUBLISHED).order_by("published_at", "id")
        rules = ExtraRules.build(
            ExtraRule(phrase, t.why, t.fraud_type, t.name) for t in published for phrase in t.phrases
        )
        _compiled = (version, rules)
    return rules


@cache
def normal_corpus() -> tuple[str, ...]:
    """The normal part of the detection corpus (everyday messages), normalised; generated once per process."""
    return tuple(normalize_text(row.text) for row in generate(labels={"normal"}))


def normal_hits(phrases: Sequence[str]) -> tuple[int, int, list[int]]:
    """(messages flagged, messages checked, flagged per phrase) over the normal corpus."""
    corpus = normal_corpus()
    total, per_phrase = count_flagged(corpus, phrases)
    return total, len(corpus), per_phrase
