from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from banten_dinsos.regions.models import Region, RegionLevel
from banten_dinsos.regions.services import regions_load

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(Region.objects.order_by("code").values_list("code", "name", "level", "parent_id", "latitude"))


def test_load_regions_loads_exactly_banten_hierarchy():
    """1 province, 8 kabupaten/kota, 155 kecamatan and 1,552 desa/kelurahan, each under the right parent."""
    # Reference data is loaded for the whole test session and other tables point at the regions: start from an empty
    # table inside this test's transaction (rolled back at its end, as TRUNCATE is in PostgreSQL).
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Region._meta.db_table} CASCADE")
    call_command("load_regions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = Counter(Region.objects.values_list("level", flat=True))
    assert counts == {
        RegionLevel.PROVINSI: 1,
        RegionLevel.KABKOTA: 8,
        RegionLevel.KECAMATAN: 155,
        RegionLevel.DESA: 1552,
    }
    assert Region.objects.count() == 1716
    lebak = Region.objects.get(code="36.02")
    assert lebak.name == "Kabupaten Lebak" and lebak.parent_id == "36"
    assert Region.objects.get(code="36.73.02.1001").parent_id == "36.73.02"
    # Every non-province region's code extends its parent's code.
    assert not [r for r in Region.objects.exclude(level=RegionLevel.PROVINSI) if not r.code.startswith(r.parent_id)]


def test_loading_twice_changes_nothing():
    regions_load()
    before = _snapshot()
    summary = regions_load()
    assert summary == {"created": 0, "updated": 0, "total": 1716}
    assert _snapshot() == before


def test_loading_restores_a_renamed_region():
    regions_load()
    Region.objects.filter(code="36.02").update(name="Lebak (salah)")
    summary = regions_load()
    assert summary["updated"] == 1
    assert Region.objects.get(code="36.02").name == "Kabupaten Lebak"


def test_region_and_everything_under_it_is_one_indexed_prefix_query():
    regions_load()
    with CaptureQueriesContext(connection) as queries:
        codes = list(Region.objects.within("36.02").values_list("code", flat=True))
    assert len(queries) == 1
    assert "LIKE" in queries[0]["sql"]
    assert len(codes) == 1 + 28 + 345  # Kabupaten Lebak, its kecamatan and its desa (DOMAIN.md)
    # The table is small enough that PostgreSQL would scan it anyway; forbid that to prove an index can serve it.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Region.objects.within("36.02").values("code").explain()
    assert "Index" in plan and "Seq Scan" not in plan, plan


def test_regions_api_filters_by_prefix(api_as, staf):
    response = api_as(staf).get("/api/v1/regions/", {"within": "36.73", "level": "kecamatan", "page_size": 200})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6  # Kota Serang has 6 kecamatan
    assert {row["parent"] for row in body["results"]} == {"36.73"}


def test_regions_api_needs_authentication(api):
    response = api.get("/api/v1/regions/")
    assert response.status_code in (401, 403)
    assert "message" in response.json()
