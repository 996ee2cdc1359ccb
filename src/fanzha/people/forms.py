from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fanzha.core.tabular import too_big_message


class PeopleImportForm(forms.Form):
    file = forms.FileField(label=_("Excel或CSV文件（.xlsx / .csv）"))
    skip_bad = forms.BooleanField(
        label=_("跳过错误行"),
        required=False,
        help_text=_("不勾选：有任何错误行则全部不导入，并列出每个错误；勾选：导入正确的行，错误行可下载改正后再导入。"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("请上传 .xlsx 格式的Excel文件或 .csv 文件"))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_big_message())
        return upload
