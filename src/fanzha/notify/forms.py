from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.models import User
from fanzha.notify.models import Channel
from fanzha.notify.owners import owner_choices
from fanzha.notify.services import channel_clean


class ChannelForm(forms.ModelForm):
    """The channels page and the admin: the address must fit the kind; the secret is never shown back."""

    secret = forms.CharField(
        label=_("签名密钥"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("钉钉“加签”或飞书“签名校验”的密钥；修改时留空表示不变"),
    )

    class Meta:
        model = Channel
        fields = ["name", "kind", "target", "secret", "user", "owner_key", "active"]
        help_texts = {
            "target": _("机器人 Webhook 地址、电子邮件地址，或短信接收手机号"),
            "owner_key": _("渠道属于哪个乡镇、村（社区）、网格或十户一体组"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.filter(is_active=True).order_by("username")
        user_field.required = False
        user_field.empty_label = _("（不属于某个用户）")
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", _("请选择")), *Channel.Kind.choices]
        places = owner_choices()
        if places:
            # A select of places and groups by name, instead of typing "village:12".
            current = self.instance.owner_key if self.instance.pk else ""
            known = {key for _level, options in places for key, _label in options}
            extra = [(current, current)] if current and current not in known else []
            self.fields["owner_key"] = forms.ChoiceField(
                label=_("所属地点或群组"),
                required=False,
                choices=[("", _("（不属于地点或群组）")), *extra, *places],
                error_messages={"invalid_choice": _("请从列表中选择所属地点或群组")},
                help_text=_("群机器人属于一个乡镇、村（社区）、网格或十户一体组；个人的渠道请选择所属用户"),
            )

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data.get("secret") or ""
        if not secret and self.instance.pk:
            return self.instance.secret
        return secret

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        probe = Channel(
            kind=data.get("kind") or "",
            target=data.get("target") or "",
            secret=data.get("secret") or "",
            user=data.get("user"),
            owner_key=data.get("owner_key") or "",
        )
        # Exactly one owner is the model's constraint, checked after this with the same message.
        channel_clean(probe, check_owner=False)
        data["target"], data["owner_key"] = probe.target, probe.owner_key
        return data
