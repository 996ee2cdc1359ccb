"""Households, residents and organisations (单位/学校/企业), with key-group tags and App registration."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models.functions import Right
from django.utils.translation import gettext_lazy as _

from fanzha.core.ids import mask_id_number
from fanzha.core.phones import mask_phone
from fanzha.places.models import Grid, TenHouseholdGroup, Township, Village


class KeyGroup(models.Model):
    """重点人群: people fraudsters target by trade or age, who get precise outreach."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("重点人群")
        verbose_name_plural = _("重点人群")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("机关单位")
        SCHOOL = "school", _("学校")
        ENTERPRISE = "enterprise", _("企业")
        HOSPITAL = "hospital", _("医院")
        VILLAGE_COMMITTEE = "village_committee", _("村委会")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    township = models.ForeignKey(
        Township, verbose_name=_("所在乡镇"), on_delete=models.PROTECT, related_name="organisations"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("所在村（社区）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    responsible_person = models.CharField(_("负责人"), max_length=50, blank=True)
    responsible_phone = models.CharField(_("负责人电话"), max_length=20, blank=True)
    key_groups = models.ManyToManyField(KeyGroup, verbose_name=_("重点人群"), blank=True, related_name="organisations")

    scope_paths = {"township": "township_id", "village": "village_id"}

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["township_id", "name"]
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def responsible_phone_masked(self) -> str:
        return mask_phone(self.responsible_phone)


class Household(models.Model):
    village = models.ForeignKey(
        Village, verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="households"
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("网格"), null=True, blank=True, on_delete=models.SET_NULL, related_name="households"
    )
    group = models.ForeignKey(
        TenHouseholdGroup,
        verbose_name=_("十户一体组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
    )
    address = models.CharField(_("住址"), max_length=200)

    scope_paths = {"village": "village_id", "township": "village__township_id"}

    class Meta:
        verbose_name = _("户")
        verbose_name_plural = _("户")
        ordering = ["village_id", "id"]
        indexes = [models.Index(fields=["village", "address"])]

    def __str__(self) -> str:
        return self.address


class Resident(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    household = models.ForeignKey(
        Household, verbose_name=_("户"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Kept beside the household so that scoping and routing need no join.
    village = models.ForeignKey(
        Village, verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="residents"
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, null=True, blank=True, unique=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, db_index=True)  # E.164
    # Officers search by the last four digits ("尾号5678"); kept by the database, indexed.
    phone_last4 = models.GeneratedField(
        expression=Right("phone", 4), output_field=models.CharField(max_length=4), db_persist=True, db_index=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    key_groups = models.ManyToManyField(KeyGroup, verbose_name=_("重点人群"), blank=True, related_name="residents")
    app_registered_on = models.DateField(_("国家反诈中心App注册日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = {"village": "village_id", "township": "village__township_id"}

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")
        ordering = ["village_id", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
