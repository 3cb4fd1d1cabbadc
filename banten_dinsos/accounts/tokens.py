"""API tokens: hashed at rest, expiring, listed and revoked one by one.

The key is shown once, when it is made; the database keeps its first characters (to find the row) and its SHA-256
(to check it). A key is 43 random URL-safe characters, so a plain hash is enough: there is nothing to brute-force.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ApiToken

PREFIX_LENGTH = 10
# Writing last_used_at on every request would turn each API read into a write; once a minute says enough.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key (returned once, never stored)."""
    days = days or settings.API_TOKEN_DAYS
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:PREFIX_LENGTH],
        digest=_digest(key),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> int:
    """Revoke one of ``user``'s own tokens (someone else's id answers like a missing one: 0)."""
    return ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def api_tokens_revoke_all(*, user) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_token_check(key: str) -> ApiToken | None:
    """The active token whose key is ``key``, or None (wrong, expired, revoked or inactive user)."""
    if not key or len(key) < PREFIX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=key[:PREFIX_LENGTH]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(key)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_tokens_of(*, user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
