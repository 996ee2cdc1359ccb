"""Administration of users: role, name, phone, whether they may sign in, their password, the places they
cover (assignments) and their API tokens. Password rules (AUTH_PASSWORD_VALIDATORS) apply to every
password set here; every change is audited.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fanzha.accounts import services
from fanzha.accounts.models import ApiToken, TotpDevice, User
from fanzha.core.admin import FanzhaInline, FanzhaModelAdmin, ReadOnly, audit_admin_change
from fanzha.core.audit import log_action
from fanzha.core.phones import normalize_phone

# Roles are Fanzha's permission model; Django's groups would be a second one nobody looks at.
admin.site.unregister(Group)


class UserPhoneMixin:
    cleaned_data: dict[str, Any]

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone")) or ""


class FanzhaUserCreationForm(UserPhoneMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "role", "phone")


class FanzhaUserChangeForm(UserPhoneMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        # The admin adds the remaining fieldset fields (webhook address) with its own form fields.
        fields = ("username", "password", "full_name", "phone", "email", "role", "is_active", "is_superuser")  # type: ignore[assignment]


class ApiTokenInline(ReadOnly, FanzhaInline, admin.TabularInline):
    model = ApiToken
    extra = 0
    fields = ("prefix", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("API令牌（在“API令牌”列表中撤销）")


@admin.register(User)
class UserAdmin(FanzhaModelAdmin, DjangoUserAdmin):
    form = FanzhaUserChangeForm
    add_form = FanzhaUserCreationForm
    list_display = ("username", "full_name", "role", "phone", "is_active", "two_factor", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "phone")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("基本信息"), {"fields": ("full_name", "phone", "email")}),
        (_("角色与状态"), {"fields": ("role", "is_active", "is_superuser")}),
        (_("登录记录"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "role", "phone", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    # places.admin adds the inline of the places each user covers (places builds on accounts).
    inlines: ClassVar[tuple[type[InlineModelAdmin[Any, Any]], ...]] = (ApiTokenInline,)
    actions = ("unlock_login", "reset_two_factor")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).select_related("totp")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Only a superuser makes another superuser.
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else (*fields, "is_superuser")

    @admin.display(description=_("动态口令"), boolean=True)
    def two_factor(self, user: User) -> bool:
        device = getattr(user, "totp", None) if hasattr(user, "totp") else None
        return bool(device and device.confirmed)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                log_action(user, "user.password_reset", by=request.user, data={"via": "admin"})
        return response

    @admin.action(description=_("解除所选用户的登录锁定"))
    def unlock_login(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.login_failures_clear(username=user.username)
            audit_admin_change(user, "unlocked", by=request.user)
        self.message_user(request, _("已解除锁定。"), messages.SUCCESS)

    @admin.action(description=_("重置所选用户的动态口令（手机丢失时）"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for device in TotpDevice.objects.filter(user__in=queryset).select_related("user"):
            audit_admin_change(device.user, "two_factor_reset", by=request.user)
            device.delete()
            count += 1
        self.message_user(
            request,
            ngettext("已重置 %(count)d 个用户的动态口令。", "已重置 %(count)d 个用户的动态口令。", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnly, FanzhaModelAdmin):
    """Tokens are created by their owner (security page) or `fanzha token create`; here they are revoked."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("prefix", "name", "user__username", "user__full_name")
    list_select_related = ("user",)
    fields = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ("revoke",)

    @admin.action(description=_("撤销所选令牌"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        active = list(queryset.filter(revoked_at__isnull=True))
        for token in active:
            services.api_token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext("已撤销 %(count)d 个令牌。", "已撤销 %(count)d 个令牌。", len(active)) % {"count": len(active)},
            messages.SUCCESS,
        )
