"""Importing residents from an Excel file, end to end, as one JSON object.

    python benchmarks/bench_people_import.py [--rows 50000] [--no-reimport]

Own world, torn down after: a temporary FANZHA_DATA_DIR and a throwaway database — a SQLite file by
default; with DATABASE_URL set (postgres://…), a fresh database created on that server and dropped
after. The county is the routing benchmark's 牟定县 (7 townships, 86 villages), with a grid and ten
ten-household groups per village and 200 known units.

The file (written with openpyxl, not timed) has the eleven Chinese headers and `--rows` rows: valid ID
numbers, phones in the ways people write them, about three residents per address, township and village
names half with and half without their suffixes (共和 / 共和镇, 天台 / 天台社区居委会), a grid and group for
most rows, a unit for a third (10 % of them new), a key-group tag for a quarter. Timed: the import job
exactly as the worker runs it (`people.tasks.import_people_job`): read and check every row, create
units and households, insert residents and tags, one audit entry. Then the same file again (every
resident updated, nothing duplicated), unless --no-reimport.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_routing import MOUDING  # noqa: E402

HEADER = ["姓名", "性别", "身份证号", "手机号", "住址", "乡镇", "村/社区", "网格", "十户一体组", "工作单位", "人员类别"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强春梅海燕玉兰文斌红梅德明世荣正华家明"
PREFIXES = ["135", "136", "137", "138", "139", "150", "151", "158", "159", "186", "187", "188"]
CATEGORIES = ["", "", "", "", "", "", "", "", "", "", "", "", "学生", "老年人", "教师", "会计、老年人", "公职人员"]


def _id_number(rng: random.Random, serial: int) -> str:
    from fanzha.core.ids import check_digit

    birth = f"{rng.randint(1940, 2012)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 = f"5323{23 + serial % 7:02d}{birth}{serial % 1000:03d}"
    return first17 + check_digit(first17)


def _township_written(name: str, rng: random.Random) -> str:
    return name if rng.random() < 0.5 else name[:-1]


def _village_written(name: str, rng: random.Random) -> str:
    stem = name.removesuffix("社区").removesuffix("村")
    return rng.choice([name, stem, stem + ("社区居委会" if name.endswith("社区") else "村委会")])


def write_file(path: Path, rows: int, units: list[tuple[str, str]]) -> None:
    from openpyxl import Workbook

    rng = random.Random(11)
    villages = [(t, v) for t, vs in MOUDING.items() for v in vs]
    workbook = Workbook()  # not write_only: Excel writes the sheet's dimension, and so does this
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "居民"
    sheet.append(HEADER)
    ids: set[str] = set()
    household = 0
    township, village = villages[0]
    for n in range(rows):
        if n % 3 == 0:
            household += 1
            township, village = rng.choice(villages)
        number = _id_number(rng, n)
        while number in ids:
            number = _id_number(rng, n + rng.randint(1, 10**6))
        ids.add(number)
        phone = f"{rng.choice(PREFIXES)}{rng.randint(0, 99999999):08d}"
        phone = rng.choice([phone, f"+86 {phone}", f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"])
        unit = ""
        roll = rng.random()
        if roll < 0.30:
            unit = rng.choice([u for t, u in units if t == township] or [""])
        elif roll < 0.33:
            unit = f"{township[:2]}新单位{rng.randint(1, 60)}"
        group = rng.randint(1, 10)
        sheet.append(
            [
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)]),
                "",
                number,
                phone,
                f"{village}{household % 12 + 1}组{household}号",
                _township_written(township, rng),
                _village_written(village, rng),
                "第一网格" if rng.random() < 0.9 else "",
                f"第{group}十户一体组" if rng.random() < 0.8 else "",
                unit,
                rng.choice(CATEGORIES),
            ]
        )
    workbook.save(path)


def seed() -> list[tuple[str, str]]:
    from django.db import transaction

    from fanzha.people.models import Organisation
    from fanzha.places.models import County, Grid, TenHouseholdGroup, Township, Village

    units: list[tuple[str, str]] = []
    with transaction.atomic():
        county = County.objects.create(name="牟定县", full_name="楚雄彝族自治州牟定县")
        for t_name, v_names in MOUDING.items():
            township = Township.objects.create(county=county, name=t_name)
            for v_name in v_names:
                village = Village.objects.create(
                    township=township, name=v_name, kind="community" if v_name.endswith("社区") else "village"
                )
                grid = Grid.objects.create(village=village, name="第一网格")
                TenHouseholdGroup.objects.bulk_create(
                    [TenHouseholdGroup(village=village, grid=grid, name=f"第{g}十户一体组") for g in range(1, 11)]
                )
            for u in range(200 // len(MOUDING) + 1):
                name = f"{t_name[:2]}单位{u}"
                Organisation.objects.create(township=township, name=name, kind="enterprise")
                units.append((t_name, name))
    return units


@contextlib.contextmanager
def database(tmp: str) -> Any:
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        from bench_intake import postgres_database

        with postgres_database(server) as url:
            yield url, "postgresql"
    else:
        yield f"sqlite:///{tmp}/bench.sqlite3", "sqlite"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--no-reimport", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fanzha-bench-people-") as tmp, database(tmp) as (url, db):
        os.environ.update(
            {
                "FANZHA_ENV": "development",
                "FANZHA_DATA_DIR": tmp,
                "DATABASE_URL": url,
                "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "fanzha.settings",
            }
        )
        os.environ.pop("REDIS_URL", None)
        (Path(tmp) / "static").mkdir()
        import django

        django.setup()
        from django.core.files import File
        from django.core.management import call_command

        from fanzha.accounts.models import Role, User
        from fanzha.core.models import Job
        from fanzha.people.models import Household, Resident
        from fanzha.people.tasks import import_people_job

        call_command("migrate", verbosity=0, interactive=False)
        units = seed()
        operator = User.objects.create(username="centre", role=Role.CENTRE_OPERATOR)
        path = Path(tmp) / "residents.xlsx"
        started = time.perf_counter()
        write_file(path, args.rows, units)
        write_seconds = time.perf_counter() - started

        cpu_seconds: list[float] = []

        def run_job() -> tuple[float, Job]:
            with path.open("rb") as handle:
                job = Job.objects.create(
                    kind="people.import",
                    created_by=operator,
                    params={"skip_bad": False, "filename": path.name},
                    input_file=File(handle, path.name),
                )
            began, cpu = time.perf_counter(), time.process_time()
            import_people_job.call_local(job.pk)
            seconds = time.perf_counter() - began
            cpu_seconds.append(time.process_time() - cpu)
            job.refresh_from_db()
            return seconds, job

        seconds, job = run_job()
        residents, households = Resident.objects.count(), Household.objects.count()
        result: dict[str, Any] = {
            "benchmark": "people_import_xlsx",
            "db": db,
            "rows": args.rows,
            "seconds": round(seconds, 2),
            "rows_per_s": round(args.rows / seconds),
            "cpu_seconds": round(cpu_seconds[0], 2),  # this process only; the machine may be shared
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "write_file_seconds": round(write_seconds, 1),
            "job": {
                "status": job.status,
                "errors": len(job.errors),
                "first_errors": job.errors[:3],
                "message": job.summary.get("message", ""),
            },
            "residents": residents,
            "households": households,
        }
        if not args.no_reimport:
            again, job2 = run_job()
            result["reimport"] = {
                "seconds": round(again, 2),
                "cpu_seconds": round(cpu_seconds[1], 2),
                "updated": job2.summary.get("updated"),
                "created": job2.summary.get("created"),
                "residents_after": Resident.objects.count(),
            }
        result.update(
            {
                "target_seconds": 60,
                "passed": job.status == Job.Status.DONE and seconds < 60 and residents == args.rows,
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            }
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
