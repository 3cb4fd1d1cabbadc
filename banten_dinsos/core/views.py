from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
