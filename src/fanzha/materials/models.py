"""Outreach materials (宣传素材库), typical cases (典型案例) and new techniques (新型手法).

Materials are shared by the whole county: any member of staff may find and use one, whoever uploaded
it, so they carry no jurisdiction. Their files are served through a view that checks the policy, never
from MEDIA_URL.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fanzha.detection.taxonomy import FRAUD_TYPES


def fraud_type_choices() -> list[tuple[str, str]]:
    # A callable, so that editing the taxonomy never needs a migration here.
    return [(t.code, t.name_zh) for t in FRAUD_TYPES.values() if t.is_fraud]


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("海报")
    LEAFLET = "leaflet", _("宣传单（PDF）")
    AUDIO = "audio", _("音频")
    VIDEO = "video", _("短视频")
    SLOGAN = "slogan", _("标语")
    STAMP = "stamp", _("印章图案")


class Language(models.TextChoices):
    MANDARIN = "zh", _("汉语")
    YI = "yi", _("彝语")
    BAI = "bai", _("白语")
    MIAO = "miao", _("苗语")
    LISU = "lisu", _("傈僳语")
    DIALECT = "dialect", _("方言")
    OTHER = "other", _("其他")


class Occasion(models.TextChoices):
    """Where a material is meant to be used: the 六进 kinds of outreach, and the rest."""

    UNIT = "unit", _("进单位")
    SCHOOL = "school", _("进学校")
    ENTERPRISE = "enterprise", _("进企业")
    COMMUNITY = "community", _("进社区")
    VILLAGE = "village", _("进农村")
    FAMILY = "family", _("进家庭")
    PARCEL = "parcel", _("快递宣传")
    MARKET = "market", _("集市/赶街")
    ONLINE = "online", _("线上")
    ANY = "any", _("通用")


def _material_path(instance: Material, filename: str) -> str:
    # The stored name says nothing of the uploader's file name; the extension is the checked kind's.
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"materials/{secrets.token_hex(12)}.{suffix}"


class Material(models.Model):
    kind = models.CharField(_("类别"), max_length=10, choices=MaterialKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    # A slogan is its text; every other kind is its file.
    text = models.TextField(_("标语内容"), blank=True)
    file = models.FileField(_("文件"), upload_to=_material_path, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    fraud_type = models.CharField(_("诈骗类型"), max_length=40, blank=True, choices=fraud_type_choices)
    key_group = models.ForeignKey(
        "people.KeyGroup",
        verbose_name=_("重点人群"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    language = models.CharField(_("语言"), max_length=10, choices=Language.choices, default=Language.MANDARIN)
    occasion = models.CharField(_("使用场合"), max_length=12, choices=Occasion.choices, default=Occasion.ANY)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    external_id = models.CharField(_("外部编号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("宣传素材")
        verbose_name_plural = _("宣传素材")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "-created_at"]), models.Index(fields=["fraud_type"])]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="material_unique_external_id"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_audio(self) -> bool:
        return self.content_type.startswith("audio/")

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")

    @property
    def fraud_type_name(self) -> str:
        found = FRAUD_TYPES.get(self.fraud_type)
        return found.name_zh if found else ""


class MaterialUse(models.Model):
    """A material used in an outreach activity or attached to a bulletin: the usage counts."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="uses")
    activity = models.ForeignKey(
        "outreach.Activity", null=True, blank=True, on_delete=models.CASCADE, related_name="material_uses"
    )
    bulletin = models.ForeignKey(
        "outreach.Bulletin", null=True, blank=True, on_delete=models.CASCADE, related_name="material_uses"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, bulletin__isnull=True)
                | Q(activity__isnull=True, bulletin__isnull=False),
                name="material_use_one_target",
            ),
            models.UniqueConstraint(fields=["material", "activity"], name="material_use_activity_once"),
            models.UniqueConstraint(fields=["material", "bulletin"], name="material_use_bulletin_once"),
        ]

    def __str__(self) -> str:
        return f"{self.material_id} → {self.activity_id or self.bulletin_id}"


class TypicalCase(models.Model):
    """典型案例: an anonymised write-up of a case, drafted by code and edited by the centre."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("来源案件"), on_delete=models.PROTECT, related_name="typical_cases"
    )
    title = models.CharField(_("标题"), max_length=120)
    text = models.TextField(_("正文"))
    fraud_type = models.CharField(_("诈骗类型"), max_length=40, choices=fraud_type_choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    bulletin = models.OneToOneField(
        "outreach.Bulletin", null=True, blank=True, on_delete=models.SET_NULL, related_name="typical_case"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    scope_paths = {"township": "case__township_id", "village": "case__village_id"}

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Technique(models.Model):
    """新型手法: a technique the centre teaches the recogniser with red-flag phrases, no retraining."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    name = models.CharField(_("名称"), max_length=60)
    fraud_type = models.CharField(_("诈骗类型"), max_length=40, choices=fraud_type_choices)
    description = models.TextField(_("手法描述"))
    phrases = models.JSONField(_("可疑短语"), default=list)
    why = models.CharField(_("为什么可疑"), max_length=300)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    normal_hits = models.PositiveIntegerField(_("误报条数"), null=True, blank=True)
    normal_total = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Every change moves this; web processes compare the newest value with the one they compiled.
    changed_at = models.DateTimeField(auto_now=True, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("新型手法")
        verbose_name_plural = _("新型手法")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def fraud_type_name(self) -> str:
        found = FRAUD_TYPES.get(self.fraud_type)
        return found.name_zh if found else self.fraud_type
