"""The county's gazetteer: free address text → township, village/community and grid.

Real addresses leave the county or the town out, use short forms (牟定, 共和), write the committee
any way (天台村 / 天台村委会 / 天台社区居委会 / 天台), add groups and house numbers (3组12号, 大村社),
and carry typing mistakes. Matching works on a village's *core* name (天台社区 → 天台):

* exact core anywhere in the text; worth more when a committee suffix follows it (天台村委会), less
  when a group marker does (新村组 is a group called 新村, not the village 新村);
* the core with one character wrong or missing, but only where the text says a place name ends
  (before 村/社区/居委会… or right after the township), because a two-character name with one
  character wrong matches half the county anywhere else;
* the township (exact, short form, or one character off before 镇/乡) confirms a village inside it,
  disambiguates villages that share a name, and is the answer when no village is named.

Two different villages that explain the text equally well are reported as ambiguous rather than
guessed: a wrong officer loses more time than the centre dispatching by hand.

Plain Python without Django so that it can be built in a benchmark or a test without a database.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

_DROP = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")
_PROVINCE = re.compile(r"^(?:中华人民共和国|中国)?[\u4e00-\u9fff]{2,3}省")
_REGION_UNIT = re.compile(r"[\u4e00-\u9fff]+?(?:自治州|自治县|省|市|州|盟|县|区|旗)")

TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
# Longest first; "村" alone is checked after the group markers, which also start with 村 (村民小组).
VILLAGE_SUFFIXES_LONG = (
    "社区居民委员会",
    "村民委员会",
    "居民委员会",
    "社区居委会",
    "村委会",
    "居委会",
    "社区",
    "村委",
)
VILLAGE_SUFFIXES = (*VILLAGE_SUFFIXES_LONG, "村")
GROUP_SUFFIXES = ("村民小组", "村小组", "小组", "组", "社", "队")
_ANCHOR_CHARS = frozenset("村社居委")

# Match qualities: how much a piece of text looks like a village name.
EXACT_ANCHORED = 10.0  # 天台村委会
EXACT = 7.0  # 天台3组
FUZZY_ANCHORED = 6.0  # 天苔社区, 天社区
FUZZY_AFTER_TOWN = 4.5  # 共和镇天苔3组
FOLLOWS_TOWNSHIP = 3.0
OWN_TOWNSHIP = 3.0
OTHER_TOWNSHIP = -4.0
UNEXPLAINED_BEFORE = -2.0
PER_CHAR = 0.5  # per character that agrees with the name: 大坡头 is nearer 大石头 than 大坡 is to 岩坡
SAME_KIND = 1.0
# How much a piece of text looks like a township name.
TOWN_FULL = 4.0  # 共和镇
SHORT_FORM = 3.0  # 共和
TOWN_FUZZY = 2.0  # 共禾镇, 共镇
TIE = 0.5

VILLAGE, GROUP = "village", "group"


def normalize_address(text: str) -> str:
    """Full-width to half-width, and nothing but letters, digits and Chinese characters."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text or ""))


def township_core(name: str) -> str:
    for suffix in TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            core = name[: -len(suffix)]
            # 彝族乡, 回族乡: the ethnic part is often left out in speech and on envelopes.
            if core.endswith("族") and len(core) >= 4:
                core = core[:-2]
            return core
    return name


def village_core(name: str) -> str:
    for suffix in VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name  # 新村: a one-character core would match everything, so the name is its own core


def grid_core(name: str) -> str:
    return name.removesuffix("网格") if len(name) > 3 else name


def name_family(name: str, core: str) -> str | None:
    return _family(name[len(core) :])


def suffix_family(text: str, pos: int) -> str | None:
    return _family(text[pos : pos + 7])


def _family(suffix: str) -> str | None:
    """村 or 社区: what kind of committee a suffix names (村委会 → 村, 居委会 → 社区)."""
    if suffix.startswith(("社区", "居委会", "居民委员会")):
        return "社区"
    if suffix.startswith("村") and not suffix.startswith(("村民小组", "村小组")) and _family(suffix[1:]) is None:
        return "村"
    return None


def _follower(text: str, pos: int) -> str | None:
    """What the text at `pos` says about the name that ends there."""
    for suffix in VILLAGE_SUFFIXES_LONG:
        if text.startswith(suffix, pos):
            return VILLAGE
    for suffix in GROUP_SUFFIXES:
        if text.startswith(suffix, pos):
            return GROUP
    if text.startswith("村", pos):
        if text.startswith(GROUP_SUFFIXES, pos + 1):
            return GROUP  # 大村社, 上村组: 村 ends a group's name
        if not text.startswith(VILLAGE_SUFFIXES_LONG, pos + 1):
            return VILLAGE  # (in 大村社区 the 村 belongs to the name)
    return None


def _one_substitution(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _one_deletion(short: str, long: str) -> bool:
    """`short` is `long` with exactly one character left out."""
    if len(short) + 1 != len(long):
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@dataclass(frozen=True)
class TownshipEntry:
    id: int
    name: str
    core: str


@dataclass(frozen=True)
class VillageEntry:
    id: int
    name: str
    core: str
    township: TownshipEntry
    family: str | None  # 村 or 社区
    grids: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class _TownshipHit:
    township: TownshipEntry
    start: int
    end: int
    quality: float  # TOWN_FULL, SHORT_FORM or TOWN_FUZZY
    text: str


@dataclass
class _VillageHit:
    village: VillageEntry
    start: int
    end: int
    quality: float
    fuzzy: bool
    text: str
    score: float = 0.0


@dataclass(frozen=True)
class AddressMatch:
    """Where an address points. `village` None with `township` set: only the township was recognised."""

    township_id: int | None
    village_id: int | None
    grid_id: int | None
    explanation: str
    fuzzy: bool = False
    candidates: tuple[int, ...] = field(default=())  # the villages it could not choose between


class Gazetteer:
    """Built once from the county's places (see routing.loader), then matched many times a second."""

    def __init__(
        self,
        *,
        townships: Iterable[tuple[int, str]],
        villages: Iterable[tuple[int, int, str]],
        grids: Iterable[tuple[int, int, str]] = (),
        regions: Iterable[str] = (),
    ) -> None:
        self.townships: dict[int, TownshipEntry] = {
            tid: TownshipEntry(tid, name, township_core(name)) for tid, name in townships
        }
        grids_by_village: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for gid, vid, gname in grids:
            core = grid_core(normalize_address(gname))
            if len(core) >= 2:
                grids_by_village[vid].append((gid, core))
        self.villages: dict[int, VillageEntry] = {}
        for vid, tid, name in villages:
            if tid not in self.townships:
                continue
            written = normalize_address(name)
            core = village_core(written)
            self.villages[vid] = VillageEntry(
                vid, name, core, self.townships[tid], name_family(written, core), tuple(grids_by_village[vid])
            )
        self._exact: dict[str, list[VillageEntry]] = defaultdict(list)
        self._deletions: dict[str, list[tuple[VillageEntry, int]]] = defaultdict(list)
        for v in self.villages.values():
            self._exact[v.core].append(v)
            for i in range(len(v.core)):
                self._deletions[v.core[:i] + v.core[i + 1 :]].append((v, i))
        self._lengths = sorted({len(v.core) for v in self.villages.values()}, reverse=True)
        self._township_names: list[tuple[str, TownshipEntry, float]] = []
        for t in self.townships.values():
            full = normalize_address(t.name)
            self._township_names.append((full, t, TOWN_FULL))
            if t.core != full:
                self._township_names.append((t.core, t, SHORT_FORM))
        self._regions = self._region_tokens(regions)

    @staticmethod
    def _region_tokens(regions: Iterable[str]) -> tuple[str, ...]:
        """牟定县 / 楚雄彝族自治州牟定县 → every unit with and without its suffix, longest first."""
        tokens: set[str] = set()
        for region in regions:
            text = normalize_address(region)
            for unit in _REGION_UNIT.findall(text) or [text]:
                tokens.add(unit)
                for suffix in ("彝族自治州", "自治州", "自治县", "省", "市", "州", "盟", "县", "区", "旗"):
                    if unit.endswith(suffix) and len(unit) - len(suffix) >= 2:
                        tokens.add(unit[: -len(suffix)])
                        if suffix in {"彝族自治州", "自治州"}:
                            tokens.add(unit[: -len(suffix)] + "州")
            if text:
                tokens.add(text)
        return tuple(sorted(tokens, key=len, reverse=True))

    def __len__(self) -> int:
        return len(self.villages)

    # --- matching ---------------------------------------------------------------------------------

    def strip_regions(self, text: str) -> str:
        """Drop the province, prefecture and county at the front: they name no one's village."""
        text = _PROVINCE.sub("", text)
        changed = True
        while changed:
            changed = False
            for token in self._regions:
                if text.startswith(token) and len(text) > len(token):
                    text = text[len(token) :]
                    changed = True
                    break
        return text

    def _township_hits(self, text: str) -> list[_TownshipHit]:
        hits: list[_TownshipHit] = []
        for name, t, quality in self._township_names:
            pos = text.find(name)
            while pos >= 0:
                end = pos + len(name)
                if quality == SHORT_FORM and any(text.startswith(s, end) for s in TOWNSHIP_SUFFIXES):
                    pos = text.find(name, pos + 1)
                    continue  # the full name already counted here
                hits.append(_TownshipHit(t, pos, end, quality, name))
                pos = text.find(name, pos + 1)
        exact_spans = {(h.start, h.end) for h in hits}
        for suffix in TOWNSHIP_SUFFIXES[1:]:
            pos = text.find(suffix)
            while pos >= 0:
                for t in self.townships.values():
                    n = len(t.core)
                    for start in (pos - n, pos - n + 1):
                        if start < 0 or (start, pos + len(suffix)) in exact_spans:
                            continue
                        window = text[start:pos]
                        if _one_substitution(window, t.core) or _one_deletion(window, t.core):
                            hits.append(
                                _TownshipHit(t, start, pos + len(suffix), TOWN_FUZZY, text[start : pos + len(suffix)])
                            )
                pos = text.find(suffix, pos + 1)
        # 共凤镇 is 共和镇 with a slip, not 凤屯镇 missing a character behind a stray 共.
        hits = [
            h
            for h in hits
            if h.quality != TOWN_FUZZY
            or not any(
                o is not h and o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start for o in hits
            )
        ]
        # The first mention of a township is the township; a repeat (共和镇共和4组) is its namesake village.
        first: dict[int, _TownshipHit] = {}
        for hit in sorted(hits, key=lambda h: (h.start, -h.quality)):
            first.setdefault(hit.township.id, hit)
        return list(first.values())

    def _village_hits(self, text: str, towns: list[_TownshipHit]) -> list[_VillageHit]:
        hits: list[_VillageHit] = []
        exact_at: set[tuple[int, int]] = set()
        size = len(text)
        for i in range(size):
            for n in self._lengths:
                if i + n > size:
                    continue
                found = self._exact.get(text[i : i + n])
                if not found:
                    continue
                follower = _follower(text, i + n)
                if follower == GROUP:
                    continue  # 大村社, 新村组: a group named like a village, in whichever village it lies
                quality = EXACT_ANCHORED if follower == VILLAGE else EXACT
                for v in found:
                    hits.append(_VillageHit(v, i, i + n, quality, False, text[i : i + n]))
                    exact_at.add((v.id, i))
        # Where a village name must end (before a committee suffix) or begin (right after the township).
        ends = [j for j in range(1, size) if text[j] in _ANCHOR_CHARS and _follower(text, j) == VILLAGE]
        starts = sorted({0} | {h.end for h in towns})
        for j in ends:
            for n in self._lengths:
                self._fuzzy_window(text, j - n, j, FUZZY_ANCHORED, hits, exact_at)
                self._fuzzy_window(text, j - n + 1, j, FUZZY_ANCHORED, hits, exact_at)
        for b in starts:
            for n in self._lengths:
                quality = FUZZY_ANCHORED if _follower(text, b + n) == VILLAGE else FUZZY_AFTER_TOWN
                self._fuzzy_window(text, b, b + n, quality, hits, exact_at)
                quality = FUZZY_ANCHORED if _follower(text, b + n - 1) == VILLAGE else FUZZY_AFTER_TOWN
                self._fuzzy_window(text, b, b + n - 1, quality, hits, exact_at)
        return hits

    def _fuzzy_window(
        self,
        text: str,
        start: int,
        end: int,
        quality: float,
        hits: list[_VillageHit],
        exact_at: set[tuple[int, int]],
    ) -> None:
        if start < 0 or end > len(text) or end - start < 1 or _follower(text, end) == GROUP:
            return
        window = text[start:end]
        # One character missing: the window is a deletion of the core.
        for v, _i in self._deletions.get(window, ()):
            if len(v.core) >= 2 and len(window) >= 1 and (v.id, start) not in exact_at:
                if len(v.core) == 2 and quality < FUZZY_ANCHORED:
                    continue  # one character left of a two-character name needs the suffix to vouch for it
                hits.append(_VillageHit(v, start, end, quality, True, window))
        # One character wrong: the window and the core agree once the same position is left out.
        if len(window) < 2:
            return
        for k in range(len(window)):
            key = window[:k] + window[k + 1 :]
            for v, i in self._deletions.get(key, ()):
                if i == k and v.core != window and (v.id, start) not in exact_at:
                    hits.append(_VillageHit(v, start, end, quality, True, window))

    def match(self, address: str) -> AddressMatch:
        text = self.strip_regions(normalize_address(address))
        if not text:
            return AddressMatch(None, None, None, _("没有地址"))
        towns = self._township_hits(text)
        hits = self._village_hits(text, towns)
        for hit in hits:
            hit.score = self._score(text, hit, towns)
        exact = [h for h in hits if not h.fuzzy and h.quality >= EXACT]
        best_by_village: dict[int, _VillageHit] = {}
        for hit in hits:
            if hit.score <= 0:
                continue
            if hit.fuzzy and any(e.start < hit.end and hit.start < e.end and e.score > hit.score - TIE for e in exact):
                continue  # 小村213号 is the 小村村 as written, not the 小屯村 with a slip
            current = best_by_village.get(hit.village.id)
            if current is None or hit.score > current.score:
                best_by_village[hit.village.id] = hit
        ranked = sorted(best_by_village.values(), key=lambda h: (-h.score, h.start))
        if ranked:
            best = ranked[0]
            rivals = [h for h in ranked[1:] if best.score - h.score < TIE]
            if not rivals:
                return self._village_result(text, best)
            candidates = (best, *rivals)
            townships = {h.village.township.id for h in candidates}
            names = "、".join(f"{h.village.township.name}{h.village.name}" for h in candidates[:4])
            if len(townships) == 1:
                township = best.village.township
                return AddressMatch(
                    township.id,
                    None,
                    None,
                    _("地址中的“%(text)s”可能是%(names)s，无法确定村（社区），按乡镇“%(township)s”分派")
                    % {"text": best.text, "names": names, "township": township.name},
                    candidates=tuple(h.village.id for h in candidates),
                )
            return AddressMatch(
                None,
                None,
                None,
                _("地址中的“%(text)s”可能是%(names)s，无法确定") % {"text": best.text, "names": names},
                candidates=tuple(h.village.id for h in candidates),
            )
        if towns:
            town = sorted(towns, key=lambda h: (-h.quality, h.start))[0]
            rivals_t = {h.township.id for h in towns if h.quality == town.quality} - {town.township.id}
            if not rivals_t:
                return AddressMatch(
                    town.township.id,
                    None,
                    None,
                    _("地址中只识别出乡镇“%(township)s”（原文“%(text)s”），未识别出村（社区）")
                    % {"township": town.township.name, "text": town.text},
                    fuzzy=town.quality == TOWN_FUZZY,
                )
        return AddressMatch(None, None, None, _("地址中未识别出本县的乡镇或村（社区）"))

    def _score(self, text: str, hit: _VillageHit, towns: list[_TownshipHit]) -> float:
        own = hit.village.township.id
        agreeing = len(hit.text) - (1 if hit.fuzzy and len(hit.text) == len(hit.village.core) else 0)
        score = hit.quality + PER_CHAR * agreeing
        if hit.quality >= FUZZY_ANCHORED and suffix_family(text, hit.end) == hit.village.family:
            score += SAME_KIND  # 安乐村民委员会 is the 安乐村, not the 安乐社区
        own_before = other_town = adjacent = False
        for town in towns:
            if town.start < hit.end and hit.start < town.end:
                if hit.quality == EXACT_ANCHORED:
                    continue
                if town.quality == SHORT_FORM:
                    named_before = {o.township.id for o in towns if o.end <= hit.start}
                    if own in named_before:
                        continue  # 凤屯镇安乐3组 is the 安乐村 of 凤屯镇, 共和镇共和4组 the 共和社区
                return 0.0  # 共和镇12号: the township's own name, not its namesake community
            if town.township.id == own:
                if town.end <= hit.start:
                    own_before = True
                    if town.end == hit.start:
                        adjacent = True
            else:
                other_town = True
        if own_before:
            score += OWN_TOWNSHIP
        elif other_town:
            score += OTHER_TOWNSHIP
        if adjacent or hit.start == 0:
            score += FOLLOWS_TOWNSHIP  # right after the township, or first once the county is stripped
        elif not any(t.end == hit.start for t in towns):
            score += UNEXPLAINED_BEFORE  # 塘石头村: 石头 with a stray 塘 before it reads worse than 大石头
        return score

    def _village_result(self, text: str, hit: _VillageHit) -> AddressMatch:
        v = hit.village
        grid_id = None
        rest = text[hit.end :]
        for gid, core in v.grids:
            if core in rest:
                grid_id = gid
                break
        if hit.fuzzy:
            explanation = _("地址中的“%(text)s”与“%(township)s%(village)s”相差一字，按%(village)s分派") % {
                "text": hit.text,
                "township": v.township.name,
                "village": v.name,
            }
        else:
            explanation = _("地址中识别出“%(township)s%(village)s”") % {"township": v.township.name, "village": v.name}
        return AddressMatch(v.township.id, v.id, grid_id, explanation, fuzzy=hit.fuzzy)
