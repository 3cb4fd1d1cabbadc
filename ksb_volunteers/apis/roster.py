"""The duty roster of a shelter or an LDP post on one day."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.scoping import get_scoped_or_404
from shelters import selectors as shelter_selectors

from .. import selectors


class DutyLineSerializer(serializers.Serializer):
    deployment = serializers.IntegerField(source="deployment.pk")
    member_number = serializers.CharField(source="deployment.member.member_number", allow_null=True, default=None)
    name = serializers.SerializerMethodField()
    home_kabkota = serializers.CharField(source="deployment.kabkota_id")
    role = serializers.CharField(source="deployment.role")
    on_duty_from = serializers.DateTimeField()
    on_duty_until = serializers.DateTimeField()
    whole_day = serializers.BooleanField()

    def get_name(self, line) -> str:
        return str(line.deployment.member.full_name if line.deployment.member else line.deployment.ksb_unit.name)


def resolve_roster_place(user, *, shelter_pk=None, ldp_post_pk=None) -> dict:
    if shelter_pk:
        return {"shelter": shelter_selectors.shelter_get(user=user, pk=shelter_pk)}
    return {"ldp_post": get_scoped_or_404(shelter_selectors.ldp_post_list(user=user), pk=ldp_post_pk)}


class DutyRosterApi(APIView):
    """Who is on duty at a shelter or an LDP post on one day (WIB), with the hours each covers that day."""

    class QuerySerializer(serializers.Serializer):
        class Meta:
            ref_name = "VolunteerDutyRosterQuery"

        shelter = serializers.IntegerField(required=False)
        ldp_post = serializers.IntegerField(required=False)
        date = serializers.DateField(required=False)

        def validate(self, attrs):
            if bool(attrs.get("shelter")) == bool(attrs.get("ldp_post")):
                raise serializers.ValidationError({"shelter": _("Choose a shelter or an LDP post.")})
            return attrs

    @extend_schema(
        parameters=[
            OpenApiParameter("shelter", int),
            OpenApiParameter("ldp_post", int),
            OpenApiParameter("date", str, description="YYYY-MM-DD, today by default"),
        ],
        responses=inline_serializer(
            "DutyRoster",
            {
                "place": serializers.CharField(),
                "date": serializers.DateField(),
                "lines": DutyLineSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        place = resolve_roster_place(request.user, shelter_pk=data.get("shelter"), ldp_post_pk=data.get("ldp_post"))
        day = data.get("date") or timezone.localdate()
        lines = selectors.duty_roster(user=request.user, day=day, **place)
        return Response(
            {
                "place": str(next(iter(place.values()))),
                "date": day,
                "lines": DutyLineSerializer(lines, many=True).data,
            }
        )
