from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.core.tabular import too_big_message
from fanzha.detection.taxonomy import FRAUD_CODES, FRAUD_TYPES
from fanzha.outreach.models import Activity, BulletinFeedback
from fanzha.places.models import Village


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.township.name} · {obj.name}"


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Activity.Kind.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    village = VillageChoiceField(label=_("村（社区）"), queryset=Village.objects.none())
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    audience = forms.IntegerField(label=_("受众人数"), min_value=0, max_value=1_000_000, initial=0, required=False)
    materials = forms.CharField(label=_("宣传材料"), max_length=300, required=False)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    households = forms.TypedMultipleChoiceField(label=_("覆盖户"), coerce=int, required=False)

    def __init__(self, *args: Any, villages: QuerySet[Village], household_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["village"]
        field.queryset = villages
        households: Any = self.fields["households"]
        # Server-side check that each ticked household is one the picker offered (the village's, in scope);
        # the service checks the scope once more.
        households.choices = [(pk, pk) for pk in household_ids]
        self.fields["date"].initial = timezone.localdate
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("日期不能晚于今天"))
        return day


class HeadVisitForm(forms.Form):
    household = forms.TypedChoiceField(label=_("走访户"), coerce=int)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("情况"), max_length=500, required=False)

    def __init__(self, *args: Any, households: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["household"]
        field.choices = households
        self.fields["date"].initial = timezone.localdate


class RegistrationImportForm(forms.Form):
    file = forms.FileField(label=_("注册名单（Excel 或 CSV）"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("请上传 .xlsx 格式的Excel文件或 .csv 文件"))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_big_message())
        return upload


FRAUD_CHOICES = [(code, FRAUD_TYPES[code].name_zh) for code in FRAUD_CODES]


class BulletinForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=120)
    fraud_type = forms.ChoiceField(label=_("诈骗类型"), choices=FRAUD_CHOICES)
    text = forms.CharField(label=_("正文"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    picture = forms.FileField(label=_("配图（可选）"), required=False)
    county = forms.BooleanField(label=_("全县"), required=False)
    townships = forms.MultipleChoiceField(label=_("乡镇"), required=False, widget=forms.CheckboxSelectMultiple)
    villages = forms.MultipleChoiceField(label=_("村（社区）"), required=False, widget=forms.SelectMultiple)
    groups = forms.MultipleChoiceField(label=_("十户一体组"), required=False, widget=forms.SelectMultiple)

    def __init__(
        self,
        *args: Any,
        townships: list[tuple[int, str]],
        villages: list[tuple[int, str]],
        groups: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("townships", townships), ("villages", villages), ("groups", groups)):
            field: Any = self.fields[name]
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("county") or data.get("townships") or data.get("villages") or data.get("groups")):
            raise forms.ValidationError(_("请至少选择一个发送范围"))
        return data


class FeedbackForm(forms.Form):
    action = forms.ChoiceField(label=_("做了什么"), choices=BulletinFeedback.Action.choices, widget=forms.RadioSelect)
    households_told = forms.IntegerField(label=_("告知了多少户"), min_value=0, max_value=100_000, initial=0)
    reporter = forms.CharField(label=_("您的姓名或身份（如：张某，中心户长）"), max_length=50, required=False)
    note = forms.CharField(label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
