"""The API: the whole request flow, bad input with messages naming the field, idempotent posting, posted moves
that cannot be edited, and query counts on the lists."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics.models import Dispatch, DispatchStatus, MoveKind, RequestStatus, StockBalance, StockMove, StockRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(province_warehouse, items, receive):
    today = timezone.localdate()
    receive(province_warehouse, items["beras"], 500, batch_code="LATE", expiry=today + timedelta(days=300))
    receive(province_warehouse, items["beras"], 40, batch_code="SOON", expiry=today + timedelta(days=20))
    receive(province_warehouse, items["selimut"], 200)
    return province_warehouse


def test_request_approve_dispatch_receive_through_the_api(
    api_as, staf, petugas_lebak, disaster, gudang_lebak, stocked, items
):
    officer, province = api_as(petugas_lebak), api_as(staf)
    key = str(uuid.uuid4())
    body = {
        "disaster": disaster.pk,
        "destination": gudang_lebak.pk,
        "lines": [{"item": items["beras"].pk, "quantity": "100"}, {"item": items["selimut"].pk, "quantity": "50"}],
        "purpose": "Pengungsi banjir Lebak",
        "people_served": 400,
        "idempotency_key": key,
    }
    response = officer.post(reverse("api-logistics-request-list"), body, format="json")
    assert response.status_code == 201, response.json()
    assert response["Idempotent-Replayed"] == "false"
    request_id = response.json()["id"]
    again = officer.post(reverse("api-logistics-request-list"), body, format="json")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true" and again.json()["id"] == request_id
    assert StockRequest.objects.count() == 1

    lines = {line["item"]: line["id"] for line in response.json()["lines"]}
    decision = province.post(
        reverse("api-logistics-request-decide", args=[request_id]),
        {"approved": {str(lines[items["selimut"].pk]): "30"}, "reason": "Selimut terbatas"},
        format="json",
    )
    assert decision.status_code == 201, decision.json()
    assert decision.json()["status"] == RequestStatus.PARTIAL

    picking = province.get(reverse("api-logistics-request-picking", args=[request_id]), {"source": stocked.pk})
    assert [(pick["batch_code"], pick["quantity"]) for pick in picking.json()["picks"]] == [
        ("SOON", "40.000"),
        ("LATE", "60.000"),
        ("UMUM", "30.000"),
    ]
    dispatch = province.post(
        reverse("api-logistics-request-dispatch", args=[request_id]),
        {"source": stocked.pk, "vehicle": "A 1234 BC", "idempotency_key": str(uuid.uuid4())},
        format="json",
    )
    assert dispatch.status_code == 201, dispatch.json()
    dispatch_id = dispatch.json()["id"]
    note = officer.get(reverse("api-logistics-dispatch-note", args=[dispatch_id]))
    assert note.status_code == 200 and note.content.startswith(b"%PDF")

    receipt = officer.post(reverse("api-logistics-dispatch-receive", args=[dispatch_id]), {}, format="json")
    assert receipt.status_code == 201, receipt.json()
    assert receipt.json()["status"] == DispatchStatus.RECEIVED
    detail = officer.get(reverse("api-logistics-request-detail", args=[request_id])).json()
    assert detail["status"] == RequestStatus.RECEIVED
    assert [event["status"] for event in detail["events"]] == ["diajukan", "disetujui_sebagian", "dikirim", "diterima"]
    on_hand = officer.get(reverse("api-logistics-stock"), {"location": gudang_lebak.pk}).json()["results"]
    assert sorted((row["item_name"], row["batch_code"], row["quantity"]) for row in on_hand) == [
        ("Beras", "LATE", "60.000"),
        ("Beras", "SOON", "40.000"),
        ("Selimut", "UMUM", "30.000"),
    ]


def _move(client, **fields):
    return client.post(reverse("api-logistics-move-list"), fields, format="json")


def test_issuing_more_than_on_hand_answers_400_naming_quantity(api_as, staf, gudang_lebak, desa_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 3)
    response = _move(
        api_as(staf),
        kind="penyaluran",
        item=items["selimut"].pk,
        quantity="4",
        source=gudang_lebak.pk,
        destination=desa_lebak.pk,
    )
    assert response.status_code == 400
    assert "quantity" in response.json()["errors"]
    assert "Hanya 3 lembar Selimut" in response.json()["errors"]["quantity"][0]
    assert StockMove.objects.count() == 1


@pytest.mark.parametrize("quantity", ["-1", "0", "1.5"])
def test_negative_zero_or_fractional_quantity_answers_400(api_as, staf, gudang_lebak, supplier, items, quantity):
    response = _move(
        api_as(staf),
        kind="penerimaan",
        item=items["selimut"].pk,
        quantity=quantity,
        source=supplier.pk,
        destination=gudang_lebak.pk,
    )
    assert response.status_code == 400
    assert "quantity" in response.json()["errors"]
    assert "jumlah" in response.json()["message"].lower() or "quantity" in response.json()["message"]
    assert not StockMove.objects.exists()


def test_move_to_the_same_place_answers_400(api_as, staf, gudang_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 3)
    response = _move(
        api_as(staf),
        kind="transfer",
        item=items["selimut"].pk,
        quantity="1",
        source=gudang_lebak.pk,
        destination=gudang_lebak.pk,
    )
    assert response.status_code == 400 and "destination" in response.json()["errors"]
    assert StockMove.objects.count() == 1


def test_receipt_into_another_kabkota_warehouse_is_answered_like_a_missing_one(
    api_as, petugas_lebak, gudang_kota_serang, supplier, items
):
    officer = api_as(petugas_lebak)
    foreign = _move(
        officer,
        kind="penerimaan",
        item=items["selimut"].pk,
        quantity="1",
        source=supplier.pk,
        destination=gudang_kota_serang.pk,
    )
    missing = _move(
        officer, kind="penerimaan", item=items["selimut"].pk, quantity="1", source=supplier.pk, destination=999999
    )
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()["errors"]["destination"] == [
        message.replace("999999", str(gudang_kota_serang.pk)) for message in missing.json()["errors"]["destination"]
    ]
    assert not StockMove.objects.exists()


def test_same_key_with_other_content_answers_409_and_writes_nothing(api_as, staf, gudang_lebak, supplier, items):
    client, key = api_as(staf), str(uuid.uuid4())
    fields = {"kind": "penerimaan", "item": items["selimut"].pk, "source": supplier.pk, "destination": gudang_lebak.pk}
    assert _move(client, quantity="5", idempotency_key=key, **fields).status_code == 201
    replay = _move(client, quantity="5", idempotency_key=key, **fields)
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    conflict = _move(client, quantity="6", idempotency_key=key, **fields)
    assert conflict.status_code == 409
    assert "idempotency_key" in conflict.json()["errors"]
    assert StockMove.objects.count() == 1
    assert StockBalance.objects.get(location=gudang_lebak).quantity == 5


def test_editing_or_deleting_a_posted_move_answers_405(api_as, staf, gudang_lebak, items, receive):
    move = receive(gudang_lebak, items["selimut"], 5)
    client = api_as(staf)
    url = reverse("api-logistics-move-detail", args=[move.pk])
    for method in (client.put, client.patch, client.delete):
        response = method(url, {"quantity": "50"}, format="json")
        assert response.status_code == 405
        assert "move" in response.json()["errors"]
    move.refresh_from_db()
    assert move.quantity == 5


def test_reversal_through_the_api_restores_the_balance(api_as, staf, gudang_lebak, desa_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 10)
    client = api_as(staf)
    issue = _move(
        client,
        kind="penyaluran",
        item=items["selimut"].pk,
        quantity="4",
        source=gudang_lebak.pk,
        destination=desa_lebak.pk,
    )
    assert issue.status_code == 201
    reversal = client.post(
        reverse("api-logistics-move-reverse", args=[issue.json()["id"]]),
        {"reason": "Salah input", "idempotency_key": str(uuid.uuid4())},
        format="json",
    )
    assert reversal.status_code == 201 and reversal.json()["reverses"] == issue.json()["id"]
    assert StockBalance.objects.get(location=gudang_lebak).quantity == 10
    detail = client.get(reverse("api-logistics-move-detail", args=[issue.json()["id"]])).json()
    assert detail["reversed_by"] == reversal.json()["id"]


def test_donation_through_the_api_with_receipt_and_donor_totals(api_as, petugas_lebak, gudang_lebak, items):
    from logistics.models import DonorType, Location

    company = Location.objects.create(
        code="sumber-csr-uji",
        name="PT Uji (CSR)",
        kind="sumber",
        donor_type=DonorType.COMPANY,
        region_id="36.02",
        kabkota_id="36.02",
    )
    client = api_as(petugas_lebak)
    response = client.post(
        reverse("api-logistics-donation-list"),
        {
            "donor": company.pk,
            "warehouse": gudang_lebak.pk,
            "received_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "value_estimate": "15000000.00",
            "lines": [
                {"item": items["selimut"].pk, "quantity": "100"},
                {"item": items["beras"].pk, "quantity": "250.5", "batch_code": "CSR-1", "expiry_date": "2031-01-01"},
            ],
            "idempotency_key": str(uuid.uuid4()),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["moves"]) == 2
    receipt = client.get(reverse("api-logistics-donation-receipt", args=[response.json()["id"]]))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    totals = client.get(reverse("api-logistics-donor-totals")).json()
    assert totals == [
        {
            "donor": company.pk,
            "donor_name": "PT Uji (CSR)",
            "donor_type": "perusahaan",
            "donations": 1,
            "value": "15000000.00",
        }
    ]
    negative = client.post(
        reverse("api-logistics-donation-list"),
        {
            "donor": company.pk,
            "warehouse": gudang_lebak.pk,
            "received_on": "2026-01-01",
            "value_estimate": "-5",
            "lines": [{"item": items["selimut"].pk, "quantity": "1"}],
        },
        format="json",
    )
    assert negative.status_code == 400 and "value_estimate" in negative.json()["errors"]


def test_stock_card_xlsx_has_a_running_balance(api_as, staf, gudang_lebak, desa_lebak, items, receive):
    from openpyxl import load_workbook

    receive(gudang_lebak, items["selimut"], 10)
    receive(gudang_lebak, items["selimut"], 5)
    client = api_as(staf)
    _move(
        client,
        kind="penyaluran",
        item=items["selimut"].pk,
        quantity="7",
        source=gudang_lebak.pk,
        destination=desa_lebak.pk,
    )
    response = client.get(
        reverse("api-logistics-stock-card"), {"location": gudang_lebak.pk, "item": items["selimut"].pk}
    )
    assert response.status_code == 200
    import io

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    balances = [row[8] for row in rows[6:]]
    assert balances == [10, 15, 8]


def test_move_list_query_count_does_not_grow_with_rows(
    api_as, staf, gudang_lebak, items, receive, django_assert_num_queries
):
    for quantity in (1, 2, 3, 4):
        receive(gudang_lebak, items["selimut"], quantity)
    client = api_as(staf)
    # Session/auth is forced; one query for the keyset page of moves with every related row joined.
    with django_assert_num_queries(1):
        response = client.get(reverse("api-logistics-move-list"))
    assert len(response.json()["results"]) == 4


def test_request_list_query_count(api_as, petugas_lebak, disaster, gudang_lebak, items, django_assert_num_queries):
    from logistics.services import request_submit

    for quantity in (1, 2, 3):
        request_submit(
            user=petugas_lebak,
            disaster=disaster,
            destination=gudang_lebak,
            lines=[{"item": items["selimut"], "quantity": Decimal(quantity)}],
        )
    client = api_as(petugas_lebak)
    # One COUNT for the page number pagination, one for the page with its joins and line counts.
    with django_assert_num_queries(2):
        response = client.get(reverse("api-logistics-request-list"))
    assert response.json()["count"] == 3


def test_balance_list_query_count(api_as, staf, gudang_lebak, items, receive, django_assert_num_queries):
    receive(gudang_lebak, items["selimut"], 3)
    receive(gudang_lebak, items["tikar"], 3)
    receive(gudang_lebak, items["beras"], 3, batch_code="X", expiry=date(2031, 1, 1))
    client = api_as(staf)
    # COUNT, then the page with location, item and batch joined.
    with django_assert_num_queries(2):
        response = client.get(reverse("api-logistics-stock"))
    assert response.json()["count"] == 3


def test_position_api_reports_days_of_cover(api_as, staf, gudang_lebak, items, receive, django_assert_num_queries):
    from shelters.models import ShelterStatus
    from tests.factories import ShelterFactory

    ShelterFactory(desa_code="36.02.14.1007", status=ShelterStatus.OPEN, current_total=100)
    receive(gudang_lebak, items["beras"], 200, batch_code="X", expiry=date(2031, 1, 1))
    receive(gudang_lebak, items["selimut"], 3)
    receive(gudang_lebak, items["tikar"], 3)
    client = api_as(staf)
    # The warehouse, the totals per item (with names and ration rules joined), and the displaced people.
    with django_assert_num_queries(3):
        response = client.get(reverse("api-logistics-position"), {"location": gudang_lebak.pk})
    rows = {row["item_name"]: row for row in response.json()["rows"]}
    assert rows["Beras"]["days_of_cover"] == "5.0"  # 200 kg / (100 people x 0.4 kg)
    assert len(rows) == 3


def test_dispatch_statuses_are_listed(api_as, staf):
    response = api_as(staf).get(reverse("api-logistics-dispatch-list"))
    assert response.status_code == 200 and response.json()["count"] == Dispatch.objects.count() == 0


def test_write_off_goes_to_the_write_off_place(api_as, staf, gudang_lebak, items, receive):
    receive(gudang_lebak, items["selimut"], 3)
    response = _move(
        api_as(staf), kind="penghapusan", item=items["selimut"].pk, quantity="1", source=gudang_lebak.pk, reason=""
    )
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = _move(
        api_as(staf), kind="penghapusan", item=items["selimut"].pk, quantity="1", source=gudang_lebak.pk, reason="Sobek"
    )
    assert response.status_code == 201 and response.json()["kind"] == MoveKind.WRITE_OFF


def test_ksb_store_is_registered_for_a_ksb_unit_of_the_officers_own_area(api_as, petugas_lebak, reference_data):
    from ksb_volunteers.models import KsbUnit

    unit = KsbUnit.objects.create(name="KSB Muara Ciujung", desa_id="36.02.14.1007", kabkota_id="36.02")
    elsewhere = KsbUnit.objects.create(name="KSB Kasemen", desa_id="36.73.02.1001", kabkota_id="36.73")
    client = api_as(petugas_lebak)
    body = {"name": "Lumbung KSB Muara Ciujung", "kind": "lumbung_ksb", "region": "36.02.14.1007"}
    response = client.post(reverse("api-logistics-location-list"), {**body, "ksb_unit": unit.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["ksb_unit"] == unit.pk and response.json()["kabkota"] == "36.02"
    foreign = client.post(reverse("api-logistics-location-list"), {**body, "ksb_unit": elsewhere.pk}, format="json")
    assert foreign.status_code == 400 and "ksb_unit" in foreign.json()["errors"]
    missing = client.post(reverse("api-logistics-location-list"), body, format="json")
    assert missing.status_code == 400 and "ksb_unit" in missing.json()["errors"]
