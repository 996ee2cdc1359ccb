"""Cross-cutting records: the audit trail, background jobs, and the scheduler heartbeat."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which record, when and from where. Never holds full phone or ID numbers."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    # No database constraint (docs/architecture.md, "References without constraints").
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    action = models.CharField(_("动作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_id = models.CharField(_("对象编号"), max_length=64)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("来源IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class Heartbeat(models.Model):
    """Written by a periodic task, so that anyone can see the scheduler is alive."""

    name = models.CharField(max_length=50, unique=True)
    at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"


class Job(models.Model):
    """A long piece of work (import, export, batch letters) run by the worker, with progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=50)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    input_file = models.FileField(upload_to="jobs/input/%Y/%m/", blank=True)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    result_file = models.FileField(upload_to="jobs/result/%Y/%m/", blank=True)
    # host:pid of the worker process running it, so that a job whose worker died can be told from one
    # still running on another machine (core.jobs.jobs_recover_orphans).
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def error_count(self) -> int:
        """All the errors found; `errors` keeps the first IMPORT_MAX_ERRORS of them."""
        return int(self.summary.get("error_count", len(self.errors)))

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class FormSubmission(models.Model):
    """One submit of a form that creates something (core.once): the key the form carried and where its
    record was shown, so that the same submit sent again opens that record instead of making another."""

    key = models.UUIDField()
    # No database constraint: written in the same transaction as the record, about the acting user.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    path = models.CharField(max_length=200)
    location = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="form_submission_once_per_user")]

    def __str__(self) -> str:
        return f"{self.path} {self.key}"
