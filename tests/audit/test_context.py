"""The audit trail's origin comes from the request context, never from a `request=` argument."""

import pytest

from banten_dinsos.audit.context import audit_context, audit_context_current
from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_takes_address_and_path_from_the_context(staf):
    with audit_context(ip_address="203.0.113.9", path="/pmks/klien/12/", source="web"):
        line = audit_record(actor=staf, action=AuditAction.VIEW, model="pmks_registry.client", object_id="12")
    assert (line.ip_address, line.path) == ("203.0.113.9", "/pmks/klien/12/")
    assert audit_context_current().path == ""


def test_audit_record_outside_any_request_has_no_address(staf):
    line = audit_record(actor=staf, action=AuditAction.VIEW, model="pmks_registry.client", object_id="1")
    assert line.ip_address is None and line.path == ""


def test_middleware_gives_each_request_its_address_and_path_only(rf, staf):
    """The middleware opens the context for the request (path without the query string) and closes it after."""
    from banten_dinsos.audit.middleware import AuditContextMiddleware

    def view(request):
        audit_record(actor=staf, action=AuditAction.VIEW, model="pmks_registry.client", object_id="7")
        return None

    request = rf.get("/pmks/klien/?nama=siti", REMOTE_ADDR="198.51.100.7")
    AuditContextMiddleware(view)(request)
    line = AuditLog.objects.get(object_id="7")
    assert (line.ip_address, line.path) == ("198.51.100.7", "/pmks/klien/")
    assert audit_context_current().ip_address is None
