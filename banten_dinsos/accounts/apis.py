from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .roles import permissions_of
from .scoping import scope_describe
from .tokens import api_token_create


class TokenThrottle(AnonRateThrottle):
    scope = "token"


class TokenObtainApi(APIView):
    """Exchange a username and password for a new API token (``Authorization: Token <token>``) that expires."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses={
            200: inline_serializer(
                "TokenResponse", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
            )
        },
        description=str(
            _("Returns a new API token; only its hash is kept, it expires, and it can be revoked on My account.")
        ),
    )
    def post(self, request, *args, **kwargs):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, key = api_token_create(user=serializer.validated_data["user"], name=str(_("API login")))
        return Response({"token": key, "expires_at": token.expires_at})


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
