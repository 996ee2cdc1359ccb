from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fanzha.notify.selectors import unread_count as count_unread


def unread_count(request: HttpRequest) -> dict[str, Any]:
    """`notify_unread`: the signed-in user's unread in-app notifications, for a badge in the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notify_unread": count_unread(user=user)}
