"""A tiny template grammar for writing many wordings of one message.

`{slot}` picks one value of a named slot (a list of strings, themselves templates, or a function of the
random generator); `[a|b|c]` picks one of the inline alternatives, `[a|]` makes `a` optional. Brackets
nest. Square brackets are therefore reserved: Chinese SMS signatures use 【】.

A `Part` splits the wordings so that generalisation can be measured on wordings the model never saw:
in a slot or an inline choice with at least four options, every fourth option (index % 4 == 3) belongs
to the held-out part only, the others to the training part only. `Part.ALL` uses every option.
"""

from __future__ import annotations

import enum
import random
import re
from collections.abc import Callable, Mapping, Sequence

SlotValue = Sequence[str] | Callable[[random.Random], str]

_SLOT = re.compile(r"\{(\w+)\}")
_INNER_CHOICE = re.compile(r"\[([^\[\]]*)\]")


class Part(enum.Enum):
    ALL = "all"
    TRAIN = "train"
    HELD_OUT = "held_out"


def in_part(index: int, count: int, part: Part) -> bool:
    """Whether option `index` of `count` options may be used in `part`."""
    if part is Part.ALL or count < 4:
        return True
    return (index % 4 == 3) == (part is Part.HELD_OUT)


def _pick(options: Sequence[str], rng: random.Random, part: Part) -> str:
    usable = [o for i, o in enumerate(options) if in_part(i, len(options), part)]
    return rng.choice(usable)


class Grammar:
    def __init__(self, slots: Mapping[str, SlotValue], rng: random.Random, part: Part = Part.ALL) -> None:
        self.slots = slots
        self.rng = rng
        self.part = part

    def expand(self, template: str) -> str:
        text = _SLOT.sub(self._fill_slot, template)
        while True:
            chosen = _INNER_CHOICE.sub(lambda m: _pick(m[1].split("|"), self.rng, self.part), text)
            if chosen == text:
                return chosen
            text = chosen

    def _fill_slot(self, match: re.Match[str]) -> str:
        value = self.slots[match[1]]
        if callable(value):
            return value(self.rng)
        return self.expand(_pick(value, self.rng, self.part))
