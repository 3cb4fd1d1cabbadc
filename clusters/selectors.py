from django.db.models import QuerySet

from .models import Cluster


def cluster_list(*, user, filters: dict | None = None) -> QuerySet[Cluster]:
    """Clusters are reference data shared by everyone signed in."""
    return Cluster.objects.select_related("lead_agency", "parent").filter(is_active=True)
