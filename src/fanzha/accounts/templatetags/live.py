from __future__ import annotations

from typing import Any

from django import template

from fanzha.accounts.live import live_pass

register = template.Library()


@register.simple_tag(takes_context=True)
def live_stamps_pass(context: dict[str, Any]) -> str:
    """{% live_stamps_pass %}: the signed pass an open page polls its live stamps with."""
    request = context.get("request")
    return live_pass(request) if request is not None else ""
