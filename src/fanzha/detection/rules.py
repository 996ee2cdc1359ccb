"""Find the red-flag phrases of the taxonomy in a text, with offsets into the original text."""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, TypedDict

from fanzha.detection import taxonomy
from fanzha.detection.normalize import Normalized, normalize, normalize_text

# Rule groups in taxonomy order; None is the group of red flags common to all types.
RULE_GROUPS: tuple[str | None, ...] = (*taxonomy.FRAUD_CODES, None)


class RedFlagDict(TypedDict):
    phrase: str
    start: int
    end: int
    why: str
    fraud_type: str | None


@dataclass(frozen=True, slots=True)
class RedFlag:
    phrase: str  # as it appears in the original text
    start: int  # offsets into the original text, end exclusive
    end: int
    why: str
    fraud_type: str | None  # None: a red flag of any fraud type
    general: str = ""  # the explanation outside its type's script (taxonomy.RedFlagRule.general)

    def as_dict(self) -> RedFlagDict:
        return {
            "phrase": self.phrase,
            "start": self.start,
            "end": self.end,
            "why": self.why,
            "fraud_type": self.fraud_type,
        }


@dataclass(frozen=True)
class _Rule:
    group: int  # index into RULE_GROUPS
    why: str
    regex: re.Pattern[str]
    general: str = ""


def _rule_source(rule: taxonomy.RedFlagRule) -> str:
    # Literal phrases are normalised like the text they are matched against (驗證碼 → 验证码).
    return rule.pattern if rule.regex else re.escape(normalize_text(rule.pattern))


def _first_chars(items: Iterable[tuple[Any, Any]]) -> set[str] | None:
    """The characters a match of this parsed pattern can start with; None if that is not simple."""
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):  # zero-width: look at what follows
            continue
        if op is _c.LITERAL:
            return {chr(av)}
        if op is _c.IN:
            chars: set[str] = set()
            for item_op, item_av in av:
                if item_op is not _c.LITERAL:
                    return None
                chars.add(chr(item_av))
            return chars
        if op is _c.SUBPATTERN:
            return _first_chars(av[3])
        if op is _c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                first = _first_chars(branch)
                if first is None:
                    return None
                union |= first
            return union
        return None
    return None


@dataclass(frozen=True)
class _Index:
    starts: re.Pattern[str]  # any character a red flag can start with
    by_first: dict[str, tuple[_Rule, ...]]  # in taxonomy order, so the first rule listed wins
    unanchored: tuple[_Rule, ...]  # rules whose first character is not a simple set


@cache
def _index() -> _Index:
    by_first: dict[str, list[_Rule]] = {}
    unanchored: list[_Rule] = []
    for group, fraud_type in enumerate(RULE_GROUPS):
        rules = taxonomy.COMMON_RED_FLAGS if fraud_type is None else taxonomy.get(fraud_type).red_flags
        for rule in rules:
            source = _rule_source(rule)
            compiled = _Rule(group, rule.why, re.compile(source), rule.general)
            first = _first_chars(_parser.parse(source))
            if first is None:
                unanchored.append(compiled)
                continue
            for ch in first:
                by_first.setdefault(ch, []).append(compiled)
    starts = re.compile("[" + "".join(re.escape(ch) for ch in sorted(by_first)) + "]")
    return _Index(starts, {ch: tuple(rules) for ch, rules in by_first.items()}, tuple(unanchored))


def find_in(norm: Normalized) -> list[RedFlag]:
    """Every red flag in an already normalised text. A span can be flagged by several types.

    Equivalent to running each type's rules as one alternation with `finditer`, but only tries the
    rules at positions whose character can start one: one big alternation tried at every position
    costs ~200 µs on a 60-character SMS, this costs a few.
    """
    index = _index()
    text = norm.text
    found: list[tuple[int, int, _Rule]] = []
    busy_until = [0] * len(RULE_GROUPS)  # matches of one type do not overlap, as with finditer
    for candidate in index.starts.finditer(text):
        pos = candidate.start()
        for rule in index.by_first[text[pos]]:
            if pos < busy_until[rule.group]:
                continue
            m = rule.regex.match(text, pos)
            if m is not None:
                found.append((pos, m.end(), rule))
                busy_until[rule.group] = m.end()
    for rule in index.unanchored:
        found.extend((m.start(), m.end(), rule) for m in rule.regex.finditer(text))
    flags = []
    for nstart, nend, rule in found:
        start, end = norm.span(nstart, nend)
        flags.append(RedFlag(norm.original[start:end], start, end, rule.why, RULE_GROUPS[rule.group], rule.general))
    flags.sort(key=lambda f: (f.start, f.end))
    return flags


def find_red_flags(text: str) -> list[RedFlag]:
    return find_in(normalize(text))


# A phrase flagged only by another type's rule keeps its highlight, but that rule's reason describes
# the other type's story (加QQ on a 刷单 text is no "游戏交易"): a reason that fits any text instead.
BORROWED_WHY = "这是电信网络诈骗中常见的说法，与这条信息里的其他疑点一起出现时尤其要警惕"


def for_verdict(flags: list[RedFlag], fraud_type: str) -> list[RedFlag]:
    """One red flag per span, preferring the explanation that belongs to the verdict's type.

    A phrase of another type's script that also turns up elsewhere (加QQ on an order-brushing text)
    gets its general explanation, not the other type's; one without a general explanation gets
    BORROWED_WHY under a fraud verdict: the reason must fit the text it is in.
    """
    chosen: dict[tuple[int, int], RedFlag] = {}
    for flag in flags:
        key = (flag.start, flag.end)
        current = chosen.get(key)
        if current is None or (current.fraud_type != fraud_type and flag.fraud_type in (fraud_type, None)):
            chosen[key] = flag
    return [_in_context(flag, fraud_type) for flag in chosen.values()]


def _in_context(flag: RedFlag, fraud_type: str) -> RedFlag:
    if flag.fraud_type is None or flag.fraud_type == fraud_type:
        return flag
    if flag.general:
        return replace(flag, why=flag.general, fraud_type=None)
    verdict = taxonomy.FRAUD_TYPES.get(fraud_type)
    if verdict is None or not verdict.is_fraud:
        return flag
    return replace(flag, why=BORROWED_WHY)
