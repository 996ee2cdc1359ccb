"""Administration: consultations are only looked up here (masked); the full record is on the audited
staff page, and consultations are made through the service that judges them."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fanzha.consults.models import Consultation
from fanzha.core.admin import RELATION_LABELS, FanzhaModelAdmin, ReadOnly, related_column, titled


@admin.register(Consultation)
class ConsultationAdmin(ReadOnly, FanzhaModelAdmin):
    deletable = True

    list_display = (
        "created_at",
        "channel",
        "fraud_type",
        "high_risk",
        "masked_phone",
        related_column("township", RELATION_LABELS["township"]),
        related_column("village", RELATION_LABELS["village"]),
        "handled_by",
    )
    list_filter = (
        "channel",
        "fraud_type",
        "high_risk",
        ("township", titled(admin.RelatedFieldListFilter, RELATION_LABELS["township"])),
    )
    search_fields = ("external_id",)
    date_hierarchy = "created_at"
    list_select_related = ("township", "village", "handled_by")
    show_full_result_count = False
    fields = ("created_at", "channel", "fraud_type", "is_fraud", "score", "high_risk", "external_id", "alert")
    readonly_fields = fields

    @admin.display(description=_("联系电话"))
    def masked_phone(self, obj: Consultation) -> str:
        return obj.phone_masked or "—"
