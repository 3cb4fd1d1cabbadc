"""The portal's URLs plus a bare DRF endpoint returning a constant, the baseline of the benchmark."""

from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

# Under /api/ like cluster status, so that the middleware does the same work for both (the locale middleware reads
# Accept-Language for API paths only).
CONSTANT_PATH = "/api/v1/bench-constant/"


class ConstantApi(APIView):
    """Same authentication, permission and middleware as cluster status; no work."""

    def get(self, request):
        return Response({"status": "ok"})


urlpatterns = [
    path(CONSTANT_PATH.lstrip("/"), ConstantApi.as_view()),
    path("", include("banten_dinsos.urls")),
]
