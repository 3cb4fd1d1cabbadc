"""Direct factories for volume (query-count tests); behaviour tests go through the services instead.

Rows made here skip the services, so each factory keeps the cluster-status read model itself, as a bulk path
would (``clusters/read_models.py``)."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from banten_dinsos.agencies.models import Agency
from clusters.models import Activity, ActivityStatus, Cluster, FieldReport, Need, ReportState
from clusters.read_models import apply_activity_change, apply_need_change, apply_report_change

WIB = ZoneInfo("Asia/Jakarta")


class FieldReportFactory(DjangoModelFactory):
    class Meta:
        model = FieldReport
        exclude = ("area_code",)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        report = super()._create(model_class, *args, **kwargs)
        apply_report_change(report)
        return report

    area_code = "36.71.08"
    area_id = factory.LazyAttribute(lambda o: o.area_code)
    kabkota_id = factory.LazyAttribute(lambda o: o.area_code[:5])
    observed_at = factory.Sequence(lambda n: datetime(2026, 1, 18, 8, tzinfo=WIB).replace(minute=n % 60))
    affected_people = 100
    affected_families = 30
    displaced = 20
    state = ReportState.VERIFIED
    verified_at = factory.LazyAttribute(lambda o: o.observed_at)
    idempotency_key = factory.LazyFunction(uuid.uuid4)


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need
        exclude = ("area_code", "cluster_code")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        need = super()._create(model_class, *args, **kwargs)
        apply_need_change(need)
        return need

    area_code = "36.71.08"
    cluster_code = "logistik"
    area_id = factory.LazyAttribute(lambda o: o.area_code)
    kabkota_id = factory.LazyAttribute(lambda o: o.area_code[:5])
    cluster = factory.LazyAttribute(lambda o: Cluster.objects.get(code=o.cluster_code))
    sector = factory.LazyAttribute(lambda o: o.cluster.parent or o.cluster)
    description = factory.Sequence(lambda n: f"Kebutuhan {n}")
    people_in_need = 50


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity
        exclude = ("area_code", "cluster_code", "agency_code")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        activity = super()._create(model_class, *args, **kwargs)
        apply_activity_change(activity)
        return activity

    area_code = "36.71.08"
    cluster_code = "logistik"
    agency_code = "dinsos-banten"
    area_id = factory.LazyAttribute(lambda o: o.area_code)
    kabkota_id = factory.LazyAttribute(lambda o: o.area_code[:5])
    cluster = factory.LazyAttribute(lambda o: Cluster.objects.get(code=o.cluster_code))
    sector = factory.LazyAttribute(lambda o: o.cluster.parent or o.cluster)
    agency = factory.LazyAttribute(lambda o: Agency.objects.get(code=o.agency_code))
    title = factory.Sequence(lambda n: f"Kegiatan {n}")
    start_date = date(2026, 1, 18)
    people_reached = 10
    status = ActivityStatus.ONGOING
