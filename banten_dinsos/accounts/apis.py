from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .roles import permissions_of
from .scoping import scope_describe


class TokenThrottle(AnonRateThrottle):
    scope = "token"


class TokenObtainApi(ObtainAuthToken):
    """Exchange a username and password for an API token (``Authorization: Token <token>``)."""

    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        description=str(_("Returns the user's API token, creating it on first use.")),
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class MeApi(APIView):
    """Who the caller is: role, kabupaten/kota and clusters in scope, permissions."""

    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField()
        name = serializers.CharField()
        role = serializers.CharField()
        kabkota = serializers.CharField(allow_null=True)
        province_wide = serializers.BooleanField()
        clusters = serializers.ListField(child=serializers.CharField())
        permissions = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        user = request.user
        scope = scope_describe(user)
        data = {
            "username": user.username,
            "name": str(user),
            "role": user.role,
            "kabkota": user.kabkota_id,
            "province_wide": scope["province_wide"],
            "clusters": scope["clusters"],
            "permissions": sorted(permissions_of(user)),
        }
        return Response(self.OutputSerializer(data).data)
