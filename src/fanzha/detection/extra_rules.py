"""Red-flag rules supplied at run time — new techniques (新型手法) — beside the taxonomy's own.

The taxonomy's rules ship with the code; a technique the centre publishes today must reach every
consultation at once, with no retraining and no restart. Detection stays plain Python and knows
nothing of where such rules come from: an app registers a *provider*, a callable answering the rules in
force as an `ExtraRules`, and `Detector.classify` asks every provider once per batch. (The provider of
`fanzha.materials` answers from a per-process cache after a one-row version check in the database.)

A phrase is matched like the taxonomy's literal phrases, on the normalised text (驗證碼 → 验证码,
spaces and full-width forms folded); `*` in a phrase stands for up to `GAP` characters of anything
except a newline ("共享*屏幕"). No other pattern syntax: what the centre types can never be a regex
that backtracks for seconds.

A text in which an extra rule matches is judged at least suspicious (`is_fraud`, the rule's fraud type,
score at least `SCORE_FLOOR`) even when the model, which has never seen the technique, says normal; the
floor is below the consultation's high-risk threshold, so a phrase alone never raises an alert.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from fanzha.detection.normalize import Normalized, normalize_text
from fanzha.detection.rules import RedFlag

logger = logging.getLogger(__name__)

GAP = 10  # `*` in a phrase: up to this many characters
MAX_PHRASE_CHARS = 60
SCORE_FLOOR = 0.5


class PhraseError(ValueError):
    """A phrase that cannot be a rule (empty, too long, only `*`)."""


@dataclass(frozen=True)
class ExtraRule:
    phrase: str  # as the centre typed it
    why: str
    fraud_type: str
    source: str  # the technique's name, shown before the explanation


@dataclass(frozen=True)
class ExtraRules:
    """Rules compiled once per version; `ExtraRules.build` validates every phrase."""

    rules: tuple[ExtraRule, ...]
    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def build(cls, rules: Iterable[ExtraRule]) -> ExtraRules:
        kept = tuple(rules)
        return cls(kept, tuple(compile_phrase(rule.phrase) for rule in kept))

    def find(self, norm: Normalized) -> list[RedFlag]:
        flags = []
        for rule, pattern in zip(self.rules, self.patterns, strict=True):
            for m in pattern.finditer(norm.text):
                start, end = norm.span(m.start(), m.end())
                why = f"【新型手法：{rule.source}】{rule.why}"
                flags.append(RedFlag(norm.original[start:end], start, end, why, rule.fraud_type))
        return flags


EMPTY = ExtraRules((), ())


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """The phrase as a pattern over normalised text; PhraseError says what is wrong with it."""
    cleaned = phrase.strip()
    if not cleaned:
        raise PhraseError("短语不能为空")
    if len(cleaned) > MAX_PHRASE_CHARS:
        raise PhraseError(f"短语“{cleaned[:20]}…”过长（不超过{MAX_PHRASE_CHARS}个字）")
    parts = [normalize_text(part) for part in cleaned.split("*")]
    if not any(parts):
        raise PhraseError(f"短语“{cleaned}”没有可匹配的文字")
    # Leading or trailing `*` would only widen the highlighted span: drop them.
    while parts and not parts[0]:
        parts.pop(0)
    while parts and not parts[-1]:
        parts.pop()
    return re.compile(f"[^\\n]{{0,{GAP}}}?".join(re.escape(part) for part in parts))


Provider = Callable[[], ExtraRules]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    """Ask `provider` for extra rules at every classification (registering twice is once)."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_provider(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def current() -> list[ExtraRules]:
    """The rules of every provider. A provider that fails is left out and logged: a citizen's question
    is still answered with the taxonomy's rules and the model."""
    found = []
    for provider in _providers:
        try:
            found.append(provider())
        except Exception:  # the provider reads a database; detection must not depend on it working
            logger.warning("extra red-flag rules unavailable from %s", getattr(provider, "__name__", provider))
    return found


def find_extra(norm: Normalized, rule_sets: Sequence[ExtraRules]) -> list[RedFlag]:
    flags = [flag for rules in rule_sets for flag in rules.find(norm)]
    flags.sort(key=lambda f: (f.start, f.end))
    return flags


@dataclass(frozen=True)
class Technique:
    """What an officer's page shows of the rules of one source: its name, phrases and explanation."""

    source: str
    fraud_type: str
    phrases: tuple[str, ...]
    why: str


def techniques_of(rule_sets: Sequence[ExtraRules], fraud_type: str) -> list[Technique]:
    """The rules in force for a fraud type, grouped by their source."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for rules in rule_sets:
        for rule in rules.rules:
            if rule.fraud_type == fraud_type:
                grouped.setdefault((rule.source, rule.why), []).append(rule.phrase)
    return [Technique(source, fraud_type, tuple(phrases), why) for (source, why), phrases in grouped.items()]


def count_flagged(texts: Iterable[str], phrases: Sequence[str]) -> tuple[int, list[int]]:
    """How many texts any phrase matches, and how many each phrase matches (texts already normalised)."""
    patterns = [compile_phrase(p) for p in phrases]
    per_phrase = [0] * len(patterns)
    total = 0
    for text in texts:
        hit = False
        for i, pattern in enumerate(patterns):
            if pattern.search(text):
                per_phrase[i] += 1
                hit = True
        total += hit
    return total, per_phrase
