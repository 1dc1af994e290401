"""Create, check and revoke personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.utils import timezone

from yourside.exchange.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TOKEN_PREFIX = "ys_"  # noqa: S105 - marks a string as a Yourside token; not secret


def _digest(raw: str) -> str:
    # Tokens are long random strings, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(owner: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``owner``; returns it with the raw secret, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner, name=name.strip() or "API token", prefix=raw[:10], digest=_digest(raw)
    )
    return token, raw


def authenticate_token(raw: str) -> User | None:
    """The user a raw token belongs to, or None when it is unknown or revoked."""
    token = (
        ApiToken.objects.select_related("owner")
        .filter(digest=_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.owner.is_active:
        return None
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    return token.owner


def revoke_token(owner: User, token_id: int) -> ApiToken:
    """Revoke one of ``owner``'s tokens; raises ApiToken.DoesNotExist for anyone else's."""
    token = ApiToken.objects.get(pk=token_id, owner=owner)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
