"""Where an audited action comes from, kept in a context variable for the length of a request, task or command.

A middleware fills it for each HTTP request; Celery tasks and management commands open their own with
``audit_context(source=...)``. The audit service reads it, so services never take the HTTP request as an argument.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from banten_dinsos.core.client_ip import client_ip as core_client_ip


@dataclass(frozen=True)
class AuditContext:
    """The origin of the current unit of work: client address and path of a request, or the task/command name."""

    ip_address: str | None = None
    path: str = ""
    source: str = ""


EMPTY = AuditContext()
_current: ContextVar[AuditContext] = ContextVar("audit_context", default=EMPTY)


def audit_context_current() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(*, ip_address: str | None = None, path: str = "", source: str = "") -> Iterator[AuditContext]:
    """Run a block with the given origin; the previous one is restored afterwards (also on error)."""
    context = AuditContext(ip_address=ip_address or None, path=path[:255], source=source[:255])
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def client_ip(request) -> str | None:
    """The client's address, read past the trusted proxies exactly as django-axes reads it for lockouts."""
    return core_client_ip(request)


_task_tokens: dict[str, object] = {}


def task_context_open(task_id=None, task=None, **kwargs) -> None:
    """Celery ``task_prerun``: a task's audit lines name the task, not the request that queued it."""
    _task_tokens[task_id] = _current.set(AuditContext(source=f"task:{getattr(task, 'name', '')}"[:255]))


def task_context_close(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _current.reset(token)
