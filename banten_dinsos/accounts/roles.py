"""The one role map: which role may do what. Views, APIs and services ask here and never re-implement it.

*Where* a user may act (which kabupaten/kota, which clusters) is decided separately, once, in ``scoping.py``.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Role(models.TextChoices):
    STAF_PROVINSI = "staf_provinsi", gettext_lazy("Provincial staff")
    PETUGAS_KABKOTA = "petugas_kabkota", gettext_lazy("Regency/city officer")
    KOORDINATOR_KLASTER = "koordinator_klaster", gettext_lazy("Cluster coordinator")
    API_CLIENT = "api_client", gettext_lazy("Read-only API client")


class Perm(StrEnum):
    REGION_VIEW = "region.view"
    AGENCY_VIEW = "agency.view"
    AUDIT_VIEW = "audit.view"
    SHELTER_VIEW = "shelter.view"
    SHELTER_CREATE = "shelter.create"
    SHELTER_CHANGE = "shelter.change"


_READ = {Perm.REGION_VIEW, Perm.AGENCY_VIEW, Perm.SHELTER_VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.STAF_PROVINSI: frozenset(Perm),
    Role.PETUGAS_KABKOTA: frozenset(_READ | {Perm.SHELTER_CREATE, Perm.SHELTER_CHANGE}),
    Role.KOORDINATOR_KLASTER: frozenset(_READ | {Perm.SHELTER_CHANGE}),
    Role.API_CLIENT: frozenset(_READ),
}


def permissions_of(user) -> frozenset[Perm]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Perm)
    return ROLE_PERMISSIONS.get(user.role, frozenset())


def has_perm(user, perm: Perm) -> bool:
    return perm in permissions_of(user)


def require_perm(user, perm: Perm) -> None:
    """Raise PermissionDenied (403) with a message in the user's language when the role lacks ``perm``."""
    if not has_perm(user, perm):
        raise PermissionDenied(_("Your role is not allowed to do this."))
