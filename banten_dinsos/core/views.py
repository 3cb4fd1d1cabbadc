from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound

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
