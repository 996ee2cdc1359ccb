"""What published new techniques (新型手法) cost a classification, as one JSON object.

    python benchmarks/bench_techniques.py [--techniques 20] [--phrases 5] [--texts 300]

Own throwaway SQLite database in a temporary FANZHA_DATA_DIR, migrated, torn down after. Timed, one text
per `classify` call as /consult/ makes them (median per call, in ms):
- `no_provider_ms`: the extra-rules provider unregistered — the recogniser as it was;
- `published_ms`: `--techniques` published techniques of `--phrases` phrases each, rules already
  compiled and checked within the last second: matching only;
- `checked_ms`: the same with the version check (one aggregate query) at every call;
- `after_change_ms`: the first call after a technique changed: the check, recompiling, matching.
Also the over-matching check of one technique against the normal corpus (`check_ms`, first call
includes generating the corpus once per process: `check_first_ms`).
Target: `published_ms - no_provider_ms` under 1 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _median_ms(fn: object, texts: list[str]) -> float:
    timings = []
    for text in texts:
        start = time.perf_counter()
        fn([text])  # type: ignore[operator]
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--techniques", type=int, default=20)
    parser.add_argument("--phrases", type=int, default=5)
    parser.add_argument("--texts", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FANZHA_DATA_DIR"] = tmp
        os.environ.setdefault("FANZHA_ENV", "development")
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import timezone

        call_command("migrate", verbosity=0)
        from fanzha.detection import extra_rules
        from fanzha.detection.classifier import classify
        from fanzha.detection.corpus.generate import generate
        from fanzha.materials import techniques
        from fanzha.materials.models import Technique
        from fanzha.materials.techniques import normal_hits, published_rules

        texts = [row.text for row in generate(scale=0.05)][: args.texts]
        classify(texts[:5])  # load the model
        extra_rules.unregister_provider(published_rules)
        no_provider = _median_ms(classify, texts)
        extra_rules.register_provider(published_rules)
        for t in range(args.techniques):
            Technique.objects.create(
                name=f"手法{t}",
                fraud_type="other_fraud",
                description="基准",
                phrases=[f"基准短语{t}号{p}" for p in range(args.phrases)],
                why="基准",
                status=Technique.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        classify(texts[:1])
        published = _median_ms(classify, texts)
        techniques.CHECK_EVERY_SECONDS = 0.0
        checked = _median_ms(classify, texts)
        changes = []
        for text in texts[:50]:
            Technique.objects.filter(pk=Technique.objects.first().pk).update(changed_at=timezone.now())  # type: ignore[union-attr]
            start = time.perf_counter()
            classify([text])
            changes.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        normal_hits(["收旧手机", "旧手机换"])
        check_first = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        normal_hits(["收旧手机", "旧手机换"])
        check = (time.perf_counter() - start) * 1000
    print(
        json.dumps(
            {
                "benchmark": "techniques",
                "techniques": args.techniques,
                "phrases_each": args.phrases,
                "texts": len(texts),
                "database": "sqlite",
                "no_provider_ms": no_provider,
                "published_ms": published,
                "added_ms": round(published - no_provider, 3),
                "checked_ms": checked,
                "after_change_ms": round(statistics.median(changes), 3),
                "check_first_ms": round(check_first, 1),
                "check_ms": round(check, 1),
                "target_added_ms": 1.0,
                "python": platform.python_version(),
            }
        )
    )


if __name__ == "__main__":
    main()
