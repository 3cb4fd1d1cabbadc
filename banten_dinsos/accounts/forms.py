"""Form fields whose choices follow the user's scope (the same rule as the selectors: scoping.scope_of)."""

from django.utils.translation import gettext_lazy as _

from banten_dinsos.regions.forms import DesaChoiceField
from banten_dinsos.regions.models import RegionLevel
from banten_dinsos.regions.selectors import kabkota_list, region_choices_within

from .scoping import scope_of

DESA_LABEL = _("Desa/kelurahan")


def scoped_kabkota_list(user):
    """The kabupaten/kota a user may choose: all eight for provincial users, their own for officers."""
    scope = scope_of(user)
    return kabkota_list() if scope.province_wide else kabkota_list().filter(code=scope.kabkota_code)


def scoped_desa_field(user, *, label=DESA_LABEL, required=True):
    """A desa/kelurahan choice limited to the user's kabupaten/kota (all of Banten for provincial users)."""
    scope = scope_of(user)
    return DesaChoiceField(
        label=label,
        required=required,
        queryset=region_choices_within(
            code=None if scope.province_wide else scope.kabkota_code, level=RegionLevel.DESA
        ).select_related("parent"),
    )
