from django.db.models import QuerySet

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404
from banten_dinsos.regions.models import Region

from .audience import DEFAULT_RULES, Rule, rule_of
from .models import Alert, AlertKind, Channel, Delivery, ExternalWarning, Severity, Subscription, SubscriptionSettings


def inbox(*, user, filters: dict | None = None) -> QuerySet[Delivery]:
    """The user's in-portal notifications, newest first (each already checked against their scope when sent)."""
    queryset = Delivery.objects.filter(recipient=user, channel=Channel.IN_APP).select_related("alert")
    if (filters or {}).get("unread"):
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Delivery.objects.filter(recipient=user, channel=Channel.IN_APP, read_at__isnull=True).count()


def notification_get(*, user, pk) -> Delivery:
    return get_scoped_or_404(inbox(user=user), pk=pk)


def subscription_rules(*, user) -> tuple[bool, list[Rule | Subscription]]:
    """(customised, rules): the user's saved rules, or the defaults of their role as unsaved rules."""
    customised = SubscriptionSettings.objects.filter(user=user, customised=True).exists()
    if customised:
        return True, list(Subscription.objects.filter(user=user).select_related("kabkota").order_by("channel", "id"))
    return False, list(DEFAULT_RULES.get(user.role, ()))


def rule_rows(rules, *, cluster_names: dict, disaster_names: dict) -> list[dict]:
    """Rules as plain rows for the settings page (labels resolved once)."""
    kabkota_names = dict(
        Region.objects.filter(code__in={r.kabkota_id for r in rules if r.kabkota_id}).values_list("code", "name")
    )
    rows = []
    for rule in rules:
        plain = rule if isinstance(rule, Rule) else rule_of(rule)
        rows.append(
            {
                "id": getattr(rule, "pk", None),
                "rule": plain,
                "channel_label": Channel(plain.channel).label,
                "kind_label": AlertKind(plain.kind).label if plain.kind in AlertKind.values else "",
                "severity_label": Severity(plain.min_severity).label,
                "kabkota_name": kabkota_names.get(plain.kabkota_id, ""),
                "cluster_name": cluster_names.get(plain.cluster_code, plain.cluster_code),
                "disaster_name": disaster_names.get(str(plain.disaster_id), plain.disaster_id or ""),
            }
        )
    return rows


def delivery_log(*, user, filters: dict | None = None) -> QuerySet[Delivery]:
    """Every delivery except in-portal ones, for staff watching that nothing is lost."""
    require_perm(user, Perm.NOTIFICATION_MANAGE)
    queryset = Delivery.objects.exclude(channel=Channel.IN_APP).select_related("alert", "recipient", "endpoint")
    filters = filters or {}
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("channel"):
        queryset = queryset.filter(channel=filters["channel"])
    return queryset.order_by("-created_at", "-id")


def delivery_get(*, user, pk) -> Delivery:
    return get_scoped_or_404(delivery_log(user=user).prefetch_related("log"), pk=pk)


def warning_list(*, user, filters: dict | None = None) -> QuerySet[ExternalWarning]:
    """BMKG warnings touching Banten. They are public information, so every role allowed to read them sees all."""
    require_perm(user, Perm.WARNING_VIEW)
    queryset = ExternalWarning.objects.all()
    if (filters or {}).get("open"):
        queryset = queryset.filter(disaster_id__isnull=True)
    return queryset.order_by("-sent", "-id")


def warning_get(*, user, pk) -> ExternalWarning:
    return get_scoped_or_404(warning_list(user=user), pk=pk)


def public_alerts(*, limit: int = 50) -> QuerySet[Alert]:
    """Alerts published in the CAP feed, newest first (no user: the feed is public)."""
    return Alert.objects.filter(public=True).order_by("-created_at", "-id")[:limit]


def public_alert_get(*, uuid) -> Alert:
    return get_scoped_or_404(Alert.objects.filter(public=True), uuid=uuid)


def kabkota_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))


def warning_kecamatan(warning: ExternalWarning) -> list[dict]:
    """The warning's kecamatan with names and their kabupaten/kota, and whether BMKG's name was ambiguous."""
    ambiguous = {code for codes in warning.ambiguous_places.values() for code in codes}
    regions = Region.objects.filter(code__in=warning.kecamatan_codes).select_related("parent").order_by("code")
    return [
        {"code": region.code, "name": region.name, "kabkota": region.parent.name, "ambiguous": region.code in ambiguous}
        for region in regions
    ]


def cap_message_list(*, user, filters: dict | None = None) -> QuerySet:
    """Staff-written CAP messages, newest first; only people who may publish public messages see them."""
    from .models import CapMessage

    require_perm(user, Perm.NOTIFICATION_MANAGE)
    queryset = CapMessage.objects.select_related("created_by", "decided_by", "alert", "references")
    state = (filters or {}).get("state")
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("-created_at", "-id")


def cap_message_get(*, user, pk):
    return get_scoped_or_404(cap_message_list(user=user), pk=pk)
