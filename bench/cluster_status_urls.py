"""The portal's URLs plus a bare DRF endpoint returning a constant, the baseline of the benchmark."""

from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView


class ConstantApi(APIView):
    """Same authentication, permission and middleware as cluster status; no work."""

    def get(self, request):
        return Response({"status": "ok"})


urlpatterns = [
    path("bench/constant/", ConstantApi.as_view()),
    path("", include("banten_dinsos.urls")),
]
