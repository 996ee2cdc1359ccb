"""Administration: cases are looked up here; work on them happens on the case pages (audited services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fanzha.cases.models import Case, NoticeLetter
from fanzha.core.admin import FanzhaModelAdmin


class _ReadOnly(FanzhaModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(_ReadOnly):
    list_display = ("case_number", "fraud_type", "loss_amount", "township", "occurred_at")
    list_filter = ("fraud_type", "contact_method")
    search_fields = ("case_number",)
    date_hierarchy = "occurred_at"
    list_select_related = ("township",)
    # Personal data is shown on the audited case page, not here.
    fields = ("case_number", "external_id", "fraud_type", "contact_method", "loss_amount", "occurred_at", "reported_at")
    readonly_fields = fields


@admin.register(NoticeLetter)
class NoticeLetterAdmin(_ReadOnly):
    list_display = ("number", "organisation", "generated_at", "delivered_on", "acknowledged_on")
    search_fields = ("number",)
    list_select_related = ("organisation",)
    fields = ("number", "organisation", "generated_at", "delivered_on", "acknowledged_on", "signed_by")
    readonly_fields = fields
