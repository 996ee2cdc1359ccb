"""Stop-payments, freezes and returns are only looked up here: changes go through the funds pages and
API, whose services keep the 48 h clock, the two-stop limit, the timeline and the audit trail."""

from __future__ import annotations

from django.contrib import admin

from fanzha.core.admin import FanzhaModelAdmin, ReadOnly
from fanzha.funds.models import Freeze, FundReturn, StopPayment


@admin.register(StopPayment)
class StopPaymentAdmin(ReadOnly, FanzhaModelAdmin):
    list_display = ("id", "bank", "account_masked", "amount", "status", "sequence", "requested_at", "expires_at")
    list_filter = ("status",)
    search_fields = ("=account_number", "=external_id")
    ordering = ("-requested_at",)


@admin.register(Freeze)
class FreezeAdmin(ReadOnly, FanzhaModelAdmin):
    list_display = ("id", "bank", "account_masked", "amount", "frozen_at", "until")
    ordering = ("-frozen_at",)


@admin.register(FundReturn)
class FundReturnAdmin(ReadOnly, FanzhaModelAdmin):
    list_display = ("id", "amount", "returned_on", "freeze", "stop_payment")
    ordering = ("-returned_on",)
