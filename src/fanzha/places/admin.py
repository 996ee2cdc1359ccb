"""Administration of the county's places and of who works where (一村一警一助理一网格员)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.admin import ApiTokenInline, UserAdmin
from fanzha.accounts.models import Role, User
from fanzha.core.admin import RELATION_LABELS, FanzhaInline, FanzhaModelAdmin, related_column, titled
from fanzha.core.phones import normalize_phone
from fanzha.places.models import Assignment, County, Grid, PoliceStation, TenHouseholdGroup, Township, Village

PLACE_FIELDS = ("station", "township", "village", "grid")
BY_COUNTY = ("county", titled(admin.RelatedFieldListFilter, RELATION_LABELS["county"]))
BY_TOWNSHIP = ("township", titled(admin.RelatedFieldListFilter, RELATION_LABELS["township"]))
BY_VILLAGE_TOWNSHIP = ("village__township", titled(admin.RelatedFieldListFilter, RELATION_LABELS["township"]))


class AssignmentForm(forms.ModelForm):
    """One assignment covers exactly one place; the database refuses anything else, this says why."""

    role = forms.ChoiceField(label=_("岗位"), choices=Role.choices)

    class Meta:
        model = Assignment
        fields = ("role", *PLACE_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [name for name in PLACE_FIELDS if cleaned.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("请在派出所、乡镇、村（社区）、网格中选择且只选择一项。"))
        return cleaned


class PoliceStationForm(forms.ModelForm):
    class Meta:
        model = PoliceStation
        fields = ("county", "name", "phone", "townships")

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone")) or ""


@admin.register(County)
class CountyAdmin(FanzhaModelAdmin):
    list_display = ("name", "full_name", "code", "is_demo")
    search_fields = ("name", "full_name", "code")


@admin.register(Township)
class TownshipAdmin(FanzhaModelAdmin):
    list_display = ("name", "kind", related_column("county", RELATION_LABELS["county"]), "code")
    list_filter = ("kind", BY_COUNTY)
    search_fields = ("name", "code")
    list_select_related = ("county",)


@admin.register(Village)
class VillageAdmin(FanzhaModelAdmin):
    list_display = ("name", "kind", related_column("township", RELATION_LABELS["township"]), "code")
    list_filter = (BY_TOWNSHIP, "kind")
    search_fields = ("name", "township__name", "code")
    list_select_related = ("township",)
    autocomplete_fields = ("township",)


@admin.register(Grid)
class GridAdmin(FanzhaModelAdmin):
    list_display = ("name", related_column("village", RELATION_LABELS["village"]), "township")
    list_filter = (BY_VILLAGE_TOWNSHIP,)
    search_fields = ("name", "village__name")
    autocomplete_fields = ("village",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Grid]:
        # str(grid) names its village, also in autocomplete answers.
        return super().get_queryset(request).select_related("village__township")

    @admin.display(description=RELATION_LABELS["township"], ordering="village__township")
    def township(self, grid: Grid) -> str:
        return grid.village.township.name


@admin.register(TenHouseholdGroup)
class TenHouseholdGroupAdmin(FanzhaModelAdmin):
    list_display = (
        "name",
        related_column("village", RELATION_LABELS["village"]),
        related_column("grid", RELATION_LABELS["grid"]),
        "head",
    )
    list_filter = (BY_VILLAGE_TOWNSHIP,)
    search_fields = ("name", "village__name")
    list_select_related = ("village", "grid__village", "head")
    autocomplete_fields = ("village", "grid", "head")


@admin.register(PoliceStation)
class PoliceStationAdmin(FanzhaModelAdmin):
    form = PoliceStationForm
    list_display = ("name", related_column("county", RELATION_LABELS["county"]), "phone", "covered_townships")
    search_fields = ("name",)
    filter_horizontal = ("townships",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[PoliceStation]:
        return super().get_queryset(request).select_related("county").prefetch_related("townships")

    @admin.display(description=_("辖区乡镇"))
    def covered_townships(self, station: PoliceStation) -> str:
        return "、".join(t.name for t in station.townships.all())


@admin.register(Assignment)
class AssignmentAdmin(FanzhaModelAdmin):
    form = AssignmentForm
    list_display = (related_column("user", RELATION_LABELS["user"]), "role_label", "place_kind", "place_name")
    list_filter = ("role", BY_VILLAGE_TOWNSHIP)
    search_fields = ("user__username", "user__full_name", "village__name", "township__name", "station__name")
    list_select_related = ("user", "station", "township", "village", "grid__village")
    autocomplete_fields = ("user", *PLACE_FIELDS)
    fields = ("user", "role", *PLACE_FIELDS)

    @admin.display(description=_("岗位"), ordering="role")
    def role_label(self, assignment: Assignment) -> str:
        return str(dict(Role.choices).get(assignment.role, assignment.role))

    @admin.display(description=_("辖区类型"))
    def place_kind(self, assignment: Assignment) -> str:
        for name in PLACE_FIELDS:
            if getattr(assignment, f"{name}_id"):
                return str(Assignment._meta.get_field(name).related_model._meta.verbose_name)  # type: ignore[union-attr]
        return "—"

    @admin.display(description=_("辖区"))
    def place_name(self, assignment: Assignment) -> str:
        return str(assignment.place or "—")


class AssignmentInline(FanzhaInline, admin.TabularInline):
    model = Assignment
    form = AssignmentForm
    extra = 0
    autocomplete_fields = ("station", "township", "village", "grid")
    verbose_name = _("负责的地方")
    verbose_name_plural = _("负责的地方（派出所、乡镇、村（社区）或网格，每行选一项）")


# The user page lists the places each user covers: accounts knows no places, so the user admin is
# registered again here with the inline added.
admin.site.unregister(User)


@admin.register(User)
class UserWithPlacesAdmin(UserAdmin):
    inlines = (AssignmentInline, ApiTokenInline)
