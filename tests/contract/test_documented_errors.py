"""Every operation documents the error answers it can give, with the one error body the exception handler writes."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_operation_documents_its_error_answers_with_the_shared_error_body(client, staf):
    client.force_login(staf)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["errors", "message"] and error["properties"]["errors"]["type"] == "object"
    # Nested fields nest their messages (``{"0": {"cluster": [...]}}``): the values are not pinned to lists.
    assert error["properties"]["errors"].get("additionalProperties", {}) == {}
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) > 150
    for path, method, operation in operations:
        responses = operation["responses"]
        assert {"400", "404"} <= set(responses), (method, path)
        if operation.get("security") != [{}]:
            assert {"401", "403"} <= set(responses), (method, path)
    # A field report's idempotency key resent with other figures answers 422 naming the fields that differ.
    assert "422" in schema["paths"]["/api/v1/field-reports/"]["post"]["responses"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "429" in token and token["429"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_an_api_address_that_matches_no_endpoint_answers_the_json_error_body(client, staf):
    client.force_login(staf)
    response = client.get("/api/v1/needs/null,null/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert set(response.json()) == {"message", "errors"} and response.json()["errors"] == {}
    page = client.get("/bencana/tidak-ada/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
