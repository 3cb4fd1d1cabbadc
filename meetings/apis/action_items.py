"""Action items (follow-ups) of the meetings in the caller's scope, filtered by ``ActionItemFilter``, and their
progress notes."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.agencies.models import Agency

from .. import selectors, services
from ..models import (
    ActionItem,
    ActionItemProgress,
    ActionItemStatus,
    Decision,
    Meeting,
)
from .meetings import ActionItemOutputSerializer

User = get_user_model()


class ProgressOutputSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", allow_null=True, default=None)

    class Meta:
        model = ActionItemProgress
        fields = ["id", "noted_on", "note", "status", "author", "created_at"]


class ActionItemDetailOutputSerializer(ActionItemOutputSerializer):
    progress = ProgressOutputSerializer(source="progress_notes", many=True, read_only=True)

    class Meta(ActionItemOutputSerializer.Meta):
        fields = [*ActionItemOutputSerializer.Meta.fields, "progress"]


class ActionItemInputSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    decision = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.filter(is_active=True))
    owner_person = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    owner_user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    due_on = serializers.DateField()


def _decision_of(meeting: Meeting, pk) -> Decision | None:
    if pk is None:
        return None
    decision = meeting.decisions.filter(pk=pk).first()
    if decision is None:
        raise ValidationError({"decision": [_("This decision is not in this meeting's minutes.")]})
    return decision


class ActionItemListCreateApi(generics.ListAPIView):
    """Action items of the meetings in the caller's scope; ``overdue=true`` for those past due (WIB), ``mine=true``
    for those the caller's agency owns."""

    serializer_class = ActionItemOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionItem.objects.none()
        if self.request.query_params.get("meeting"):
            # A meeting out of scope answers 404, like one that does not exist.
            selectors.meeting_get(user=self.request.user, pk=self.request.query_params["meeting"])
        return selectors.action_item_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("meeting", int),
            OpenApiParameter("status", str, enum=ActionItemStatus.values),
            OpenApiParameter("owner_agency", str, description="Agency code"),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("mine", bool),
            OpenApiParameter("open", bool),
            OpenApiParameter("q", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ActionItemInputSerializer, responses={201: ActionItemDetailOutputSerializer})
    def post(self, request):
        serializer = ActionItemInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meeting = selectors.meeting_get(user=request.user, pk=data.pop("meeting"))
        data["decision"] = _decision_of(meeting, data.get("decision"))
        item = services.action_item_create(user=request.user, meeting=meeting, **data)
        item = selectors.action_item_get(user=request.user, pk=item.pk)
        return Response(ActionItemDetailOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemDetailApi(APIView):
    @extend_schema(responses={200: ActionItemDetailOutputSerializer})
    def get(self, request, pk):
        item = selectors.action_item_get(user=request.user, pk=pk)
        return Response(ActionItemDetailOutputSerializer(item).data)

    @extend_schema(request=ActionItemInputSerializer, responses={200: ActionItemDetailOutputSerializer})
    def patch(self, request, pk):
        item = selectors.action_item_get(user=request.user, pk=pk)
        serializer = ActionItemInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("meeting", None)
        if "decision" in data:
            data["decision"] = _decision_of(item.meeting, data["decision"])
        services.action_item_update(user=request.user, item=item, data=data)
        item = selectors.action_item_get(user=request.user, pk=pk)
        return Response(ActionItemDetailOutputSerializer(item).data)


class ProgressInputSerializer(serializers.Serializer):
    note = serializers.CharField()
    status = serializers.ChoiceField(choices=ActionItemStatus.choices, required=False)
    noted_on = serializers.DateField(required=False)


class ActionItemProgressApi(APIView):
    """Add a dated progress note (and a new status) to an action item: its owner agency or the organisers."""

    @extend_schema(request=ProgressInputSerializer, responses={201: ActionItemDetailOutputSerializer})
    def post(self, request, pk):
        item = selectors.action_item_get(user=request.user, pk=pk)
        serializer = ProgressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.action_item_progress_add(user=request.user, item=item, **serializer.validated_data)
        item = selectors.action_item_get(user=request.user, pk=pk)
        return Response(ActionItemDetailOutputSerializer(item).data, status=status.HTTP_201_CREATED)
