"""The alerts' monthly roll-up (rollup.py): counts per month, township and fraud type, kept exact.

`AlertMonth` is the ledger, one row per calendar month (Asia/Shanghai). A database trigger on the
alerts table (migration 0001, PostgreSQL only) adds one to `version` whenever an alert of a month
before the current one is inserted, changed or deleted, in the same transaction as the change. The
roll-up of a month (`AlertMonthFigure` rows) is used only while `rolled_version` equals `version`:
any later change sends the figures of that month back to the alerts table until the roll-up is redone.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertMonth(models.Model):
    month = models.DateField(_("月份"), primary_key=True)  # the month's first day
    version = models.BigIntegerField(_("版本"), default=0)
    rolled_version = models.BigIntegerField(_("汇总时的版本"), null=True)
    rolled_schema = models.CharField(_("汇总口径"), max_length=300, blank=True)
    rolled_at = models.DateTimeField(_("汇总时间"), null=True)

    class Meta:
        verbose_name = _("预警月度汇总台账")
        verbose_name_plural = _("预警月度汇总台账")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class AlertMonthCut(models.Model):
    """Where a row of the roll-up belongs: a month, a county, a township (none: unrouted), a fraud type,
    a measure."""

    month = models.DateField(_("月份"))
    county_id = models.BigIntegerField(_("县"), null=True)  # the alert's county (none: the prefecture's queue)
    township_id = models.BigIntegerField(_("乡镇"), null=True)  # a number, not a key: a cache of figures
    fraud_type = models.CharField(_("诈骗类型"), max_length=40)
    measure = models.CharField(_("指标"), max_length=40)

    class Meta:
        abstract = True


class AlertMonthFigure(AlertMonthCut):
    """One count measure of the alerts received in a month, in one township, of one fraud type."""

    value = models.BigIntegerField(_("数值"))

    class Meta:
        verbose_name = _("预警月度汇总")
        verbose_name_plural = _("预警月度汇总")
        indexes = [models.Index(fields=["month", "township_id"], name="alert_month_figure")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure}={self.value}"


class AlertMonthSpans(AlertMonthCut):
    """For a median measure: every span (seconds, the double percentile_cont orders) of the alerts
    received in a month, in one township, of one fraud type, sorted, as little-endian doubles. A
    period's median is then picked from them without sorting its alerts (rollup.py)."""

    spans = models.BinaryField(_("时长"))

    class Meta:
        verbose_name = _("预警月度时长")
        verbose_name_plural = _("预警月度时长")
        indexes = [models.Index(fields=["month", "measure"], name="alert_month_spans")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure}"
