"""The administration site: only those the policy lets take `admin.site` (system administrators) and
superusers may enter, and they sign in through Fanzha's own login page (lockout and two-factor), never
through the admin's form.

Installed in place of `django.contrib.admin` (INSTALLED_APPS: "fanzha.core.adminsite.FanzhaAdminConfig"),
so `admin.site` and `@admin.register` everywhere mean this site. This module is imported while the app
registry is being filled: it must not import models.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The policy's action (fanzha.accounts.policy) for entering this site.
ADMIN_ACTION = "admin.site"


def is_fanzha_admin(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.can(ADMIN_ACTION))


class FanzhaAdminSite(AdminSite):
    fanzha_action = ADMIN_ACTION  # every page of the site: for the test that walks the URLs
    site_header = _("反诈安全网 · 系统管理")
    site_title = _("反诈安全网")
    index_title = _("系统管理")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_fanzha_admin(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated:
            # Signed in but not an administrator: say so plainly instead of offering another login.
            raise PermissionDenied
        from django.contrib.auth.views import redirect_to_login  # imports models: not at module level

        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))


class FanzhaAdminConfig(AdminConfig):
    default_site = "fanzha.core.adminsite.FanzhaAdminSite"
