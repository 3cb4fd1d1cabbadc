"""Named hooks: how an app hands work to an app it may not import (one on its own layer or above it).

The app that does the work registers a function in its ``AppConfig.ready``; the app that needs it calls the hook
by name. A hook with no function registered raises ``HookNotRegistered`` instead of silently doing nothing.
"""

from collections.abc import Callable
from typing import Any


class HookNotRegistered(LookupError):
    """A hook was called but no app registered a function for it (the app is missing or its ready() did not run)."""


class Hook:
    """One named extension point with at most one implementation."""

    def __init__(self, name: str):
        self.name = name
        self._function: Callable[..., Any] | None = None

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        self._function = function
        return function

    @property
    def registered(self) -> bool:
        return self._function is not None

    def __call__(self, **kwargs) -> Any:
        if self._function is None:
            raise HookNotRegistered(self.name)
        return self._function(**kwargs)


# Register a person met in a shelter as a PMKS client of type Korban Bencana Alam: shelters -> pmks_registry.
# Keyword arguments: user, nik, name, sex, birth_date, desa, no_kk. Returns (client, created).
pmks_disaster_victim_register = Hook("pmks_disaster_victim_register")
