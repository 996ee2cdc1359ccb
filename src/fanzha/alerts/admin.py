"""Administration: the deadline policy is edited here; alerts are only looked up (work on them happens on
the alert pages, through the services that keep the timeline and the audit trail)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fanzha.alerts.models import Alert, DeadlinePolicy, Observable
from fanzha.core.admin import RELATION_LABELS, FanzhaModelAdmin, ReadOnly, related_column, titled


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(FanzhaModelAdmin):
    list_display = ("level", "contact_minutes", "visit_minutes", "centre_after_minutes")
    list_editable = ("contact_minutes", "visit_minutes", "centre_after_minutes")
    ordering = ("id",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a level without a policy would fall back silently to the defaults


@admin.register(Alert)
class AlertAdmin(ReadOnly, FanzhaModelAdmin):
    list_display = (
        "external_id",
        "source",
        "level",
        "fraud_type",
        "status",
        related_column("township", RELATION_LABELS["township"]),
        related_column("village", RELATION_LABELS["village"]),
        "assignee",
        "routing_method",
        "received_at",
    )
    list_filter = (
        "status",
        "level",
        "fraud_type",
        "routing_method",
        ("township", titled(admin.RelatedFieldListFilter, RELATION_LABELS["township"])),
    )
    search_fields = ("external_id",)
    date_hierarchy = "received_at"
    list_select_related = ("township", "village", "assignee")
    show_full_result_count = False
    # Personal data is shown on the audited alert page, not here.
    fields = (
        "external_id",
        "source",
        "level",
        "fraud_type",
        "status",
        "outcome",
        "routing_method",
        "routing_explanation",
        "received_at",
        "contact_deadline",
        "visit_deadline",
        "first_contact_at",
        "visit_at",
        "closed_at",
        "escalation",
    )
    readonly_fields = fields


@admin.register(Observable)
class ObservableAdmin(ReadOnly, FanzhaModelAdmin):
    list_display = ("kind", "value", "alert")
    list_filter = ("kind",)
    search_fields = ("value",)
    list_select_related = ("alert",)
    fields = ("alert", "kind", "value", "raw")
    readonly_fields = fields
