"""The API's authentication: a bearer token, and the policy's action the operation needs.

Every operation names its action, `auth=ActionToken("case.read")`; the token is looked up and the
action checked before the request body is read, so a role without the action gets 403 whatever it
sends. The API's default (`ActionToken(None)`) refuses every request: an operation that forgets to
name its action fails closed, and tests/accounts/test_policy_coverage.py names it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, JsonResponse
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


def signed_in_only_in_production(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The OpenAPI schema and the docs page map every operation and field: in production (unless
    API_DOCS_PUBLIC) they are for a signed-in user or a bearer-token holder only. Elsewhere they are
    open, for developers and the fuzzing tools."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if settings.API_DOCS_PUBLIC or request.user.is_authenticated or _token_holder(request):
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": "authentication required", "code": "unauthenticated"}, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapped


def _token_holder(request: HttpRequest) -> bool:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip()) and api_token_user(token.strip()) is not None
