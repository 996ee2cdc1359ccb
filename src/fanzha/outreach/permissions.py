"""Who does what in outreach. Leaders read; the people who do the work record it; the centre sends bulletins."""

from __future__ import annotations

from typing import Any

from fanzha.accounts.models import Role

ACTING_ROLES: tuple[str, ...] = (
    Role.COMMUNITY_OFFICER,
    Role.POLICE_ASSISTANT,
    Role.GRID_WORKER,
    Role.STATION_CHIEF,
    Role.CENTRE_OPERATOR,
    Role.ADMIN,
)
IMPORT_ROLES: tuple[str, ...] = (Role.CENTRE_OPERATOR, Role.ADMIN, Role.STATION_CHIEF)
BULLETIN_ROLES: tuple[str, ...] = (Role.CENTRE_OPERATOR, Role.ADMIN)


def may(user: Any, roles: tuple[str, ...]) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in roles))
