from django.contrib import admin

from fanzha.core.admin import FanzhaModelAdmin
from fanzha.outreach.models import Activity, Bulletin, HeadVisit


@admin.register(Activity)
class ActivityAdmin(FanzhaModelAdmin):
    list_display = ("date", "kind", "township", "village", "audience")
    list_filter = ("kind",)
    raw_id_fields = ("township", "village", "created_by", "organisers")


@admin.register(HeadVisit)
class HeadVisitAdmin(FanzhaModelAdmin):
    list_display = ("date", "group", "by")
    raw_id_fields = ("group", "household", "by")


@admin.register(Bulletin)
class BulletinAdmin(FanzhaModelAdmin):
    list_display = ("title", "fraud_type", "sent_at")
