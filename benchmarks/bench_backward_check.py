"""The backward check (倒查) for one case, on a county-sized database, as one JSON object.

    python benchmarks/bench_backward_check.py [--residents 300000] [--years 5] [--cases 3000] [--samples 200]

Builds a throwaway database (SQLite in a temporary directory; PostgreSQL with BENCH_DATABASE_URL),
then times `fanzha.cases.review.backward_check` on `--samples` random cases, as the API does it.
Target (issue 6): ≤ 200 ms per case with 300,000 residents and 5 years of records, on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time

from cases_world import build, fresh_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=300_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    with fresh_django():
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        from fanzha.cases.models import Case
        from fanzha.cases.review import backward_check

        world = build(residents=args.residents, years=args.years, organisations=2000, cases=args.cases)
        rng = random.Random(7)
        timings, queries = [], []
        for case_id in rng.sample(world["case_ids"], min(args.samples, len(world["case_ids"]))):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                case = Case.objects.select_related("township__county", "victim_resident", "organisation").get(
                    pk=case_id
                )
                findings = backward_check(case)
                timings.append((time.perf_counter() - started) * 1000)
            assert findings
            queries.append(len(captured))
        timings.sort()
        print(
            json.dumps(
                {
                    "benchmark": "backward_check",
                    "database": connection.vendor,
                    "data": {k: v for k, v in world.items() if not k.endswith("_ids")},
                    "samples": len(timings),
                    "ms_median": round(statistics.median(timings), 1),
                    "ms_p95": round(timings[int(len(timings) * 0.95) - 1], 1),
                    "ms_max": round(timings[-1], 1),
                    "queries_per_case_max": max(queries),
                    "target_ms": 200,
                    "machine": platform.machine(),
                    "python": platform.python_version(),
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
