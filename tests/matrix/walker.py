"""Every URL pattern of the project, read from the URLconf (pages, API, admin, third-party includes)."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# DRF's format_suffix_patterns() adds a twin of each route ending in ``.<format>`` with the same name and view.
# The twin answers exactly like its base (same view, same permission checks), so it is folded into the base
# pattern's row instead of needing a row of its own; the matrix requests the base route.
_FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>[^)]*\)/?\$?$|\.<(?:drf_format_suffix[^:]*|str|slug):format>/?$")


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced URL name, or the route itself for the few unnamed patterns (admin internals)
    route: str  # the full route string, as the resolver composes it
    callback: object

    @property
    def is_format_suffix(self) -> bool:
        return bool(_FORMAT_SUFFIX.search(self.route))


def _walk(resolver, prefix="", namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern(key=name or route, route=route, callback=entry.callback)


def url_patterns() -> list[Pattern]:
    """All patterns, format-suffix twins left out (see ``_FORMAT_SUFFIX``)."""
    return [pattern for pattern in _walk(get_resolver()) if not pattern.is_format_suffix]


def format_suffix_patterns() -> list[Pattern]:
    return [pattern for pattern in _walk(get_resolver()) if pattern.is_format_suffix]
