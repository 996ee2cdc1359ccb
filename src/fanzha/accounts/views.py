from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fanzha.accounts import services
from fanzha.accounts.forms import ApiTokenForm, LoginForm, TotpForm
from fanzha.accounts.middleware import SESSION_VERIFIED, second_factor_missing, sign_in_step
from fanzha.accounts.models import ApiToken, User
from fanzha.core.audit import log_action
from fanzha.core.middleware import client_ip
from fanzha.core.permissions import action_required, public


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@public
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        if not services.login_attempt_begin(username=username, ip=client_ip(request)):
            form.add_error(None, _("登录失败次数过多，账号已暂时锁定，请稍后再试或联系管理员。"))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                form.add_error(None, _("用户名或密码不正确。"))
            else:
                services.login_failures_clear(username=username)
                login(request, user)
                request.session.pop(SESSION_VERIFIED, None)  # each password sign-in owes the code again
                log_action(user, "user.logged_in", by=user)
                device = getattr(user, "totp", None) if hasattr(user, "totp") else None
                if device is not None and device.confirmed:
                    return redirect(f"/accounts/2fa/?next={_next_url(request)}")
                if user.needs_two_factor:
                    messages.info(request, _("建议为您的账号启用动态口令（双因素）登录。"))
                return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _totp_locked_message() -> str:
    return _("动态口令错误次数过多，已暂时锁定，请 %(minutes)d 分钟后再试或联系管理员。") % {
        "minutes": settings.LOGIN_LOCKOUT_MINUTES
    }


@sign_in_step
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@sign_in_step
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = getattr(request.user, "totp", None) if hasattr(request.user, "totp") else None
    if device is None or not device.confirmed:
        return redirect("accounts:two_factor_setup")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = services.totp_verify(device=device, code=form.cleaned_data["code"], ip=client_ip(request))
        except services.TotpLocked:
            form.add_error("code", _totp_locked_message())
        else:
            if verified:
                request.session[SESSION_VERIFIED] = True
                return redirect(_next_url(request))
            form.add_error("code", _("口令不正确或已使用，请等待下一个口令。"))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@sign_in_step
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    existing = getattr(request.user, "totp", None) if hasattr(request.user, "totp") else None
    if existing is not None and existing.confirmed:
        messages.info(request, _("您已启用动态口令。"))
        return redirect("home")
    device = existing if request.method == "POST" and existing else services.totp_begin(user=request.user)  # type: ignore[arg-type]
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = services.totp_verify(device=device, code=form.cleaned_data["code"], ip=client_ip(request))
        except services.TotpLocked:
            form.add_error("code", _totp_locked_message())
        else:
            if verified:
                request.session[SESSION_VERIFIED] = True
                messages.success(request, _("动态口令已启用，今后登录需输入口令。"))
                return redirect("home")
            form.add_error("code", _("口令不正确，请核对手机时间后重试。"))
    uri = services.totp_uri(device)
    qr_svg = segno.make(uri, micro=False).svg_inline(scale=4)
    return render(request, "accounts/two_factor_setup.html", {"form": form, "qr_svg": qr_svg, "secret": device.secret})


def _security_page(
    request: HttpRequest,
    *,
    new_token: str | None = None,
    token_form: ApiTokenForm | None = None,
    password_form: PasswordChangeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    device = getattr(user, "totp", None) if hasattr(user, "totp") else None
    password_form = password_form or PasswordChangeForm(user)
    # Django focuses the old password; that would scroll a phone away from a token just created.
    password_form.fields["old_password"].widget.attrs.pop("autofocus", None)
    context = {
        "two_factor_on": bool(device and device.confirmed),
        "two_factor_required": settings.TWO_FACTOR_ENFORCED and user.needs_two_factor,
        "tokens": user.api_tokens.order_by("revoked_at", "-created_at"),
        "new_token": new_token,
        "token_form": token_form or ApiTokenForm(),
        "password_form": password_form,
        "token_days": settings.API_TOKEN_DAYS,
        "now": timezone.now(),
    }
    return render(request, "accounts/security.html", context, status=status)


@never_cache
@action_required("account.self")
def security(request: HttpRequest) -> HttpResponse:
    """The user's own security: two-factor login, password and API tokens."""
    return _security_page(request)


@never_cache
@require_POST
@action_required("account.self")
def token_create(request: HttpRequest) -> HttpResponse:
    if second_factor_missing(request):
        # The gate (TwoFactorMiddleware) already sends such a session away; a token is a credential
        # that outlives the session, so its making checks again.
        raise PermissionDenied
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _security_page(request, token_form=form, status=400)
    raw = services.api_token_create(user=request.user, name=form.cleaned_data["name"], by=request.user)  # type: ignore[arg-type]
    # Shown in this response only, never stored in the session or a cookie: it cannot be read back later.
    return _security_page(request, new_token=raw)


@require_POST
@action_required("account.self")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.api_token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("令牌 %(prefix)s… 已撤销，使用它的程序将无法再访问接口。") % {"prefix": token.prefix})
    return redirect("accounts:security")


@never_cache
@require_POST
@action_required("account.self")
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST)  # type: ignore[arg-type]
    if not form.is_valid():
        return _security_page(request, password_form=form, status=400)
    services.password_change(user=request.user, new_password=form.cleaned_data["new_password1"])  # type: ignore[arg-type]
    update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
    messages.success(request, _("密码已修改。"))
    return redirect("accounts:security")
