"""Figures that higher apps add to cluster status without this app importing them.

An app above clusters (shelters, for people in shelters) registers a contributor from its ``AppConfig.ready``::

    register_status_contributor(StatusContributor(
        key="shelters",
        figures=(StatusFigure("shelters_open", _("Shelters open"), "#indicator+shelters+open+num"), ...),
        compute=shelter_status_figures,
    ))

``compute(*, user, disaster, kabkota_codes, region_code, cluster_codes)`` returns
``{(kabkota_code, cluster_code): Contribution(figures={name: int}, as_of=datetime | None)}`` for the
national clusters it feeds, already limited to what ``user`` may see. It must run a fixed number of queries
(one GROUP BY, typically) whatever the number of rows, like the rest of the read model.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class StatusFigure:
    name: str
    label: str
    hxl: str


@dataclass(frozen=True)
class Contribution:
    figures: dict[str, int] = field(default_factory=dict)
    as_of: datetime | None = None


@dataclass(frozen=True)
class StatusContributor:
    key: str
    figures: tuple[StatusFigure, ...]
    compute: Callable[..., dict[tuple[str, str], Contribution]]


_registry: dict[str, StatusContributor] = {}


def register_status_contributor(contributor: StatusContributor) -> None:
    """Add (or replace, on a second ``ready()``) the contributor with this key."""
    names = {figure.name for figure in contributor.figures}
    taken = {figure.name for other in _registry.values() if other.key != contributor.key for figure in other.figures}
    if names & taken:
        raise ValueError(f"cluster status figures already contributed: {sorted(names & taken)}")
    _registry[contributor.key] = contributor


def unregister_status_contributor(key: str) -> None:
    _registry.pop(key, None)


def status_contributors() -> list[StatusContributor]:
    return sorted(_registry.values(), key=lambda contributor: contributor.key)


def contributed_figures() -> list[StatusFigure]:
    return [figure for contributor in status_contributors() for figure in contributor.figures]


@contextmanager
def status_contributor(contributor: StatusContributor) -> Iterator[StatusContributor]:
    """Register ``contributor`` for the duration of a block (tests, one-off scripts)."""
    previous = _registry.get(contributor.key)
    register_status_contributor(contributor)
    try:
        yield contributor
    finally:
        if previous is None:
            unregister_status_contributor(contributor.key)
        else:
            _registry[contributor.key] = previous
