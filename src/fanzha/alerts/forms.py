from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fanzha.alerts.models import DESCRIPTION_MAX_LENGTH, Alert, DissuasionAttempt, Level, fraud_type_choices
from fanzha.core.fields import max_length
from fanzha.core.money import MAX_AMOUNT
from fanzha.detection.taxonomy import FRAUD_CODES
from fanzha.places.models import Village


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("，", "\n").replace(",", "\n").splitlines() if line.strip()]


class AlertEntryForm(forms.Form):
    """The duty operator types in an alert taken by phone (from 96110, a bank, a family member…)."""

    # Generated when the form is shown: pressing "submit" twice still makes one alert.
    token = forms.CharField(widget=forms.HiddenInput)
    external_id = forms.CharField(
        label=_("预警编号"),
        max_length=max_length(Alert, "external_id"),
        required=False,
        help_text=_("上级下发的编号；没有可不填"),
    )
    source = forms.CharField(label=_("来源"), max_length=max_length(Alert, "source"), initial=_("电话"))
    level = forms.ChoiceField(label=_("预警等级"), choices=Level.choices, widget=forms.RadioSelect, initial=Level.HIGH)
    fraud_type = forms.ChoiceField(label=_("诈骗类型"))
    victim_phone = forms.CharField(
        label=_("预警对象手机号"), max_length=max_length(Alert, "victim_phone"), required=False
    )
    victim_name = forms.CharField(label=_("预警对象姓名"), max_length=max_length(Alert, "victim_name"), required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=max_length(Alert, "id_number"), required=False)
    address = forms.CharField(label=_("地址"), max_length=max_length(Alert, "address"), required=False)
    amount_at_risk = forms.DecimalField(
        label=_("涉险金额（元）"), required=False, min_value=0, max_value=MAX_AMOUNT, decimal_places=2
    )
    description = forms.CharField(
        label=_("预警内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=DESCRIPTION_MAX_LENGTH
    )
    suspect_phones = forms.CharField(
        label=_("涉诈电话"), widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=_("每行一个")
    )
    suspect_accounts = forms.CharField(label=_("涉诈账户"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    suspect_urls = forms.CharField(label=_("涉诈网址"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    suspect_apps = forms.CharField(label=_("涉诈App"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fraud_type = self.fields["fraud_type"]
        assert isinstance(fraud_type, forms.ChoiceField)
        fraud_type.choices = [("", "—")] + [(c, n) for c, n in fraud_type_choices() if c in FRAUD_CODES]
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4().hex

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f) for f in ("victim_phone", "id_number", "address", "victim_name")):
            raise forms.ValidationError(_("请至少填写手机号、身份证号、地址或姓名之一，以便找到预警对象。"))
        return cleaned

    def external_id_value(self) -> str:
        return self.cleaned_data["external_id"].strip() or f"manual-{self.cleaned_data['token']}"

    def lines(self, name: str) -> list[str]:
        """A textarea with one value per line (commas also separate)."""
        return _lines(self.cleaned_data[name])


class AlertImportForm(forms.Form):
    file = forms.FileField(label=_("Excel文件（.xlsx）"))
    skip_bad = forms.BooleanField(
        label=_("跳过错误行"),
        required=False,
        help_text=_("不勾选：有任何错误行则全部不导入，并列出每个错误；勾选：导入正确的行，列出跳过的行。"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的Excel文件"))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)d MB，请拆分后上传") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class AttemptForm(forms.Form):
    method = forms.ChoiceField(
        label=_("方式"), choices=DissuasionAttempt.Method.choices, widget=forms.RadioSelect, initial="phone"
    )
    reached = forms.TypedChoiceField(
        label=_("是否联系上"),
        choices=[("1", _("联系上")), ("0", _("未联系上"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("结果"),
        choices=[("", _("（未联系上时不选）")), *Alert.Outcome.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    amount_sent = forms.DecimalField(
        label=_("已转账金额（元）"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        decimal_places=2,
        help_text=_("结果为“已转账被骗”时填写，紧急止付按此金额"),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    notes = forms.CharField(
        label=_("情况记录"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("amount_sent") is not None and cleaned.get("outcome") != Alert.Outcome.MONEY_SENT:
            self.add_error("amount_sent", _("只有“已转账被骗”才填写转账金额"))
        if cleaned.get("reached") and not cleaned.get("outcome"):
            self.add_error("outcome", _("联系上了，请选择结果"))
        if cleaned.get("reached") is False and cleaned.get("outcome"):
            self.add_error("outcome", _("未联系上时不能选择结果"))
        return cleaned


class MoneySentForm(forms.Form):
    """已转账被骗, one step before the stop-payment: how much was sent, and how the officer learnt it."""

    amount_sent = forms.DecimalField(
        label=_("已转账金额（元）"),
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "autofocus": True}),
    )
    method = forms.ChoiceField(
        label=_("怎么得知"), choices=DissuasionAttempt.Method.choices, widget=forms.RadioSelect, initial="phone"
    )
    notes = forms.CharField(label=_("情况记录"), max_length=2000, required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处置结果"), choices=Alert.Outcome.choices)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


def _village_label(village: Village) -> str:
    return f"{village.township.name} · {village.name}"


class DispatchForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("分派到村（社区）"), queryset=Village.objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = villages
        field.label_from_instance = _village_label  # type: ignore[method-assign,assignment]
