"""One submit, one record: forms that create something carry a key, and the same key sent again opens
the record the first submit made.

A double click, a browser's "resend" or a flaky network can send one filled-in form twice; for a
stop-payment that used up the account's legal limit of two, for a bulletin it was sent twice. Each such
form renders `{% submission_key %}` (core_tags: a fresh random key in a hidden field) and its view is
decorated with `@once_per_submission`. The view runs in one transaction with a `FormSubmission` row
claimed for (user, key) first: a second request with the same key waits on that row's unique index until
the first one commits, then finds it and is sent where the first one went (its redirect), with a note.
A submit that did not create anything (the form had errors: no redirect) gives its key up again, so the
corrected form can be sent. A request without a key (a script, an old page) is served as before.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.core.models import FormSubmission

FIELD = "submission_key"
KEEP_DAYS = 30  # a page left open longer than this and sent again makes a new record

View = Callable[..., HttpResponseBase]


def new_key() -> str:
    return str(uuid.uuid4())


def _key_of(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def once_per_submission(view: View) -> View:
    """Run a creating view at most once per submission key and user (see the module's docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = _key_of(request) if request.method == "POST" and request.user.is_authenticated else None
        if key is None:
            return view(request, *args, **kwargs)
        user: Any = request.user  # authenticated: checked above
        with transaction.atomic():
            claim, created = FormSubmission.objects.get_or_create(
                user=user, key=key, defaults={"path": request.path[:200]}
            )
            if not created and claim.location:
                messages.info(request, _("这张表单已经提交过，没有重复登记：以下是第一次提交的结果"))
                return HttpResponseRedirect(claim.location)
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseRedirect):
                claim.location = response.url[:500]
                claim.save(update_fields=["location"])
            else:
                claim.delete()
        return response

    return wrapped


def submissions_forget_old(*, now: Any = None) -> int:
    """Drop keys older than KEEP_DAYS (run daily by core.tasks)."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    deleted, _by_model = FormSubmission.objects.filter(at__lt=cutoff).delete()
    return deleted
