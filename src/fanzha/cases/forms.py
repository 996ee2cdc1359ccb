from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fanzha.cases.models import MAX_LOSS, ContactMethod, fraud_type_choices
from fanzha.people.models import Organisation
from fanzha.places.models import Township, Village


def _village_label(village: Village) -> str:
    return f"{village.township.name} · {village.name}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # what <input type=date> reads


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VillageSelect(forms.Select):
    """Each village option carries its township (data-township), so that app.js can offer only the
    chosen township's villages (data-follows="township")."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-township"] = instance.township_id
        return option


class CaseForm(forms.Form):
    """报案/立案 on a page. The victim is a registered resident (by id) or a name."""

    case_number = forms.CharField(label=_("案件编号"), max_length=60)
    # Filled by the resident picker above the form (cases/case_form.js), never typed: an officer knows
    # no resident's database number.
    victim_resident = forms.IntegerField(label=_("受害居民"), required=False, widget=forms.HiddenInput)
    victim_name = forms.CharField(label=_("受害人姓名（未登记居民时填写）"), max_length=50, required=False)
    victim_gender = forms.ChoiceField(
        label=_("性别"), choices=[("", "—"), ("M", _("男")), ("F", _("女"))], required=False
    )
    victim_age = forms.IntegerField(label=_("年龄"), min_value=0, max_value=120, required=False)
    occurred_at = forms.DateTimeField(label=_("发案时间"), widget=DateTimeInput())
    reported_at = forms.DateTimeField(label=_("报案时间"), widget=DateTimeInput())
    fraud_type = forms.ChoiceField(label=_("诈骗类型"))
    contact_method = forms.ChoiceField(label=_("接触方式"), choices=ContactMethod.choices)
    loss_amount = forms.DecimalField(
        label=_("损失金额（元）"),
        decimal_places=2,
        min_value=0,
        max_value=MAX_LOSS,
        error_messages={
            "min_value": _("损失金额不能为负数"),
            "max_value": _("损失金额超过1亿元，请核对（是否多输了位数？）"),
        },
    )
    township = forms.ModelChoiceField(label=_("发案乡镇"), queryset=Township.objects.none(), empty_label=_("请选择"))
    village = forms.ModelChoiceField(
        label=_("村（社区）"),
        queryset=Village.objects.none(),
        required=False,
        empty_label=_("不填"),
        widget=VillageSelect(attrs={"data-follows": "township"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("工作单位"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("不填"),
        help_text=_("不选则取居民登记的单位"),
    )
    summary = forms.CharField(label=_("简要案情"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, townships: Any, villages: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fraud_type = self.fields["fraud_type"]
        assert isinstance(fraud_type, forms.ChoiceField)
        fraud_type.choices = [("", "—"), *fraud_type_choices()]
        township = self.fields["township"]
        assert isinstance(township, forms.ModelChoiceField)
        township.queryset = townships
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = villages
        village.label_from_instance = _village_label  # type: ignore[method-assign,assignment]
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = organisations

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("victim_resident") and not (cleaned.get("victim_name") or "").strip():
            self.add_error("victim_name", _("请用上方的搜索框选定受害居民，或填写受害人姓名"))
        occurred, reported = cleaned.get("occurred_at"), cleaned.get("reported_at")
        if occurred and reported and occurred > reported:
            self.add_error("reported_at", _("报案时间早于发案时间，请核对两个时间"))
        return cleaned


class AlertLinkForm(forms.Form):
    alert = forms.CharField(label=_("预警编号"), max_length=100)


class CaseEditForm(forms.Form):
    """Correcting a registered case: the case number, the victim and the township stay (a different
    victim or township is another case)."""

    occurred_at = forms.DateTimeField(label=_("发案时间"), widget=DateTimeInput())
    reported_at = forms.DateTimeField(label=_("报案时间"), widget=DateTimeInput())
    fraud_type = forms.ChoiceField(label=_("诈骗类型"))
    contact_method = forms.ChoiceField(label=_("接触方式"), choices=ContactMethod.choices)
    loss_amount = CaseForm.base_fields["loss_amount"]
    village = forms.ModelChoiceField(
        label=_("村（社区）"), queryset=Village.objects.none(), required=False, empty_label=_("不填")
    )
    organisation = forms.ModelChoiceField(
        label=_("工作单位"), queryset=Organisation.objects.none(), required=False, empty_label=_("不填")
    )
    summary = forms.CharField(label=_("简要案情"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, villages: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fraud_type = self.fields["fraud_type"]
        assert isinstance(fraud_type, forms.ChoiceField)
        fraud_type.choices = [("", "—"), *fraud_type_choices()]
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = villages
        village.label_from_instance = _village_label  # type: ignore[method-assign,assignment]
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = organisations

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        occurred, reported = cleaned.get("occurred_at"), cleaned.get("reported_at")
        if occurred and reported and occurred > reported:
            self.add_error("reported_at", _("报案时间早于发案时间，请核对两个时间"))
        return cleaned


class CaseImportForm(forms.Form):
    file = forms.FileField(label=_("Excel文件（.xlsx）"))
    skip_bad = forms.BooleanField(
        label=_("跳过错误行"),
        required=False,
        help_text=_("不勾选：有任何错误行则全部不导入，并列出每个错误；勾选：导入正确的行，列出跳过的行。"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)d MB，请拆分后上传") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class InterviewForm(forms.Form):
    responsible_head = forms.CharField(label=_("约谈对象（负责人）"), max_length=100, required=False)
    scheduled_on = forms.DateField(label=_("计划日期"), widget=DateInput())
    held_on = forms.DateField(label=_("约谈日期"), required=False, widget=DateInput(), help_text=_("尚未约谈请留空"))
    attendees = forms.CharField(label=_("参加人员"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    minutes = forms.CharField(label=_("约谈记录"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ActionForm(forms.Form):
    description = forms.CharField(label=_("整改措施"), max_length=300)
    due_on = forms.DateField(label=_("完成时限"), required=False, widget=DateInput())


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("完成日期"), widget=DateInput())


class SentForm(forms.Form):
    sent_on = forms.DateField(label=_("送达日期"), widget=DateInput())


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("送达日期"), widget=DateInput())
    acknowledged_on = forms.DateField(label=_("签收日期"), required=False, widget=DateInput())
    signed_by = forms.CharField(label=_("签收人"), max_length=50, required=False)


class DocumentSettingsForm(forms.Form):
    """公文设置: the labels and limits are the model's; the service checks the prefixes."""

    bureau = forms.CharField(label=_("发文机关"), max_length=50, help_text=_("文件顶部的红色发文机关标志和落款"))
    letter_prefix = forms.CharField(label=_("提示函文号前缀"), max_length=20, help_text=_("如“牟定公提”"))
    notification_prefix = forms.CharField(label=_("通报文号前缀"), max_length=20, help_text=_("如“牟定公通”"))
    interview_prefix = forms.CharField(label=_("约谈通知文号前缀"), max_length=20, help_text=_("如“牟定公谈”"))
    printer = forms.CharField(label=_("印发机关"), max_length=50, help_text=_("版记左下角，如“牟定县公安局办公室”"))
    copy_to = forms.CharField(
        label=_("抄送机关"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个，按版记中的先后排列"),
    )
