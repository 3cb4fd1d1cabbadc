"""The demo logistics of the Tangerang Raya floods: nine warehouses with stock, requests at every status, donations
from a company and PMI, batches close to expiry; built through the services and idempotent."""

import pytest

from banten_dinsos.accounts.services import users_seed_demo
from clusters.services import clusters_seed_demo
from logistics.models import Donation, DonorType, Location, LocationKind, RequestStatus, StockRequest
from logistics.selectors import expiring_list
from logistics.services import balances_verify, logistics_seed_demo
from shelters.services import shelters_seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_loader_builds_stock_requests_and_donations_once(reference_data, staf):
    users_seed_demo()
    clusters_seed_demo()
    shelters_seed_demo()
    logistics_seed_demo()
    warehouses = Location.objects.filter(kind__in=[LocationKind.GUDANG_PROVINSI, LocationKind.GUDANG_KABKOTA])
    assert warehouses.count() == 9
    assert set(StockRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(Donation.objects.values_list("donor__donor_type", flat=True)) == {DonorType.COMPANY, DonorType.PMI}
    assert expiring_list(user=staf).exists()
    assert balances_verify() == []
    counts = (StockRequest.objects.count(), Donation.objects.count())
    logistics_seed_demo()
    assert (StockRequest.objects.count(), Donation.objects.count()) == counts
