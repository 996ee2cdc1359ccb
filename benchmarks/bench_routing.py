"""Address routing, in process: addresses per second and accuracy per kind of noise, as one JSON object.

    python benchmarks/bench_routing.py [--per-kind 2000] [--seed 20231002] [--from-db]

The gazetteer is 牟定县's seven townships with 86 villages and communities (the township names are
real; the village list is this benchmark's own, built to contain what makes routing hard: names shared
between townships, names inside other names, communities named after their township, group names
that are also village names). `--from-db` uses the places in the configured database instead (e.g.
after `fanzha demo`), so the figure can be re-read on the demo gazetteer.

The noisy set (fanzha.alerts.routing.noisy) applies one kind of noise at a time — county or town left
out, short forms, committee suffixes, house numbers, one wrong or one missing character — plus a
"combined" kind with two or three at once. An answer is right when it names the village the address
was made from; where the noise really leaves two villages equally possible, declining to choose (the
centre dispatches by hand) is also right, and choosing the wrong one is wrong. `misrouted` counts the
addresses sent to a wrong village: the costly error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MOUDING: dict[str, list[str]] = {
    "共和镇": [
        "天台社区",
        "中屯社区",
        "共和社区",
        "大坝村",
        "石门村",
        "新村村",
        "马厂村",
        "凤凰村",
        "腊湾村",
        "小屯村",
        "龙川社区",
        "东华社区",
        "双塔村",
        "迎春社区",
    ],
    "新桥镇": [
        "新桥社区",
        "石者村",
        "新村村",
        "大村村",
        "上大坝村",
        "白马村",
        "文笔村",
        "龙泉村",
        "阿沙村",
        "花桥村",
        "西河村",
        "庄科村",
    ],
    "江坡镇": [
        "江坡社区",
        "大村村",
        "小村村",
        "柳树村",
        "白土村",
        "黑羊村",
        "庄房村",
        "清水村",
        "马龙村",
        "石头村",
        "大坡村",
        "野牛村",
    ],
    "凤屯镇": [
        "凤屯社区",
        "老街村",
        "水桥村",
        "邑古村",
        "利民村",
        "永和村",
        "丁家村",
        "小屯村",
        "腊湾村",
        "安乐村",
        "大庄村",
        "沙塘村",
    ],
    "蟠猫乡": ["蟠猫村", "鸡街村", "丙里村", "尹家村", "平田村", "蚕豆村", "麦场村", "秀水村", "大石村", "高平村"],
    "戌街乡": ["戌街村", "新林村", "三岔河村", "大石头村", "白沙村", "岩坡村", "松林村", "马厂村", "龙潭村", "小坝村"],
    "安乐乡": ["安乐社区", "华龙村", "石龙村", "龙丰村", "兴隆村", "树苴村", "朵基村", "白马村", "中村村", "三家村"],
}


def _setup_django(tmp: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
    os.environ.setdefault("FANZHA_ENV", "development")
    os.environ["FANZHA_DATA_DIR"] = tmp
    import django

    django.setup()


def _fixture_gazetteer():  # type: ignore[no-untyped-def]
    from fanzha.alerts.routing import Gazetteer

    townships, villages = [], []
    for t_id, (township, names) in enumerate(MOUDING.items(), start=1):
        townships.append((t_id, township))
        villages += [(t_id * 100 + i, t_id, name) for i, name in enumerate(names, start=1)]
    return Gazetteer(townships=townships, villages=villages, regions=["楚雄彝族自治州牟定县"])


_CHARS = (
    "大小上下中新老东西南北前后山河水石木林屯营坝田沟箐湾坡冲塘凹庄铺街关寨哨厂房天台和平安乐丰民兴华"
    "龙凤马牛羊鸡白黑红青黄金银宝福寿德文武明光永长高云松柏桥湖海江泉沙土岩凉"
)


def _random_gazetteer(seed: int, townships: int = 30):  # type: ignore[no-untyped-def]
    """A county of invented names the matcher was never tuned on: does it generalise, and scale?"""
    import random

    from fanzha.alerts.routing import Gazetteer

    rng = random.Random(seed)
    ts, vs = [], []
    for t_id in range(1, townships + 1):
        name = "".join(rng.sample(_CHARS, 2)) + rng.choice(["镇", "乡"])
        ts.append((t_id, name))
        for i in range(rng.randint(8, 15)):
            core = name[:2] if i == 0 else "".join(rng.sample(_CHARS, rng.choice([2, 2, 2, 3])))
            vs.append((t_id * 100 + i, t_id, core + rng.choice(["村", "村", "社区"])))
    return Gazetteer(townships=ts, villages=vs, regions=["楚雄彝族自治州牟定县"])


def _measure(gazetteer, *, per_kind: int, seed: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from fanzha.alerts.routing.noisy import NOISE_KINDS, NoisyAddressSet

    items = list(NoisyAddressSet(gazetteer, county_names=("牟定县", "牟定"), seed=seed).generate(per_kind))
    for item in items[:500]:  # warm up
        gazetteer.match(item.text)
    started = time.perf_counter()
    results = [gazetteer.match(item.text) for item in items]
    seconds = time.perf_counter() - started
    per_kind_rows: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "right": 0, "misrouted": 0, "declined": 0})
    for item, result in zip(items, results, strict=True):
        row = per_kind_rows[item.kind]
        row["n"] += 1
        if result.village_id == item.village_id:
            row["right"] += 1
        elif result.village_id is None:
            row["declined"] += 1
            row["right"] += item.expected_village_id is None
        else:
            row["misrouted"] += 1
    total = len(items)
    right = sum(r["right"] for r in per_kind_rows.values())
    return {
        "townships": len(gazetteer.townships),
        "villages": len(gazetteer.villages),
        "addresses": total,
        "addresses_per_second": round(total / seconds),
        "accuracy": round(right / total, 4),
        "misrouted": sum(r["misrouted"] for r in per_kind_rows.values()),
        "ambiguous_by_construction": sum(1 for item in items if item.expected_village_id is None),
        "per_kind": {
            kind: {**per_kind_rows[kind], "accuracy": round(per_kind_rows[kind]["right"] / per_kind_rows[kind]["n"], 4)}
            for kind in NOISE_KINDS
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-kind", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20231002)
    parser.add_argument("--from-db", action="store_true", help="use the places in the configured database")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fanzha-bench-routing-") as tmp:
        if args.from_db:
            os.environ.setdefault("FANZHA_DATA_DIR", tmp)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
            import django

            django.setup()
        else:
            _setup_django(tmp)
        from fanzha.alerts.routing.loader import build_gazetteer

        started = time.perf_counter()
        gazetteer = build_gazetteer() if args.from_db else _fixture_gazetteer()
        build_seconds = time.perf_counter() - started
        main_set = _measure(gazetteer, per_kind=args.per_kind, seed=args.seed)
        unseen = _measure(_random_gazetteer(args.seed), per_kind=max(1, args.per_kind // 2), seed=args.seed + 1)
        passed = main_set["addresses_per_second"] >= 5000 and main_set["accuracy"] >= 0.98  # type: ignore[operator]
        print(
            json.dumps(
                {
                    "benchmark": "address_routing",
                    "gazetteer": "database" if args.from_db else "benchmark fixture (牟定县 townships)",
                    "build_seconds": round(build_seconds, 4),
                    "single_process": True,
                    **main_set,
                    "unseen_random_county": unseen,
                    "targets": {"addresses_per_second": 5000, "accuracy": 0.98},
                    "passed": passed,
                    "python": platform.python_version(),
                    "seed": args.seed,
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
