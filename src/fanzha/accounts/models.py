from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRE_OPERATOR = "centre_operator", _("反诈中心值班员")
    STATION_CHIEF = "station_chief", _("派出所所长")
    COMMUNITY_OFFICER = "community_officer", _("社区（驻村）民警")
    POLICE_ASSISTANT = "police_assistant", _("警务助理")
    GRID_WORKER = "grid_worker", _("网格员")
    LEADER = "leader", _("领导")
    PREFECTURE_OPERATOR = "prefecture_operator", _("州反诈中心值班员")
    PREFECTURE_LEADER = "prefecture_leader", _("州领导")
    ADMIN = "admin", _("系统管理员")


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.COMMUNITY_OFFICER)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("工作电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    # What a role may do and how far it reaches is the policy table's (fanzha.accounts.policy), which
    # imports this module: hence the imports inside the methods.

    def can(self, action: str) -> bool:
        """May this user take `action` (a name from the policy table) at all?"""
        from fanzha.accounts.policy import can

        return can(self, action)

    @property
    def county_wide(self) -> bool:
        from fanzha.accounts.policy import rules_of

        return self.is_superuser or rules_of(self.role).county_wide

    @property
    def prefecture_wide(self) -> bool:
        """Sees every county of the deployment (the prefecture's roles, administrators)."""
        from fanzha.accounts.policy import rules_of

        return self.is_superuser or rules_of(self.role).prefecture_wide

    @property
    def county_ids(self) -> list[int]:
        """The counties this user is assigned to (a county's centre or leader in a deployment of several)."""
        return [pk for pk in self.assignments.values_list("county_id", flat=True) if pk]

    @property
    def needs_two_factor(self) -> bool:
        """Must enrol a second factor when TWO_FACTOR_ENFORCED (the roles that see the whole county)."""
        from fanzha.accounts.policy import rules_of

        return self.is_superuser or rules_of(self.role).two_factor


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=80, blank=True)
    prefix = models.CharField(_("令牌前缀"), max_length=8, db_index=True)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API令牌")
        verbose_name_plural = _("API令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate() -> str:
        return "fz_" + secrets.token_urlsafe(32)


class TotpDevice(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="totp"
    )
    secret = models.CharField(_("密钥"), max_length=64)
    confirmed = models.BooleanField(_("已确认"), default=False)
    last_counter = models.BigIntegerField(default=0)  # refuses a code replayed within its window
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("动态口令设备")
        verbose_name_plural = _("动态口令设备")

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class LoginFailure(models.Model):
    """One failed password attempt. Counted per username over a window to lock an account out."""

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    ip = models.GenericIPAddressField(_("来源IP"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at}"
