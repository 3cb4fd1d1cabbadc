from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from banten_dinsos.accounts.scoping import scope_kabkota_code

from .selectors import dashboard_data, dashboard_filters


def _url(name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def _links(data: dict) -> dict:
    """The filtered list behind each tile, with the dashboard's filters carried over where the list has them."""
    disaster = data["disaster"]["id"] if data["disaster"] else None
    kabkota = data["kabkota"]
    shelters = {"disaster": disaster, "kabkota": kabkota}
    waiting = data["tiles"].get("waiting", {})
    return {
        "disasters": _url("clusters:disaster-list"),
        "disaster": reverse("clusters:disaster-detail", args=[disaster]) if disaster else None,
        "shelters_open": _url("shelters:list", status="dibuka", **shelters),
        "shelters_breach": _url("shelters:list", status="dibuka", sphere_state="breach", **shelters),
        "shelter_map": _url("shelters:map", **shelters),
        "waiting": _url(waiting["url_name"], state="submitted" if waiting["url_name"].endswith("mine") else None)
        if waiting
        else None,
        "volunteers_deployed": _url("ksb_volunteers:member-list", availability="bertugas", kabkota=kabkota),
        "volunteers_standby": _url("ksb_volunteers:member-list", availability="siaga", kabkota=kabkota),
        "action_items": _url("meetings:action-item-list", overdue="on"),
        "pmks": {
            row["code"]: _url("pmks_registry:client-list", status=row["code"], kabkota=kabkota)
            for row in data["tiles"].get("pmks", {}).get("by_status", [])
        },
        "pmks_all": _url("pmks_registry:client-list", kabkota=kabkota),
    }


def _client_data(data: dict) -> dict:
    """What the map and charts draw (read by static/dashboard/dashboard.js from a json_script element)."""
    return {
        "map": {
            **data["map"],
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
        "chart": data["chart"],
        "text": {
            "people": _("People"),
            "capacity": _("Capacity"),
            "reports": _("Reports received"),
            "need": _("People in need"),
            "reached": _("People reached"),
            "not_reported": _("not reported yet"),
        },
    }


def _context(request, *, oob: bool = False) -> dict:
    filters = dashboard_filters(user=request.user, params=request.GET)
    data = dashboard_data(user=request.user, filters=filters)
    return {
        "data": data,
        "tiles": data["tiles"],
        "links": _links(data),
        "client_data": _client_data(data),
        "query": urlencode(filters.as_params()),
        "kabkota_locked": bool(scope_kabkota_code(request.user)),
        "oob": oob,
    }


@login_required
def home(request):
    """The dashboard page: filters in the URL, panels that refresh themselves every minute."""
    return render(request, "dashboard/home.html", _context(request))


@login_required
def panels(request):
    """The refreshed panels, swapped out of band into the page by htmx (the map keeps its position)."""
    return render(request, "dashboard/_panels.html", _context(request, oob=True))
