"""A labelled set of noisy addresses built from a gazetteer, one noise kind at a time.

Used to measure routing accuracy (benchmarks/bench_routing.py) and in tests. Each address says what a
careful person could know from it: the village, or — when the noise really makes two villages equally
possible (a shared name with the town left out, a one-character slip that fits two names) — no
village, only the township if the text still names one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from fanzha.alerts.routing.gazetteer import (
    Gazetteer,
    TownshipEntry,
    VillageEntry,
    _family,
    _one_deletion,
    _one_substitution,
)

NOISE_KINDS: tuple[str, ...] = (
    "clean",  # 云南省楚雄彝族自治州牟定县共和镇天台社区3组12号
    "no_county",  # 共和镇天台社区3组12号
    "no_town",  # 牟定县天台社区3组12号
    "short_forms",  # 牟定共和天台3组12号
    "suffix",  # 天台村委会 / 天台社区居委会 / 天台 + 村民小组 / 组 / 社
    "house_number",  # 建设路18号附2号, 3栋2单元401室, 大村社18号
    "wrong_char",  # 共和镇天苔社区…
    "missing_char",  # 共和镇天社区…
    "combined",  # two or three of the above at once
)

# Characters a clerk might type instead: common in place names, so slips collide like real ones do.
# (Not 村, 社, 组, 镇 or 乡: those would change what kind of place the text names, not misspell it.)
_SLIP_CHARS = (
    "大小上下中新老东西南北前后山河水石木林屯营坝田沟箐湾坡冲塘凹庄铺街关寨哨厂房"
    "天台和平安乐丰民兴华龙凤马牛羊鸡白黑红青黄金银宝福寿德文武明光永长高"
)
_STRUCTURAL = frozenset("村社组区委队")
_GROUP_NAMES = ("大村", "小村", "上村", "下村", "新村", "中村", "大坝", "石头", "老街", "后山", "河边", "松林")
_STREETS = ("建设路", "人民路", "团结路", "文化路", "新华街", "龙川街", "解放路", "环城路")
_VILLAGE_SUFFIX_FORMS = ("村委会", "社区居委会", "村民委员会", "村", "社区", "")


@dataclass(frozen=True)
class NoisyAddress:
    text: str
    kind: str
    village_id: int  # where the address was made from
    expected_village_id: int | None  # what a careful reader can tell (None: genuinely ambiguous)
    expected_township_id: int | None


def _tail(rng: random.Random, allow_names: bool = True) -> str:
    forms = [
        lambda: f"{rng.randint(1, 12)}组{rng.randint(1, 120)}号",
        lambda: f"{rng.randint(1, 300)}号",
        lambda: "",
    ]
    if allow_names:
        forms += [
            lambda: f"{rng.choice(_GROUP_NAMES)}{rng.choice(('村民小组', '组', '社'))}{rng.randint(1, 80)}号",
            lambda: f"{rng.choice(_STREETS)}{rng.randint(1, 200)}号",
        ]
    return rng.choice(forms)()


def _house_number(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.choice(_STREETS)}{rng.randint(1, 200)}号附{rng.randint(1, 9)}号",
            f"{rng.randint(1, 20)}栋{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}室",
            f"{rng.choice(_GROUP_NAMES)}社{rng.randint(1, 80)}号",
            f"第{rng.randint(1, 12)}村民小组{rng.randint(1, 99)}号",
            f"{rng.randint(1, 12)}组{rng.randint(1, 120)}号附{rng.randint(1, 5)}号",
        ]
    )


def _village_written(v: VillageEntry, suffix: str | None = None) -> str:
    return v.name if suffix is None else v.core + suffix


def _slip(rng: random.Random, word: str, kind: str) -> str:
    i = rng.randrange(len(word))
    if kind == "missing_char":
        return word[:i] + word[i + 1 :]
    choices = [c for c in _SLIP_CHARS if c != word[i]]
    return word[:i] + rng.choice(choices) + word[i + 1 :]


class NoisyAddressSet:
    def __init__(self, gazetteer: Gazetteer, *, county_names: tuple[str, ...], seed: int = 20231002) -> None:
        self.g = gazetteer
        self.rng = random.Random(seed)
        self.county_full, self.county_short = county_names[0], county_names[-1]
        self.villages = sorted(gazetteer.villages.values(), key=lambda v: v.id)

    # What could a careful reader tell? -------------------------------------------------------------

    def _expected(
        self, v: VillageEntry, *, town_written: bool, village_text: str, written_core: str, edited: str | None
    ) -> tuple[int | None, int | None] | None:
        """(village, township) a careful reader would settle on; None when the sample is unfair."""
        pool = [x for x in self.villages if x.township.id == v.township.id] if town_written else self.villages
        township = v.township.id if town_written else None
        # A name written out is read as written, longest first (上大坝 before 大坝).
        exact = [x for x in pool if village_text.startswith(x.core)]
        if exact:
            longest = max(len(x.core) for x in exact)
            readings = [x for x in exact if len(x.core) == longest]
            rest = village_text[longest:]
        else:
            # The reader does not know which slip was made: one wrong and one missing both count.
            readings = [
                x for x in pool if _one_substitution(written_core, x.core) or _one_deletion(written_core, x.core)
            ]
            rest = village_text[len(written_core) :]
        if len(readings) > 1:
            family = _family(rest)
            same_kind = [x for x in readings if family and x.family == family]
            readings = same_kind or readings
        if v not in readings:
            return None  # the slip spelled another real village: no reader could tell
        if len(readings) == 1:
            return v.id, v.township.id
        return None, township

    # Building addresses ----------------------------------------------------------------------------

    def _build(self, v: VillageEntry, kind: str) -> NoisyAddress | None:
        rng = self.rng
        t: TownshipEntry = v.township
        county = rng.choice([f"云南省楚雄彝族自治州{self.county_full}", f"楚雄州{self.county_full}", self.county_full])
        town = t.name
        village = v.name
        tail = _tail(rng)
        town_written, edited, written_core = True, None, v.core
        if kind == "no_county":
            county = ""
        elif kind == "no_town":
            town, town_written = "", False
        elif kind == "short_forms":
            county, town = self.county_short, t.core
            village = rng.choice([v.core, v.name])
        elif kind == "suffix":
            county = rng.choice(["", self.county_full])
            village = _village_written(v, rng.choice(_VILLAGE_SUFFIX_FORMS))
        elif kind == "house_number":
            tail = _house_number(rng)
        elif kind in {"wrong_char", "missing_char"}:
            if rng.random() < 0.7:
                written_core = _slip(rng, v.core, kind)
                village = written_core + v.name[len(v.core) :]
                edited = kind
            else:
                slipped = _slip(rng, t.core, kind)
                if self._township_readings(slipped, kind) != [t]:
                    return None
                town = slipped + t.name[len(t.core) :]
        elif kind == "combined":
            county = rng.choice(["", self.county_short])
            if rng.random() < 0.5:
                town, town_written = "", False
            else:
                town = rng.choice([t.name, t.core])
            suffix = rng.choice(_VILLAGE_SUFFIX_FORMS)
            if rng.random() < 0.5:
                edited = rng.choice(["wrong_char", "missing_char"])
                written_core = _slip(rng, v.core, edited)
            village = written_core + suffix
            if not town_written and not suffix and edited:
                return None  # nothing left to say where the name ends: not a fair test
            tail = _house_number(rng) if rng.random() < 0.5 else _tail(rng)
        if edited == "missing_char" and len(v.core) == 2 and village == written_core:
            return None  # one character left of a two-character name, with nothing after it: not a name
        if edited and set(written_core) <= _STRUCTURAL:
            return None  # 大村 → 村: what is left reads as a suffix, not as a name
        if not town_written and village == t.core:
            # 牟定戌街12号: 戌街 names the 戌街乡 before it names the 戌街村; the township is the answer.
            return NoisyAddress(county + town + village + tail, kind, v.id, None, t.id)
        expected = self._expected(
            v, town_written=town_written, village_text=village, written_core=written_core, edited=edited
        )
        if expected is None:
            return None
        return NoisyAddress(county + town + village + tail, kind, v.id, *expected)

    def _township_readings(self, written: str, kind: str) -> list[TownshipEntry]:
        check = _one_substitution if kind == "wrong_char" else _one_deletion
        return [t for t in self.g.townships.values() if t.core == written or check(written, t.core)]

    def generate(self, per_kind: int) -> Iterator[NoisyAddress]:
        for kind in NOISE_KINDS:
            made = 0
            while made < per_kind:
                found = self._build(self.rng.choice(self.villages), kind)
                if found is not None:
                    made += 1
                    yield found
