"""The field app's pages: an app shell the service worker keeps for offline use, the manifest, the service worker
itself (served from the root so it may control the field pages) and a damage photo behind the report's scope."""

import hashlib
import json
from functools import lru_cache

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import etag, require_GET

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.personal_data import audits_personal_data
from clusters.models import IMPACT_FIELDS, FieldReport, ReportKind
from shelters.models import LdpProvider, LdpSession, LdpSessionKind, OccupancyCount
from shelters.services.ldp import REACHED_FIELDS

from .messages import client_messages
from .selectors import field_app_require, report_photo_get

# The files the app shell needs; the service worker keeps them, so a repeat visit fetches none of them.
SHELL_ASSETS = (
    "vendor/bootstrap-5.3.9/css/bootstrap.min.css",
    "css/portal.css",
    "field_app/field_app.css",
    "vendor/idb-8.0.4/idb.umd.js",
    "field_app/outbox.js",
    "field_app/app.js",
    "field_app/register.js",
    "field_app/icons/icon-192.png",
    "field_app/icons/icon-512.png",
    "favicon.svg",
)
# Loaded by the service worker with importScripts (the browser checks them for updates itself).
WORKER_SCRIPTS = (
    "vendor/workbox-7.4.1/workbox-sw.js",
    "vendor/idb-8.0.4/idb.umd.js",
    "field_app/outbox.js",
    "field_app/sw-main.js",
)
WORKBOX_PREFIX = "vendor/workbox-7.4.1/"
# The pages that work offline, by URL name (their query string, such as ?draft=…, is read by the page's script).
SHELL_PAGES = (
    "field_app:home",
    "field_app:report",
    "field_app:headcount",
    "field_app:ldp-session",
    "field_app:evacuee-move",
)


HEADCOUNT_FIELDS = ("male", "female", "balita", "anak", "dewasa", "lansia", "pregnant_or_nursing", "disabled")


@lru_cache(maxsize=64)
def _revision(path: str) -> str:
    """A content hash, so an upgraded file replaces the kept copy (cached: static files change only on deploy)."""
    found = finders.find(path)
    if not found:
        return "0"
    with open(found, "rb") as handle:
        return hashlib.md5(handle.read(), usedforsecurity=False).hexdigest()[:12]


def _shell(request, template: str, page: str):
    field_app_require(request.user)
    context = {
        "page": page,
        "client": {
            "page": page,
            "urls": {
                "home": reverse("field_app:home"),
                "report": reverse("field_app:report"),
                "headcount": reverse("field_app:headcount"),
                "ldp": reverse("field_app:ldp-session"),
                "ldpSessions": reverse("api-field-app-ldp-session"),
                "move": reverse("field_app:evacuee-move"),
                "evacuees": reverse("api-field-app-evacuees"),
                "evacueeMoves": reverse("api-field-app-evacuee-move"),
                "reference": reverse("api-field-app-reference"),
                "me": reverse("api-me"),
                "reports": reverse("api-field-report-list"),
                "shelters": reverse("api-shelter-list"),
                "photos": reverse("api-field-app-report-photos", args=[0]),
                "location": reverse("api-field-app-report-location", args=[0]),
                "login": reverse("accounts:login"),
                "logout": reverse("accounts:logout"),
                "serviceWorker": reverse("service-worker"),
            },
            "text": client_messages(),
            "countFields": list(IMPACT_FIELDS),
        },
        "count_fields": [(name, FieldReport._meta.get_field(name).verbose_name) for name in IMPACT_FIELDS],
        "report_kinds": ReportKind.choices,
        "ldp_kinds": LdpSessionKind.choices,
        "ldp_providers": LdpProvider.choices,
        "ldp_reached_fields": [(name, LdpSession._meta.get_field(name).verbose_name) for name in REACHED_FIELDS],
        "headcount_fields": [(name, OccupancyCount._meta.get_field(name).verbose_name) for name in HEADCOUNT_FIELDS],
    }
    response = render(request, template, context)
    # The same shell for every user (who is signed in is read by the script), so the worker may keep one copy.
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@ensure_csrf_cookie
def home(request):
    return _shell(request, "field_app/home.html", "home")


@login_required
@ensure_csrf_cookie
def report(request):
    require_perm(request.user, Perm.FIELDREPORT_CREATE)
    return _shell(request, "field_app/report.html", "report")


@login_required
@ensure_csrf_cookie
def headcount(request):
    require_perm(request.user, Perm.OCCUPANCY_RECORD)
    return _shell(request, "field_app/headcount.html", "headcount")


@login_required
@ensure_csrf_cookie
def ldp_session(request):
    require_perm(request.user, Perm.LDP_RECORD)
    return _shell(request, "field_app/ldp.html", "ldp")


@login_required
@ensure_csrf_cookie
def evacuee_move(request):
    require_perm(request.user, Perm.EVACUEE_CHANGE)
    return _shell(request, "field_app/evacuee_move.html", "move")


@login_required
@audits_personal_data(model="field_app.reportphoto", what="field report photo")
def photo(request, pk):
    """A damage photo, only through its report's scope (the file itself is never served by URL)."""
    item = report_photo_get(user=request.user, pk=pk)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def _worker_version(request) -> str:
    return hashlib.md5(
        "".join(_revision(path) for path in SHELL_ASSETS + WORKER_SCRIPTS).encode(), usedforsecurity=False
    ).hexdigest()[:12]


@require_GET
@cache_control(no_cache=True)
@etag(_worker_version)
def service_worker(request):
    """The Workbox service worker, at the site root with ``Service-Worker-Allowed: /`` so it controls /lapangan/."""
    config = {
        "workboxPrefix": static(WORKBOX_PREFIX),
        "precache": [{"url": static(path), "revision": _revision(path)} for path in SHELL_ASSETS],
        "pages": [reverse(name) for name in SHELL_PAGES],
        "api": {
            "reports": reverse("api-field-report-list"),
            "me": reverse("api-me"),
            "shelters": reverse("api-shelter-list"),
            "photos": reverse("api-field-app-report-photos", args=[0]),
            "location": reverse("api-field-app-report-location", args=[0]),
            "ldpSessions": reverse("api-field-app-ldp-session"),
            "evacueeMoves": reverse("api-field-app-evacuee-move"),
        },
        # The browser checks the worker on every visit: an unchanged one answers 304 (If-None-Match) with no body.
        "version": _worker_version(request),
    }
    config["main"] = static(WORKER_SCRIPTS[-1])
    imports = ", ".join(json.dumps(static(path)) for path in WORKER_SCRIPTS[:-1])
    body = f"importScripts({imports});\nself.FIELD_APP = {json.dumps(config)};\nimportScripts(self.FIELD_APP.main);\n"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    """The web app manifest: installable as "Lapor Bencana Banten", opening at the field app."""
    data = {
        "name": _("Dinsos Banten field reports"),
        "short_name": _("Field reports"),
        "description": _("Field reports, shelter headcounts and more for officers, also without a connection."),
        "lang": "id",
        "start_url": reverse("field_app:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f6c",
        "icons": [
            {"src": static("field_app/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("field_app/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("field_app/icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
