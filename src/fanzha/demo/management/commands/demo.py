"""`fanzha demo`: load the demo prefecture (or, with `--county 牟定县`, the demo county) and print one login
per role.

Without options it loads 楚雄彝族自治州 (楚雄州) and its ten counties (fanzha.demo.prefecture): 牟定县 as
below, 南华县 in the same depth, the other eight lighter, alerts that cross county lines and 串并线索,
and the prefecture's logins `prefecture` (州反诈中心值班员) and `prefecture_leader` (州领导) besides
`centre`/`leader` (牟定县's, assigned to it) and `nanhua_centre`/`nanhua_leader`; the other counties'
usernames carry the county's pinyin (`nanhua_chief_yijie`, `nanhua_officer_001`, …).

`--county 牟定县` builds the one-county demo as it always was: 楚雄彝族自治州牟定县 (marked is_demo): its 7 towns and townships, 89 village and community
committees with grids and ten-household groups, one police station per town/township, about 30,000
invented residents in households (`--residents N` for more), schools, county units, enterprises,
hospitals and village committees, and a user for every role — `admin`, `centre`, `leader`, a chief per
station (`chief_gonghe`, …) and, per village, `officer_NNN`, `assistant_NNN`, `grid_NNN` — all with the
password DEMO_PASSWORD. The same input gives the same data.

Run again on a database that holds the demo, it only prints the logins; `--reset` wipes the demo (and
every user account) and builds it again. It refuses to touch a database that holds a real county.

After the county is built, each app's demo records are written by `fanzha/demo/<app>.py`, whose
function `load_demo(*, county, rng) -> str | None` runs inside the same transaction with a stream of its
own (`demo.county.APP_RECORDS`); the command prints the one-line summary each returns.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fanzha.demo.county import (
    DEFAULT_RESIDENTS,
    DEMO_PASSWORD,
    DemoRefused,
    build_demo,
    demo_county,
    demo_logins,
    ensure_demo_database,
    wipe_demo,
)
from fanzha.people.models import Resident
from fanzha.places.models import County


class Command(BaseCommand):
    help = "载入演示州（楚雄彝族自治州十个县市，虚构人员；--county 牟定县 只载入牟定县），并列出各角色的演示账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--residents",
            type=int,
            default=DEFAULT_RESIDENTS,
            help=f"居民人数（约数，默认 {DEFAULT_RESIDENTS}）",
        )
        parser.add_argument("--reset", action="store_true", help="清除演示数据及全部用户账号后重建")
        parser.add_argument(
            "--county",
            default=None,
            help="只载入这一个县（单县部署的演示，目前为“牟定县”）；不加则载入楚雄州全部县市",
        )

    def handle(self, *args: Any, residents: int, reset: bool, county: str | None, **options: Any) -> None:
        if residents < 1:
            raise CommandError("--residents 须为正整数")
        started = time.perf_counter()
        try:
            ensure_demo_database()
            if reset:
                wipe_demo()
            elif demo_county() is not None:
                count = Resident.objects.count()
                what = "演示州" if County.objects.count() > 1 else "演示县"
                self.stdout.write(f"{what}已载入（{count:,} 名居民），未作改动；如需重建请加 --reset。")
                self.print_logins()
                return
            result = build_demo(residents=residents, county=county)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        where = (
            f"演示州 {result.prefecture.name}（{result.counties} 个县市）"
            if result.prefecture is not None
            else f"演示县 {result.county.full_name}"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入{where}（演示数据）：{result.townships} 个乡镇、"
                f"{result.villages} 个村（社区）、{result.grids} 个网格、{result.groups} 个十户一体组、"
                f"{result.households:,} 户、{result.residents:,} 名居民、{result.organisations} 个单位、"
                f"{result.users} 个账号，用时 {seconds:.1f} 秒"
            )
        )
        for label, summary in result.app_records:
            self.stdout.write(f"  {label}: {summary}" if summary else f"  {label}")
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}），登录：{settings.SITE_URL}/accounts/login/")
        logins = demo_logins()
        width = max((len(login.username) for login in logins), default=0)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role}：{login.sees}")
        self.stdout.write(
            "  其余：chief_<乡镇拼音>、officer_NNN / assistant_NNN / grid_NNN（牟定县，NNN 为村编号 001–089）"
        )
        if County.objects.count() > 1:
            self.stdout.write(
                "  其他县市：<县拼音>_chief_<乡镇拼音>、<县拼音>_officer_NNN / _assistant_NNN / _grid_NNN"
                "（如 nanhua_officer_001、chuxiong_chief_lucheng）"
            )
