from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fanzha.consults.models import Channel
from fanzha.consults.services import ConsultationInputError, clean_text, phone_of
from fanzha.detection.classifier import is_blank
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.places.models import Village


class ConsultTextField(forms.CharField):
    """Any text a citizen can paste: NUL and lone surrogates are replaced, not refused (Django's
    CharField would refuse NUL with a message nobody understands); blank text gets a clear message."""

    def to_python(self, value: Any) -> str:
        return clean_text(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and is_blank(value):
            raise forms.ValidationError(self.error_messages["required"], code="required")


def _village_choices(villages: QuerySet[Village]) -> list[Any]:
    """Villages grouped by township: one select that works without JavaScript (乡镇 → 村)."""
    choices: list[Any] = [("", _("不选择"))]
    for township, group in groupby(villages.select_related("township"), key=lambda v: v.township):
        choices.append((township.name, [(v.pk, v.name) for v in group]))
    return choices


class _VillageMixin:
    villages: QuerySet[Village]

    def clean_village(self) -> Village | None:
        value = self.cleaned_data["village"]  # type: ignore[attr-defined]
        if not value:
            return None
        village = self.villages.filter(pk=value).select_related("township").first()
        if village is None:
            raise forms.ValidationError(_("请选择列表中的村（社区）"))
        return village

    def clean_phone(self) -> str:
        try:
            return phone_of(self.cleaned_data["phone"])  # type: ignore[attr-defined]
        except ConsultationInputError as exc:
            raise forms.ValidationError(exc.message) from None


TEXT_HELP = _("可直接粘贴短信、聊天记录，或写下对方怎么说、让您做什么。超过5000字只识别前5000字。")
REQUIRED_TEXT = _("请填写要咨询的内容：粘贴收到的短信、聊天内容，或说说来电经过。")


class PublicConsultForm(_VillageMixin, forms.Form):
    text = ConsultTextField(
        label=_("收到的短信、聊天内容或来电经过"),
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 7, "placeholder": _("例如：对方自称公安局，说我涉嫌洗钱，要我把钱转到安全账户……")}
        ),
        help_text=TEXT_HELP,
        error_messages={"required": REQUIRED_TEXT},
    )
    phone = forms.CharField(
        label=_("您的手机号（选填）"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("留下号码，高风险时社区民警会及时联系您。"),
    )
    village = forms.TypedChoiceField(
        label=_("您所在的村（社区）（选填）"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, villages: QuerySet[Village], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = villages
        self.fields["village"].choices = _village_choices(villages)  # type: ignore[attr-defined]


STAFF_CHANNELS = [(c.value, c.label) for c in (Channel.PHONE, Channel.WALK_IN, Channel.WECHAT)]


class StaffConsultForm(_VillageMixin, forms.Form):
    channel = forms.ChoiceField(label=_("咨询方式"), choices=STAFF_CHANNELS)
    text = ConsultTextField(
        label=_("咨询内容"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=TEXT_HELP,
        error_messages={"required": REQUIRED_TEXT},
    )
    phone = forms.CharField(
        label=_("群众电话"), required=False, max_length=40, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    village = forms.TypedChoiceField(label=_("村（社区）"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, villages: QuerySet[Village], village_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = villages
        field = self.fields["village"]
        field.choices = _village_choices(villages)  # type: ignore[attr-defined]
        field.required = village_required
        if village_required:
            field.error_messages["required"] = _("请选择群众所在的村（社区）")


class FilterForm(forms.Form):
    channel = forms.ChoiceField(label=_("渠道"), required=False, choices=[("", _("全部")), *Channel.choices])
    fraud_type = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=lambda: [("", _("全部")), *((t.code, t.name_zh) for t in FRAUD_TYPES.values())],
    )
    risk = forms.ChoiceField(
        label=_("风险"), required=False, choices=[("", _("全部")), ("high", _("高风险")), ("other", _("非高风险"))]
    )
    period = forms.ChoiceField(
        label=_("时间"),
        required=False,
        choices=[("", _("全部")), ("today", _("今天")), ("7d", _("近7天")), ("30d", _("近30天"))],
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        risk = {"high": True, "other": False}.get(data["risk"])
        return {
            "channel": data["channel"],
            "fraud_type": data["fraud_type"],
            "high_risk": risk,
            "period": data["period"],
        }
