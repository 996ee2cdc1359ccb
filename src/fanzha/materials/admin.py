from django.contrib import admin

from fanzha.core.admin import FanzhaModelAdmin
from fanzha.materials.models import Material, Technique, TypicalCase


@admin.register(Material)
class MaterialAdmin(FanzhaModelAdmin):
    list_display = ("title", "kind", "language", "occasion", "created_at")
    list_filter = ("kind", "language")
    raw_id_fields = ("uploaded_by", "key_group")


@admin.register(TypicalCase)
class TypicalCaseAdmin(FanzhaModelAdmin):
    list_display = ("title", "status", "created_at")
    raw_id_fields = ("case", "bulletin", "created_by")


@admin.register(Technique)
class TechniqueAdmin(FanzhaModelAdmin):
    list_display = ("name", "fraud_type", "status", "normal_hits")
    raw_id_fields = ("created_by",)
