"""{% load policy %} … {% if user|can:"notify.channel_manage" %}: the policy table, asked from a template."""

from __future__ import annotations

from typing import Any

from django import template

from fanzha.accounts import policy

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    return policy.can(user, action)
