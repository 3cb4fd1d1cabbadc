"""Logistics (buffer stock, ledger, requests, delivery notes, donations, distribution), pages and API."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from logistics.models import Item, Location, LocationKind, MoveKind
from logistics.services import (
    dispatch_create,
    donation_record,
    logistics_load_reference,
    move_post,
    request_decide,
    request_submit,
)

from .spec import row

BUILD_ORDER = 60
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/logistics/ (test_ledger, test_requests, test_apis, test_views, test_permissions)"


def _warehouse(code, name, kind, region, kabkota, lat, lon):
    return Location.objects.create(
        code=code, name=name, kind=kind, region_id=region, kabkota_id=kabkota, latitude=lat, longitude=lon
    )


def build(w):
    logistics_load_reference()
    items = {item.code: item for item in Item.objects.all()}
    kemensos, pmi = Location.objects.get(code="sumber-kemensos"), Location.objects.get(code="sumber-pmi-banten")
    w.lg_province = _warehouse(
        "matriks-provinsi", "Gudang Matriks Provinsi", LocationKind.GUDANG_PROVINSI, "36", None, "-6.11", "106.16"
    )
    w.lg_lebak = _warehouse(
        "matriks-lebak", "Gudang Matriks Lebak", LocationKind.GUDANG_KABKOTA, "36.02", "36.02", "-6.36", "106.25"
    )
    w.lg_serang = _warehouse(
        "matriks-serang", "Gudang Matriks Kota Serang", LocationKind.GUDANG_KABKOTA, "36.73", "36.73", "-6.12", "106.15"
    )
    for place, quantity in ((w.lg_province, 500), (w.lg_lebak, 50), (w.lg_serang, 40)):
        move, _created = move_post(
            user=w.staf,
            kind=MoveKind.RECEIPT,
            item=items["selimut"],
            quantity=Decimal(quantity),
            source=kemensos,
            destination=place,
        )
        if place == w.lg_lebak:
            w.lg_move = move
    move_post(
        user=w.staf,
        kind=MoveKind.RECEIPT,
        item=items["beras"],
        quantity=Decimal(30),
        source=kemensos,
        destination=w.lg_lebak,
        batch_code="MATRIKS-1",
        expiry_date=timezone.localdate() + timedelta(days=10),
    )
    received_on = timezone.localdate() - timedelta(days=1)
    w.lg_donation, _created = donation_record(
        user=w.petugas_in,
        donor=pmi,
        warehouse=w.lg_lebak,
        received_on=received_on,
        value_estimate=Decimal("2500000"),
        lines=[{"item": items["tikar"], "quantity": Decimal(20)}],
    )
    donation_record(
        user=w.petugas_out,
        donor=pmi,
        warehouse=w.lg_serang,
        received_on=received_on,
        value_estimate=Decimal("1000000"),
        lines=[{"item": items["tikar"], "quantity": Decimal(5)}],
    )
    w.lg_request, _created = request_submit(
        user=w.petugas_in,
        disaster=w.disaster,
        destination=w.lg_lebak,
        lines=[{"item": items["selimut"], "quantity": Decimal(30)}],
    )
    sent, _created = request_submit(
        user=w.petugas_in,
        disaster=w.disaster,
        destination=w.lg_lebak,
        lines=[{"item": items["tikar"], "quantity": Decimal(10)}, {"item": items["selimut"], "quantity": Decimal(20)}],
    )
    request_decide(user=w.staf, request=sent, approved={line.pk: line.quantity_requested for line in sent.lines.all()})
    move_post(
        user=w.staf,
        kind=MoveKind.RECEIPT,
        item=items["tikar"],
        quantity=Decimal(100),
        source=kemensos,
        destination=w.lg_province,
    )
    w.lg_dispatch, _created = dispatch_create(user=w.staf, request=sent, source=w.lg_province)
    request_submit(
        user=w.petugas_out,
        disaster=w.disaster_other,
        destination=w.lg_serang,
        lines=[{"item": items["selimut"], "quantity": Decimal(15)}],
    )
    w.lg_item = items["selimut"]


def _stock_card(w):
    return f"?location={w.lg_lebak.pk}&item={w.lg_item.pk}"


ROWS = [
    row("logistics:position", GET="login 200. 200. 200. 200. 200."),  # logistik/
    row("logistics:dashboard-tile", GET="login 200. 200. 200. 200. 200."),  # logistik/ringkasan/
    row(
        "logistics:location-list", text=lambda w: w.lg_lebak.name, GET="login 200 200 200x 200x 200"
    ),  # logistik/gudang/
    row(
        "logistics:location-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # logistik/gudang/baru/
    row(
        "logistics:location-detail",
        kw=lambda w: {"pk": w.lg_lebak.pk},
        text=lambda w: w.lg_lebak.name,
        GET="login 200 200 404 404 200",
    ),  # logistik/gudang/<int:pk>/
    row("logistics:map", text=lambda w: w.lg_lebak.name, GET="login 200 200 200x 200x 200"),  # logistik/peta/
    row("logistics:move-list", text=lambda w: w.lg_lebak.name, GET="login 200 200 200x 200x 200"),  # logistik/mutasi/
    row(
        "logistics:move-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # logistik/mutasi/baru/
    row(
        "logistics:move-detail",
        kw=lambda w: {"pk": w.lg_move.pk},
        text=lambda w: w.lg_lebak.name,
        GET="login 200 200 404 404 200",
    ),  # logistik/mutasi/<int:pk>/
    row(
        "logistics:move-reverse",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.lg_move.pk},
        GET="login 405 405 405 405 405",
        POST="login 403 400 404 404 400",
    ),  # logistik/mutasi/<int:pk>/balik/
    row(
        "logistics:count", covered_by=COVERED, GET="login 403 200. 200. 403 200.", POST="login 403 200. 200. 403 200."
    ),  # logistik/opname/
    row("logistics:stock-card", query=_stock_card, GET="login 200. 200. 404 404 200."),  # logistik/kartu-stok/
    row("logistics:alerts", GET="login 200. 200. 200. 200. 200."),  # logistik/peringatan/
    row(
        "logistics:request-list", text=lambda w: w.lg_request.number, GET="login 200 200 200x 200x 200"
    ),  # logistik/permintaan/
    row(
        "logistics:request-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 200. 200.",
        POST="login 403 200. 200. 200. 200.",
    ),  # logistik/permintaan/baru/
    row(
        "logistics:request-detail",
        kw=lambda w: {"pk": w.lg_request.pk},
        text=lambda w: w.lg_request.number,
        GET="login 200 200 404 404 200",
    ),  # logistik/permintaan/<int:pk>/
    row(
        "logistics:request-decide",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.lg_request.pk},
        GET="login 405 405 405 405 405",
        POST="login 403 403 404 404 400",
    ),  # logistik/permintaan/<int:pk>/putuskan/
    row(
        "logistics:request-dispatch",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.lg_request.pk},
        GET="login 405 405 405 405 405",
        POST="login 403 403 404 404 400",
    ),  # logistik/permintaan/<int:pk>/kirim/
    row(
        "logistics:dispatch-detail",
        kw=lambda w: {"pk": w.lg_dispatch.pk},
        text=lambda w: w.lg_dispatch.number,
        GET="login 200 200 404 404 200",
    ),  # logistik/surat-jalan/<int:pk>/
    row(
        "logistics:dispatch-note", kw=lambda w: {"pk": w.lg_dispatch.pk}, GET="login 200. 200. 404 404 200."
    ),  # logistik/surat-jalan/<int:pk>/pdf/
    row(
        "logistics:dispatch-receive",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.lg_dispatch.pk},
        GET="login 405 405 405 405 405",
        POST="login 403 400 404 404 400",
    ),  # logistik/surat-jalan/<int:pk>/terima/
    row(
        "logistics:dispatch-confirm", kw=lambda w: {"token": w.lg_dispatch.token}, GET="login 3xx 3xx 404 404 3xx"
    ),  # logistik/terima/<uuid:token>/
    row(
        "logistics:donation-list", text=lambda w: w.lg_donation.number, GET="login 200 200 200x 200x 200"
    ),  # logistik/donasi/
    row(
        "logistics:donation-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # logistik/donasi/baru/
    row(
        "logistics:donation-detail",
        kw=lambda w: {"pk": w.lg_donation.pk},
        text=lambda w: w.lg_donation.number,
        GET="login 200 200 404 404 200",
    ),  # logistik/donasi/<int:pk>/
    row(
        "logistics:donation-receipt", kw=lambda w: {"pk": w.lg_donation.pk}, GET="login 200. 200. 404 404 200."
    ),  # logistik/donasi/<int:pk>/pdf/
    row("logistics:distributions", GET="login 200. 200. 200. 200. 200."),  # logistik/distribusi/
    row("logistics:distribution-hxl", GET="login 200. 200. 200. 200. 200."),  # logistik/distribusi/hxl.csv
    # --- API ---
    row(
        "api-logistics-location-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.lg_lebak.name,
        GET="403 200 200 200x 200x 200",
        POST="403 403 400 400 403 400",
    ),  # api/v1/logistics/locations/
    row(
        "api-logistics-location-detail",
        api=True,
        kw=lambda w: {"pk": w.lg_lebak.pk},
        text=lambda w: w.lg_lebak.name,
        GET="403 200 200 404 404 200",
    ),  # api/v1/logistics/locations/<int:pk>/
    row("api-logistics-item-list", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/logistics/items/
    row(
        "api-logistics-stock", api=True, text=lambda w: w.lg_lebak.name, GET="403 200 200 200x 200x 200"
    ),  # api/v1/logistics/stock/
    row(
        "api-logistics-position",
        api=True,
        query=lambda w: f"?location={w.lg_lebak.pk}",
        GET="403 200. 200. 404 404 200.",
    ),  # api/v1/logistics/stock/position/
    row(
        "api-logistics-stock-card", api=True, query=_stock_card, GET="403 200. 200. 404 404 200."
    ),  # api/v1/logistics/stock/card/
    row("api-logistics-expiring", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/logistics/stock/expiring/
    row("api-logistics-low", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/logistics/stock/low/
    row(
        "api-logistics-count",
        covered_by=COVERED,
        api=True,
        GET="403 405 405 405 405 405",
        POST="403 403 400 400 403 400",
    ),  # api/v1/logistics/stock/counts/
    row(
        "api-logistics-map", api=True, text=lambda w: w.lg_lebak.name, GET="403 200 200 200x 200x 200"
    ),  # api/v1/logistics/warehouses/map/
    row(
        "api-logistics-move-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.lg_lebak.name,
        GET="403 200 200 200x 200x 200",
        POST="403 403 400 400 403 400",
    ),  # api/v1/logistics/moves/
    row(
        "api-logistics-move-detail",
        api=True,
        kw=lambda w: {"pk": w.lg_move.pk},
        text=lambda w: w.lg_lebak.name,
        GET="403 200 200 404 404 200",
        PUT="403 405 405 404 404 405",
        PATCH="403 405 405 404 404 405",
        DELETE="403 405 405 404 404 405",
    ),  # api/v1/logistics/moves/<int:pk>/
    row(
        "api-logistics-move-reverse",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.lg_move.pk},
        GET="403 405 405 405 405 405",
        POST="403 403 400 404 404 400",
    ),  # api/v1/logistics/moves/<int:pk>/reverse/
    row(
        "api-logistics-request-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.lg_request.number,
        GET="403 200 200 200x 200x 200",
        POST="403 403 400 400 400 400",
    ),  # api/v1/logistics/requests/
    row(
        "api-logistics-request-detail",
        api=True,
        kw=lambda w: {"pk": w.lg_request.pk},
        text=lambda w: w.lg_request.number,
        GET="403 200 200 404 404 200",
    ),  # api/v1/logistics/requests/<int:pk>/
    row(
        "api-logistics-request-decide",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.lg_request.pk},
        GET="403 405 405 405 405 405",
        POST="403 403 403 404 404 400",
    ),  # api/v1/logistics/requests/<int:pk>/decide/
    row(
        "api-logistics-request-picking",
        api=True,
        kw=lambda w: {"pk": w.lg_request.pk},
        query=lambda w: f"?source={w.lg_lebak.pk}",
        GET="403 200. 200. 404 404 200.",
    ),  # api/v1/logistics/requests/<int:pk>/picking/
    row(
        "api-logistics-request-dispatch",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.lg_request.pk},
        GET="403 405 405 405 405 405",
        POST="403 403 403 404 404 400",
    ),  # api/v1/logistics/requests/<int:pk>/dispatch/
    row(
        "api-logistics-dispatch-list", api=True, text=lambda w: w.lg_dispatch.number, GET="403 200 200 200x 200x 200"
    ),  # api/v1/logistics/dispatches/
    row(
        "api-logistics-dispatch-detail",
        api=True,
        kw=lambda w: {"pk": w.lg_dispatch.pk},
        text=lambda w: w.lg_dispatch.number,
        GET="403 200 200 404 404 200",
    ),  # api/v1/logistics/dispatches/<int:pk>/
    row(
        "api-logistics-dispatch-note", api=True, kw=lambda w: {"pk": w.lg_dispatch.pk}, GET="403 200. 200. 404 404 200."
    ),  # api/v1/logistics/dispatches/<int:pk>/note.pdf
    row(
        "api-logistics-dispatch-receive",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.lg_dispatch.pk},
        GET="403 405 405 405 405 405",
        POST="403 403 201 404 404 201",
    ),  # api/v1/logistics/dispatches/<int:pk>/receive/
    row(
        "api-logistics-donation-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.lg_donation.number,
        GET="403 200 200 200x 200x 200",
        POST="403 403 400 400 403 400",
    ),  # api/v1/logistics/donations/
    row(
        "api-logistics-donor-totals", api=True, GET="403 200. 200. 200. 200. 200."
    ),  # api/v1/logistics/donations/by-donor/
    row(
        "api-logistics-donation-detail",
        api=True,
        kw=lambda w: {"pk": w.lg_donation.pk},
        text=lambda w: w.lg_donation.number,
        GET="403 200 200 404 404 200",
    ),  # api/v1/logistics/donations/<int:pk>/
    row(
        "api-logistics-donation-receipt",
        api=True,
        kw=lambda w: {"pk": w.lg_donation.pk},
        GET="403 200. 200. 404 404 200.",
    ),  # api/v1/logistics/donations/<int:pk>/receipt.pdf
    row("api-logistics-distributions", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/logistics/distributions/
    row("api-logistics-hxl", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/logistics/distributions/hxl.csv
]
