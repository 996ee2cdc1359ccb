from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput)


class TotpForm(forms.Form):
    code = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("请输入6位数字口令")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("用途"),
        max_length=80,
        required=False,
        help_text=_("例如：预警推送接口、统计报表脚本"),
    )
