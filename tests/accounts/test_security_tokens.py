"""API tokens: hashed at rest, expiring, listed on My account and revoked one by one."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from banten_dinsos.accounts.models import ApiToken
from banten_dinsos.accounts.tokens import api_token_create

pytestmark = pytest.mark.django_db


def _login(api):
    return api.post("/api/v1/auth/token/", {"username": "petugas.lebak", "password": "demo-banten"}, format="json")


def test_the_database_keeps_only_the_hash_and_the_token_expires(api, petugas_lebak, settings):
    settings.API_TOKEN_DAYS = 30
    response = _login(api)
    key = response.json()["token"]
    token = ApiToken.objects.get(user=petugas_lebak)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert not ApiToken.objects.filter(digest=key).exists() and key not in token.prefix + token.digest
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = api.get("/api/v1/me/")
    assert expired.status_code in (401, 403) and expired.json()["message"]


def test_a_wrong_key_with_a_right_prefix_is_refused(api, petugas_lebak):
    _token, key = api_token_create(user=petugas_lebak)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key[:-4]}AAAA")
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_tokens_are_listed_and_revoked_one_by_one_and_only_by_their_owner(client, api, petugas_lebak, staf):
    first, first_key = api_token_create(user=petugas_lebak, name="laptop posko")
    second, second_key = api_token_create(user=petugas_lebak, name="skrip rekap")
    client.force_login(petugas_lebak)
    page = client.get("/akun/profile/").content.decode()
    assert first.prefix in page and "skrip rekap" in page and first_key not in page
    client.force_login(staf)
    assert client.post(f"/akun/profile/token/{first.pk}/revoke/").status_code == 404
    client.force_login(petugas_lebak)
    assert client.post(f"/akun/profile/token/{first.pk}/revoke/").status_code == 302
    api.credentials(HTTP_AUTHORIZATION=f"Token {first_key}")
    assert api.get("/api/v1/me/").status_code in (401, 403)
    api.credentials(HTTP_AUTHORIZATION=f"Token {second_key}")
    assert api.get("/api/v1/me/").status_code == 200
