"""The dashboard's reporting-completeness panel: today's share of kecamatan with an approved report per kab/kota."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from banten_dinsos.regions.models import Region

pytestmark = pytest.mark.django_db


def test_dashboard_shows_todays_completeness_per_kabkota(page_as, staf, flood, petugas_kota_tangerang, report_of):
    report_of(petugas_kota_tangerang, flood, "36.71.08", observed=timezone.now())
    cache.clear()
    page = page_as(staf).get("/")
    assert page.status_code == 200
    panel = page.text.split('id="panel-completeness"')[1].split("</section>")[0]
    # Kota Tangerang declared one kecamatan (Periuk), reported today: 1/1; Tangerang Selatan declared Pondok Aren,
    # nothing yet: 0/1; Kabupaten Tangerang declared none, so all 29 of its kecamatan are expected.
    assert "Kota Tangerang" in panel and "100,0%" in panel and "1/1" in panel
    assert "0/1" in panel and "0/29" in panel
    officer = page_as(petugas_kota_tangerang).get("/")
    officer_panel = officer.text.split('id="panel-completeness"')[1].split("</section>")[0]
    assert "Kota Tangerang Selatan" not in officer_panel and "0/29" not in officer_panel


def test_dashboard_counts_desa_for_a_disaster_declared_at_desa_level(
    page_as, staf, flood, petugas_kota_tangerang, report_of
):
    from clusters.models import ReportingLevel
    from clusters.services import disaster_update

    disaster_update(
        user=staf,
        disaster=flood,
        data={
            "reporting_level": ReportingLevel.DESA,
            "affected_desa": list(Region.objects.filter(code__in=["36.71.08.1001", "36.71.08.1002"])),
        },
    )
    for area in ("36.71.08.1001", "36.71.08"):
        report_of(petugas_kota_tangerang, flood, area, observed=timezone.now())
    cache.clear()
    panel = page_as(staf).get("/").text.split('id="panel-completeness"')[1].split("</section>")[0]
    # Kota Tangerang declared two desa of Periuk; desa Periuk has its verified report (the one for the whole
    # kecamatan counts for neither): 1/2. Pondok Aren declared no desa, so its 11 are expected; Kabupaten
    # Tangerang declared no kecamatan, so every desa of its 29 kecamatan (274).
    assert "Desa/kelurahan" in panel and "Per desa" in panel
    assert "50,0%" in panel and "1/2" in panel and "0/11" in panel and "0/274" in panel
