"""`fanzha import residents|alerts FILE [--skip-bad]`: a progress bar, the error list, a non-zero exit."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fanzha.alerts.models import Alert
from fanzha.core.models import AuditEntry
from fanzha.people.models import Resident
from tests.people.conftest import good_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_residents_are_imported_with_a_progress_bar(places, tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx_bytes(good_rows()))
    out, err = command("residents", str(path), "--user", "t_centre")
    assert "新增居民 4 人" in out and "4/4" in err and "[####" in err
    assert Resident.objects.filter(name="王四").exists()
    assert AuditEntry.objects.get(action="people.imported").actor == places.user("centre")


def test_bad_rows_are_listed_and_the_command_fails(places, tmp_path):
    rows = good_rows()
    rows[1][3] = "没有电话"
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import", "residents", str(path), stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 2 and "未导入任何居民" in str(failure.value)
    assert "第 3 行，手机号：无法识别的电话号码" in err.getvalue()
    assert not Resident.objects.filter(name="张一").exists()
    with pytest.raises(CommandError) as failure:
        call_command("import", "residents", str(path), "--skip-bad", stdout=io.StringIO(), stderr=io.StringIO())
    assert failure.value.returncode == 1 and Resident.objects.filter(name="张一").exists()


def test_alerts_are_imported_through_the_alerts_importer(world, tmp_path):
    path = tmp_path / "alerts.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [["CLI-1", "高", "冒充公检法", "13900000001"]], header=["预警编号", "预警等级", "诈骗类型", "手机号"]
        )
    )
    out, _ = command("alerts", str(path))
    assert "新接收 1 条" in out
    assert Alert.objects.get(external_id="CLI-1").resident == world.resident_a1


def test_an_unknown_kind_or_missing_file_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match=r"choose one of: .*residents"):
        command("households", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="no such file"):
        command("residents", str(tmp_path / "missing.xlsx"))


def test_the_console_script_exits_non_zero_on_bad_rows(tmp_path, settings):
    """Through `python -m fanzha` as a user runs it, against a migrated throwaway database."""
    path = tmp_path / "people.csv"
    path.write_bytes("姓名,乡镇,村/社区,手机号\n张一,火星镇,东山村,13800000011\n".encode("gbk"))
    env = {"FANZHA_DATA_DIR": str(tmp_path), "FANZHA_ENV": "development", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "fanzha", "migrate", "-v0"], env=env, check=True, timeout=300)
    done = subprocess.run(
        [sys.executable, "-m", "fanzha", "import", "residents", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "第 2 行，乡镇：没有找到乡镇“火星镇”" in done.stderr
