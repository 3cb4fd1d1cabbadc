"""The shelters app's alerts: a shelter going over capacity or below the Sphere minimum standards.

Only the transition is announced (from not in breach to in breach, or from within capacity to over it), never
every headcount while the state lasts. Called inside the services' transactions.
"""

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from .models import Shelter, SphereState
from .sphere import evaluate, thresholds_by_indicator


def is_over_capacity(shelter: Shelter) -> bool:
    return bool(shelter.capacity) and shelter.current_total > shelter.capacity


def shelter_breach_alert(*, shelter: Shelter, state_before: str, over_capacity_before: bool, actor) -> None:
    """Alert when ``shelter`` has just entered Sphere breach or gone over its capacity."""
    entered_breach = state_before != SphereState.BREACH and shelter.sphere_state == SphereState.BREACH
    went_over = not over_capacity_before and is_over_capacity(shelter)
    if not (entered_breach or went_over):
        return
    # Imported here: the services import this module, and the constant lives with them.
    from .services.registry import SHELTER_CLUSTERS

    breached = [result for result in evaluate(shelter, thresholds_by_indicator()) if result.state == SphereState.BREACH]
    disaster_ids = sorted(shelter.disasters.values_list("pk", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        if went_over:
            title = _("%(shelter)s is over capacity: %(people)s people for %(capacity)s places") % {
                "shelter": shelter.name,
                "people": number_format(shelter.current_total, force_grouping=True),
                "capacity": number_format(shelter.capacity, force_grouping=True),
            }
        else:
            title = _("%(shelter)s is below the Sphere minimum standards") % {"shelter": shelter.name}
        lines = [
            _("%(indicator)s: %(value)s (standard %(limit)s)")
            % {
                "indicator": result.label,
                "value": number_format(result.value, decimal_pos=1) if result.value is not None else "—",
                "limit": number_format(result.limit, decimal_pos=1),
            }
            for result in breached
        ]
    alert_emit(
        kind=AlertKind.SHELTER_BREACH,
        title=title,
        body="\n".join(lines),
        severity=Severity.SEVERE,
        kabkota_codes=[shelter.kabkota_id],
        cluster_codes=SHELTER_CLUSTERS,
        disaster_id=disaster_ids[-1] if disaster_ids else None,
        dedupe_key=f"shelter:{shelter.pk}:breach:v{shelter.version}",
        payload={
            "shelter_id": shelter.pk,
            "people": shelter.current_total,
            "capacity": shelter.capacity,
            "sphere_state": shelter.sphere_state,
            "indicators": [result.indicator for result in breached],
            "disaster_ids": disaster_ids,
        },
        url=shelter.get_absolute_url(),
        actor=actor,
    )
