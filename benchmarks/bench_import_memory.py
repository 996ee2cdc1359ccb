"""The most memory an import can take, for the worst files within the 20 MB upload limit, as one JSON
object.

    python benchmarks/bench_import_memory.py [--bomb-mib 1024] [--python PATH] [--only NAME]

Own world, torn down after: a temporary FANZHA_DATA_DIR with a SQLite database (migrated, no places, so
every row is a bad row: the worst case for the error lists). Each file is imported by a fresh
`fanzha import residents FILE --skip-bad` process, exactly as the worker's import reads it, and the
figure is that process's peak resident set (ru_maxrss from wait4), with its wall time. `--python` runs
another checkout's interpreter (its .venv) on the same files, to compare old and new code.

The files (made here, not timed):
  bomb        a ~1 MB .xlsx whose one cell holds a `--bomb-mib` MiB string (deflate packs it 1000:1)
  bad-csv     a 20 MB CSV of short bad rows (as many rows as the limit allows, then some)
  bad-xlsx    a ~7 MB .xlsx of 200,000 short bad rows (every one fails its ID number and place)
  strings     a ~20 MB .xlsx of distinct random Chinese texts (the largest shared-strings table)
  long-cells  a .xlsx of rows whose address cells hold 100,000 characters each

Target: each under 500 MB of RSS (docs: IMPORT_MAX_* settings).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["姓名", "性别", "身份证号", "手机号", "住址", "乡镇", "村/社区", "网格", "十户一体组", "工作单位", "人员类别"]
LIMIT = 20 * 1024 * 1024
HANZI = [chr(c) for c in range(0x4E00, 0x9FA5)]

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    ),
}


def bomb(path: Path, mib: int) -> None:
    """A header row and one row whose 住址 is shared string 1: `mib` MiB of one letter, streamed into the zip."""
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADER))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{cells}</row><row r="2"><c r="A2" t="inlineStr"><is><t>某人</t></is></c>'
        '<c r="E2" t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                b"<si><t>"
            )
            chunk = b"A" * (1024 * 1024)
            for _ in range(mib):
                part.write(chunk)
            part.write(b"</t></si></sst>")


def bad_row(n: int) -> list[str]:
    return [
        f"某{n}",
        "男",
        f"53232319800101{n % 10000:04d}",
        f"138{n:08d}"[:11],
        "某村",
        "无此乡",
        "无此村",
        "",
        "",
        "",
        "",
    ]


def bad_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\n")
        n = 0
        while out.tell() < LIMIT - 200:
            out.write(",".join(bad_row(n)) + "\n")
            n += 1


def xlsx_rows(path: Path, rows: Any) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def distinct_strings(path: Path) -> None:
    """Distinct random texts in the 住址 column until the file nears the limit (checked every 20,000 rows)."""
    rng = random.Random(18)
    rows = 20_000
    while True:
        xlsx_rows(path, ([f"某{n}", "", "", "", "".join(rng.choices(HANZI, k=60))] for n in range(rows)))
        if path.stat().st_size > LIMIT * 0.85 or rows > 400_000:
            return
        rows = int(rows * LIMIT * 0.9 / path.stat().st_size)


def peak_of(python: str, env: dict[str, str], path: Path) -> dict[str, Any]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [python, "-m", "fanzha", "import", "residents", str(path), "--skip-bad"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = process.stdout.read() if process.stdout else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    last = [line for line in output.decode(errors="replace").splitlines() if line.strip()][-1:]
    return {
        "file_mb": round(path.stat().st_size / 1024 / 1024, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "exit": process.returncode,
        "said": last[0][:200] if last else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bomb-mib", type=int, default=1024)
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--only", action="append", help="run only these files (repeatable)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fanzha-bench-import-memory-"))
    try:
        env = {
            **os.environ,
            "FANZHA_ENV": "development",
            "FANZHA_DATA_DIR": str(tmp / "var"),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DATABASE_URL", None)
        subprocess.run([args.python, "-m", "fanzha", "migrate", "-v0"], env=env, check=True)
        makers = {
            "bomb": lambda p: bomb(p, args.bomb_mib),
            "bad-csv": bad_csv,
            "bad-xlsx": lambda p: xlsx_rows(p, (bad_row(n) for n in range(200_000))),
            "strings": distinct_strings,
            "long-cells": lambda p: xlsx_rows(p, ([f"某{n}", "", "", "", "长" * 100_000] for n in range(150))),
        }
        results: dict[str, Any] = {}
        for name, make in makers.items():
            if args.only and name not in args.only:
                continue
            path = tmp / (name + (".csv" if name.endswith("csv") else ".xlsx"))
            make(path)
            results[name] = peak_of(args.python, env, path)
            with contextlib.suppress(OSError):
                path.unlink()
        print(
            json.dumps(
                {
                    "benchmark": "import_memory",
                    "python": args.python,
                    "machine": {"cpus": os.cpu_count(), "system": platform.platform()},
                    "load": os.getloadavg(),
                    "files": results,
                    "worst_peak_rss_mb": max((r["peak_rss_mb"] for r in results.values()), default=None),
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
