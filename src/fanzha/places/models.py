"""The places, top to bottom: Prefecture → County → Township → Village/community → Grid → ten-household group.

One deployment may serve one county (its prefecture left empty) or every county of a prefecture
(州), whose centre directs the county centres; see docs/prefecture.md.

Police stations cover townships; users are assigned to places by role, which is how
一村一警一助理一网格员 (one officer, one assistant and one grid worker per village) is expressed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Prefecture(models.Model):
    """A prefecture (州、市) whose anti-fraud centre directs its county centres."""

    name = models.CharField(_("名称"), max_length=50)  # 楚雄彝族自治州
    short_name = models.CharField(_("简称"), max_length=20, blank=True)  # 楚雄州
    code = models.CharField(_("区划代码"), max_length=12, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("州（市）")
        verbose_name_plural = _("州（市）")

    def __str__(self) -> str:
        return self.short_name or self.name


class County(models.Model):
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("所属州（市）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counties",
    )
    name = models.CharField(_("名称"), max_length=50)
    full_name = models.CharField(_("全称"), max_length=100, blank=True)  # 楚雄彝族自治州牟定县
    # The first six digits of the ID numbers issued here (公民身份号码的地址码) are this code's first six.
    code = models.CharField(_("区划代码"), max_length=12, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("县（市、区）")
        verbose_name_plural = _("县（市、区）")

    def __str__(self) -> str:
        return self.name


class Township(models.Model):
    class Kind(models.TextChoices):
        TOWN = "town", _("镇")
        TOWNSHIP = "township", _("乡")
        SUBDISTRICT = "subdistrict", _("街道")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="townships")
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.TOWN)
    code = models.CharField(_("区划代码"), max_length=12, blank=True)

    scope_paths = {"township": "id"}

    class Meta:
        verbose_name = _("乡镇（街道）")
        verbose_name_plural = _("乡镇（街道）")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="township_unique_name")]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    class Kind(models.TextChoices):
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")

    township = models.ForeignKey(Township, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("名称"), max_length=50)  # 共丰村, 中屯社区
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.VILLAGE)
    code = models.CharField(_("区划代码"), max_length=12, blank=True)

    scope_paths = {"village": "id", "township": "township_id"}

    class Meta:
        verbose_name = _("村（社区）")
        verbose_name_plural = _("村（社区）")
        ordering = ["township_id", "id"]
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="village_unique_name")]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="grids")
    name = models.CharField(_("名称"), max_length=50)

    scope_paths = {"village": "village_id", "township": "village__township_id"}

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["village_id", "id"]
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="grid_unique_name")]

    def __str__(self) -> str:
        return f"{self.village.name}{self.name}"


class TenHouseholdGroup(models.Model):
    """十户一体: about ten neighbouring households with a head (中心户长) who knows them all."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="ten_household_groups")
    grid = models.ForeignKey(Grid, null=True, blank=True, on_delete=models.SET_NULL, related_name="groups")
    name = models.CharField(_("名称"), max_length=50)
    head = models.ForeignKey(
        "people.Resident",
        verbose_name=_("中心户长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_groups",
    )
    chat_webhook = models.URLField(_("群机器人地址"), blank=True)

    scope_paths = {"village": "village_id", "township": "village__township_id"}

    class Meta:
        verbose_name = _("十户一体组")
        verbose_name_plural = _("十户一体组")
        ordering = ["village_id", "id"]
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="group_unique_name")]

    def __str__(self) -> str:
        return self.name


class PoliceStation(models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="stations")
    name = models.CharField(_("名称"), max_length=50)  # 共和派出所
    phone = models.CharField(_("值班电话"), max_length=20, blank=True)
    townships = models.ManyToManyField(Township, verbose_name=_("辖区乡镇"), related_name="stations")

    class Meta:
        verbose_name = _("派出所")
        verbose_name_plural = _("派出所")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A user's place of work in a role: one of county, station, township, village or grid.

    A county assignment is what makes a centre operator or a leader a *county* centre's or leader's in a
    deployment of several counties; see `fanzha.places.scoping`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("岗位"), max_length=20)
    county = models.ForeignKey(
        County, verbose_name=_("县（市、区）"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    station = models.ForeignKey(PoliceStation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    township = models.ForeignKey(Township, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey(Village, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    grid = models.ForeignKey(Grid, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        verbose_name = _("岗位分配")
        verbose_name_plural = _("岗位分配")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(county__isnull=False, station__isnull=True, township__isnull=True, village__isnull=True)
                    & Q(grid__isnull=True)
                    | Q(county__isnull=True)
                    & (
                        Q(station__isnull=False, township__isnull=True, village__isnull=True, grid__isnull=True)
                        | Q(station__isnull=True, township__isnull=False, village__isnull=True, grid__isnull=True)
                        | Q(station__isnull=True, township__isnull=True, village__isnull=False, grid__isnull=True)
                        | Q(station__isnull=True, township__isnull=True, village__isnull=True, grid__isnull=False)
                    )
                ),
                name="assignment_exactly_one_place",
            )
        ]
        indexes = [models.Index(fields=["role", "village"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.place}"

    @property
    def place(self) -> models.Model | None:
        return self.county or self.station or self.township or self.village or self.grid


class PlaceReference(models.Model):
    """Where a record belongs: its village when known, and the township, which `places.scoping.scoped`
    reads (`scope_paths`). A place referenced here cannot be deleted while records point at it.
    The keys have no index of their own: each model indexes its look-ups by place in composite
    indexes that lead with the township or the village (and serve these keys too)."""

    township = models.ForeignKey(
        "places.Township",
        verbose_name=_("乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    village = models.ForeignKey(
        "places.Village",
        verbose_name=_("村（社区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    scope_paths = {"village": "village_id", "township": "township_id"}

    class Meta:
        abstract = True
