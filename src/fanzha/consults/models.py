"""Citizen consultations (咨询): "is this a scam?" asked on the public page, by phone, at the counter or on
WeChat, with the verdict and advice given, and the alert raised when the risk is high."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fanzha.core.phones import display_phone, mask_phone
from fanzha.detection.taxonomy import FRAUD_TYPES


def fraud_type_choices() -> list[tuple[str, str]]:
    # A callable, so that editing the taxonomy never needs a migration here.
    return [(t.code, t.name_zh) for t in FRAUD_TYPES.values()]


class Channel(models.TextChoices):
    WEB = "web", _("网页")
    PHONE = "phone", _("电话")
    WALK_IN = "walk_in", _("来访")
    WECHAT = "wechat", _("微信")


class Consultation(models.Model):
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    # What was judged: at most detection.classifier.MAX_CHARS characters; the red-flag offsets point into it.
    text = models.TextField(_("咨询内容"))
    text_length = models.PositiveIntegerField(_("原文长度"), default=0)  # before truncation
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)  # E.164
    village = models.ForeignKey(
        "places.Village",
        verbose_name=_("村（社区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept beside the village for scoping by station; empty for a web consultation without a village,
    # which only county-wide roles see.
    township = models.ForeignKey(
        "places.Township",
        verbose_name=_("乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    fraud_type = models.CharField(_("识别类型"), max_length=40, choices=fraud_type_choices)
    is_fraud = models.BooleanField(_("疑似诈骗"))
    score = models.FloatField(_("诈骗可能性"))
    high_risk = models.BooleanField(_("高风险"), default=False)
    # Not fraud and most like an advert: the citizen is told it looks like marketing (营销广告).
    advert = models.BooleanField(_("营销广告"), default=False)
    red_flags = models.JSONField(_("可疑点"), default=list, blank=True)
    advice = models.JSONField(_("给出的建议"), default=list, blank=True)

    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接待人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("生成的预警"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_id = models.CharField(_("外部编号"), max_length=100, unique=True, null=True, blank=True)
    # HMAC of the client address (web only): enough to throttle and to spot abuse, never the address.
    ip_hash = models.CharField(_("来源标识"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("咨询时间"), auto_now_add=True, db_index=True)

    scope_paths = {"village": "village_id", "township": "township_id"}

    class Meta:
        verbose_name = _("咨询")
        verbose_name_plural = _("咨询")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["township", "created_at"], name="consult_township_created"),
            models.Index(fields=["village", "created_at"], name="consult_village_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.get_fraud_type_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consults:detail", args=[self.pk])

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone) if self.phone else ""

    @property
    def fraud_type_name(self) -> str:
        fraud_type = FRAUD_TYPES.get(self.fraud_type)
        return fraud_type.name_zh if fraud_type else self.fraud_type

    @property
    def truncated(self) -> bool:
        return self.text_length > len(self.text)
