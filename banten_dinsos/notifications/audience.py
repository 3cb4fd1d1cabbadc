"""Who receives an alert: each person's rules (or their role's defaults), limited to what their scope lets them see.

Pure reads, run inside the emitting transaction. A fixed number of queries for everyone with province-wide or
kabupaten/kota scope, plus one per cluster coordinator (their clusters), whatever the number of rules.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from banten_dinsos.accounts.roles import Role
from banten_dinsos.accounts.scoping import scope_allows_any

from .models import SEVERITY_RANK, Channel, Subscription, SubscriptionSettings


@dataclass(frozen=True)
class Rule:
    """A subscription rule as plain data: a saved Subscription or one of the role defaults."""

    channel: str
    kind: str = ""
    kabkota_id: str | None = None
    cluster_code: str = ""
    disaster_id: int | None = None
    min_severity: str = "Unknown"


# Until a person saves their own rules: everything they may see in the portal, and email for severe alerts.
# Read-only API clients are systems; partner systems receive alerts through webhooks instead.
_EVERYTHING_IN_APP_SEVERE_BY_EMAIL = (Rule(Channel.IN_APP), Rule(Channel.EMAIL, min_severity="Severe"))
DEFAULT_RULES: dict[str, tuple[Rule, ...]] = {
    Role.STAF_PROVINSI: _EVERYTHING_IN_APP_SEVERE_BY_EMAIL,
    Role.PETUGAS_KABKOTA: _EVERYTHING_IN_APP_SEVERE_BY_EMAIL,
    Role.KOORDINATOR_KABKOTA: _EVERYTHING_IN_APP_SEVERE_BY_EMAIL,
    Role.KOORDINATOR_KLASTER: _EVERYTHING_IN_APP_SEVERE_BY_EMAIL,
    Role.API_CLIENT: (),
}


def rule_of(subscription: Subscription) -> Rule:
    return Rule(
        channel=subscription.channel,
        kind=subscription.kind,
        kabkota_id=subscription.kabkota_id,
        cluster_code=subscription.cluster_code,
        disaster_id=subscription.disaster_id,
        min_severity=subscription.min_severity,
    )


def severity_reaches(severity: str, minimum: str) -> bool:
    return SEVERITY_RANK.get(severity, 0) >= SEVERITY_RANK.get(minimum, 0)


def rule_matches(rule: Rule, alert, *, direct: bool = False) -> bool:
    """Whether ``rule`` asks for ``alert``. Alerts addressed to a person directly ignore the where-filters."""
    if rule.kind and rule.kind != alert.kind:
        return False
    if not severity_reaches(alert.severity, rule.min_severity):
        return False
    if direct:
        return True
    if rule.kabkota_id and rule.kabkota_id not in alert.kabkota_codes:
        return False
    if rule.cluster_code and rule.cluster_code not in alert.cluster_codes:
        return False
    return not (rule.disaster_id and rule.disaster_id != alert.disaster_id)


def may_see(user, alert) -> bool:
    """The region scoping applied to an alert: its kabupaten/kota and the clusters it concerns."""
    return scope_allows_any(user, kabkota_codes=alert.kabkota_codes, clusters=alert.cluster_codes)


def rules_by_user(users) -> dict[int, tuple[Rule, ...]]:
    """Each user's rules: their own once they saved some, otherwise their role's defaults."""
    users = list(users)
    ids = [user.pk for user in users]
    customised = set(
        SubscriptionSettings.objects.filter(user_id__in=ids, customised=True).values_list("user_id", flat=True)
    )
    saved: dict[int, list[Rule]] = {}
    for subscription in Subscription.objects.filter(user_id__in=customised):
        saved.setdefault(subscription.user_id, []).append(rule_of(subscription))
    return {
        user.pk: tuple(saved.get(user.pk, ())) if user.pk in customised else DEFAULT_RULES.get(user.role, ())
        for user in users
    }


def audience(alert, *, direct_user_ids=(), exclude_user_ids=(), addressed_only=False) -> list[tuple[object, str]]:
    """``[(user, channel), ...]`` for the alert: subscribers who may see it, and the people it is addressed to
    (only those with ``addressed_only``)."""
    direct = set(direct_user_ids)
    users = get_user_model().objects.filter(is_active=True).exclude(pk__in=set(exclude_user_ids) - direct)
    if addressed_only:
        users = users.filter(pk__in=direct)
    users = list(users)
    rules = rules_by_user(users)
    pairs = []
    for user in users:
        if user.pk in direct:
            wanted = {rule.channel for rule in rules[user.pk] if rule_matches(rule, alert, direct=True)}
            channels = {Channel.IN_APP} | wanted
        else:
            channels = {rule.channel for rule in rules[user.pk] if rule_matches(rule, alert)}
            if channels and not may_see(user, alert):
                channels = set()
        pairs += [(user, channel) for channel in sorted(channels)]
    return pairs
