from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from fanzha.detection.extra_rules import GAP
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.materials.files import RULES, SLOGAN_MAX_CHARS, limits_text
from fanzha.materials.models import Language, MaterialKind, Occasion
from fanzha.people.models import KeyGroup

FRAUD_CHOICES = [(t.code, t.name_zh) for t in FRAUD_TYPES.values() if t.is_fraud]
LARGEST_FILE = max(rule.max_bytes for rule in RULES.values())


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("标题"), max_length=120)
    file = forms.FileField(label=_("文件"), required=False, help_text=lazy(limits_text, str)())
    text = forms.CharField(
        label=_("标语内容（仅标语）"),
        required=False,
        max_length=SLOGAN_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    fraud_type = forms.ChoiceField(label=_("诈骗类型"), choices=[("", _("通用")), *FRAUD_CHOICES], required=False)
    key_group = forms.ModelChoiceField(
        label=_("重点人群"), queryset=KeyGroup.objects.all(), required=False, empty_label=_("所有人群")
    )
    language = forms.ChoiceField(label=_("语言"), choices=Language.choices, initial=Language.MANDARIN)
    occasion = forms.ChoiceField(label=_("使用场合"), choices=Occasion.choices, initial=Occasion.ANY)


class TechniqueForm(forms.Form):
    name = forms.CharField(label=_("手法名称"), max_length=60)
    fraud_type = forms.ChoiceField(label=_("诈骗类型"), choices=FRAUD_CHOICES)
    description = forms.CharField(label=_("手法描述"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    phrases = forms.CharField(
        label=_("可疑短语（每行一个）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("短语中可用 * 代表中间任意几个字（最多 %(gap)d 个），如“旧手机*鸡蛋”") % {"gap": GAP},
    )
    why = forms.CharField(label=_("为什么可疑（群众看到的解释）"), max_length=300)

    def clean_phrases(self) -> list[str]:
        raw: str = self.cleaned_data["phrases"]
        return [line.strip() for line in raw.splitlines() if line.strip()]


class TypicalCaseForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=120)
    text = forms.CharField(label=_("正文"), max_length=10000, widget=forms.Textarea(attrs={"rows": 18}))


class PublishForm(forms.Form):
    county = forms.BooleanField(label=_("全县"), required=False)
    townships = forms.MultipleChoiceField(label=_("乡镇"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, townships: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["townships"]
        field.choices = townships

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("county") or data.get("townships")):
            raise forms.ValidationError(_("请至少选择一个发送范围"))
        return data
