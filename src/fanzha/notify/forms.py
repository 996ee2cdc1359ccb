from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.models import User
from fanzha.notify.models import Channel
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
        help_texts = {"target": _("机器人 Webhook 地址、电子邮件地址，或短信接收手机号")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.filter(is_active=True).order_by("username")
        user_field.required = False

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
