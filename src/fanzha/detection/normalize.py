"""Text normalisation that remembers where every character came from.

Scam texts dodge keyword filters with traditional characters (驗證碼), full-width digits and letters
(１２３, ＡＰＰ), and spaces or zero-width characters inside words (刷 单, 刷\u200b单). The classifier and
the red-flag rules see one canonical form: simplified, half-width, ASCII lower-case, with horizontal
whitespace and invisible characters removed. Red flags must still point at the text the citizen typed,
so `normalize` keeps, for each normalised character, the offset of the original character it came from.

Newlines are kept: they separate chat turns and sentences, and the rules use them as boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import zhconv.zhconv as _zhconv

# Variants that zhconv leaves alone but that scam texts use interchangeably with the standard form.
_EXTRA_SIMPLIFICATIONS = {"帐": "账", "姊": "姐", "妳": "你", "祇": "只", "裡": "里"}

# Invisible or spacing characters outside the ranges scanned below.
_EXTRA_DELETIONS = [
    0x180E,
    0x3000,
    0xFEFF,
    0x3164,
    0xFFA0,
    *range(0xFE00, 0xFE10),  # variation selectors
    *range(0xFFF9, 0xFFFC),  # interlinear annotation
    *range(0xE0000, 0xE0080),  # tag characters
]


@cache
def _table() -> dict[int, str]:
    """ord → replacement ('' deletes). Built once; zhconv's dictionary takes ~70 ms to load."""
    table: dict[int, str] = {}
    _zhconv.loaddict()
    for trad, simp in _zhconv.zhcdicts["zh2Hans"].items():
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = _EXTRA_SIMPLIFICATIONS.get(simp, simp)
    for trad, simp in _EXTRA_SIMPLIFICATIONS.items():
        table[ord(trad)] = simp
    # Full-width ASCII (！ to ～) except the punctuation that Chinese text uses natively: the rules
    # treat ，。！？ as sentence marks in both widths, and keeping them avoids churn in the n-grams.
    for code in range(0xFF01, 0xFF5F):
        if chr(code) not in "！，：；？（）":
            table[code] = chr(code - 0xFEE0)
    # Compatibility forms that carry digits or letters: ① → 1, ⑩ → 10, 𝟓 → 5, Ⓐ → a.
    for start, end in ((0x2460, 0x2500), (0x1D400, 0x1D800)):
        for code in range(start, end):
            folded = unicodedata.normalize("NFKC", chr(code))
            if folded != chr(code) and folded.isascii():
                table[code] = folded
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for code in range(0xFF21, 0xFF3B):  # Ａ-Ｚ straight to a-z
        table[code] = chr(code - 0xFEE0 + 32)
    for code in [*range(0x2070), *_EXTRA_DELETIONS]:
        ch = chr(code)
        if ch == "\n":
            continue
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            table[code] = ""
    return table


@cache
def _special() -> re.Pattern[str]:
    """Characters that delete or expand, so that offsets can no longer be the identity."""
    codes = sorted(c for c, rep in _table().items() if len(rep) != 1)
    return re.compile("[" + "".join(re.escape(chr(c)) for c in codes) + "]")


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """The canonical text and, when it differs in length, the original offset of each character."""

    text: str
    original: str
    offsets: tuple[int, ...] | None  # None: character i came from original character i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised [start, end)."""
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


def clean_surrogates(text: str) -> str:
    """Replace lone surrogates (from undecodable bytes) one-for-one so that the text encodes."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def normalize(text: str) -> Normalized:
    """Normalise `text`; never raises on any `str`."""
    table = _table()
    if _special().search(text) is None:
        return Normalized(text.translate(table), text, None)
    parts: list[str] = []
    offsets: list[int] = []
    get = table.get
    for i, ch in enumerate(text):
        rep = get(ord(ch), ch)
        if rep:
            parts.append(rep)
            offsets.extend([i] * len(rep))
    return Normalized("".join(parts), text, tuple(offsets))


def normalize_text(text: str) -> str:
    """Only the canonical text: for training and batch scoring, where offsets are not needed."""
    return text.translate(_table())
