"""Schemathesis over every operation of the published OpenAPI schema, as staf provinsi and as a petugas kab/kota.

The schema is the one ``/api/schema/`` serves (drf-spectacular, generated in-process). Each operation gets a few
generated requests (three, derandomized: the same requests every run, so the run's time is bounded and a failure
reproduces), sent through the project's own WSGI application against the test database, where the URL x role
matrix's world has records in two kabupaten/kota. Every answer must be no server error and must match the schema:
a documented status code, a documented content type and a body that validates against the documented schema.
Writes a generated request makes are rolled back after each operation (schemathesis' coverage phase is off).
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from banten_dinsos.accounts.tokens import api_token_create


def _published_schema() -> dict:
    """What ``GET /api/schema/?format=json`` answers (the generator itself: collection needs no database)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


schema = schemathesis.openapi.from_dict(_published_schema())
schema.app = get_wsgi_application()
# Generated requests only: schemathesis' coverage phase adds dozens of boundary-value requests to every operation,
# which would make this run take many minutes instead of about a minute.
schema.config.phases.update(phases=["examples", "fuzzing"])

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def tokens(world, django_db_blocker):
    """API tokens of the world's provincial staff and of its Lebak officer (whose twin records are in Kota Serang)."""
    with django_db_blocker.unblock():
        return {
            role: api_token_create(user=user, name="contract")[1]
            for role, user in (("staf", world.staf), ("petugas", world.petugas_in))
        }


@pytest.fixture(scope="module")
def open_connection():
    """Django's own test client keeps the test's database connection across requests; so does this WSGI caller."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["staf", "petugas"])
@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_api_conforms_to_its_schema(case, role, tokens, open_connection, db):
    """No 5xx, and status code, content type and body as documented."""
    case.call_and_validate(headers={"Authorization": f"Token {tokens[role]}"}, checks=CHECKS)
