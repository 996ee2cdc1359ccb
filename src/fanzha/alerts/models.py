"""Early-warning instructions (预警指令) and the work done on them.

An Alert arrives (API, Excel batch, typed in by the duty operator, or raised by a consultation), is
routed to the officer who covers the person, carries deadlines computed from its level, collects
dissuasion attempts and a timeline, and is closed with an outcome.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fanzha.core.ids import mask_id_number
from fanzha.core.phones import mask_phone
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.places.models import PlaceReference


def fraud_type_choices() -> list[tuple[str, str]]:
    # A callable, so that editing the taxonomy never needs a migration here.
    return [(t.code, t.name_zh) for t in FRAUD_TYPES.values()]


class Level(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class DeadlinePolicy(models.Model):
    """Time allowed per risk level, edited by an admin; deadlines on alerts are computed from it."""

    level = models.CharField(_("预警等级"), max_length=10, choices=Level.choices, unique=True)
    contact_minutes = models.PositiveIntegerField(_("首次联系时限（分钟）"))
    visit_minutes = models.PositiveIntegerField(
        _("见面劝阻时限（分钟）"), null=True, blank=True, help_text=_("留空表示不要求见面劝阻")
    )
    centre_after_minutes = models.PositiveIntegerField(
        _("再升级到反诈中心（分钟）"),
        help_text=_("逾期上报派出所所长后，仍未处置再过多少分钟上报反诈中心"),
    )

    class Meta:
        verbose_name = _("处置时限")
        verbose_name_plural = _("处置时限")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(Level(self.level).label)

    @property
    def contact_window(self) -> timedelta:
        return timedelta(minutes=self.contact_minutes)

    @property
    def visit_window(self) -> timedelta | None:
        return timedelta(minutes=self.visit_minutes) if self.visit_minutes is not None else None


# Used when an admin has deleted a level's row: work must still get a deadline.
DEFAULT_POLICIES: dict[str, tuple[int, int | None, int]] = {
    Level.HIGH: (5, 30, 10),
    Level.MEDIUM: (30, 24 * 60, 60),
    Level.LOW: (24 * 60, None, 4 * 60),
}


DESCRIPTION_MAX_LENGTH = 5000
"""The longest alert description intake accepts (the column itself is unlimited text)."""


class Alert(PlaceReference):
    """An early-warning instruction (预警指令) about a likely victim, and the work on it.

    On PostgreSQL the statistics app keeps a trigger on this table (stats migration 0001): it marks
    the month of an alert's `received_at` out of date in stats' roll-up ledger on every insert, change
    or deletion. It lives with stats, which reads alerts, so that alerts knows nothing of statistics;
    renaming or retyping `received_at` means changing that trigger in a stats migration too
    (tests/stats/test_rollup.py fails until then)."""

    class Status(models.TextChoices):
        NEW = "new", _("待处置")  # in the centre's queue: nobody could be assigned yet
        ASSIGNED = "assigned", _("已派发")
        IN_PROGRESS = "in_progress", _("处置中")
        CLOSED = "closed", _("已办结")

    class Outcome(models.TextChoices):
        DISSUADED = "dissuaded", _("劝阻成功")
        MONEY_SENT = "money_sent", _("已转账被骗")
        NOT_FRAUD = "not_fraud", _("非诈骗")
        REFUSED = "refused", _("拒绝劝阻")

    class RoutingMethod(models.TextChoices):
        PHONE = "phone", _("按手机号")
        ID_NUMBER = "id_number", _("按身份证号")
        ADDRESS = "address", _("按地址")
        UNROUTED = "unrouted", _("未能分派")

    ANONYMOUS_CONSULTATION = "public_consultation"
    """The source of an alert raised by a consultation on the public page: nobody signed in, so the text
    and the phone number are whatever someone typed there (shown to the officer as such)."""

    # What the codes upper-level platforms and Fanzha itself send as `source` mean to an officer; any
    # other source (typed in by hand: "电话", "96110") is shown as it was written.
    SOURCE_LABELS = {
        "province": _("省厅预警平台"),
        "city": _("州（市）局预警平台"),
        "prefecture": _("州（市）局预警平台"),
        "county": _("县局"),
        "bank": _("银行预警"),
        "consultation": _("群众咨询（民警登记）"),
        ANONYMOUS_CONSULTATION: _("群众咨询（公开页面）"),
        "excel": _("Excel批量导入"),
        "api": _("接口推送"),
    }

    @classmethod
    def source_label(cls, source: str) -> str:
        return str(cls.SOURCE_LABELS.get((source or "").strip().lower(), source))

    @property
    def source_display(self) -> str:
        return self.source_label(self.source)

    class Escalation(models.IntegerChoices):
        NONE = 0, _("未升级")
        STATION = 1, _("已上报派出所所长")
        CENTRE = 2, _("已上报反诈中心")
        PREFECTURE = 3, _("已上报州反诈中心")

    # The county whose centre answers for the alert: its township's county once routed; before that the
    # county its ID number was issued in; none (the prefecture's queue) when nothing tells.
    county = models.ForeignKey(
        "places.County",
        verbose_name=_("县（市、区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    external_id = models.CharField(_("预警编号"), max_length=100, unique=True)
    source = models.CharField(_("来源"), max_length=50)
    level = models.CharField(_("预警等级"), max_length=10, choices=Level.choices)
    fraud_type = models.CharField(_("诈骗类型"), max_length=40, choices=fraud_type_choices)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NEW)

    victim_name = models.CharField(_("预警对象姓名"), max_length=50, blank=True)
    # E.164 when it could be parsed; otherwise what was sent, kept and flagged so nothing is lost.
    victim_phone = models.CharField(_("预警对象电话"), max_length=40, blank=True)
    victim_phone_invalid = models.BooleanField(_("电话无法识别"), default=False)
    id_number = models.CharField(_("身份证号"), max_length=30, blank=True)
    id_number_invalid = models.BooleanField(_("身份证号无效"), default=False)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    amount_at_risk = models.DecimalField(_("涉险金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    # A text column has no length; what intake accepts is DESCRIPTION_MAX_LENGTH.
    description = models.TextField(_("预警内容"), blank=True)

    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("对应居民"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    # village and township (PlaceReference) and assignee are indexed by the (…, status) indexes below:
    # one index fewer per column is one write fewer per alert, and one Excel file brings a hundred thousand.
    grid = models.ForeignKey(
        "places.Grid",
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # nothing looks alerts up by grid
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_alerts",
        db_index=False,
    )
    routing_method = models.CharField(_("分派方式"), max_length=12, choices=RoutingMethod.choices)
    routing_explanation = models.TextField(_("分派说明"), blank=True)

    issued_at = models.DateTimeField(_("下发时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"))
    contact_deadline = models.DateTimeField(_("首次联系时限"))
    visit_deadline = models.DateTimeField(_("见面劝阻时限"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("首次联系时间"), null=True, blank=True)
    visit_at = models.DateTimeField(_("见面劝阻时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    outcome = models.CharField(_("处置结果"), max_length=12, choices=Outcome.choices, blank=True)

    escalation = models.PositiveSmallIntegerField(_("升级"), choices=Escalation.choices, default=Escalation.NONE)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-received_at", "-id"]
        indexes = [
            # The board and the escalation sweep: open alerts by deadline.
            models.Index(fields=["status", "contact_deadline"], name="alert_status_deadline"),
            models.Index(fields=["assignee", "status"], name="alert_assignee_status"),
            models.Index(fields=["village", "status"], name="alert_village_status"),
            models.Index(fields=["township", "status"], name="alert_township_status"),
            models.Index(fields=["county", "status"], name="alert_county_status"),
            models.Index(fields=["received_at"], name="alert_received"),
            models.Index(fields=["closed_at"], name="alert_closed"),
        ]

    scope_paths = {**PlaceReference.scope_paths, "county": "county_id"}

    def __str__(self) -> str:
        return f"{self.external_id} {self.get_fraud_type_display()}"

    def get_absolute_url(self) -> str:
        return f"/alerts/{self.pk}/"

    @property
    def fraud_type_name(self) -> str:
        """As get_fraud_type_display(), without walking the choices (messages are built in bulk)."""
        found = FRAUD_TYPES.get(self.fraud_type)
        return found.name_zh if found else self.fraud_type

    @property
    def from_anonymous_consultation(self) -> bool:
        return self.source == self.ANONYMOUS_CONSULTATION

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def victim_phone_masked(self) -> str:
        if not self.victim_phone:
            return ""
        if self.victim_phone_invalid:
            return "****"
        return mask_phone(self.victim_phone)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def victim_name_masked(self) -> str:
        """张** : enough for a colleague to tell two alerts apart, not enough to identify anyone."""
        if not self.victim_name:
            return ""
        return self.victim_name[0] + "*" * max(1, len(self.victim_name) - 1)

    def overdue_at(self, now: datetime) -> list[str]:
        """Which deadlines have passed unmet at `now`: "contact", "visit"."""
        late: list[str] = []
        if self.status == self.Status.CLOSED:
            return late
        if self.first_contact_at is None and self.contact_deadline < now:
            late.append("contact")
        if self.visit_deadline is not None and self.visit_at is None and self.visit_deadline < now:
            late.append("visit")
        return late


class DissuasionAttempt(models.Model):
    """One try to reach and dissuade the person: a call, a visit (见面劝阻) or an SMS."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话")
        VISIT = "visit", _("上门见面")
        SMS = "sms", _("短信")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="attempts")
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices)
    reached = models.BooleanField(_("是否联系上"))
    outcome = models.CharField(_("结果"), max_length=12, choices=Alert.Outcome.choices, blank=True)
    notes = models.TextField(_("情况记录"), blank=True)
    # 已转账被骗: what the person says was sent (the stop-payment asks for this, not the amount at risk).
    amount_sent = models.DecimalField(_("已转账金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    at = models.DateTimeField(_("时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处置人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_paths = {"village": "alert__village_id", "township": "alert__township_id", "county": "alert__county_id"}

    class Meta:
        verbose_name = _("劝阻记录")
        verbose_name_plural = _("劝阻记录")
        ordering = ["alert_id", "at", "id"]
        indexes = [models.Index(fields=["alert", "at"], name="attempt_alert_at")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.at:%Y-%m-%d %H:%M}"


class TimelineEvent(models.Model):
    """One step in an alert's life, with who and when: received, routed, notified, opened, attempts…

    `kind` is open-ended so that other apps (funds: stop-payments) can add their own steps.
    """

    # Records written by the thousand at intake point at alerts and users without a database
    # constraint (see docs/architecture.md, "References without constraints"); the (alert, at) index
    # serves look-ups by alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="timeline", db_constraint=False, db_index=False
    )
    at = models.DateTimeField(_("时间"))
    kind = models.CharField(_("事件"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    data = models.JSONField(_("数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("处置时间线")
        verbose_name_plural = _("处置时间线")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["alert", "at"], name="timeline_alert_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M:%S}"


class Observable(models.Model):
    """A suspect's trace on an alert (number, account, site, app), normalised so that the same one
    matches across alerts: "seen in N other alerts" counts the rows with the same kind and value."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("涉诈电话")
        ACCOUNT = "account", _("涉诈账户")
        URL = "url", _("涉诈网址")
        APP = "app", _("涉诈App")

    # No database constraint (docs/architecture.md, "References without constraints"); the unique
    # (alert, kind, value) index serves look-ups by alert.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="observables", db_constraint=False, db_index=False
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("值"), max_length=300)
    raw = models.CharField(_("原始值"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("涉诈线索")
        verbose_name_plural = _("涉诈线索")
        constraints = [models.UniqueConstraint(fields=["alert", "kind", "value"], name="observable_once_per_alert")]
        indexes = [models.Index(fields=["kind", "value"], name="observable_value")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class AlertSeen(models.Model):
    """Who has opened which alert's page: an alert a user has not opened yet is marked 新 for them."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="seen_by")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    at = models.DateTimeField(_("首次打开时间"))

    class Meta:
        verbose_name = _("预警已读")
        verbose_name_plural = _("预警已读")
        constraints = [models.UniqueConstraint(fields=["user", "alert"], name="alertseen_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.alert_id}"


class CrossCountyTrace(models.Model):
    """A suspect's trace (an account, a phone, a site, an App) seen in alerts of two or more counties:
    flagged to the prefecture's centre, which alone sees every county (串并线索). One row per trace;
    `county_ids` grows as the trace turns up in more counties, and each growth is told again."""

    kind = models.CharField(_("类型"), max_length=10, choices=Observable.Kind.choices)
    value = models.CharField(_("值"), max_length=300)
    county_ids = models.JSONField(_("涉及县"), default=list)
    first_flagged_at = models.DateTimeField(_("首次发现"))
    last_flagged_at = models.DateTimeField(_("最近一次"))

    class Meta:
        verbose_name = _("跨县串并线索")
        verbose_name_plural = _("跨县串并线索")
        ordering = ["-last_flagged_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="cross_county_trace_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"

    def alerts(self) -> models.QuerySet[Alert]:
        return Alert.objects.filter(observables__kind=self.kind, observables__value=self.value).order_by(
            "county_id", "-received_at"
        )
