import hashlib

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_login_page_is_in_bahasa_indonesia(client):
    response = client.get("/akun/login/")
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "Masuk" in response.text and "Kata sandi" in response.text


def test_login_page_switches_to_english_on_request(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/akun/login/")
    assert 'lang="en"' in response.text and "Password" in response.text


def test_browser_accept_language_does_not_override_indonesian(client):
    response = client.get("/akun/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.text


def test_demo_officer_logs_in_and_sees_dashboard(client, petugas_lebak):
    response = client.post("/akun/login/", {"username": "petugas.lebak", "password": "demo-banten"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert "Kabupaten Lebak" in response.text


def test_wrong_password_gets_indonesian_message(client, petugas_lebak):
    response = client.post("/akun/login/", {"username": "petugas.lebak", "password": "salah-sekali"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.text
    # Django's own message named the field by its label, which its Indonesian catalogue then repeated.
    assert "nama pengguna nama pengguna" not in response.text.lower()


def test_repeated_failed_logins_are_locked_out(client, petugas_lebak):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/akun/login/", {"username": "petugas.lebak", "password": "salah"})
    response = client.post("/akun/login/", {"username": "petugas.lebak", "password": "demo-banten"})
    assert response.status_code == 429
    assert "Terlalu banyak" in response.text
    assert "selama 15 menit" in response.text and "PT15M" not in response.text


def test_token_endpoint_returns_token_usable_as_authorization_header(api, petugas_lebak):
    response = api.post("/api/v1/auth/token/", {"username": "petugas.lebak", "password": "demo-banten"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["kabkota"] == "36.02" and me.json()["role"] == "petugas_kabkota"


def test_token_endpoint_refuses_bad_password_with_message(api, petugas_lebak):
    response = api.post("/api/v1/auth/token/", {"username": "petugas.lebak", "password": "x"}, format="json")
    assert response.status_code in (400, 403)
    assert response.json()["message"]


def test_logout_ends_the_session(client, petugas_lebak):
    client.force_login(petugas_lebak)
    assert client.get("/").status_code == 200
    client.post("/akun/logout/")
    assert client.get("/").status_code == 302


def test_profile_regenerates_token_without_putting_it_in_url(client, petugas_lebak):
    client.force_login(petugas_lebak)
    response = client.post("/akun/profile/token/")
    assert response.status_code == 302 and response["Location"] == "/akun/profile/"
    page = client.get("/akun/profile/")
    from banten_dinsos.accounts.models import ApiToken

    token = ApiToken.objects.get(user=petugas_lebak)
    shown = next(word for word in page.text.split(">") if word.startswith(token.prefix) and len(word) > 40)
    assert hashlib.sha256(shown.split("<")[0].encode()).hexdigest() == token.digest  # the key, once; only its hash kept
