"""Password change and reset pages: in the portal's language and layout, one-time reset links, no account probing."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_changes_the_password_and_the_old_one_stops_working(client, petugas_lebak):
    client.force_login(petugas_lebak)
    page = client.get("/akun/password/")
    assert page.status_code == 200 and 'name="old_password"' in page.content.decode()
    wrong = client.post(
        "/akun/password/",
        {"old_password": "nope", "new_password1": "Banjir-Lebak-2026", "new_password2": "Banjir-Lebak-2026"},
    )
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    done = client.post(
        "/akun/password/",
        {"old_password": "demo-banten", "new_password1": "Banjir-Lebak-2026", "new_password2": "Banjir-Lebak-2026"},
    )
    assert done.status_code == 302 and done.url == "/akun/password/done/"
    petugas_lebak.refresh_from_db()
    assert petugas_lebak.check_password("Banjir-Lebak-2026") and not petugas_lebak.check_password("demo-banten")


def test_reset_sends_a_one_time_link_and_answers_the_same_for_an_unknown_address(client, petugas_lebak):
    petugas_lebak.email = "petugas@lebak.example"
    petugas_lebak.save(update_fields=["email"])
    unknown = client.post("/akun/password/reset/", {"email": "nobody@example.org"})
    known = client.post("/akun/password/reset/", {"email": "petugas@lebak.example"})
    assert unknown.status_code == known.status_code == 302 and unknown.url == known.url
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/akun/password/reset/[^\s]+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    confirm_url = form.redirect_chain[-1][0]
    saved = client.post(confirm_url, {"new_password1": "Posko-Aman-2026", "new_password2": "Posko-Aman-2026"})
    assert saved.status_code == 302
    petugas_lebak.refresh_from_db()
    assert petugas_lebak.check_password("Posko-Aman-2026")
    again = client.get(link, follow=True)
    assert "tidak berlaku lagi" in again.content.decode()
