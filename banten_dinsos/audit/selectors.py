from django.db.models import QuerySet

from banten_dinsos.accounts.roles import Perm, require_perm

from .models import AuditLog


def audit_list(*, user, filters: dict | None = None) -> QuerySet[AuditLog]:
    """The audit trail, for provincial administrators only."""
    require_perm(user, Perm.AUDIT_VIEW)
    filters = filters or {}
    queryset = AuditLog.objects.all()
    if filters.get("action"):
        queryset = queryset.filter(action=filters["action"])
    if filters.get("model"):
        queryset = queryset.filter(model=filters["model"])
    if filters.get("actor"):
        queryset = queryset.filter(actor_username=filters["actor"])
    if filters.get("object_id"):
        queryset = queryset.filter(object_id=filters["object_id"])
    if filters.get("kabkota"):
        queryset = queryset.filter(kabkota_code=filters["kabkota"])
    if filters.get("date_from"):
        queryset = queryset.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(at__date__lte=filters["date_to"])
    return queryset
