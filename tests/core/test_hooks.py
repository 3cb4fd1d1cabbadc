"""Named hooks hand work across layers; a missing implementation is an error, never a silent no-op."""

import pytest

from banten_dinsos.core.hooks import Hook, HookNotRegistered, pmks_disaster_victim_register


def test_hook_calls_the_registered_function_with_keywords():
    hook = Hook("example")
    hook.register(lambda *, a, b: a + b)
    assert hook(a=2, b=3) == 5


def test_hook_without_implementation_raises():
    with pytest.raises(HookNotRegistered):
        Hook("nobody")(x=1)


def test_pmks_registry_registers_the_disaster_victim_hook():
    from pmks_registry.services import client_register_disaster_victim

    assert pmks_disaster_victim_register._function is client_register_disaster_victim
