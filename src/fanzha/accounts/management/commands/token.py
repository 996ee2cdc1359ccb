from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fanzha.accounts.models import ApiToken, User
from fanzha.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, list or revoke API tokens: fanzha token create USERNAME [--name N]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("target", help="username (create, list) or token prefix (revoke)")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args: Any, action: str, target: str, name: str, **options: Any) -> None:
        if action == "revoke":
            token = ApiToken.objects.filter(prefix=target, revoked_at__isnull=True).first()
            if token is None:
                raise CommandError(f"no active token with prefix {target!r}")
            api_token_revoke(token=token, by=None)
            self.stdout.write(f"revoked {target}")
            return
        try:
            user = User.objects.get(username=target)
        except User.DoesNotExist:
            raise CommandError(f"no user {target!r}") from None
        if action == "create":
            self.stdout.write(api_token_create(user=user, name=name))
        else:
            now = timezone.now()
            for token in user.api_tokens.order_by("created_at"):
                state = "revoked" if token.revoked_at else "expired" if token.expires_at <= now else "active"
                self.stdout.write(
                    f"{token.prefix}\t{token.name}\t{token.created_at:%Y-%m-%d}\t{token.expires_at:%Y-%m-%d}\t{state}"
                )
