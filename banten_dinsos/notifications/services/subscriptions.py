"""A person's notification rules and their in-portal notifications."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.regions.models import Region

from ..audience import DEFAULT_RULES
from ..models import PERSONAL_CHANNELS, AlertKind, Channel, Delivery, Severity, Subscription, SubscriptionSettings


def _materialise_defaults(user) -> None:
    """The first own rule starts from the role's defaults, so adding one rule never silently drops the others."""
    settings_row, _created = SubscriptionSettings.objects.select_for_update().get_or_create(user=user)
    if settings_row.customised:
        return
    Subscription.objects.filter(user=user).delete()
    Subscription.objects.bulk_create(
        Subscription(
            user=user,
            channel=rule.channel,
            kind=rule.kind,
            kabkota_id=rule.kabkota_id,
            cluster_code=rule.cluster_code,
            disaster_id=rule.disaster_id,
            min_severity=rule.min_severity,
        )
        for rule in DEFAULT_RULES.get(user.role, ())
    )
    settings_row.customised = True
    settings_row.save()


@transaction.atomic
def subscription_add(
    *,
    user,
    channel: str,
    kind: str = "",
    kabkota: Region | None = None,
    cluster_code: str = "",
    disaster_id: int | None = None,
    min_severity: str = Severity.UNKNOWN,
) -> Subscription:
    """Add one rule for ``user``. The area must lie within their scope; email and text need an address."""
    errors = {}
    if channel not in PERSONAL_CHANNELS:
        errors["channel"] = [_("Choose one of the listed channels.")]
    if channel == Channel.EMAIL and not user.email:
        errors["channel"] = [_("Your account has no email address. Ask an administrator to add one.")]
    if channel in (Channel.SMS, Channel.WHATSAPP) and not getattr(user, "phone", ""):
        errors["channel"] = [_("Your account has no phone number. Ask an administrator to add one.")]
    if kind and kind not in AlertKind.values:
        errors["kind"] = [_("Unknown kind of alert.")]
    if kabkota is not None and not scope_allows(user, kabkota_code=kabkota.code):
        errors["kabkota"] = [_("This kabupaten/kota is outside your area.")]
    if errors:
        raise ValidationError(errors)
    _materialise_defaults(user)
    subscription, _created = Subscription.objects.get_or_create(
        user=user,
        channel=channel,
        kind=kind,
        kabkota=kabkota,
        cluster_code=cluster_code,
        disaster_id=disaster_id,
        min_severity=min_severity,
    )
    return subscription


@transaction.atomic
def subscription_remove(*, user, subscription_id: int) -> None:
    """Remove one of ``user``'s rules (a rule of someone else is not found)."""
    _materialise_defaults(user)
    Subscription.objects.filter(user=user, pk=subscription_id).delete()


@transaction.atomic
def subscriptions_reset(*, user) -> None:
    """Back to the defaults of the user's role."""
    Subscription.objects.filter(user=user).delete()
    SubscriptionSettings.objects.update_or_create(user=user, defaults={"customised": False})


def notifications_mark_read(*, user, delivery_ids=None) -> int:
    """Mark the user's in-portal notifications read: the given ones, or all of them."""
    queryset = Delivery.objects.filter(recipient=user, channel=Channel.IN_APP, read_at__isnull=True)
    if delivery_ids is not None:
        queryset = queryset.filter(pk__in=list(delivery_ids))
    return queryset.update(read_at=timezone.now())
