from django.db.models import QuerySet

from .models import Agency


def agency_list(*, user, filters: dict | None = None) -> QuerySet[Agency]:
    """The coordination directory is shared by every signed-in user (no personal data in it)."""
    return Agency.objects.select_related("region").filter(is_active=True)
