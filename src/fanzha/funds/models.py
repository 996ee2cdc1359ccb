"""Money already sent: emergency stop-payment (紧急止付), freezing (冻结) and return to the victim (返还).

A stop holds the money on the receiving account for 48 hours once the bank confirms it; it may be
repeated at most twice per account. A freeze follows by the ordinary rules (six months by default),
and frozen money is returned to the victim. Figures roll up per alert and per township.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fanzha.core.money import format_yuan
from fanzha.places.models import PlaceReference

STOP_WINDOW = timedelta(hours=48)
MAX_STOPS_PER_ACCOUNT = 2
DEFAULT_FREEZE_DAYS = 180  # six months, the ordinary term

_NOT_DIGITS = re.compile(r"\D")


def normalize_account(raw: str) -> str:
    """'6222 0200-1234 5678' → '622202001234 5678' without separators: digits only."""
    return _NOT_DIGITS.sub("", raw or "")


def mask_account(number: str) -> str:
    """6222********1234: the bank's prefix and the last four stay, enough to tell two accounts apart."""
    if len(number) <= 8:
        return "****" + number[-2:] if number else ""
    return f"{number[:4]}{'*' * 8}{number[-4:]}"


class _ScopedPlace(PlaceReference):
    """Where the money matter belongs (village and township copied from its alert: scoping and township
    roll-ups read them), and who recorded it."""

    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("预警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Idempotency key of API callers; None for what was entered on a page.
    external_id = models.CharField(_("外部编号"), max_length=100, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def account_masked(self) -> str:
        return mask_account(getattr(self, "account_number", ""))


class StopPayment(_ScopedPlace):
    """紧急止付: the bank holds the money on the receiving account for 48 h from the stop."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("已提交")
        EFFECTIVE = "effective", _("止付生效")
        EXPIRED = "expired", _("已到期")
        FROZEN = "frozen", _("已冻结")
        FAILED = "failed", _("止付失败")

    bank = models.CharField(_("收款银行"), max_length=100)
    holder_name = models.CharField(_("账户户名"), max_length=100)
    account_number = models.CharField(_("收款账号"), max_length=32)
    amount = models.DecimalField(_("止付金额（元）"), max_digits=14, decimal_places=2)
    transaction_at = models.DateTimeField(_("转账时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    sequence = models.PositiveSmallIntegerField(_("第几次止付"), default=1)
    # A second stop on the same account for the same alert holds the same money again: it is not
    # counted twice in the totals.
    renewal_of = models.ForeignKey(
        "self",
        verbose_name=_("续止付于"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
    )
    requested_at = models.DateTimeField(_("提交时间"))
    effective_at = models.DateTimeField(_("生效时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"))  # computed: never typed in
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    failure_reason = models.CharField(_("失败原因"), max_length=300, blank=True)
    # Pages that show stops follow changes by the newest of these (funds.selectors.live_stamp).
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("紧急止付")
        verbose_name_plural = _("紧急止付")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="stoppayment_amount_positive"),
            models.CheckConstraint(condition=Q(sequence__gte=1, sequence__lte=2), name="stoppayment_sequence_1_2"),
            # At most two stops per account: a failed stop held nothing and does not count.
            models.UniqueConstraint(
                fields=["account_number", "sequence"],
                condition=~Q(status="failed"),
                name="stoppayment_account_sequence",
            ),
        ]
        indexes = [
            # The list: open stops by expiry first; the expiry sweep; per-township filters and roll-ups.
            models.Index(fields=["status", "expires_at"], name="stoppayment_status_expires"),
            models.Index(fields=["township", "status"], name="stoppayment_township_status"),
            models.Index(fields=["village", "status"], name="stoppayment_village_status"),
            models.Index(fields=["account_number"], name="stoppayment_account"),
            models.Index(fields=["requested_at"], name="stoppayment_requested"),
            models.Index(fields=["updated_at"], name="stoppayment_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.account_masked} {format_yuan(self.amount)}"

    def get_absolute_url(self) -> str:
        return f"/funds/{self.pk}/"

    @property
    def is_running(self) -> bool:
        """The 48 h clock matters: requested (waiting for the bank) or effective."""
        return self.status in (self.Status.REQUESTED, self.Status.EFFECTIVE)


class Freeze(_ScopedPlace):
    """冻结: after a stop (or on its own), the money is frozen for a term, six months by default."""

    stop_payment = models.ForeignKey(
        StopPayment,
        verbose_name=_("来源止付"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="freezes",
    )
    bank = models.CharField(_("银行"), max_length=100)
    holder_name = models.CharField(_("账户户名"), max_length=100, blank=True)
    account_number = models.CharField(_("冻结账号"), max_length=32)
    amount = models.DecimalField(_("冻结金额（元）"), max_digits=14, decimal_places=2)
    frozen_at = models.DateTimeField(_("冻结时间"))
    until = models.DateTimeField(_("冻结到期"))  # computed from the term
    frozen_by = models.CharField(_("冻结单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("冻结")
        verbose_name_plural = _("冻结")
        ordering = ["-frozen_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="freeze_amount_positive")]
        indexes = [
            models.Index(fields=["township", "frozen_at"], name="freeze_township_at"),
            models.Index(fields=["village", "frozen_at"], name="freeze_village_at"),
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.account_masked} {format_yuan(self.amount)}"


class FundReturn(_ScopedPlace):
    """返还: money given back to the victim, from a freeze or straight from a stop."""

    freeze = models.ForeignKey(
        Freeze, verbose_name=_("来源冻结"), null=True, blank=True, on_delete=models.PROTECT, related_name="returns"
    )
    stop_payment = models.ForeignKey(
        StopPayment,
        verbose_name=_("来源止付"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    amount = models.DecimalField(_("返还金额（元）"), max_digits=14, decimal_places=2)
    returned_on = models.DateField(_("返还日期"))
    recipient_name = models.CharField(_("返还对象"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("返还")
        verbose_name_plural = _("返还")
        ordering = ["-returned_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fundreturn_amount_positive"),
            models.CheckConstraint(
                condition=Q(freeze__isnull=False) | Q(stop_payment__isnull=False), name="fundreturn_has_source"
            ),
        ]
        indexes = [
            models.Index(fields=["township", "returned_on"], name="fundreturn_township_on"),
            models.Index(fields=["village", "returned_on"], name="fundreturn_village_on"),
        ]

    def __str__(self) -> str:
        return f"{format_yuan(self.amount)} {self.returned_on}"
