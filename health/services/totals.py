from django.db.models import Max, Sum
from django.utils import timezone

from ..models import Consultation, HealthPost, Signal, SignalState


def health_post_totals_refresh(*, post_id: int) -> None:
    """Recompute a post's kept totals from its consultations and signals (two queries and one update)."""
    sums = Consultation.objects.filter(post_id=post_id).aggregate(
        total=Sum("total", default=0), referrals=Sum("referrals", default=0), last=Max("date")
    )
    HealthPost.objects.filter(pk=post_id).update(
        consultations_total=sums["total"],
        referrals_total=sums["referrals"],
        last_reported_on=sums["last"],
        signals_open=Signal.objects.filter(post_id=post_id, state=SignalState.OPEN).count(),
        updated_at=timezone.now(),
    )


def health_totals_rebuild() -> int:
    """Recompute the kept totals of every post (after a repair or an import); returns the posts rebuilt."""
    ids = list(HealthPost.objects.values_list("pk", flat=True))
    for post_id in ids:
        health_post_totals_refresh(post_id=post_id)
    return len(ids)
