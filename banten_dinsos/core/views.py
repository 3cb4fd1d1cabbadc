from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import JsonResponse
from django.urls import get_urlconf
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .health import degraded_components, health_report


@never_cache
@require_GET
def healthz(request):
    """Service state for load balancers and operators: 200 when everything answers, 503 otherwise."""
    healthy, checks = health_report()
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks, "degraded": degraded_components(checks)},
        status=200 if healthy else 503,
    )


def not_found(request, exception):
    """An address under /api/ that no endpoint matches answers like every API 404 (the error body, in JSON)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": str(NotFound.default_detail), "errors": {}}, status=404)
    return page_not_found(request, exception)


# Generated OpenAPI schemas of this process, by (language, caller's permissions, API version, URLconf, public):
# generating one walks every endpoint and serializer of the API (about 1 s of CPU), so a request must never be able to
# ask for it again.
_schemas: dict[tuple, dict] = {}
# And each kept schema as each renderer wrote it (YAML, the default, takes about 0.6 s), by (schema, renderer class).
_rendered: dict[tuple, tuple[dict, bytes]] = {}
SCHEMA_SETTINGS = {"SPECTACULAR_SETTINGS", "REST_FRAMEWORK", "ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "USE_I18N"}


@receiver(setting_changed)
def _forget_schemas(*, setting, **kwargs):
    """A test that changes what the schema is made of gets a schema made of the new settings."""
    if setting in SCHEMA_SETTINGS:
        _schemas.clear()
        _rendered.clear()


def _kept_rendering(renderer_class):
    """``renderer_class`` writing each kept schema once: what it wrote is kept beside the schema. A media type with
    parameters (``application/json; indent=2``) is written afresh, so a client cannot fill the memory with variants."""

    class KeptRendering(renderer_class):
        def render(self, data, accepted_media_type=None, renderer_context=None):
            view = (renderer_context or {}).get("view")
            if getattr(view, "kept_schema", None) is not data or accepted_media_type != self.media_type:
                return super().render(data, accepted_media_type, renderer_context)
            key = (id(data), renderer_class)
            kept = _rendered.get(key)
            if kept is None or kept[0] is not data:  # the entry holds its schema, so the id names no other object
                kept = _rendered[key] = (data, super().render(data, accepted_media_type, renderer_context))
            return kept[1]

    KeptRendering.__name__ = KeptRendering.__qualname__ = f"Kept{renderer_class.__name__}"
    return KeptRendering


class SchemaView(SpectacularAPIView):
    """The API's OpenAPI schema, generated once per process for each language and set of permissions, then served
    from memory.

    What the schema depends on is the key: the language (``?lang=`` or the request's own), the permissions of the
    caller's role (volunteers' personal fields are listed only for roles that may see them; the URLconf passes the
    role map's ``permissions_of``, which core may not import), the API version, the URLconf and whether it is the
    public schema. Nothing else about the user changes it: two officers of different kabupaten/kota get one schema.
    Only values the project knows reach the key, so the cache stays bounded: a ``lang`` outside LANGUAGES is answered
    in the request's language and a ``version`` outside ALLOWED_VERSIONS (none are declared: the version lives in the
    /api/v1/ path) is ignored, where drf-spectacular would generate the schema again for every made-up value.
    """

    renderer_classes = [_kept_rendering(renderer) for renderer in SpectacularAPIView.renderer_classes]
    # What about the caller the schema depends on, as a function of the user (hashable); None: nothing.
    schema_variant_of_user = None
    # The kept schema this request answers with (its renderings are kept too).
    kept_schema = None

    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request, *args, **kwargs):
        language = translation.get_language()
        if settings.USE_I18N and request.GET.get("lang"):
            try:
                language = translation.get_supported_language_variant(request.GET["lang"])
            except LookupError:
                language = translation.get_language()
        with translation.override(language):
            return self._get_schema_response(request)

    def _get_schema_response(self, request):
        version = self.api_version or request.version
        asked = request.GET.get("version")
        if not version and api_settings.ALLOWED_VERSIONS and asked in api_settings.ALLOWED_VERSIONS:
            version = asked
        key = (
            translation.get_language(),
            self.schema_variant_of_user(request.user) if self.schema_variant_of_user else None,
            version,
            get_urlconf() or settings.ROOT_URLCONF,
            self.serve_public,
        )
        schema = _schemas.get(key)
        if schema is None:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            schema = generator.get_schema(request=request, public=self.serve_public)
            # Most roles get the same schema (about 3 MB in memory): an equal one already kept is kept once.
            schema = _schemas[key] = next((kept for kept in _schemas.values() if kept == schema), schema)
        self.kept_schema = schema
        # The renderers only read the schema, so every response shares the one object.
        filename = self._get_filename(request, version)
        return Response(data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'})
