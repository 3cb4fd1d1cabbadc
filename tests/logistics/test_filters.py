"""One FilterSet per logistics list: the API, the page and the selector narrow the same way, choices hold only what
the user may see (another kab/kota's place, request or kab/kota is "not a valid choice", exactly like a missing one),
and unreadable input is a 400 naming the field in the API and an error on the page's form, never a 500."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from logistics.filters import LocationFilter, MoveFilter, RequestFilter
from logistics.models import DonorType, Location, MoveKind
from logistics.selectors import expiring_list, location_list, move_list
from logistics.services import dispatch_create, donation_record, move_post, request_decide, request_submit

from .conftest import KOTA_SERANG, LEBAK

pytestmark = pytest.mark.django_db

MISSING = 999999


@pytest.fixture
def world(
    staf,
    petugas_lebak,
    petugas_kota_serang,
    disaster,
    province_warehouse,
    gudang_lebak,
    gudang_kota_serang,
    supplier,
    desa_lebak,
    items,
    receive,
):
    """Stock, moves, a request each of Lebak and Kota Serang (Kota Serang's dispatched), donations in both."""
    receive(province_warehouse, items["selimut"], 100)
    receive(gudang_lebak, items["selimut"], 30)
    receive(gudang_lebak, items["beras"], 40, batch_code="B1", expiry=timezone.localdate() + timedelta(days=200))
    receive(gudang_kota_serang, items["tikar"], 20)
    issue, _ = move_post(
        user=staf,
        kind=MoveKind.ISSUE,
        item=items["selimut"],
        quantity=Decimal(4),
        source=gudang_lebak,
        destination=desa_lebak,
        disaster=disaster,
    )
    lebak_request, _ = request_submit(
        user=petugas_lebak,
        disaster=disaster,
        destination=gudang_lebak,
        lines=[{"item": items["selimut"], "quantity": Decimal(5)}],
    )
    serang_request, _ = request_submit(
        user=petugas_kota_serang,
        disaster=disaster,
        destination=gudang_kota_serang,
        lines=[{"item": items["selimut"], "quantity": Decimal(10)}],
    )
    request_decide(user=staf, request=serang_request, approved={serang_request.lines.get().pk: Decimal(10)})
    dispatch, _ = dispatch_create(user=staf, request=serang_request, source=province_warehouse)
    company = Location.objects.create(
        code="sumber-cv-serang",
        name="CV Serang",
        kind="sumber",
        donor_type=DonorType.COMPANY,
        region_id=KOTA_SERANG,
        kabkota_id=KOTA_SERANG,
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    lebak_donation, _ = donation_record(
        user=petugas_lebak,
        donor=supplier,
        warehouse=gudang_lebak,
        received_on=yesterday,
        value_estimate=Decimal("500000"),
        lines=[{"item": items["tikar"], "quantity": Decimal(5)}],
    )
    serang_donation, _ = donation_record(
        user=petugas_kota_serang,
        donor=company,
        warehouse=gudang_kota_serang,
        received_on=yesterday - timedelta(days=30),
        value_estimate=Decimal("1000000"),
        lines=[{"item": items["tikar"], "quantity": Decimal(5)}],
    )
    return {
        "issue": issue,
        "lebak_request": lebak_request,
        "serang_request": serang_request,
        "dispatch": dispatch,
        "company": company,
        "lebak_donation": lebak_donation,
        "serang_donation": serang_donation,
    }


def _rows(response):
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def _refused_like_missing(client, url, field, other, missing=MISSING):
    """An out-of-scope choice answers exactly like one that does not exist: 400 naming the field."""
    refused = client.get(url, {field: other})
    absent = client.get(url, {field: missing})
    assert refused.status_code == absent.status_code == 400, refused.content
    assert refused.json() == absent.json()
    assert field in refused.json()["errors"]


# --- the API ------------------------------------------------------------------------------------------------------
def test_location_filters_narrow_the_api_list(
    api_as, staf, world, gudang_lebak, gudang_kota_serang, province_warehouse
):
    client, url = api_as(staf), reverse("api-logistics-location-list")
    names = {row["name"] for row in _rows(client.get(url, {"kind": "gudang_kabkota"}))}
    assert names == {gudang_lebak.name, gudang_kota_serang.name}
    assert {row["name"] for row in _rows(client.get(url, {"kabkota": LEBAK, "kind": "gudang_kabkota"}))} == {
        gudang_lebak.name
    }
    found = {row["name"] for row in _rows(client.get(url, {"q": "Kota Serang"}))}
    assert gudang_kota_serang.name in found and gudang_lebak.name not in found
    warehouses = {row["kind"] for row in _rows(client.get(url, {"warehouses": "true"}))}
    assert warehouses == {"gudang_provinsi", "gudang_kabkota"}
    gudang_lebak.is_active = False
    gudang_lebak.save(update_fields=["is_active"])
    inactive = {row["name"] for row in _rows(client.get(url, {"active": "false"}))}
    assert gudang_lebak.name in inactive and gudang_kota_serang.name not in inactive


def test_officer_cannot_filter_places_by_another_kabkota(api_as, petugas_lebak, world):
    _refused_like_missing(
        api_as(petugas_lebak), reverse("api-logistics-location-list"), "kabkota", KOTA_SERANG, "99.99"
    )


def test_item_filters_narrow_the_catalogue_and_hide_withdrawn_items_unless_asked(api_as, staf, items):
    client, url = api_as(staf), reverse("api-logistics-item-list")
    food = {row["code"] for row in _rows(client.get(url, {"category": "pangan"}))}
    assert "beras" in food and "selimut" not in food
    items["tikar"].is_active = False
    items["tikar"].save(update_fields=["is_active"])
    assert "tikar" not in {row["code"] for row in _rows(client.get(url))}
    withdrawn = {row["code"] for row in _rows(client.get(url, {"active": "false"}))}
    assert "tikar" in withdrawn and "beras" not in withdrawn
    assert "tikar" in {row["code"] for row in _rows(client.get(url, {"active": ""}))}


def test_balance_filters_narrow_stock_on_hand(
    api_as, staf, petugas_lebak, world, gudang_lebak, gudang_kota_serang, items
):
    client, url = api_as(staf), reverse("api-logistics-stock")
    assert {row["location"] for row in _rows(client.get(url, {"location": gudang_lebak.pk}))} == {gudang_lebak.pk}
    assert {row["item"] for row in _rows(client.get(url, {"item": items["tikar"].pk}))} == {items["tikar"].pk}
    assert {row["kabkota"] for row in _rows(client.get(url, {"kabkota": KOTA_SERANG}))} == {KOTA_SERANG}
    assert {row["item_name"] for row in _rows(client.get(url, {"category": "pangan"}))} == {items["beras"].name}
    _refused_like_missing(api_as(petugas_lebak), url, "location", gudang_kota_serang.pk)


def test_move_filters_narrow_the_ledger(api_as, staf, petugas_lebak, world, gudang_lebak, gudang_kota_serang, disaster):
    client, url = api_as(staf), reverse("api-logistics-move-list")
    touching = _rows(client.get(url, {"location": gudang_kota_serang.pk}))
    assert touching and all(gudang_kota_serang.pk in (row["source"], row["destination"]) for row in touching)
    assert [row["id"] for row in _rows(client.get(url, {"kind": MoveKind.ISSUE}))] == [world["issue"].pk]
    for_disaster = _rows(client.get(url, {"disaster": disaster.pk}))
    assert world["issue"].pk in {row["id"] for row in for_disaster}
    assert {row["disaster"] for row in for_disaster} == {disaster.pk}
    assert len(for_disaster) < len(_rows(client.get(url)))
    assert {row["dispatch"] for row in _rows(client.get(url, {"dispatch": world["dispatch"].pk}))} == {
        world["dispatch"].pk
    }
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert _rows(client.get(url, {"since": tomorrow})) == []
    assert len(_rows(client.get(url, {"until": tomorrow}))) == len(_rows(client.get(url)))
    officer = api_as(petugas_lebak)
    _refused_like_missing(officer, url, "location", gudang_kota_serang.pk)
    _refused_like_missing(officer, url, "request", world["serang_request"].pk)
    _refused_like_missing(officer, url, "donation", world["serang_donation"].pk)


def test_request_and_dispatch_filters_narrow_their_lists(api_as, staf, petugas_lebak, world):
    client = api_as(staf)
    requests = _rows(client.get(reverse("api-logistics-request-list"), {"status": "diajukan"}))
    assert [row["number"] for row in requests] == [world["lebak_request"].number]
    by_kabkota = _rows(client.get(reverse("api-logistics-request-list"), {"kabkota": KOTA_SERANG}))
    assert [row["number"] for row in by_kabkota] == [world["serang_request"].number]
    dispatches = _rows(client.get(reverse("api-logistics-dispatch-list"), {"request": world["serang_request"].pk}))
    assert [row["number"] for row in dispatches] == [world["dispatch"].number]
    assert _rows(client.get(reverse("api-logistics-dispatch-list"), {"status": "diterima"})) == []
    officer = api_as(petugas_lebak)
    _refused_like_missing(officer, reverse("api-logistics-request-list"), "kabkota", KOTA_SERANG, "99.99")
    _refused_like_missing(officer, reverse("api-logistics-dispatch-list"), "request", world["serang_request"].pk)


def test_donation_filters_narrow_the_list_and_the_donor_totals(api_as, staf, petugas_lebak, world, supplier):
    client = api_as(staf)
    by_donor = _rows(client.get(reverse("api-logistics-donation-list"), {"donor": world["company"].pk}))
    assert [row["number"] for row in by_donor] == [world["serang_donation"].number]
    recent = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert [row["number"] for row in _rows(client.get(reverse("api-logistics-donation-list"), {"since": recent}))] == [
        world["lebak_donation"].number
    ]
    totals = client.get(reverse("api-logistics-donor-totals"), {"since": recent}).json()
    assert [(row["donor"], row["donations"]) for row in totals] == [(supplier.pk, 1)]
    _refused_like_missing(api_as(petugas_lebak), reverse("api-logistics-donation-list"), "donor", world["company"].pk)


def test_distribution_filters_narrow_the_totals_and_the_hxl_export(api_as, staf, world, items, disaster):
    client = api_as(staf)
    rows = client.get(reverse("api-logistics-distributions"), {"group": "disaster"}).json()
    assert [(row["group"], row["item"], Decimal(row["quantity"])) for row in rows] == [
        (disaster.title, items["selimut"].name, Decimal(4))
    ]
    assert client.get(reverse("api-logistics-distributions"), {"item": items["beras"].pk}).json() == []
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    hxl = client.get(reverse("api-logistics-hxl"), {"since": tomorrow})
    assert hxl.status_code == 200 and items["selimut"].name not in hxl.content.decode()
    assert items["selimut"].name in client.get(reverse("api-logistics-hxl")).content.decode()


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("api-logistics-location-list", {"kind": "gudang_bulan"}, "kind"),
        ("api-logistics-location-list", {"active": "mungkin"}, "active"),
        ("api-logistics-item-list", {"category": "emas"}, "category"),
        ("api-logistics-stock", {"location": "gudang"}, "location"),
        ("api-logistics-stock", {"item": "1.5"}, "item"),
        ("api-logistics-move-list", {"location": "abc"}, "location"),
        ("api-logistics-move-list", {"since": "kemarin"}, "since"),
        ("api-logistics-move-list", {"since": "2026-02-01", "until": "2026-01-01"}, "until"),
        ("api-logistics-move-list", {"kind": "hadiah"}, "kind"),
        ("api-logistics-move-list", {"item": str(2**40)}, "item"),
        ("api-logistics-request-list", {"status": "lupa"}, "status"),
        ("api-logistics-request-list", {"disaster": "banjir"}, "disaster"),
        ("api-logistics-dispatch-list", {"status": "hilang"}, "status"),
        ("api-logistics-donation-list", {"until": "2026-13-01"}, "until"),
        ("api-logistics-donor-totals", {"since": "kemarin"}, "since"),
        ("api-logistics-distributions", {"group": "provinsi"}, "group"),
        ("api-logistics-distributions", {"disaster": "x"}, "disaster"),
        ("api-logistics-hxl", {"until": "besok"}, "until"),
        ("api-logistics-expiring", {"category": "emas"}, "category"),
    ],
)
def test_unreadable_filters_are_a_400_naming_the_field(api_as, staf, name, params, field):
    response = api_as(staf).get(reverse(name), params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"]
    assert field in body["message"]


def test_openapi_schema_documents_the_filters_under_their_names(client, staf):
    client.force_login(staf)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    def parameters(path):
        return {parameter["name"]: parameter["schema"] for parameter in paths[path]["get"]["parameters"]}

    moves = parameters("/api/v1/logistics/moves/")
    assert {"location", "item", "kind", "disaster", "request", "dispatch", "donation", "since", "until"} <= set(moves)
    assert moves["since"]["format"] == "date" and moves["location"]["type"] == "integer"
    assert "penyaluran" in moves["kind"]["enum"]
    assert parameters("/api/v1/logistics/locations/")["kabkota"]["type"] == "string"
    assert {"status", "disaster", "kabkota"} <= set(parameters("/api/v1/logistics/requests/"))
    assert {"donor", "warehouse", "disaster", "since", "until"} <= set(parameters("/api/v1/logistics/donations/"))
    assert {"since", "until"} <= set(parameters("/api/v1/logistics/donations/by-donor/"))
    assert set(parameters("/api/v1/logistics/distributions/")["group"]["enum"]) == {
        "kabkota",
        "disaster",
        "desa",
        "shelter",
    }
    assert "group" not in parameters("/api/v1/logistics/distributions/hxl.csv")
    assert {"category", "q", "active"} <= set(parameters("/api/v1/logistics/items/"))
    assert parameters("/api/v1/logistics/stock/expiring/")["days"]["type"] == "integer"


# --- the pages ----------------------------------------------------------------------------------------------------
def test_location_page_renders_the_filterset_and_narrows(page_as, staf, world, gudang_lebak, province_warehouse):
    text = page_as(staf).get(reverse("logistics:location-list"), {"kind": "gudang_kabkota"}).content.decode()
    assert gudang_lebak.name in text and province_warehouse.name not in text
    assert 'name="kabkota"' in text and 'name="active"' in text


def test_officer_is_offered_only_their_kabkota_and_refused_another(page_as, petugas_lebak, world, gudang_lebak):
    assert [region.code for region in LocationFilter(user=petugas_lebak).form.fields["kabkota"].queryset] == [LEBAK]
    response = page_as(petugas_lebak).get(reverse("logistics:location-list"), {"kabkota": KOTA_SERANG})
    assert response.status_code == 200
    form = response.context["form"]
    assert "kabkota" in form.errors
    assert gudang_lebak.name in response.content.decode()  # the list stays unfiltered


def test_move_page_narrows_and_shows_refused_dates_on_the_form(page_as, staf, world, gudang_kota_serang):
    browser = page_as(staf)
    response = browser.get(reverse("logistics:move-list"), {"kind": MoveKind.ISSUE})
    assert list(response.context["page"]) == [world["issue"]]
    response = browser.get(reverse("logistics:move-list"), {"since": "kemarin", "location": gudang_kota_serang.pk})
    assert response.status_code == 200 and "since" in response.context["form"].errors
    assert len(response.context["page"]) > 1  # refused filters leave the list whole
    assert 'role="alert"' in response.content.decode()


def test_move_page_offers_only_the_officers_places(petugas_lebak, world, gudang_lebak, gudang_kota_serang):
    places = set(MoveFilter(user=petugas_lebak).form.fields["location"].queryset)
    assert gudang_lebak in places and gudang_kota_serang not in places


def test_request_page_narrows_by_status_and_refuses_another_kabkota(page_as, petugas_lebak, staf, world):
    response = page_as(staf).get(reverse("logistics:request-list"), {"status": "diajukan"})
    assert list(response.context["page"]) == [world["lebak_request"]]
    response = page_as(petugas_lebak).get(reverse("logistics:request-list"), {"kabkota": KOTA_SERANG})
    assert "kabkota" in response.context["form"].errors
    assert [region.code for region in RequestFilter(user=petugas_lebak).form.fields["kabkota"].queryset] == [LEBAK]


def test_donation_page_narrows_the_list_and_the_totals(page_as, staf, petugas_lebak, world, supplier):
    response = page_as(staf).get(reverse("logistics:donation-list"), {"donor": supplier.pk})
    assert list(response.context["page"]) == [world["lebak_donation"]]
    assert [row["donor_id"] for row in response.context["totals"]] == [supplier.pk]
    refused = page_as(petugas_lebak).get(reverse("logistics:donation-list"), {"donor": world["company"].pk})
    assert refused.status_code == 200 and "donor" in refused.context["form"].errors


def test_distribution_page_groups_and_shows_a_refused_group_on_the_form(page_as, staf, world, disaster):
    browser = page_as(staf)
    response = browser.get(reverse("logistics:distributions"), {"group": "disaster"})
    assert [row["group"] for row in response.context["rows"]] == [disaster.title]
    response = browser.get(reverse("logistics:distributions"), {"group": "provinsi"})
    assert response.status_code == 200 and "group" in response.context["form"].errors
    assert len(response.context["rows"]) == 1  # grouped per kab/kota, as without filters


def test_position_api_answers_another_kabkota_like_a_missing_one(api_as, staf, petugas_lebak, world):
    url = reverse("api-logistics-position")
    officer = api_as(petugas_lebak)
    other, missing = officer.get(url, {"kabkota": KOTA_SERANG}), officer.get(url, {"kabkota": "99.99"})
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert officer.get(url, {"kabkota": LEBAK}).json()["kabkota"] == LEBAK
    assert api_as(staf).get(url, {"kabkota": KOTA_SERANG}).json()["kabkota"] == KOTA_SERANG


def test_position_page_renders_the_filterset_and_refuses_another_kabkotas_warehouse(
    page_as, staf, petugas_lebak, world, gudang_lebak, gudang_kota_serang
):
    response = page_as(staf).get(reverse("logistics:position"), {"location": gudang_lebak.pk})
    assert response.context["data"]["location"] == gudang_lebak
    response = page_as(staf).get(reverse("logistics:position"), {"kabkota": LEBAK})
    assert response.context["data"]["kabkota"] == LEBAK
    refused = page_as(petugas_lebak).get(reverse("logistics:position"), {"location": gudang_kota_serang.pk})
    assert refused.status_code == 200 and "location" in refused.context["form"].errors
    assert refused.context["data"]["location"] is None
    assert gudang_kota_serang.name not in refused.content.decode()


def test_expiring_filters_set_the_window_and_narrow(
    api_as, staf, petugas_lebak, world, gudang_lebak, gudang_kota_serang
):
    client, url = api_as(staf), reverse("api-logistics-expiring")
    assert _rows(client.get(url)) == []  # the rice of Lebak expires in 200 days: outside the default 30
    assert [row["batch_code"] for row in _rows(client.get(url, {"days": 365}))] == ["B1"]
    assert _rows(client.get(url, {"days": 365, "location": gudang_kota_serang.pk})) == []
    for days in ("366", "-1", "1.5", "besok"):
        response = client.get(url, {"days": days})
        assert response.status_code == 400 and "days" in response.json()["errors"], days
    _refused_like_missing(api_as(petugas_lebak), url, "location", gudang_kota_serang.pk)


def test_alerts_page_renders_the_expiry_filter(page_as, staf, world):
    browser = page_as(staf)
    response = browser.get(reverse("logistics:alerts"), {"days": "365"})
    assert [balance.batch.code for balance in response.context["expiring"]] == ["B1"]
    assert "365" in response.content.decode()
    refused = browser.get(reverse("logistics:alerts"), {"days": "seribu"})
    assert refused.status_code == 200 and "days" in refused.context["form"].errors
    assert list(refused.context["expiring"]) == []


def test_kabkota_choices_follow_the_logistics_scope(staf, petugas_lebak, koordinator_kesehatan, reference_data):
    from banten_dinsos.accounts.roles import Role
    from clusters.models import Cluster
    from tests.factories import UserFactory

    koordinator_logistik = UserFactory(username="koordinator.logistik", role=Role.KOORDINATOR_KLASTER)
    Cluster.objects.get(code="logistik").coordinators.add(koordinator_logistik)

    def codes(user):
        return {region.code for region in RequestFilter(user=user).form.fields["kabkota"].queryset}

    assert codes(staf) == codes(koordinator_logistik) and len(codes(staf)) == 8
    assert codes(petugas_lebak) == {LEBAK}
    assert codes(koordinator_kesehatan) == set()


def test_ledger_page_with_its_filter_form_costs_the_same_queries_for_more_moves_and_places(
    page_as, staf, world, items, receive
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = page_as(staf)
    browser.get(reverse("logistics:move-list"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(reverse("logistics:move-list"), {"item": items["selimut"].pk})
        assert response.status_code == 200
        return len(queries)

    before = count()
    for number in range(3):
        place = Location.objects.create(
            code=f"gudang-tambahan-{number}",
            name=f"Gudang tambahan {number}",
            kind="gudang_kabkota",
            region_id=LEBAK,
            kabkota_id=LEBAK,
        )
        receive(place, items["selimut"], 2)
    assert count() == before


# --- the selectors ------------------------------------------------------------------------------------------------
def test_internal_callers_pass_fixed_filters_through_the_same_filterset(staf, world, gudang_lebak, items, receive):
    assert set(location_list(user=staf, filters={"warehouses": True, "active": True})) >= {gudang_lebak}
    assert all(place.is_warehouse for place in location_list(user=staf, filters={"warehouses": True}))
    moves = move_list(user=staf, filters={"location": gudang_lebak.pk})
    assert moves and all(gudang_lebak.pk in (move.source_id, move.destination_id) for move in moves)
    with pytest.raises(ValidationError) as refused:
        list(move_list(user=staf, filters={"location": "gudang"}))
    assert "location" in refused.value.message_dict
    receive(gudang_lebak, items["beras"], 5, batch_code="B2", expiry=timezone.localdate() + timedelta(days=10))
    assert [balance.batch.code for balance in expiring_list(user=staf, filters={"days": 200})] == ["B2", "B1"]
    assert list(expiring_list(user=staf, filters={"days": 0})) == []  # zero days is a window, not "the default"
