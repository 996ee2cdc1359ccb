from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.security import HttpBearer

from fanzha.accounts.services import api_token_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


def signed_in_only_in_production(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI schema and the docs page map every operation and field: in production (unless
    API_DOCS_PUBLIC) they are for a signed-in user or a bearer-token holder only. Elsewhere they are
    open, for developers and the fuzzing tools."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.API_DOCS_PUBLIC or request.user.is_authenticated or _token_holder(request):
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": "authentication required", "code": "unauthenticated"}, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapped


def _token_holder(request: HttpRequest) -> bool:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip()) and api_token_user(token.strip()) is not None
