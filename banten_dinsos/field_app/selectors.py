"""Reads of the field app: the officer's own reference data for working offline, and a report's photos."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404, scope_is_province_wide, scope_kabkota_code
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import IMPACT_FIELDS, FieldReport, ReportKind
from clusters.selectors import cluster_list, disaster_list, field_report_get, field_report_list
from shelters.models import Evacuee, EvacueeStatus, ShelterStatus
from shelters.selectors import evacuee_list, shelter_list

from .models import ReportPhoto


def _areas(user) -> QuerySet[Region]:
    """The kecamatan and desa an officer reports on: their kabupaten/kota's, or all of Banten for the province."""
    queryset = Region.objects.filter(level__in=[RegionLevel.KECAMATAN, RegionLevel.DESA]).order_by("code")
    if scope_is_province_wide(user):
        return queryset
    code = scope_kabkota_code(user)
    return queryset.filter(code__startswith=f"{code}.") if code else queryset.none()


# Whoever records any of the field app's forms may use it: officers, and cluster coordinators for shelters and LDP.
FIELD_APP_PERMS = (Perm.FIELDREPORT_CREATE, Perm.OCCUPANCY_RECORD, Perm.LDP_RECORD)


def field_app_require(user) -> None:
    if not any(has_perm(user, perm) for perm in FIELD_APP_PERMS):
        raise PermissionDenied


def field_reference(*, user) -> dict:
    """Everything the offline forms choose from, scoped to ``user``: open disasters affecting their kabupaten/kota,
    its kecamatan and desa, its open shelters and the clusters a need belongs to."""
    field_app_require(user)
    disasters = disaster_list(user=user, filters={"active": "true"}).prefetch_related("affected_kabkota")
    shelters = shelter_list(user=user, filters={"status": ShelterStatus.OPEN}).order_by("name")
    return {
        "user": {"id": user.pk, "username": user.username, "name": str(user), "kabkota": user.kabkota_id},
        "refreshed_at": timezone.now(),
        "disasters": [
            {
                "id": disaster.pk,
                "title": disaster.title,
                "started_on": disaster.started_on,
                "kabkota": sorted(region.code for region in disaster.affected_kabkota.all()),
            }
            for disaster in disasters.order_by("-started_on", "-id")
        ],
        "areas": list(_areas(user).values("code", "name", "level", "parent_id")),
        "shelters": [
            {"id": shelter.pk, "name": shelter.name, "desa": shelter.desa_id, "version": shelter.version}
            for shelter in shelters
        ],
        "clusters": [{"code": cluster.code, "name": cluster.name} for cluster in cluster_list(user=user)],
        "report_kinds": [{"value": value, "label": str(label)} for value, label in ReportKind.choices],
        "count_fields": [
            {"name": name, "label": str(FieldReport._meta.get_field(name).verbose_name)} for name in IMPACT_FIELDS
        ],
    }


def report_photo_list(*, user, report_pk) -> QuerySet[ReportPhoto]:
    """Photos of one field report the user may read (the report's own scope; out of scope answers 404)."""
    report = field_report_get(user=user, pk=report_pk)
    return report.photos.select_related("uploaded_by")


def report_photo_get(*, user, pk) -> ReportPhoto:
    """One photo, readable by whoever may read its report; anything else answers 404."""
    reports = field_report_list(user=user).values("pk")
    return get_scoped_or_404(ReportPhoto.objects.filter(report__in=reports).select_related("report"), pk=pk)


EVACUEES_OFFLINE_MAX = 5000


def field_evacuees(*, user) -> QuerySet[Evacuee]:
    """The people an officer may check out of or back into a shelter while offline: those in the user's open
    shelters and those who checked out of a shelter in scope (names only leave the server, never NIK or KK)."""
    return (
        evacuee_list(user=user)
        .filter(shelter__status=ShelterStatus.OPEN, status__in=[EvacueeStatus.CHECKED_IN, EvacueeStatus.CHECKED_OUT])
        .order_by("full_name", "id")[:EVACUEES_OFFLINE_MAX]
    )
