"""The API's authentication: a bearer token, and the policy's action the operation needs.

Every operation names its action, `auth=ActionToken("case.read")`; the token is looked up and the
action checked before the request body is read, so a role without the action gets 403 whatever it
sends. The API's default (`ActionToken(None)`) refuses every request: an operation that forgets to
name its action fails closed, and tests/accounts/test_policy_coverage.py names it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer

from fanzha.accounts.policy import can, known
from fanzha.accounts.services import api_token_user


class ActionToken(HttpBearer):
    def __init__(self, action: str | None) -> None:
        super().__init__()
        self.action = known(action) if action is not None else None

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is None:
            return None  # 401
        request.user = user
        if self.action is None or not can(user, self.action):
            raise PermissionDenied  # 403 {"code": "forbidden"}
        return user
