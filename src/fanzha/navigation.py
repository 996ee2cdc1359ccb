"""The navigation bar. Each entry names a URL and the policy's action it needs: a link shows only to a
user who may take that action (the same action the page itself asks for)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    action: str
    # Shown only in a deployment of several counties (a county using Fanzha alone sees no prefecture menu).
    prefecture: bool = False


NAV: list[NavEntry] = [
    NavEntry(_("首页"), "home", "home.read"),
    NavEntry(_("值班看板"), "alerts:board", "alert.board"),
    NavEntry(_("我的预警"), "alerts:tasks", "alert.tasks"),
    NavEntry(_("串并线索"), "alerts:cross_county", "alert.cross_county", prefecture=True),
    NavEntry(_("止付"), "funds:list", "stop_payment.read"),
    NavEntry(_("咨询"), "consults:staff_list", "consult.read"),
    NavEntry(_("案件"), "cases:case_list", "case.read"),
    NavEntry(_("宣防"), "outreach:home", "outreach.read"),
    NavEntry(_("素材"), "materials:material_list", "material.read"),
    NavEntry(_("新型手法"), "materials:technique_list", "technique.read"),
    NavEntry(_("统计"), "stats:dashboard", "stats.read"),
    NavEntry(_("居民"), "people:resident_list", "people.read"),
    NavEntry(_("单位"), "people:organisation_list", "people.read"),
    NavEntry(_("导入"), "people:import", "people.import"),
    NavEntry(_("通知"), "notify:inbox", "notify.read"),
    NavEntry(_("审计日志"), "core:audit_log", "admin.audit_log"),
    NavEntry(_("系统管理"), "admin:index", "admin.site"),
]
