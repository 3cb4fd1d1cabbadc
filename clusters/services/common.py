"""Checks shared by the clusters services: where a record may be located and whether its disaster is open."""

from django.utils.translation import gettext as _

from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.regions.models import Region, RegionLevel

from ..models import Cluster, Disaster


def sector_of(cluster: Cluster) -> Cluster:
    """The national cluster a record counts under: the cluster itself, or the parent of a sub-cluster."""
    return cluster.parent if cluster.parent_id else cluster


def affected_kabkota_codes(disaster: Disaster) -> set[str]:
    return set(disaster.affected_kabkota.values_list("code", flat=True))


def location_errors(
    *, user, disaster: Disaster, area: Region, levels: tuple[str, ...], field: str = "area", clusters=()
) -> dict[str, list[str]]:
    """Why ``user`` may not place a record of ``disaster`` in ``area`` (empty when they may)."""
    if area.level not in levels:
        if levels == (RegionLevel.KECAMATAN, RegionLevel.DESA):
            return {field: [_("Choose a kecamatan or a desa/kelurahan.")]}
        return {field: [_("Choose a kabupaten/kota, kecamatan or desa/kelurahan.")]}
    if not scope_allows(user, kabkota_code=area.kabkota_code, clusters=clusters):
        return {field: [_("This area is outside your kabupaten/kota.")]}
    if area.kabkota_code not in affected_kabkota_codes(disaster):
        return {
            field: [
                _("%(area)s is not in a kabupaten/kota affected by “%(disaster)s”.")
                % {"area": area.name, "disaster": disaster.title}
            ]
        }
    return {}


def closed_disaster_errors(disaster: Disaster, *, field: str = "disaster") -> dict[str, list[str]]:
    # Read the status afresh: the caller's copy may predate a closing decree.
    disaster.refresh_from_db(fields=["status"])
    if disaster.is_closed:
        return {
            field: [
                _("The disaster event “%(title)s” is closed: nothing more can be reported for it.")
                % {"title": disaster.title}
            ]
        }
    return {}


def cluster_errors(cluster: Cluster, *, field: str = "cluster") -> dict[str, list[str]]:
    if not cluster.is_active:
        return {field: [_("The cluster “%(name)s” is no longer active.") % {"name": cluster.name}]}
    return {}


def merge_errors(errors: dict, more: dict) -> dict:
    for key, messages in more.items():
        errors.setdefault(key, []).extend(messages if isinstance(messages, list) else [messages])
    return errors
