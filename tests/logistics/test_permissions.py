"""Scoping of every logistics page and endpoint: an officer of another kabupaten/kota gets 404 for each record of
Kota Serang (exactly like a missing one) and does not find them in any list; Kota Serang's own officer, the positive
control, gets them. Every URL pattern of the app must have its row here."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics import api_urls, urls
from logistics.models import DonorType, Location, MoveKind
from logistics.services import dispatch_create, donation_record, request_decide, request_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staf, petugas_kota_serang, disaster, province_warehouse, gudang_kota_serang, supplier, items, receive):
    """Records of Kota Serang: its warehouse with stock, a move, a request dispatched from the province, a donation."""
    receive(province_warehouse, items["selimut"], 100)
    move = receive(gudang_kota_serang, items["tikar"], 20)
    request, _ = request_submit(
        user=petugas_kota_serang,
        disaster=disaster,
        destination=gudang_kota_serang,
        lines=[{"item": items["selimut"], "quantity": Decimal(10)}],
    )
    request_decide(user=staf, request=request, approved={request.lines.get().pk: Decimal(10)})
    dispatch, _ = dispatch_create(user=staf, request=request, source=province_warehouse)
    company = Location.objects.create(
        code="sumber-ks",
        name="CV Serang",
        kind="sumber",
        donor_type=DonorType.COMPANY,
        region_id="36.73",
        kabkota_id="36.73",
    )
    donation, _ = donation_record(
        user=petugas_kota_serang,
        donor=company,
        warehouse=gudang_kota_serang,
        received_on=timezone.localdate() - timedelta(days=1),
        value_estimate=Decimal("1000000"),
        lines=[{"item": items["selimut"], "quantity": Decimal(5)}],
    )
    return {
        "location": gudang_kota_serang,
        "move": move,
        "request": request,
        "dispatch": dispatch,
        "donation": donation,
        "item": items["tikar"],
    }


# url name -> (how to build the URL from the world, HTTP method, body); object URLs answer 404 to other areas.
OBJECT_PAGES = {
    "location-detail": lambda w: [w["location"].pk],
    "move-detail": lambda w: [w["move"].pk],
    "move-reverse": lambda w: [w["move"].pk],
    "request-detail": lambda w: [w["request"].pk],
    "request-decide": lambda w: [w["request"].pk],
    "request-dispatch": lambda w: [w["request"].pk],
    "dispatch-detail": lambda w: [w["dispatch"].pk],
    "dispatch-note": lambda w: [w["dispatch"].pk],
    "dispatch-receive": lambda w: [w["dispatch"].pk],
    "dispatch-confirm": lambda w: [w["dispatch"].token],
    "donation-detail": lambda w: [w["donation"].pk],
    "donation-receipt": lambda w: [w["donation"].pk],
}
POST_ONLY = {"move-reverse", "request-decide", "request-dispatch", "dispatch-receive"}
LIST_PAGES = {
    "position": "",
    "dashboard-tile": "",
    "location-list": "",
    "location-create": "",
    "map": "",
    "move-list": "",
    "move-create": "",
    "count": "",
    "alerts": "",
    "request-list": "",
    "request-create": "",
    "donation-list": "",
    "donation-create": "",
    "distributions": "",
    "distribution-hxl": "",
}
QUERY_PAGES = {"stock-card": lambda w: {"location": w["location"].pk, "item": w["item"].pk}}

OBJECT_APIS = {
    "api-logistics-location-detail": lambda w: [w["location"].pk],
    "api-logistics-move-detail": lambda w: [w["move"].pk],
    "api-logistics-move-reverse": lambda w: [w["move"].pk],
    "api-logistics-request-detail": lambda w: [w["request"].pk],
    "api-logistics-request-decide": lambda w: [w["request"].pk],
    "api-logistics-request-picking": lambda w: [w["request"].pk],
    "api-logistics-request-dispatch": lambda w: [w["request"].pk],
    "api-logistics-dispatch-detail": lambda w: [w["dispatch"].pk],
    "api-logistics-dispatch-note": lambda w: [w["dispatch"].pk],
    "api-logistics-dispatch-receive": lambda w: [w["dispatch"].pk],
    "api-logistics-donation-detail": lambda w: [w["donation"].pk],
    "api-logistics-donation-receipt": lambda w: [w["donation"].pk],
}
API_POST_ONLY = {
    "api-logistics-move-reverse",
    "api-logistics-request-decide",
    "api-logistics-request-dispatch",
    "api-logistics-dispatch-receive",
}
QUERY_APIS = {
    "api-logistics-stock-card": lambda w: {"location": w["location"].pk, "item": w["item"].pk},
    "api-logistics-position": lambda w: {"location": w["location"].pk},
}
LIST_APIS = {
    "api-logistics-location-list": "location",
    "api-logistics-item-list": None,
    "api-logistics-stock": "location",
    "api-logistics-expiring": None,
    "api-logistics-low": None,
    "api-logistics-count": None,
    "api-logistics-map": None,
    "api-logistics-move-list": "move",
    "api-logistics-request-list": "request",
    "api-logistics-dispatch-list": "dispatch",
    "api-logistics-donation-list": "donation",
    "api-logistics-donor-totals": None,
    "api-logistics-distributions": None,
    "api-logistics-hxl": None,
}


def test_every_url_pattern_has_a_row():
    pages = {pattern.name for pattern in urls.urlpatterns}
    assert pages == set(OBJECT_PAGES) | set(LIST_PAGES) | set(QUERY_PAGES)
    apis = {pattern.name for pattern in api_urls.urlpatterns}
    assert apis == set(OBJECT_APIS) | set(QUERY_APIS) | set(LIST_APIS)


def test_officer_of_another_kabkota_gets_404_on_every_page_of_kota_serang(
    world, page_as, petugas_lebak, petugas_kota_serang
):
    outsider, owner = page_as(petugas_lebak), page_as(petugas_kota_serang)
    for name, args in OBJECT_PAGES.items():
        url = reverse(f"logistics:{name}", args=args(world))
        method = "post" if name in POST_ONLY else "get"
        assert (
            getattr(outsider, method)(
                url, {"idempotency_key": str(uuid.uuid4())} if method == "post" else {}
            ).status_code
            == 404
        ), name
        if method == "get":
            assert owner.get(url).status_code in (200, 302), name
    for name, params in QUERY_PAGES.items():
        url = reverse(f"logistics:{name}")
        assert outsider.get(url, params(world)).status_code == 404, name
        assert owner.get(url, params(world)).status_code == 200, name


def test_officer_of_another_kabkota_finds_nothing_of_kota_serang_in_page_lists(
    world, page_as, petugas_lebak, petugas_kota_serang
):
    outsider, owner = page_as(petugas_lebak), page_as(petugas_kota_serang)
    markers = [world["request"].number, world["donation"].number, world["location"].name, world["dispatch"].number]
    for name in LIST_PAGES:
        response = outsider.get(reverse(f"logistics:{name}"))
        assert response.status_code == 200, name
        body = response.content.decode()
        for marker in markers:
            assert marker not in body, (name, marker)
    assert world["request"].number in owner.get(reverse("logistics:request-list")).content.decode()
    assert world["donation"].number in owner.get(reverse("logistics:donation-list")).content.decode()


def test_officer_of_another_kabkota_gets_404_on_every_endpoint_of_kota_serang(
    world, api_as, petugas_lebak, petugas_kota_serang
):
    outsider, owner = api_as(petugas_lebak), api_as(petugas_kota_serang)
    for name, args in OBJECT_APIS.items():
        url = reverse(name, args=args(world))
        if name in API_POST_ONLY:
            response = outsider.post(url, {"reason": "x"}, format="json")
        else:
            response = outsider.get(url, {"source": world["location"].pk})
        assert response.status_code == 404, name
        if name not in API_POST_ONLY and name != "api-logistics-request-picking":
            assert owner.get(url).status_code == 200, name
    for name, params in QUERY_APIS.items():
        assert outsider.get(reverse(name), params(world)).status_code == 404, name
        assert owner.get(reverse(name), params(world)).status_code == 200, name


def test_officer_of_another_kabkota_finds_nothing_of_kota_serang_in_api_lists(
    world, api_as, petugas_lebak, petugas_kota_serang
):
    outsider, owner = api_as(petugas_lebak), api_as(petugas_kota_serang)
    for name, key in LIST_APIS.items():
        if name == "api-logistics-count":
            continue
        response = outsider.get(reverse(name))
        assert response.status_code == 200, name
        text = response.content.decode()
        for marker in (world["location"].name, world["request"].number, world["donation"].number, "CV Serang"):
            assert marker not in text, (name, marker)
        if key:
            body = owner.get(reverse(name)).json()
            rows = body["results"] if isinstance(body, dict) else body
            ids = {row.get("id", row.get("location")) for row in rows}
            assert world[key].pk in ids, name


def test_stock_count_in_another_kabkota_is_answered_like_a_missing_warehouse(world, api_as, petugas_lebak, items):
    batch = world["move"].batch
    response = api_as(petugas_lebak).post(
        reverse("api-logistics-count"),
        {"location": world["location"].pk, "item": items["tikar"].pk, "batch": batch.pk, "counted": "0", "reason": "x"},
        format="json",
    )
    assert response.status_code == 400 and "location" in response.json()["errors"]


def test_api_client_reads_but_cannot_post(world, api_as, api_client_user, items, supplier):
    client = api_as(api_client_user)
    assert client.get(reverse("api-logistics-request-list")).status_code == 200
    response = client.post(
        reverse("api-logistics-move-list"),
        {
            "kind": MoveKind.RECEIPT,
            "item": items["selimut"].pk,
            "quantity": "1",
            "source": supplier.pk,
            "destination": world["location"].pk,
        },
        format="json",
    )
    assert response.status_code == 403


def test_logistics_coordinator_sees_every_kabkota(world, api_as, reference_data):
    from banten_dinsos.accounts.roles import Role
    from clusters.models import Cluster
    from tests.factories import UserFactory

    coordinator = UserFactory(username="koordinator.logistik", role=Role.KOORDINATOR_KLASTER)
    Cluster.objects.get(code="logistik").coordinators.add(coordinator)
    response = api_as(coordinator).get(reverse("api-logistics-request-detail", args=[world["request"].pk]))
    assert response.status_code == 200
