"""What every Fanzha admin page shares, and the audit log's own (read-only) admin.

`FanzhaModelAdmin` and `FanzhaInline` give the administration to system administrators (role `admin`)
and superusers only, and write an audit entry through `log_action` for every change made in the admin:
`<entity>.created`, `<entity>.changed` (with the names of the changed fields, never their values) and
`<entity>.deleted`, also for rows changed in inlines. Opening a change page, which shows the whole record,
writes `<model>.viewed` (as the apps' own detail pages do).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.utils import unquote
from django.db import models
from django.forms import Field, ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from fanzha.core.adminsite import is_fanzha_admin
from fanzha.core.audit import log_action
from fanzha.core.models import AuditEntry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def entity_name(obj: models.Model) -> str:
    """TenHouseholdGroup → ten_household_group: the first part of an audit action code."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", obj._meta.object_name or "").lower()


# Chinese names for relations whose model field was declared without one (Django would show "township").
RELATION_LABELS: dict[str, StrOrPromise] = {
    "county": _("县（市、区）"),
    "township": _("乡镇（街道）"),
    "village": _("村（社区）"),
    "grid": _("网格"),
    "group": _("十户一体组"),
    "station": _("派出所"),
    "household": _("户"),
    "user": _("用户"),
}


def relation_label(field: Any) -> StrOrPromise:
    name = getattr(field, "name", "")
    if str(getattr(field, "verbose_name", "")) == name.replace("_", " ") and name in RELATION_LABELS:
        return RELATION_LABELS[name]
    return str(getattr(field, "verbose_name", name))


def titled(filter_class: type[FieldListFilter], title: StrOrPromise) -> type[FieldListFilter]:
    """A list filter under a Chinese title: list_filter = [("village__township", titled(Related…, _("乡镇")))]."""

    class Titled(filter_class):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


def related_column(path: str, label: StrOrPromise) -> Callable[[Any], str]:
    """A list column following `path` ("village__township") under a Chinese header."""

    @admin.display(description=label, ordering=path)
    def column(obj: Any) -> str:
        for part in path.split("__"):
            obj = getattr(obj, part, None)
            if obj is None:
                return "—"
        return str(obj)

    column.__name__ = f"column_{path}"
    return column


def audit_admin_change(obj: models.Model, verb: str, *, by: Any, fields: list[str] | None = None) -> None:
    data: dict[str, Any] = {"via": "admin"}
    if fields:
        data["fields"] = sorted(fields)
    log_action(obj, f"{entity_name(obj)}.{verb}", by=by, data=data)


class AdminRolePermissions:
    """Administrators may do everything the admin offers; nobody else may do anything in it.
    (Also gives unnamed relation fields their Chinese label in forms.)"""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Field | None:
        formfield: Field | None = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and db_field.is_relation:
            formfield.label = relation_label(db_field)
        return formfield

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_fanzha_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_fanzha_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_fanzha_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_fanzha_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_fanzha_admin(request.user)


class ReadOnly:
    """Mixed in before FanzhaModelAdmin or FanzhaInline: records that only services write are looked
    up in the admin, never added, changed or deleted there. `deletable = True` lets an administrator
    delete one (a consultation or a notification someone asked to have removed)."""

    deletable = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)  # type: ignore[misc]


class FanzhaModelAdmin(AdminRolePermissions, admin.ModelAdmin):
    # Webhook addresses typed without a scheme are meant as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # A change page shows the whole record (a full account or ID number): opening one is an audited read.
    audit_reads = True

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if self.audit_reads and request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                log_action(obj, f"{obj._meta.model_name}.viewed", by=request.user, data={"via": "admin"})
        return response

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_admin_change(obj, "changed" if change else "created", by=request.user, fields=list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        # Logged first: once deleted the row has no primary key. The admin wraps both in one transaction.
        audit_admin_change(obj, "deleted", by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            audit_admin_change(obj, "deleted", by=request.user)
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for deleted in getattr(formset, "deleted_forms", []):
            if deleted.instance.pk is not None:
                audit_admin_change(deleted.instance, "deleted", by=request.user)
        super().save_formset(request, form, formset, change)
        for obj in getattr(formset, "new_objects", []):
            audit_admin_change(obj, "created", by=request.user)
        for obj, fields in getattr(formset, "changed_objects", []):
            audit_admin_change(obj, "changed", by=request.user, fields=list(fields))


class FanzhaInline(AdminRolePermissions):
    """Mixed into TabularInline/StackedInline so that inlines follow the same rule as their parent."""


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly, FanzhaModelAdmin):
    """The audit trail is evidence: it can be searched and read here, never written or erased."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "ip")
    list_filter = ("action", ("actor", admin.RelatedOnlyFieldListFilter), "object_type")
    date_hierarchy = "at"
    search_fields = ("action", "object_type", "object_id", "actor__username", "actor__full_name", "ip")
    list_select_related = ("actor",)
    readonly_fields = ("at", "actor", "action", "object_type", "object_id", "data", "ip")
    fields = readonly_fields
    show_full_result_count = False
    audit_reads = False  # reading the log is not logged: each look would add an entry to what is read
