"""500 notice letters (公安提示函) generated as one batch job (the zip the page offers), as one JSON object.

    python benchmarks/bench_notice_letters.py [--letters 500] [--residents 60000]

Builds a throwaway database (SQLite in a temporary directory; PostgreSQL with BENCH_DATABASE_URL)
with units whose staff carry key-group tags and two years of cases, then runs the batch job
`fanzha.cases.tasks.notice_letters_batch` for `--letters` units and times it end to end (county
figures, every letter's content and .docx, the NoticeLetter rows, the zip). Target: 500 in ≤ 60 s.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import zipfile

from cases_world import build, fresh_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--residents", type=int, default=60_000)
    args = parser.parse_args()
    with fresh_django():
        from django.db import connection
        from django.db.models import Count, Q

        from fanzha.cases.models import NoticeLetter
        from fanzha.cases.tasks import notice_letters_batch
        from fanzha.core.models import Job
        from fanzha.people.models import Organisation

        world = build(residents=args.residents, years=2, organisations=max(600, args.letters + 100), cases=2000)
        chosen = list(
            Organisation.objects.annotate(n=Count("members", filter=Q(members__key_groups__isnull=False)))
            .filter(n__gt=0)
            .values_list("pk", flat=True)[: args.letters]
        )
        job = Job.objects.create(kind="cases.notice_letters", params={"organisations": chosen}, total=len(chosen))
        started = time.perf_counter()
        notice_letters_batch(job.pk)
        seconds = time.perf_counter() - started
        job.refresh_from_db()
        with zipfile.ZipFile(job.result_file.path) as archive:
            files = len(archive.namelist())
        print(
            json.dumps(
                {
                    "benchmark": "notice_letters",
                    "database": connection.vendor,
                    "data": {k: v for k, v in world.items() if not k.endswith("_ids")},
                    "letters": files,
                    "letters_recorded": NoticeLetter.objects.count(),
                    "seconds": round(seconds, 2),
                    "letters_per_second": round(files / seconds, 1),
                    "target_seconds": 60,
                    "machine": platform.machine(),
                    "python": platform.python_version(),
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
