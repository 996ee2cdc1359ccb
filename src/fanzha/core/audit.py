"""One function writes every audit entry: `log_action(obj, "resident.viewed", by=user)`."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from fanzha.core.context import current_ip
from fanzha.core.models import AuditEntry


def object_label(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def log_action(
    obj: models.Model,
    action: str,
    *,
    by: Any = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=object_label(obj),
        object_id=str(obj.pk),
        data=data or {},
        ip=ip or current_ip.get(),
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_label(obj), object_id=str(obj.pk)).select_related("actor")


# The last part of an action code, as an officer would say it; the whole code stays in the page's tooltip.
VERBS: dict[str, Any] = {
    "viewed": _("查看"),
    "person_viewed": _("查看对象信息"),
    "review_viewed": _("查看倒查报告"),
    "created": _("新建"),
    "updated": _("修改"),
    "changed": _("修改"),
    "deleted": _("删除"),
    "recorded": _("记录"),
    "registered": _("登记"),
    "received": _("接收"),
    "requested": _("申请"),
    "issued": _("出具"),
    "sent": _("发送"),
    "delivered": _("送达"),
    "tested": _("测试"),
    "downloaded": _("下载"),
    "result_downloaded": _("下载结果文件"),
    "exported": _("导出"),
    "imported": _("导入"),
    "loaded": _("载入"),
    "read": _("已读"),
    "read_all": _("全部已读"),
    "closed": _("办结"),
    "dispatched": _("人工分派"),
    "escalated": _("逾期升级"),
    "attempt_recorded": _("记录劝阻"),
    "alert_raised": _("转为预警"),
    "accountability_started": _("启动问责"),
    "action_added": _("添加整改事项"),
    "action_done": _("整改事项完成"),
    "effective": _("生效"),
    "expired": _("到期"),
    "failed": _("失败"),
    "frozen": _("冻结"),
    "revoked": _("吊销"),
    "app_registered": _("登记反诈App注册"),
    "logged_in": _("登录"),
    "password_changed": _("修改密码"),
    "password_reset": _("重置密码"),
    "two_factor_enabled": _("启用双重验证"),
}


def action_label(action: str, object_type: str) -> str:
    """ "resident.viewed" on "people.resident" → "查看 居民"; an unknown verb says 操作."""
    verb = VERBS.get(action.rsplit(".", 1)[-1], _("操作"))
    return f"{verb} {_model_names().get(object_type, '')}".strip()


@cache
def _model_names() -> dict[str, Any]:
    """Every installed model's name by its label: the log names whatever it holds, like the admin's
    history, without knowing any app (core is below them all)."""
    return {model._meta.label_lower: model._meta.verbose_name for model in apps.get_models()}
