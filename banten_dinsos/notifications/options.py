"""Choices that domain apps offer on the notification settings page (clusters, disasters), without this app
importing them. An app registers a provider from its ``AppConfig.ready``::

    register_subscription_choices("disaster", lambda user: [(str(d.pk), d.title) for d in disaster_list(user=user)])

``provider(user)`` returns ``[(value, label), ...]`` limited to what ``user`` may see.
"""

from collections.abc import Callable

CLUSTER, DISASTER = "cluster", "disaster"

_providers: dict[str, Callable] = {}


def register_subscription_choices(dimension: str, provider: Callable) -> None:
    """Add (or replace, on a second ``ready()``) the provider of one dimension ("cluster" or "disaster")."""
    _providers[dimension] = provider


def subscription_choices(dimension: str, *, user) -> list[tuple[str, str]]:
    provider = _providers.get(dimension)
    return list(provider(user)) if provider else []
