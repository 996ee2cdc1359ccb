"""Administration: cases are looked up here; work on them happens on the case pages (audited services)."""

from __future__ import annotations

from django.contrib import admin

from fanzha.cases.models import Case, NoticeLetter
from fanzha.core.admin import FanzhaModelAdmin, ReadOnly


@admin.register(Case)
class CaseAdmin(ReadOnly, FanzhaModelAdmin):
    list_display = ("case_number", "fraud_type", "loss_amount", "township", "occurred_at")
    list_filter = ("fraud_type", "contact_method")
    search_fields = ("case_number",)
    date_hierarchy = "occurred_at"
    list_select_related = ("township",)
    # Personal data is shown on the audited case page, not here.
    fields = ("case_number", "external_id", "fraud_type", "contact_method", "loss_amount", "occurred_at", "reported_at")
    readonly_fields = fields


@admin.register(NoticeLetter)
class NoticeLetterAdmin(ReadOnly, FanzhaModelAdmin):
    list_display = ("number", "organisation", "generated_at", "delivered_on", "acknowledged_on")
    search_fields = ("number",)
    list_select_related = ("organisation",)
    fields = ("number", "organisation", "generated_at", "delivered_on", "acknowledged_on", "signed_by")
    readonly_fields = fields
