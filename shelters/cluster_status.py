"""Shelters' figures in the cluster-status read model: shelters open and people in them, per kabupaten/kota.

Registered from ``SheltersConfig.ready`` so the clusters app never imports shelters.
"""

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.roles import Perm, has_perm
from clusters.contributions import Contribution, StatusContributor, StatusFigure

from .models import ShelterStatus
from .selectors import shelter_list

# Shelters are the evacuation-and-protection cluster's own figures (SK BNPB 173/2014).
CLUSTER = "pengungsian-perlindungan"


def shelter_status_figures(*, user, disaster, kabkota_codes, region_code, cluster_codes) -> dict:
    """One GROUP BY over the shelters serving ``disaster`` that the user may see."""
    if CLUSTER not in cluster_codes or not has_perm(user, Perm.SHELTER_VIEW):
        return {}
    shelters = shelter_list(user=user).filter(disasters=disaster, kabkota_id__in=kabkota_codes)
    if region_code:
        shelters = shelters.filter(desa__code__startswith=region_code)
    rows = (
        shelters.order_by()
        .values("kabkota_id")
        .annotate(
            shelters_open=Count("id", filter=Q(status=ShelterStatus.OPEN)),
            people_in_shelters=Sum("current_total", filter=Q(status=ShelterStatus.OPEN), default=0),
            as_of=Max("current_observed_at"),
        )
    )
    return {
        (row["kabkota_id"], CLUSTER): Contribution(
            figures={"shelters_open": row["shelters_open"], "people_in_shelters": row["people_in_shelters"]},
            as_of=row["as_of"],
        )
        for row in rows
    }


SHELTER_CONTRIBUTOR = StatusContributor(
    key="shelters",
    figures=(
        StatusFigure("shelters_open", _("Shelters open"), "#indicator+shelters+open+num"),
        StatusFigure("people_in_shelters", _("People in shelters"), "#affected+displaced+shelter"),
    ),
    compute=shelter_status_figures,
)
