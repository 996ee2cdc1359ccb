"""Channels (where messages go), in-app notifications, and deliveries with every attempt recorded.

notify imports no domain app: a channel belongs to a user or to an owner key, a plain string naming a
place or group ("village:12", "township:3", "group:45", "county:1") that the calling app understands.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fanzha.core.phones import mask_phone


class Channel(models.Model):
    class Kind(models.TextChoices):
        WECOM = "wecom", _("企业微信群机器人")
        DINGTALK = "dingtalk", _("钉钉群机器人")
        FEISHU = "feishu", _("飞书群机器人")
        EMAIL = "email", _("电子邮件")
        SMS = "sms", _("短信网关")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # Robot webhook URL, e-mail address, or mobile number for the SMS gateway.
    target = models.CharField(_("地址"), max_length=500)
    # DingTalk / Feishu signing secret (加签). Never shown after saving.
    secret = models.CharField(_("签名密钥"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("所属用户"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notify_channels",
    )
    owner_key = models.CharField(
        _("所属地点或群组"), max_length=40, blank=True, help_text=_("如 village:12、township:3、group:45、county:1")
    )
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通知渠道")
        verbose_name_plural = _("通知渠道")
        ordering = ["owner_key", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(owner_key="")) | (Q(user__isnull=True) & ~Q(owner_key="")),
                name="notify_channel_one_owner",
                violation_error_message=_("请选择所属用户，或填写所属地点/群组（二选一）"),
            )
        ]
        indexes = [models.Index(fields=["owner_key"], name="notify_channel_owner_key")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def target_masked(self) -> str:
        """What lists show: a robot's host (its URL carries the access key), a masked number or address."""
        if self.kind == self.Kind.SMS:
            return mask_phone(self.target) or "—"
        if self.kind == self.Kind.EMAIL:
            local, _at, domain = self.target.partition("@")
            return f"{local[:2]}***@{domain}" if domain else "***"
        host = urlsplit(self.target).hostname or ""
        return f"{host}/…" if host else "—"

    @property
    def owner_label(self) -> str:
        return str(self.user) if self.user_id else self.owner_key


class Notification(models.Model):
    """An in-app notification: the user's inbox."""

    # No database constraint (docs/architecture.md, "References without constraints"); the inbox
    # index (user, -created_at) serves look-ups by user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_constraint=False,
        db_index=False,
    )
    event_key = models.CharField(_("事件"), max_length=200)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event_key", "user"], name="notify_notification_once")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notify_notification_inbox"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notify_notification_unread"),
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One event to one target: a channel, or a user's inbox. Never twice (unique event × target)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已送达")
        FAILED = "failed", _("失败待重试")
        GIVEN_UP = "given_up", _("已放弃")

    event_key = models.CharField(_("事件"), max_length=200)
    # "channel:<id>" or "user:<id>" (in-app).
    target_key = models.CharField(_("目标"), max_length=40)
    # No database constraints (docs/architecture.md, "References without constraints"); the
    # by_channel and by_user indexes serve look-ups by channel and by user.
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("渠道"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        db_constraint=False,
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    # What went wrong, in technical terms only (timeout, HTTP 500, errcode): never the message or a number.
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event_key", "target_key"], name="notify_delivery_once")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_delivery_due"),
            models.Index(fields=["status", "-created_at"], name="notify_delivery_by_status"),
            models.Index(fields=["user", "-created_at"], name="notify_delivery_by_user"),
            models.Index(fields=["channel", "-created_at"], name="notify_delivery_by_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.event_key} → {self.target_key} ({self.status})"

    @property
    def in_app(self) -> bool:
        return self.target_key.startswith("user:")


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, verbose_name=_("投递"), on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(_("时间"))
    ok = models.BooleanField(_("成功"))
    http_status = models.PositiveSmallIntegerField(_("HTTP状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)

    class Meta:
        verbose_name = _("投递尝试")
        verbose_name_plural = _("投递尝试")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["delivery", "at"], name="notify_attempt_by_delivery")]

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.at:%Y-%m-%d %H:%M:%S} {'ok' if self.ok else self.error}"
