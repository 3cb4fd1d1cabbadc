"""Send one request of the matrix and describe the answer in the table's words."""

import html

from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from .spec import ANON, API_KIND

SUPERUSER = "superuser"  # the Django operator of test_admin.py, no column of the table
# Tables a refused request may still write to: the session of the test client's own login, and django-axes's
# bookkeeping. Everything else must be untouched by a refused write.
IGNORED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def log_in_once(world) -> None:
    """One session per role for the whole module (``world.sessions``): a page request then carries its cookie, as a
    browser would, instead of logging in again for every case (a login writes the session, the user's last_login
    and the audit log: about a third of a case's time). A request that ends or rotates its session (logout) does so
    inside its test's savepoint, which is rolled back, so the next case finds the session as it was."""
    world.sessions = {}
    for role, user in [*world.users.items(), (SUPERUSER, world.superuser)]:
        if user is not None:
            client = Client()
            client.force_login(user)
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value


def page_client(world, role) -> Client:
    """A browser-like client carrying ``role``'s session of the module (anonymous: no cookie)."""
    client = Client()
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def client_for(row, role, world):
    user = world.users[role]
    if row.kind == API_KIND:
        client = APIClient()
        if role != ANON:
            client.force_authenticate(user)
    else:
        client = page_client(world, role)
    return client


def url_of(row, world, method="GET"):
    url = row.path(world) if row.path else reverse(row.name, kwargs=row.kw(world) if row.kw else None)
    query = row.query(world) if callable(row.query) else row.query
    return url + query if method == "GET" else url


def send(client, row, method, url, world):
    if method == "GET":
        return client.get(url)
    body = row.body(world) if row.body else {}
    if row.kind == API_KIND:
        return client.generic(method, url, data=_json(body), content_type="application/json")
    if method == "POST":
        return client.post(url, body)
    return client.generic(method, url)


def _json(body):
    import json

    return json.dumps(body, default=str)


def writes_so_far() -> dict:
    """Rows inserted/updated/deleted in this transaction so far, per table (PostgreSQL's own counters)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {name: counts for name, *counts in cursor.fetchall() if name not in IGNORED_TABLES}


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return content.decode("utf-8", errors="replace")


def answer_of(response) -> str:
    """The table's word for an answer: ``login``/``admin``/``3xx`` for redirects, else the status code."""
    status = response.status_code
    if 300 <= status < 400:
        location = response.headers.get("Location", "")
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return "login"
        if location.startswith(reverse("admin:login")):
            return "admin"
        return "3xx"
    return str(status)


def contains(text: str, body: str) -> bool:
    return text in body or html.escape(text) in body
