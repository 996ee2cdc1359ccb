from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.core.money import MAX_AMOUNT, format_yuan
from fanzha.funds.models import DEFAULT_FREEZE_DAYS, Freeze, StopPayment

_AMOUNT: dict[str, Any] = {"min_value": Decimal("0.01"), "max_value": MAX_AMOUNT, "decimal_places": 2, "max_digits": 14}
_LOCAL_DT = {"type": "datetime-local"}


class StopPaymentForm(forms.Form):
    """What the bank checks before it stops: holder name, account number, amount, transaction time."""

    bank = forms.CharField(label=_("收款银行"), max_length=100)
    holder_name = forms.CharField(label=_("账户户名"), max_length=100)
    account_number = forms.CharField(
        label=_("收款账号"), max_length=60, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    amount = forms.DecimalField(label=_("转账金额（元）"), **_AMOUNT)
    transaction_at = forms.DateTimeField(
        label=_("转账时间"), widget=forms.DateTimeInput(attrs=_LOCAL_DT, format="%Y-%m-%dT%H:%M")
    )


class FailedForm(forms.Form):
    reason = forms.CharField(label=_("失败原因"), max_length=300, required=False)


class FreezeForm(forms.Form):
    amount = forms.DecimalField(label=_("冻结金额（元）"), **_AMOUNT)
    days = forms.IntegerField(label=_("冻结期限（天）"), min_value=1, max_value=3660, initial=DEFAULT_FREEZE_DAYS)
    frozen_by = forms.CharField(label=_("冻结单位"), max_length=100, required=False)


class ReturnForm(forms.Form):
    source = forms.ChoiceField(label=_("资金来源"))
    amount = forms.DecimalField(label=_("返还金额（元）"), **_AMOUNT)
    returned_on = forms.DateField(label=_("返还日期"), widget=forms.DateInput(attrs={"type": "date"}))
    recipient_name = forms.CharField(label=_("返还对象（受害人）"), max_length=50, required=False)

    def __init__(self, *args: Any, stop: StopPayment, freezes: list[Freeze], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = [(f"freeze:{f.pk}", _("冻结 %(a)s") % {"a": format_yuan(f.amount)}) for f in freezes] + [
            (f"stop:{stop.pk}", _("止付 %(a)s") % {"a": format_yuan(stop.amount)})
        ]
        if not self.is_bound:
            self.initial["returned_on"] = timezone.localdate()
