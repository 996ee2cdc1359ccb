"""Outreach (宣防): activities and the households they reached, the heads' visits, and bulletins to the
groups' chat channels with feedback through a short link."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_PHOTOS = 9


class Activity(models.Model):
    """One outreach activity (六进 and the rest), with the households it reached."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("进单位")
        SCHOOL = "school", _("进学校")
        ENTERPRISE = "enterprise", _("进企业")
        COMMUNITY = "community", _("进社区")
        VILLAGE = "village", _("进农村")
        FAMILY = "family", _("进家庭")
        PARCEL = "parcel", _("快递宣传")
        MARKET = "market", _("集市/赶街")
        ONLINE = "online", _("线上")
        OTHER = "other", _("其他")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("日期"), db_index=True)
    township = models.ForeignKey(
        "places.Township", verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="activities"
    )
    village = models.ForeignKey(
        "places.Village",
        verbose_name=_("村（社区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("组织人员"), blank=True, related_name="outreach_activities"
    )
    audience = models.PositiveIntegerField(_("受众人数"), default=0)
    households = models.ManyToManyField(
        "people.Household",
        verbose_name=_("覆盖户"),
        through="ActivityHousehold",
        blank=True,
        related_name="outreach_activities",
    )
    materials = models.CharField(_("宣传材料"), max_length=300, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    external_id = models.CharField(_("外部编号"), max_length=100, blank=True)

    scope_paths = {"township": "township_id", "village": "village_id"}

    class Meta:
        verbose_name = _("宣防活动")
        verbose_name_plural = _("宣防活动")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="activity_unique_external_id"
            )
        ]
        indexes = [models.Index(fields=["township", "-date"]), models.Index(fields=["village", "-date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class ActivityHousehold(models.Model):
    """A household an activity reached. The date is copied from the activity so that coverage
    ("last reached on") is one index probe per household."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reached")
    household = models.ForeignKey("people.Household", on_delete=models.CASCADE, related_name="outreach_reached")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "household"], name="activity_household_unique")]
        indexes = [models.Index(fields=["household", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.household_id}"


def _photo_path(instance: ActivityPhoto, filename: str) -> str:
    return f"outreach/photos/{instance.activity_id}/{secrets.token_hex(8)}.jpg"


class ActivityPhoto(models.Model):
    """Re-encoded to JPEG on upload: no EXIF, so no GPS position and no camera serial."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_paths = {"township": "activity__township_id", "village": "activity__village_id"}

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.pk}"


class HeadVisit(models.Model):
    """中心户长走访: the head of a ten-household group visited a member household."""

    group = models.ForeignKey(
        "places.TenHouseholdGroup", verbose_name=_("十户一体组"), on_delete=models.CASCADE, related_name="head_visits"
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("户"), on_delete=models.CASCADE, related_name="head_visits"
    )
    date = models.DateField(_("日期"))
    note = models.CharField(_("情况"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_paths = {"village": "group__village_id", "township": "group__village__township_id"}

    class Meta:
        verbose_name = _("中心户长走访")
        verbose_name_plural = _("中心户长走访")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["group", "-date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.group_id}/{self.household_id}"


def _bulletin_picture_path(instance: Bulletin, filename: str) -> str:
    return f"outreach/bulletins/{secrets.token_hex(8)}.jpg"


class Bulletin(models.Model):
    """A typical case or a new technique pushed by the centre to the groups' chat channels."""

    title = models.CharField(_("标题"), max_length=120)
    text = models.TextField(_("正文"))
    fraud_type = models.CharField(_("诈骗类型"), max_length=40)
    picture = models.ImageField(_("配图"), upload_to=_bulletin_picture_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    external_id = models.CharField(_("外部编号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("宣传通报")
        verbose_name_plural = _("宣传通报")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="bulletin_unique_external_id"
            )
        ]

    def __str__(self) -> str:
        return self.title


def new_feedback_token() -> str:
    return secrets.token_urlsafe(9)  # 12 characters, 72 bits: short in a chat message, not guessable


class BulletinTarget(models.Model):
    """Where a bulletin went: the whole county, a township, a village or a ten-household group."""

    class Level(models.TextChoices):
        COUNTY = "county", _("全县")
        TOWNSHIP = "township", _("乡镇")
        VILLAGE = "village", _("村（社区）")
        GROUP = "group", _("十户一体组")

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="targets")
    level = models.CharField(_("范围"), max_length=10, choices=Level.choices)
    county = models.ForeignKey("places.County", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    township = models.ForeignKey("places.Township", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("places.Village", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "places.TenHouseholdGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=24, unique=True, default=new_feedback_token)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.key

    @property
    def place(self) -> models.Model | None:
        return self.county or self.township or self.village or self.group

    @property
    def place_id(self) -> int | None:
        return self.county_id or self.township_id or self.village_id or self.group_id

    @property
    def key(self) -> str:
        """The owner key of this target's channels in notify ("village:12")."""
        return f"{self.level}:{self.place_id}"


class BulletinFeedback(models.Model):
    """What a recipient did with a bulletin, reported through the target's short link."""

    class Action(models.TextChoices):
        FORWARDED = "forwarded", _("已转发到群")
        VISITED = "visited", _("入户宣传")
        MEETING = "meeting", _("会议宣讲")
        OTHER = "other", _("其他")

    target = models.ForeignKey(BulletinTarget, on_delete=models.CASCADE, related_name="feedback")
    action = models.CharField(_("做了什么"), max_length=12, choices=Action.choices)
    households_told = models.PositiveIntegerField(_("告知户数"), default=0)
    reporter = models.CharField(_("反馈人"), max_length=50, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.action} {self.households_told}"
