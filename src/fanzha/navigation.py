"""The navigation bar, by role. Each entry names a URL and the roles that see it (None: everyone)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ALL_STAFF = None
COUNTY = ("centre_operator", "leader", "admin")


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...] | None


NAV: list[NavEntry] = [
    NavEntry(_("首页"), "home", ALL_STAFF),
    NavEntry(_("值班看板"), "alerts:board", ("centre_operator", "leader", "admin", "station_chief")),
    NavEntry(_("我的预警"), "alerts:tasks", ("community_officer", "police_assistant", "grid_worker")),
    NavEntry(_("止付"), "funds:list", ("centre_operator", "leader", "admin", "station_chief", "community_officer")),
    NavEntry(
        _("咨询"), "consults:staff_list", ("centre_operator", "leader", "admin", "station_chief", "community_officer")
    ),
    NavEntry(
        _("案件"), "cases:case_list", ("centre_operator", "leader", "admin", "station_chief", "community_officer")
    ),
    NavEntry(_("宣防"), "outreach:home", ALL_STAFF),
    NavEntry(_("统计"), "stats:dashboard", ("centre_operator", "leader", "admin", "station_chief")),
    NavEntry(_("居民"), "people:resident_list", ALL_STAFF),
    NavEntry(_("单位"), "people:organisation_list", ALL_STAFF),
    NavEntry(_("导入"), "people:import", ("centre_operator", "admin")),
    NavEntry(_("通知"), "notify:inbox", ALL_STAFF),
    NavEntry(_("审计日志"), "core:audit_log", ("admin",)),
    NavEntry(_("系统管理"), "admin:index", ("admin",)),
]
