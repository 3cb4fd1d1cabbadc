from django.db.models import QuerySet

from .models import Region, RegionLevel


def region_list(*, user, filters: dict | None = None) -> QuerySet[Region]:
    """Regions are public reference data: every signed-in user may read all of Banten's."""
    return Region.objects.all()


def kabkota_list() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.KABKOTA)


def region_choices_within(*, code: str | None, level: str) -> QuerySet[Region]:
    """Regions of one level under ``code`` (all of Banten when ``code`` is None), for form choices."""
    queryset = Region.objects.filter(level=level)
    return queryset.within(code) if code else queryset
