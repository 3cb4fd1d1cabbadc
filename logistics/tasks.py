"""Background jobs of the logistics app: the daily low-stock and expiry alerts (safe to run twice a day)."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.roles import Role
from banten_dinsos.core.formatting import format_number

from . import alerts, selectors
from .services.ledger import quantity_display


def _system_reader():
    """A province-wide reader for the nightly scan (a provincial staff account or a superuser)."""
    return (
        User.objects.filter(is_active=True, role=Role.STAF_PROVINSI).order_by("pk").first()
        or User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first()
    )


@shared_task
def stock_alerts_daily() -> dict:
    """One alert per kabupaten/kota (and one for the province) listing low and expiring stock; deduplicated by day."""
    reader = _system_reader()
    if reader is None:
        return {"alerts": 0}
    today = timezone.localdate()
    by_area: dict[str | None, list[str]] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for row in selectors.low_stock_list(user=reader):
            by_area.setdefault(row["location__kabkota_id"], []).append(
                _("%(place)s: %(item)s %(on_hand)s %(unit)s (low-stock level %(level)s)")
                % {
                    "place": row["location__name"],
                    "item": row["item__name"],
                    "on_hand": quantity_display(row["on_hand"]),
                    "unit": row["item__unit"],
                    "level": quantity_display(row["reorder_level"]),
                }
            )
        for balance in selectors.expiring_list(user=reader, on=today):
            by_area.setdefault(balance.kabkota_id, []).append(
                _("%(place)s: %(item)s batch %(batch)s, %(quantity)s %(unit)s, expires %(date)s")
                % {
                    "place": balance.location.name,
                    "item": balance.item.name,
                    "batch": balance.batch.code,
                    "quantity": quantity_display(balance.quantity),
                    "unit": balance.item.unit,
                    "date": balance.expiry_date.strftime("%d/%m/%Y"),
                }
            )
        for kabkota, lines in by_area.items():
            alerts.stock_alert(
                kabkota_code=kabkota,
                title=_("Relief stock to act on: %(count)s low or expiring") % {"count": format_number(len(lines))},
                lines=lines,
                dedupe_key=f"logistics-stock:{kabkota or 'provinsi'}:{today.isoformat()}",
                url=reverse("logistics:alerts"),
            )
    return {"alerts": len(by_area)}
