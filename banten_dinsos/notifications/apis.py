"""The signed-in user's notifications over the API (a phone app shows the same bell as the portal)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Delivery
from .selectors import inbox, unread_count
from .services import notifications_mark_read


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="alert.kind")
    severity = serializers.CharField(source="alert.severity")
    title = serializers.CharField(source="alert.title")
    body = serializers.CharField(source="alert.body")
    url = serializers.CharField(source="alert.url")
    disaster_id = serializers.IntegerField(source="alert.disaster_id", allow_null=True)

    class Meta:
        model = Delivery
        fields = ["id", "kind", "severity", "title", "body", "url", "disaster_id", "created_at", "read_at"]
        ref_name = "Notification"


class NotificationListApi(generics.ListAPIView):
    """The caller's in-portal notifications, newest first; ``?unread=1`` for the unread ones only."""

    serializer_class = NotificationSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Delivery.objects.none()
        return inbox(user=self.request.user, filters={"unread": self.request.query_params.get("unread") == "1"})


class NotificationReadInputSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "NotificationReadInput"


class NotificationReadOutputSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()

    class Meta:
        ref_name = "NotificationReadOutput"


class NotificationReadApi(APIView):
    """Mark notifications read: the given ``ids``, or all of them when ``ids`` is left out."""

    @extend_schema(request=NotificationReadInputSerializer, responses={200: NotificationReadOutputSerializer})
    def post(self, request):
        serializer = NotificationReadInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = notifications_mark_read(user=request.user, delivery_ids=serializer.validated_data["ids"])
        return Response({"marked": marked, "unread": unread_count(user=request.user)})
