"""Access and services in the cluster-status read model: isolated areas and areas with services down, per kab/kota.

Registered from ``InfrastructureConfig.ready`` so the clusters app never imports infrastructure.
"""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.roles import Perm, has_perm
from clusters.contributions import Contribution, StatusContributor, StatusFigure

from .models import ACCESS_CLUSTERS, RoadAccess
from .selectors import area_access_list

CLUSTER = ACCESS_CLUSTERS[0]


def access_status_figures(*, user, disaster, kabkota_codes, region_code, cluster_codes) -> dict:
    """One GROUP BY over the current access of the areas of ``disaster`` that the user may see."""
    if CLUSTER not in cluster_codes or not has_perm(user, Perm.ACCESS_VIEW):
        return {}
    areas = area_access_list(user=user, filters={"disaster": disaster.pk}).filter(kabkota_id__in=kabkota_codes)
    if region_code:
        areas = areas.filter(area__code__startswith=region_code)
    rows = (
        areas.order_by()
        .values("kabkota_id")
        .annotate(
            isolated=Count("id", filter=Q(road_access=RoadAccess.CUT)),
            limited=Count("id", filter=Q(road_access=RoadAccess.LIMITED)),
            down=Count("id", filter=Q(services_down__gt=0)),
            as_of=Max("latest__observed_at"),
        )
    )
    return {
        (row["kabkota_id"], CLUSTER): Contribution(
            figures={
                "areas_isolated": row["isolated"],
                "areas_limited_access": row["limited"],
                "areas_services_down": row["down"],
            },
            as_of=row["as_of"],
        )
        for row in rows
    }


ACCESS_CONTRIBUTOR = StatusContributor(
    key="infrastructure",
    figures=(
        StatusFigure("areas_isolated", _("Areas cut off"), "#indicator+areas+isolated+num"),
        StatusFigure("areas_limited_access", _("Areas reachable only by 4WD or boat"), "#indicator+areas+limited+num"),
        StatusFigure("areas_services_down", _("Areas with basic services down"), "#indicator+areas+services_down+num"),
    ),
    compute=access_status_figures,
)
