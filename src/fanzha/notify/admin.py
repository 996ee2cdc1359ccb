"""Administration: channels are edited here too (through the same validation as the channels page);
notifications, deliveries and attempts are only looked up."""

from __future__ import annotations

from django.contrib import admin

from fanzha.core.admin import FanzhaInline, FanzhaModelAdmin, ReadOnly
from fanzha.notify.forms import ChannelForm
from fanzha.notify.models import Channel, Delivery, DeliveryAttempt, Notification


@admin.register(Channel)
class ChannelAdmin(FanzhaModelAdmin):
    form = ChannelForm
    list_display = ("name", "kind", "target_masked", "owner_label", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "owner_key", "user__username", "user__full_name")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(ReadOnly, FanzhaModelAdmin):
    deletable = True

    list_display = ("created_at", "user", "subject", "read_at")
    list_filter = ("read_at",)
    search_fields = ("event_key", "user__username", "subject")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    show_full_result_count = False


class AttemptInline(FanzhaInline, admin.TabularInline):
    model = DeliveryAttempt
    fields = ("at", "ok", "http_status", "error", "duration_ms")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly, FanzhaModelAdmin):
    deletable = True

    list_display = ("created_at", "event_key", "target_key", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status",)
    search_fields = ("event_key", "target_key")
    date_hierarchy = "created_at"
    inlines = [AttemptInline]
    show_full_result_count = False
