"""The choke point of region scoping. Every selector passes its queryset through ``scope_queryset``.

A provincial user sees all of Banten; a kabupaten/kota officer sees only records located in their
kabupaten/kota; a cluster coordinator sees the records of the clusters they coordinate, province-wide.
Records outside the scope are simply absent, so fetching one answers 404, exactly like a missing record.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from .roles import Role


@dataclass(frozen=True)
class Scope:
    province_wide: bool
    kabkota_code: str | None
    cluster_codes: frozenset[str]

    def covers_kabkota(self, code: str | None) -> bool:
        return self.province_wide or (code is not None and code == self.kabkota_code)


NO_SCOPE = Scope(province_wide=False, kabkota_code=None, cluster_codes=frozenset())


def scope_of(user) -> Scope:
    """The user's scope, computed once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_scope_cache", None)
    if cached is not None:
        return cached
    if user.is_superuser or user.role in (Role.STAF_PROVINSI, Role.API_CLIENT):
        scope = Scope(province_wide=True, kabkota_code=None, cluster_codes=frozenset())
    elif user.role == Role.PETUGAS_KABKOTA:
        scope = Scope(province_wide=False, kabkota_code=user.kabkota_id, cluster_codes=frozenset())
    elif user.role == Role.KOORDINATOR_KLASTER:
        # The clusters app owns the link; it is read here by name so this module imports no domain app.
        codes = frozenset(user.coordinated_clusters.values_list("code", flat=True))
        scope = Scope(province_wide=False, kabkota_code=None, cluster_codes=codes)
    else:
        scope = NO_SCOPE
    user._scope_cache = scope
    return scope


def scope_queryset(
    queryset: QuerySet,
    *,
    user,
    kabkota_field: str,
    cluster_field: str | None = None,
    clusters: Iterable[str] = (),
) -> QuerySet:
    """Restrict ``queryset`` to what ``user`` may see.

    ``kabkota_field``: lookup path to the record's kabupaten/kota (a Region key), e.g. ``"kabkota"``.
    ``cluster_field``: lookup path to the record's cluster code, for records that belong to one cluster.
    ``clusters``: cluster codes that own every record of this model (e.g. shelters belong to "pengungsian").
    """
    scope = scope_of(user)
    if scope.province_wide:
        return queryset
    condition = Q()
    if scope.kabkota_code:
        condition |= Q(**{kabkota_field: scope.kabkota_code})
    if scope.cluster_codes:
        if scope.cluster_codes.intersection(clusters):
            return queryset
        if cluster_field:
            condition |= Q(**{f"{cluster_field}__in": sorted(scope.cluster_codes)})
    if not condition:
        return queryset.none()
    return queryset.filter(condition)


def get_scoped_or_404(queryset: QuerySet, **lookup):
    """Fetch one record from an already scoped queryset; out of scope and missing both answer 404."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def scope_allows(user, *, kabkota_code: str | None, clusters: Iterable[str] = ()) -> bool:
    """Whether ``user`` may act on something located in ``kabkota_code`` (used when creating or moving records)."""
    scope = scope_of(user)
    return scope.covers_kabkota(kabkota_code) or bool(scope.cluster_codes.intersection(clusters))
