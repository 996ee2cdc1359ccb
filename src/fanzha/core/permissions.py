"""How a page declares who may open it: the policy's action it needs, or that it is public.

The table of roles × actions is `fanzha.accounts.policy`; `core` imports no app, so the check goes
through the signed-in user (`user.can(action)`, which asks that table). Which objects the user may
see is asked afterwards, inside the view, through `fanzha.places.scoping`.

Every URL of the project declares one of the two; tests/accounts/test_policy_coverage.py fails for a
page that declares neither.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]

ACTION = "fanzha_action"  # the action a view needs (for a POST: POST_ACTION when set)
POST_ACTION = "fanzha_post_action"
PUBLIC = "fanzha_public"  # no sign-in and no action: the citizens' pages, the health check


def action_required(action: str, *, post: str | None = None) -> Callable[[View], View]:
    """Sign-in first (else the login page), then 403 unless the user's role may take `action`; a POST
    needs `post` instead when given (a page that shows to readers and takes changes from writers)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user: Any = request.user
            needed = post if post is not None and request.method == "POST" else action
            if not user.can(needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapped, ACTION, action)
        setattr(wrapped, POST_ACTION, post)
        return wrapped

    return decorator


def public(view: View) -> View:
    """Open to anyone, signed in or not, before or after the second factor."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return view(request, *args, **kwargs)

    setattr(wrapped, PUBLIC, True)
    return wrapped
