"""Health's figures in the cluster-status read model: posts open, consultations, referrals and open outbreak signals
per kabupaten/kota. Registered from ``HealthConfig.ready`` so the clusters app never imports health.
"""

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.roles import Perm, has_perm
from clusters.contributions import Contribution, StatusContributor, StatusFigure

from .models import HEALTH_CLUSTERS
from .selectors import health_post_list

CLUSTER = HEALTH_CLUSTERS[0]


def health_status_figures(*, user, disaster, kabkota_codes, region_code, cluster_codes) -> dict:
    """One GROUP BY over the posts of ``disaster`` that the user may see (their totals are kept by the services)."""
    if CLUSTER not in cluster_codes or not has_perm(user, Perm.HEALTH_VIEW):
        return {}
    posts = health_post_list(user=user, filters={"disaster": disaster.pk}).filter(kabkota_id__in=kabkota_codes)
    if region_code:
        posts = posts.filter(desa__code__startswith=region_code)
    rows = (
        posts.order_by()
        .values("kabkota_id")
        .annotate(
            open=Count("id", filter=Q(closed_on__isnull=True)),
            consultations=Sum("consultations_total", default=0),
            referrals=Sum("referrals_total", default=0),
            signals=Sum("signals_open", default=0),
            as_of=Max("updated_at"),
        )
    )
    return {
        (row["kabkota_id"], CLUSTER): Contribution(
            figures={
                "health_posts_open": row["open"],
                "consultations": row["consultations"],
                "health_referrals": row["referrals"],
                "health_signals_open": row["signals"],
            },
            as_of=row["as_of"],
        )
        for row in rows
    }


HEALTH_CONTRIBUTOR = StatusContributor(
    key="health",
    figures=(
        StatusFigure("health_posts_open", _("Health posts open"), "#indicator+health_posts+open+num"),
        StatusFigure("consultations", _("Consultations"), "#indicator+consultations+num"),
        StatusFigure("health_referrals", _("Referred to hospital"), "#indicator+referrals+num"),
        StatusFigure("health_signals_open", _("Open outbreak signals"), "#indicator+signals+open+num"),
    ),
    compute=health_status_figures,
)
