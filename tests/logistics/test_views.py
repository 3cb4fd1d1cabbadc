"""The pages: the request flow end to end through the forms, and every page rendering for a user who may see it."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics.models import Dispatch, DispatchStatus, RequestStatus, StockBalance, StockRequest

pytestmark = pytest.mark.django_db


def _key():
    return str(uuid.uuid4())


def test_request_approve_dispatch_receive_through_the_pages(
    page_as, staf, petugas_lebak, disaster, gudang_lebak, province_warehouse, items, receive
):
    receive(province_warehouse, items["beras"], 300, batch_code="B1", expiry=timezone.localdate() + timedelta(days=90))
    receive(province_warehouse, items["selimut"], 100)
    officer, province = page_as(petugas_lebak), page_as(staf)

    form = officer.get(reverse("logistics:request-create"))
    assert form.status_code == 200
    response = officer.post(
        reverse("logistics:request-create"),
        {
            "disaster": disaster.pk,
            "destination": gudang_lebak.pk,
            "people_served": 250,
            "item_1": items["beras"].pk,
            "quantity_1": "120",
            "item_2": items["selimut"].pk,
            "quantity_2": "40",
            "idempotency_key": _key(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stock_request = StockRequest.objects.get()
    assert response["Location"] == stock_request.get_absolute_url()

    page = province.get(stock_request.get_absolute_url())
    assert page.status_code == 200 and b"approved_" in page.content
    lines = {line.item.code: line.pk for line in stock_request.lines.select_related("item")}
    response = province.post(
        reverse("logistics:request-decide", args=[stock_request.pk]),
        {f"approved_{lines['beras']}": "120", f"approved_{lines['selimut']}": "40", "idempotency_key": _key()},
    )
    assert response.status_code == 302
    stock_request.refresh_from_db()
    assert stock_request.status == RequestStatus.APPROVED

    page = province.get(stock_request.get_absolute_url())
    assert b"B1" in page.content  # the FEFO suggestion shows the batch
    response = province.post(
        reverse("logistics:request-dispatch", args=[stock_request.pk]),
        {"source": province_warehouse.pk, "vehicle": "A 1 B", "driver": "Udin", "idempotency_key": _key()},
    )
    assert response.status_code == 302
    dispatch = Dispatch.objects.get()
    pdf = province.get(reverse("logistics:dispatch-note", args=[dispatch.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # The QR code on the delivery note leads the receiver to the delivery.
    confirm = officer.get(reverse("logistics:dispatch-confirm", args=[dispatch.token]))
    assert confirm.status_code == 302 and confirm["Location"] == dispatch.get_absolute_url()
    page = officer.get(dispatch.get_absolute_url())
    fields = dict(re.findall(r'name="((?:received|damaged)_\d+)"[^>]*value="([^"]*)"', page.content.decode()))
    assert len(fields) == 4
    response = officer.post(
        reverse("logistics:dispatch-receive", args=[dispatch.pk]), {**fields, "idempotency_key": _key()}
    )
    assert response.status_code == 302
    dispatch.refresh_from_db()
    stock_request.refresh_from_db()
    assert dispatch.status == DispatchStatus.RECEIVED and stock_request.status == RequestStatus.RECEIVED
    assert StockBalance.objects.get(location=gudang_lebak, item=items["selimut"]).quantity == 40


def test_double_submit_of_the_request_form_records_one_request(page_as, petugas_lebak, disaster, gudang_lebak, items):
    browser, key = page_as(petugas_lebak), _key()
    data = {
        "disaster": disaster.pk,
        "destination": gudang_lebak.pk,
        "item_1": items["selimut"].pk,
        "quantity_1": "10",
        "idempotency_key": key,
    }
    assert browser.post(reverse("logistics:request-create"), data).status_code == 302
    assert browser.post(reverse("logistics:request-create"), data).status_code == 302
    assert StockRequest.objects.count() == 1


def test_move_form_shows_the_error_on_the_field_and_saves_nothing(
    page_as, petugas_lebak, gudang_lebak, desa_lebak, items, receive
):
    receive(gudang_lebak, items["selimut"], 2)
    response = page_as(petugas_lebak).post(
        reverse("logistics:move-create"),
        {
            "kind": "penyaluran",
            "item": items["selimut"].pk,
            "quantity": "3",
            "source": gudang_lebak.pk,
            "destination": desa_lebak.pk,
            "idempotency_key": _key(),
        },
    )
    assert response.status_code == 400
    assert "quantity" in response.context["form"].errors
    assert StockBalance.objects.get(location=gudang_lebak).quantity == 2


def test_move_detail_offers_a_reversal_that_restores_the_balance(
    page_as, staf, gudang_lebak, desa_lebak, items, receive
):
    from logistics.models import MoveKind
    from logistics.services import move_post

    receive(gudang_lebak, items["selimut"], 10)
    issue, _ = move_post(
        user=staf, kind=MoveKind.ISSUE, item=items["selimut"], quantity=5, source=gudang_lebak, destination=desa_lebak
    )
    browser = page_as(staf)
    assert (
        b"move-reverse" in browser.get(issue.get_absolute_url()).content
        or b"balik" in browser.get(issue.get_absolute_url()).content
    )
    response = browser.post(
        reverse("logistics:move-reverse", args=[issue.pk]), {"reason": "salah", "idempotency_key": _key()}
    )
    assert response.status_code == 302
    assert StockBalance.objects.get(location=gudang_lebak).quantity == 10


def test_request_list_page_query_count(
    page_as, petugas_lebak, disaster, gudang_lebak, items, django_assert_max_num_queries
):
    from logistics.services import request_submit

    for quantity in (1, 2, 3):
        request_submit(
            user=petugas_lebak,
            disaster=disaster,
            destination=gudang_lebak,
            lines=[{"item": items["selimut"], "quantity": quantity}],
        )
    browser = page_as(petugas_lebak)
    browser.get(reverse("logistics:request-list"))
    # Session, user, count, the page of requests with joins, deliveries on the road, notifications in the header:
    # bounded, and the same for 3 rows as for 1.
    with django_assert_max_num_queries(12):
        response = browser.get(reverse("logistics:request-list"))
    assert response.content.count(b"PMT-") >= 3


def test_dashboard_tile_counts_waiting_requests(page_as, staf, petugas_lebak, disaster, gudang_lebak, items):
    from logistics.services import request_submit

    request_submit(
        user=petugas_lebak,
        disaster=disaster,
        destination=gudang_lebak,
        lines=[{"item": items["selimut"], "quantity": 5}],
    )
    assert b"logistics-tile-slot" in page_as(staf).get(reverse("dashboard:home")).content
    response = page_as(staf).get(reverse("logistics:dashboard-tile"))
    assert response.status_code == 200
    assert "Permintaan menunggu keputusan: 1" in response.content.decode()


def test_admin_pages_of_the_ledger_render_read_only(client, reference_data, gudang_lebak, items, receive):
    from django.contrib import admin

    from logistics.models import StockMove
    from tests.factories import UserFactory

    move = receive(gudang_lebak, items["selimut"], 3)
    superuser = UserFactory(username="admin.logistik", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    for model in [model for model in admin.site._registry if model._meta.app_label == "logistics"]:
        url = reverse(f"admin:logistics_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
    change = client.get(reverse("admin:logistics_stockmove_change", args=[move.pk]))
    assert change.status_code == 200
    assert not admin.site._registry[StockMove].has_change_permission(change.wsgi_request, move)
