"""The OpenAPI schema is generated once per process, language and set of permissions, then served from memory with
the same content. The tests use the process's cache as they find it (other tests may have filled it: generating a
schema costs about a second) and count the generations they cause."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer

from banten_dinsos.core import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def generations(monkeypatch):
    """The schema generations that happen during the test."""
    calls = []
    generate = SchemaGenerator.get_schema

    def counted(self, request=None, public=False):
        calls.append(public)
        return generate(self, request=request, public=public)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    return calls


def _schema(client, **params):
    response = client.get("/api/schema/", {"format": "json", **params})
    assert response.status_code == 200
    return response.content


def test_a_second_request_is_served_without_generating_the_schema_again(page_as, staf, generations):
    first = _schema(page_as(staf))
    assert len(generations) <= 1
    before = len(generations)
    second = _schema(page_as(staf))
    assert len(generations) == before
    assert second == first
    assert b'"/api/v1/shelters/{id}/"' in second


def test_the_schema_depends_on_the_permissions_and_nothing_else_about_the_user(
    client, page_as, staf, petugas_lebak, petugas_kota_serang, monkeypatch, generations
):
    """Why the key holds the role's permissions: volunteers' personal fields are documented only for roles that may
    see them; generated afresh for an officer of another kabupaten/kota, the schema is the one already kept."""
    assert _schema(client) != _schema(page_as(staf))
    assert b'"nik_masked"' in _schema(page_as(staf)) and b'"nik_masked"' not in _schema(client)
    lebak = _schema(page_as(petugas_lebak))
    kept = len(generations)
    assert _schema(page_as(petugas_kota_serang)) == lebak
    assert len(generations) == kept
    monkeypatch.setattr(views, "_schemas", {})
    assert _schema(page_as(petugas_kota_serang)) == lebak
    assert len(generations) == kept + 1


def test_each_language_is_kept_apart_and_made_up_values_add_nothing(client, generations):
    """A language or version the project does not know cannot make the server generate (and keep) another schema."""
    indonesian, english = _schema(client, lang="id"), _schema(client, lang="en")
    assert english != indonesian
    assert b"Nomor Induk Anggota" in indonesian
    kept, made = set(views._schemas), len(generations)
    assert len(generations) <= 2
    assert _schema(client, lang="en") == english and _schema(client) == indonesian
    for params in ({"lang": "zz"}, {"lang": "xx-yy"}, {"version": "9.9"}, {"version": "x" * 50, "lang": "q"}):
        assert _schema(client, **params) == indonesian
    assert _schema(client, lang="en-gb") == english
    assert set(views._schemas) == kept and len(generations) == made
    languages = {language for language, _perms, _version, _urlconf, _public in views._schemas}
    assert languages <= {"id", "en"}


def test_changing_the_schema_settings_forgets_the_kept_schemas(settings, monkeypatch):
    monkeypatch.setattr(views, "_schemas", {("id", frozenset(), None, "banten_dinsos.urls", True): {"openapi": "3"}})
    monkeypatch.setattr(views, "_rendered", {(0, OpenApiYamlRenderer): ({"openapi": "3"}, b"openapi: '3'")})
    settings.DEBUG = not settings.DEBUG  # not a schema setting: what was generated stays
    assert len(views._schemas) == 1 and len(views._rendered) == 1
    settings.SPECTACULAR_SETTINGS = {**settings.SPECTACULAR_SETTINGS, "TITLE": "Judul lain"}
    assert views._schemas == {} and views._rendered == {}


def test_equal_schemas_of_different_permissions_are_kept_once(client, page_as, staf, monkeypatch):
    """Most roles get the same schema: memory holds one copy of it, however many roles asked."""
    monkeypatch.setattr(views, "_schemas", {})
    monkeypatch.setattr(SchemaGenerator, "get_schema", lambda self, request=None, public=False: {"openapi": "3.0.3"})
    assert _schema(client) == _schema(page_as(staf))
    anonymous, staff = views._schemas.values()
    assert anonymous is staff


def test_each_rendering_of_a_kept_schema_is_written_once(client, monkeypatch):
    """YAML (the default format) and JSON are written once per kept schema; a media type with parameters, which a
    client can vary without end, is written afresh and never kept."""
    writes = []

    def counting(renderer_class):
        write = renderer_class.render

        def render(self, data, accepted_media_type=None, renderer_context=None):
            writes.append(accepted_media_type)
            return write(self, data, accepted_media_type, renderer_context)

        return render

    monkeypatch.setattr(views, "_rendered", {})
    monkeypatch.setattr(OpenApiYamlRenderer, "render", counting(OpenApiYamlRenderer))
    monkeypatch.setattr(OpenApiJsonRenderer, "render", counting(OpenApiJsonRenderer))
    yaml = client.get("/api/schema/")
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi") and yaml.content.startswith(b"openapi: ")
    assert client.get("/api/schema/").content == yaml.content
    json = client.get("/api/schema/", {"format": "json"}).content
    assert client.get("/api/schema/", {"format": "json"}).content == json
    assert writes == ["application/vnd.oai.openapi", "application/vnd.oai.openapi+json"]
    for _ in range(2):
        indented = client.get("/api/schema/", HTTP_ACCEPT="application/json; indent=2").content
        assert indented.startswith(b'{\n  "openapi"')
    assert writes[2:] == ["application/json; indent=2"] * 2 and len(views._rendered) == 2
