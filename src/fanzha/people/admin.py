"""Administration of households, residents and organisations.

Lists show phone and ID numbers masked; opening a resident's record in the admin is audited exactly like
opening it on the resident page ("resident.viewed"). ID numbers are checked (GB 11643) and phones
normalised (E.164) before anything is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import ManyToManyField, QuerySet
from django.forms import CheckboxSelectMultiple
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fanzha.core.admin import RELATION_LABELS, FanzhaModelAdmin, titled
from fanzha.core.ids import validate_id_number
from fanzha.core.phones import normalize_phone
from fanzha.people.models import Household, KeyGroup, Organisation, Resident

BY_VILLAGE_TOWNSHIP = ("village__township", titled(admin.RelatedFieldListFilter, RELATION_LABELS["township"]))


class ResidentAdminForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = (
            "name",
            "gender",
            "birth_date",
            "id_number",
            "phone",
            "village",
            "household",
            "organisation",
            "key_groups",
            "app_registered_on",
        )

    def clean_id_number(self) -> str | None:
        raw = (self.cleaned_data.get("id_number") or "").strip()
        return validate_id_number(raw) if raw else None

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone")) or ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        household, village = cleaned.get("household"), cleaned.get("village")
        if household is not None and village is not None and household.village_id != village.pk:
            self.add_error("household", _("该户不在所选村（社区）。"))
        return cleaned


class OrganisationAdminForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "township",
            "village",
            "address",
            "responsible_person",
            "responsible_phone",
            "key_groups",
        )

    def clean_responsible_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("responsible_phone")) or ""


class KeyGroupCheckboxes:
    """Six or so key groups: tick boxes read better than a multi-select."""

    def formfield_for_manytomany(self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "key_groups":
            kwargs["widget"] = CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class AppRegisteredFilter(admin.SimpleListFilter):
    title = _("国家反诈中心App")
    parameter_name = "registered"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("已注册")), ("no", _("未注册"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(app_registered_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(app_registered_on__isnull=True)
        return queryset


@admin.register(KeyGroup)
class KeyGroupAdmin(FanzhaModelAdmin):
    list_display = ("name", "code", "description")
    search_fields = ("name", "code")


@admin.register(Organisation)
class OrganisationAdmin(KeyGroupCheckboxes, FanzhaModelAdmin):
    form = OrganisationAdminForm
    list_display = ("name", "kind", "township", "village", "responsible_person", "responsible_phone_masked")
    list_filter = ("kind", "township")
    search_fields = ("name", "responsible_person")
    list_select_related = ("township", "village")
    autocomplete_fields = ("township", "village")

    @admin.display(description=_("负责人电话"))
    def responsible_phone_masked(self, organisation: Organisation) -> str:
        return organisation.responsible_phone_masked


@admin.register(Household)
class HouseholdAdmin(FanzhaModelAdmin):
    list_display = ("address", "village", "grid", "group")
    list_filter = (BY_VILLAGE_TOWNSHIP,)
    search_fields = ("address", "village__name")
    list_select_related = ("village", "grid__village", "group")
    autocomplete_fields = ("village", "grid", "group")


@admin.register(Resident)
class ResidentAdmin(KeyGroupCheckboxes, FanzhaModelAdmin):
    form = ResidentAdminForm
    list_display = ("name", "gender", "phone_masked", "id_number_masked", "village", "household", "app_registered_on")
    list_filter = (BY_VILLAGE_TOWNSHIP, "gender", "key_groups", AppRegisteredFilter)
    # A full phone or ID number finds the person without being shown in the list.
    search_fields = ("name", "phone", "=id_number", "household__address")
    list_select_related = ("village", "household")
    autocomplete_fields = ("village", "household", "organisation")
    show_full_result_count = False

    @admin.display(description=_("手机号"))
    def phone_masked(self, resident: Resident) -> str:
        return resident.phone_masked

    @admin.display(description=_("身份证号"))
    def id_number_masked(self, resident: Resident) -> str:
        return resident.id_number_masked
