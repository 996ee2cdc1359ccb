from __future__ import annotations

from django import template

from fanzha.core.audit import action_label
from fanzha.core.models import AuditEntry

register = template.Library()


@register.simple_tag
def audit_action(entry: AuditEntry) -> str:
    """The audit entry's action as words: 查看 居民, 登录 用户…"""
    return action_label(entry.action, entry.object_type)
