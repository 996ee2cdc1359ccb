from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from fanzha.core import versions
from fanzha.core.audit import action_label
from fanzha.core.models import AuditEntry
from fanzha.core.money import format_yuan, to_money
from fanzha.core.once import FIELD, new_key
from fanzha.core.phones import display_phone, tel_uri

register = template.Library()


@register.simple_tag
def audit_action(entry: AuditEntry) -> str:
    """The audit entry's action as words: 查看 居民, 登录 用户…"""
    return action_label(entry.action, entry.object_type)


@register.simple_tag
def submission_key() -> str:
    """The hidden field that makes one submit of a creating form one record (core.once)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())


@register.simple_tag
def version_field(obj: Any) -> str:
    """The hidden field that carries the version an edit is made on (core.versions)."""
    return format_html('<input type="hidden" name="{}" value="{}">', versions.FIELD, versions.version_of(obj))


@register.filter
def yuan(amount: Any) -> str:
    """¥50,000.00 wherever money shows: thousands separated, two places, the same on every page."""
    if amount is None or amount == "":
        return "—"
    try:
        return format_yuan(to_money(amount))
    except ValueError:
        return str(amount)


@register.filter
def phone(number: str | None) -> str:
    """166 9771 8361 (a mobile), 0878-1234567 (a landline): never +86… on a page."""
    return display_phone(number)


@register.filter
def tel(number: str | None) -> str:
    """The href that dials the number: tel:+8616697718361."""
    return tel_uri(number)
