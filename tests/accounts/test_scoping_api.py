"""The scoping module is the only place that turns a user's scope into a database condition; these are its rules."""

from datetime import date

import pytest
from django.db.models import Q

from banten_dinsos.accounts.scoping import (
    scope_allows_any,
    scope_covering_queryset,
    scope_describe,
    scope_kabkota_queryset,
    scope_queryset,
)
from banten_dinsos.regions.models import Region
from banten_dinsos.reports.models import GeneratedReport, ReportScopeCluster
from clusters.models import Disaster, DisasterType

from ..conftest import KOTA_SERANG, LEBAK

pytestmark = pytest.mark.django_db


@pytest.fixture
def disasters(reference_data):
    kind = DisasterType.objects.first()

    def make(title, *codes):
        disaster = Disaster.objects.create(disaster_type=kind, title=title, started_on=date(2026, 1, 10))
        disaster.affected_kabkota.set(codes)
        return disaster

    return {
        "lebak": make("Banjir Lebak", LEBAK),
        "both": make("Banjir Lebak dan Kota Serang", LEBAK, KOTA_SERANG),
        "serang": make("Banjir Kota Serang", KOTA_SERANG),
    }


def _titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def test_many_to_many_scope_keeps_one_row_per_record(disasters, petugas_lebak, staf):
    queryset = Disaster.objects.filter(pk__in=[d.pk for d in disasters.values()])
    mine = scope_queryset(queryset, user=petugas_lebak, kabkota_field="affected_kabkota", through_many=True)
    assert _titles(mine) == ["Banjir Lebak", "Banjir Lebak dan Kota Serang"]
    assert mine.count() == 2
    assert scope_queryset(queryset, user=staf, kabkota_field="affected_kabkota", through_many=True).count() == 3


def test_extra_condition_widens_but_never_narrows(disasters, petugas_lebak):
    queryset = Disaster.objects.filter(pk__in=[d.pk for d in disasters.values()])
    widened = scope_queryset(
        queryset,
        user=petugas_lebak,
        kabkota_field="affected_kabkota",
        through_many=True,
        also=Q(title="Banjir Kota Serang"),
    )
    assert widened.count() == 3


def test_coordinators_see_all_only_when_asked(disasters, koordinator_pengungsian):
    queryset = Disaster.objects.filter(pk__in=[d.pk for d in disasters.values()])
    assert scope_queryset(queryset, user=koordinator_pengungsian, kabkota_field="affected_kabkota").count() == 0
    everything = scope_queryset(
        queryset, user=koordinator_pengungsian, kabkota_field="affected_kabkota", coordinators_see_all=True
    )
    assert everything.count() == 3


def test_kabkota_choices_follow_the_scope(petugas_lebak, staf, koordinator_pengungsian):
    kabkota = Region.objects.kabkota()
    assert list(scope_kabkota_queryset(kabkota, user=petugas_lebak).values_list("code", flat=True)) == [LEBAK]
    assert scope_kabkota_queryset(kabkota, user=staf).count() == 8
    assert scope_kabkota_queryset(kabkota, user=koordinator_pengungsian).count() == 0


def test_allow_any_checks_a_set_of_places_and_clusters(petugas_lebak, koordinator_pengungsian, staf):
    assert scope_allows_any(petugas_lebak, kabkota_codes=[KOTA_SERANG, LEBAK])
    assert not scope_allows_any(petugas_lebak, kabkota_codes=[KOTA_SERANG], clusters=["pengungsian-perlindungan"])
    assert scope_allows_any(koordinator_pengungsian, clusters=["kesehatan", "pengungsian-perlindungan"])
    assert scope_allows_any(staf)
    assert scope_describe(petugas_lebak) == {"province_wide": False, "kabkota": LEBAK, "clusters": []}


def test_a_report_built_for_clusters_is_read_by_coordinators_of_all_of_them(
    koordinator_pengungsian, koordinator_kesehatan, petugas_lebak, staf
):
    def report(title, *, kabkota="", clusters=(), province_wide=False):
        made = GeneratedReport.objects.create(
            kind="situation", format="pdf", title=title, scope_province_wide=province_wide, scope_kabkota=kabkota
        )
        ReportScopeCluster.objects.bulk_create(ReportScopeCluster(report=made, cluster_code=c) for c in clusters)
        return made

    report("pengungsian", clusters=["pengungsian-perlindungan"])
    report("both clusters", clusters=["pengungsian-perlindungan", "kesehatan"])
    report("lebak", kabkota=LEBAK)
    report("province", province_wide=True)

    def visible(user):
        return _titles(
            scope_covering_queryset(
                GeneratedReport.objects.all(),
                user=user,
                province_wide_field="scope_province_wide",
                kabkota_field="scope_kabkota",
                clusters_field="scope_clusters__cluster_code",
            )
        )

    assert visible(koordinator_pengungsian) == ["pengungsian"]
    assert visible(koordinator_kesehatan) == []
    assert visible(petugas_lebak) == ["lebak"]
    assert len(visible(staf)) == 4
