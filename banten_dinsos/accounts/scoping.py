"""The choke point of region scoping. Every selector passes its queryset through ``scope_queryset``.

A provincial user sees all of Banten; a kabupaten/kota officer sees only records located in their
kabupaten/kota; a cluster coordinator sees the records of the clusters they coordinate, province-wide.
Records outside the scope are simply absent, so fetching one answers 404, exactly like a missing record.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from .roles import KABKOTA_ROLES, Role


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
    elif user.role in KABKOTA_ROLES:
        scope = Scope(province_wide=False, kabkota_code=user.kabkota_id, cluster_codes=frozenset())
    elif user.role == Role.KOORDINATOR_KLASTER:
        # The clusters app owns the link; it is read here by name so this module imports no domain app.
        codes = frozenset(user.coordinated_clusters.values_list("code", flat=True))
        scope = Scope(province_wide=False, kabkota_code=None, cluster_codes=codes)
    else:
        scope = NO_SCOPE
    user._scope_cache = scope
    return scope


def _scope_condition(
    queryset: QuerySet,
    *,
    scope: Scope,
    kabkota_field: str | None,
    cluster_field: str | Sequence[str] | None,
    through_many: bool,
) -> Q:
    """The condition for a scope that is not province-wide; an empty ``Q()`` means "nothing"."""
    parts = []
    if scope.kabkota_code and kabkota_field:
        parts.append(Q(**{kabkota_field: scope.kabkota_code}))
    if scope.cluster_codes and cluster_field:
        fields = (cluster_field,) if isinstance(cluster_field, str) else tuple(cluster_field)
        codes = sorted(scope.cluster_codes)
        parts.extend(Q(**{f"{field}__in": codes}) for field in fields)
    condition = Q()
    for part in parts:
        if through_many:
            # Through a many-to-many path a join would repeat rows; a sub-select keeps one row per record.
            part = Q(pk__in=queryset.model._base_manager.filter(part).values("pk"))
        condition |= part
    return condition


def scope_queryset(
    queryset: QuerySet,
    *,
    user,
    kabkota_field: str | None,
    cluster_field: str | Sequence[str] | None = None,
    clusters: Iterable[str] = (),
    also: Q | None = None,
    through_many: bool = False,
    coordinators_see_all: bool = False,
) -> QuerySet:
    """Restrict ``queryset`` to what ``user`` may see.

    ``kabkota_field``: lookup path to the record's kabupaten/kota (a Region key or code), e.g. ``"kabkota"``;
    ``None`` for records that no kabupaten/kota officer sees by region.
    ``cluster_field``: lookup path(s) to the record's cluster code, for records that belong to a cluster.
    ``clusters``: cluster codes that own every record of this model (e.g. shelters belong to "pengungsian").
    ``also``: a further condition that makes a record visible to a user who is not province-wide (e.g. "I am
    invited"); it never narrows what the scope already shows.
    ``through_many``: the paths cross a many-to-many relation (each record may have several kab/kota).
    ``coordinators_see_all``: every cluster coordinator sees every record (disaster events, field reports: the
    common picture each cluster works from).
    """
    scope = scope_of(user)
    if scope.province_wide:
        return queryset
    if scope.cluster_codes and (coordinators_see_all or scope.cluster_codes.intersection(clusters)):
        return queryset
    condition = _scope_condition(
        queryset, scope=scope, kabkota_field=kabkota_field, cluster_field=cluster_field, through_many=through_many
    )
    if also is not None and getattr(user, "is_authenticated", False):
        condition |= also
    if not condition:
        return queryset.none()
    return queryset.filter(condition)


def scope_kabkota_queryset(queryset: QuerySet, *, user, field: str = "code") -> QuerySet:
    """Kabupaten/kota (or records located in them, by ``field``) that ``user`` may choose: all for provincial
    users, their own for a kabupaten/kota officer, none for anyone bound to no place."""
    scope = scope_of(user)
    if scope.province_wide:
        return queryset
    if not scope.kabkota_code:
        return queryset.none()
    return queryset.filter(**{field: scope.kabkota_code})


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


def scope_allows_any(user, *, kabkota_codes: Iterable[str] = (), clusters: Iterable[str] = ()) -> bool:
    """Whether something located in any of ``kabkota_codes`` or concerning any of ``clusters`` is in ``user``'s scope
    (an alert for several kab/kota, a meeting for several clusters)."""
    scope = scope_of(user)
    if scope.province_wide:
        return True
    return bool(
        (scope.kabkota_code and scope.kabkota_code in set(kabkota_codes)) or scope.cluster_codes.intersection(clusters)
    )


def scope_is_province_wide(user) -> bool:
    """Whether ``user`` sees the whole province (provincial staff, API clients)."""
    return scope_of(user).province_wide


def scope_kabkota_code(user) -> str | None:
    """The one kabupaten/kota a kab/kota officer is bound to; ``None`` for everyone else."""
    scope = scope_of(user)
    return None if scope.province_wide else scope.kabkota_code


def scope_cluster_codes(user) -> frozenset[str]:
    """The clusters a coordinator coordinates (empty for everyone else)."""
    return scope_of(user).cluster_codes


def scope_describe(user) -> dict:
    """The user's scope as plain data, for the "me" endpoint, templates and stored report scopes."""
    scope = scope_of(user)
    return {
        "province_wide": scope.province_wide,
        "kabkota": scope.kabkota_code,
        "clusters": sorted(scope.cluster_codes),
    }


def scope_covering_queryset(
    queryset: QuerySet, *, user, province_wide_field: str, kabkota_field: str, clusters_field: str
) -> QuerySet:
    """Records built *for* a scope (generated reports): visible to a user whose scope covers the one they were built
    for. Provincial users see all; an officer those built for their kabupaten/kota; a coordinator those built for
    clusters that are all among theirs. ``clusters_field`` is the path to the built-for cluster codes (one row each).
    """
    scope = scope_of(user)
    if scope.province_wide:
        return queryset
    covered = Q(pk__in=[])
    if scope.kabkota_code:
        covered |= Q(**{province_wide_field: False, kabkota_field: scope.kabkota_code})
    if scope.cluster_codes:
        codes = sorted(scope.cluster_codes)
        # ``clusters_field`` is "<reverse relation>__<code field>": ask the rows themselves, since excluding through
        # a multi-valued relation would drop a record as soon as one of its rows matched.
        relation_name, code_field = clusters_field.split("__", 1)
        relation = queryset.model._meta.get_field(relation_name)
        rows = relation.related_model._base_manager
        back = relation.field.name
        has_mine = rows.filter(**{f"{code_field}__in": codes}).values(back)
        has_other = rows.exclude(**{f"{code_field}__in": codes}).values(back)
        covered |= Q(**{province_wide_field: False, kabkota_field: ""}) & Q(pk__in=has_mine) & ~Q(pk__in=has_other)
    return queryset.filter(covered)


def scope_stamp(user) -> tuple[bool, str, list[str]]:
    """The scope to build something for, as (province-wide, kab/kota code or "", cluster codes) to store with it."""
    scope = scope_of(user)
    if scope.province_wide:
        return True, "", []
    return False, scope.kabkota_code or "", sorted(scope.cluster_codes)
