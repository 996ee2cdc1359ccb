"""Fraud cases (报案/立案) and what follows them: notice letters to key-group units (公安提示函),
notifications (通报), interviews with the responsible head (约谈) and their follow-up actions.

The backward check (倒查) is not stored: it is computed from the records each time (review.py), so
that it always reflects what the records say.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fanzha.core.money import format_yuan
from fanzha.detection.taxonomy import FRAUD_TYPES

# A loss above this is a typing error (an extra zero, a phone number in the wrong cell), not a case.
MAX_LOSS = Decimal("100000000.00")


def fraud_type_choices() -> list[tuple[str, str]]:
    # A callable, so that editing the taxonomy never needs a migration here.
    return [(t.code, t.name_zh) for t in FRAUD_TYPES.values() if t.is_fraud]


class ContactMethod(models.TextChoices):
    """How the fraudster first reached the victim."""

    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")
    QQ = "qq", _("QQ")
    WECHAT = "wechat", _("微信")
    APP = "app", _("App")
    WEBSITE = "website", _("网站")
    IN_PERSON = "in_person", _("当面")
    OTHER = "other", _("其他")


class Case(models.Model):
    case_number = models.CharField(_("案件编号"), max_length=60, unique=True)
    # The idempotency key of the system that pushed the case; the case number also identifies it.
    external_id = models.CharField(_("外部编号"), max_length=100, unique=True, null=True, blank=True)

    victim_resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("受害人（居民）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fraud_cases",
    )
    victim_name = models.CharField(_("受害人姓名"), max_length=50, blank=True)
    # Kept on the case (copied from the resident when registered) for de-identified typical cases.
    victim_gender = models.CharField(
        _("受害人性别"), max_length=1, blank=True, choices=[("M", _("男")), ("F", _("女"))]
    )
    victim_age = models.PositiveSmallIntegerField(_("受害人年龄"), null=True, blank=True)

    occurred_at = models.DateTimeField(_("发案时间"))
    reported_at = models.DateTimeField(_("报案时间"))
    fraud_type = models.CharField(_("诈骗类型"), max_length=40, choices=fraud_type_choices)
    contact_method = models.CharField(_("接触方式"), max_length=12, choices=ContactMethod.choices)
    loss_amount = models.DecimalField(_("损失金额（元）"), max_digits=12, decimal_places=2)
    summary = models.TextField(_("简要案情"), blank=True)

    township = models.ForeignKey(
        "places.Township", verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="fraud_cases"
    )
    village = models.ForeignKey(
        "places.Village",
        verbose_name=_("村（社区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fraud_cases",
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fraud_cases",
    )
    key_groups = models.ManyToManyField(
        "people.KeyGroup", verbose_name=_("发案时所属重点人群"), blank=True, related_name="fraud_cases"
    )
    alerts = models.ManyToManyField("alerts.Alert", verbose_name=_("关联预警"), blank=True, related_name="fraud_cases")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = {"village": "village_id", "township": "township_id"}

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["township", "occurred_at"], name="case_township_occurred"),
            models.Index(fields=["occurred_at"], name="case_occurred"),
            models.Index(fields=["fraud_type", "occurred_at"], name="case_type_occurred"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(loss_amount__gte=0) & Q(loss_amount__lte=MAX_LOSS), name="case_loss_in_range"
            ),
            models.CheckConstraint(condition=Q(occurred_at__lte=F("reported_at")), name="case_occurred_before_report"),
            models.CheckConstraint(
                condition=Q(victim_resident__isnull=False) | ~Q(victim_name=""), name="case_has_victim"
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    def get_absolute_url(self) -> str:
        return f"/cases/{self.pk}/"

    @property
    def fraud_type_name(self) -> str:
        found = FRAUD_TYPES.get(self.fraud_type)
        return found.name_zh if found else self.fraud_type

    @property
    def victim_display(self) -> str:
        return self.victim_resident.name if self.victim_resident_id and self.victim_resident else self.victim_name

    @property
    def victim_name_masked(self) -> str:
        """张** : enough to tell two cases apart in a list, not enough to identify anyone."""
        name = self.victim_display
        if not name:
            return ""
        return name[0] + "*" * max(1, len(name) - 1)

    @property
    def loss_display(self) -> str:
        return format_yuan(self.loss_amount)


class DocumentKind(models.TextChoices):
    """The numbered documents (文号) a county's bureau sends, each numbered in its own sequence."""

    NOTICE_LETTER = "notice_letter", _("公安提示函")
    NOTIFICATION = "notification", _("通报")
    INTERVIEW_NOTICE = "interview_notice", _("约谈通知")


class DocumentSettings(models.Model):
    """公文设置: how one county's letters are headed, numbered and recorded. The centre edits them; a
    county without a row uses `for_county`'s defaults, derived from its name."""

    county = models.OneToOneField(
        "places.County", verbose_name=_("县（市、区）"), on_delete=models.CASCADE, related_name="document_settings"
    )
    bureau = models.CharField(
        _("发文机关"), max_length=50, help_text=_("文件顶部的红色发文机关标志和落款，如“牟定县公安局”")
    )
    letter_prefix = models.CharField(_("提示函文号前缀"), max_length=20, help_text=_("如“牟定公提”"))
    notification_prefix = models.CharField(_("通报文号前缀"), max_length=20, help_text=_("如“牟定公通”"))
    interview_prefix = models.CharField(_("约谈通知文号前缀"), max_length=20, help_text=_("如“牟定公谈”"))
    printer = models.CharField(_("印发机关"), max_length=50, help_text=_("版记中的印发机关，如“牟定县公安局办公室”"))
    copy_to = models.TextField(_("抄送机关"), blank=True, help_text=_("版记中的抄送机关，每行一个"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    scope_paths = {"township": "county__townships__id"}

    class Meta:
        verbose_name = _("公文设置")
        verbose_name_plural = _("公文设置")

    def __str__(self) -> str:
        return self.bureau

    @classmethod
    def for_county(cls, county: Any) -> DocumentSettings:
        """The county's settings, or (unsaved) defaults from its name: 牟定县 → 牟定县公安局, 牟定公提."""
        found = cls.objects.filter(county=county).first()
        if found is not None:
            return found
        short = county.name[:-1] if len(county.name) > 2 and county.name[-1] in "县市区旗" else county.name
        return cls(
            county=county,
            bureau=f"{county.name}公安局",
            letter_prefix=f"{short}公提",
            notification_prefix=f"{short}公通",
            interview_prefix=f"{short}公谈",
            printer=f"{county.name}公安局办公室",
        )

    def prefix(self, kind: str) -> str:
        return {
            DocumentKind.NOTICE_LETTER: self.letter_prefix,
            DocumentKind.NOTIFICATION: self.notification_prefix,
            DocumentKind.INTERVIEW_NOTICE: self.interview_prefix,
        }[DocumentKind(kind)]

    @property
    def copy_to_list(self) -> list[str]:
        return [line.strip() for line in self.copy_to.splitlines() if line.strip()]


class DocumentSequence(models.Model):
    """The last 文号 given, per county, year and kind: numbers are never given twice nor reused."""

    county = models.ForeignKey("places.County", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("文种"), max_length=20, choices=DocumentKind.choices)
    last = models.PositiveIntegerField(_("已编到"), default=0)

    class Meta:
        verbose_name = _("文号序列")
        verbose_name_plural = _("文号序列")
        constraints = [models.UniqueConstraint(fields=["county", "year", "kind"], name="document_sequence_once")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.year} {self.kind} {self.last}"


class NoticeLetter(models.Model):
    """One 公安提示函 issued to a unit, with its delivery and the unit's acknowledgement."""

    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="notice_letters"
    )
    number = models.CharField(_("文号"), max_length=60, unique=True)
    # The key groups and their counts as written in the letter.
    key_group_counts = models.JSONField(_("重点人群人数"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("送达人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_on = models.DateField(_("签收日期"), null=True, blank=True)
    signed_by = models.CharField(_("签收人"), max_length=50, blank=True)

    scope_paths = {"township": "organisation__township_id", "village": "organisation__village_id"}

    class Meta:
        verbose_name = _("公安提示函")
        verbose_name_plural = _("公安提示函")
        ordering = ["-generated_at", "-id"]
        indexes = [models.Index(fields=["organisation", "delivered_on"], name="letter_org_delivered")]

    def __str__(self) -> str:
        return self.number


class Notification(models.Model):
    """通报: a draft letter telling the victim's unit (or township) or family about the case."""

    class Audience(models.TextChoices):
        UNIT = "unit", _("单位")
        TOWNSHIP = "township", _("乡镇（街道）")
        FAMILY = "family", _("家属")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    audience = models.CharField(_("通报对象"), max_length=10, choices=Audience.choices)
    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey("places.Township", verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(_("收件方"), max_length=100)
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    # Blank while a draft; given once, on request (POST), from the county's 通报 sequence.
    number = models.CharField(_("文号"), max_length=60, blank=True)
    numbered_on = models.DateField(_("编号日期"), null=True, blank=True)
    sent_on = models.DateField(_("送达日期"), null=True, blank=True)

    scope_paths = {"township": "township_id", "village": "case__village_id"}

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["case_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "audience"], name="notification_once_per_audience"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="notification_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.get_audience_display()}"


class Interview(models.Model):
    """约谈: the unit's or township's responsible head is interviewed about the case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="interview")
    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey("places.Township", verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="+")
    responsible_head = models.CharField(_("约谈对象"), max_length=100, blank=True)
    scheduled_on = models.DateField(_("计划日期"))
    held_on = models.DateField(_("约谈日期"), null=True, blank=True)
    attendees = models.TextField(_("参加人员"), blank=True)
    minutes = models.TextField(_("约谈记录"), blank=True)
    # The 约谈通知's 文号: blank while a draft; given once, on request (POST).
    notice_number = models.CharField(_("约谈通知文号"), max_length=60, blank=True)
    notice_numbered_on = models.DateField(_("约谈通知编号日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = {"township": "township_id", "village": "case__village_id"}

    class Meta:
        verbose_name = _("约谈")
        verbose_name_plural = _("约谈")
        ordering = ["-scheduled_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice_number"], condition=~Q(notice_number=""), name="interview_notice_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.responsible_head}"


class FollowUpAction(models.Model):
    """整改措施: what the interviewed unit promised to do, and when it was done."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("整改措施"), max_length=300)
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    scope_paths = {"township": "interview__township_id", "village": "interview__case__village_id"}

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["interview_id", "id"]

    def __str__(self) -> str:
        return self.description
