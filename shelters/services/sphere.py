from django.db import transaction

from ..models import Shelter, SphereThreshold
from ..sphere import DEFAULT_THRESHOLDS, evaluate, overall_state, thresholds_by_indicator


def shelter_sphere_refresh(*, shelter: Shelter, thresholds=None) -> str:
    """Set ``shelter.sphere_state`` from its current figures (the caller saves the shelter)."""
    shelter.sphere_state = overall_state(evaluate(shelter, thresholds or thresholds_by_indicator()))
    return shelter.sphere_state


@transaction.atomic
def sphere_recompute_all() -> int:
    """Recompute every shelter's state, e.g. after a threshold was edited. Returns how many changed."""
    thresholds = thresholds_by_indicator()
    changed = []
    for shelter in Shelter.objects.select_for_update():
        before = shelter.sphere_state
        if shelter_sphere_refresh(shelter=shelter, thresholds=thresholds) != before:
            changed.append(shelter)
    Shelter.objects.bulk_update(changed, ["sphere_state"])
    return len(changed)


@transaction.atomic
def sphere_thresholds_load_reference(**_ignored) -> dict:
    """The Sphere minimum standards as editable thresholds; values edited in the admin are kept."""
    created = 0
    for indicator, higher_is_better, limit, warning_limit, source in DEFAULT_THRESHOLDS:
        _threshold, was_created = SphereThreshold.objects.get_or_create(
            indicator=indicator,
            defaults={
                "higher_is_better": higher_is_better,
                "limit": limit,
                "warning_limit": warning_limit,
                "source": source,
            },
        )
        created += was_created
    if created:
        sphere_recompute_all()
    return {"created": created, "total": SphereThreshold.objects.count()}
