from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .tokens import api_token_check


class HashedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` checked against the hashed, expiring tokens of ``tokens.py``."""

    def authenticate_credentials(self, key):
        token = api_token_check(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        return token.user, token
