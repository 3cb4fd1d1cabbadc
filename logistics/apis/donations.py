"""In-kind donations with their receipt letters, and totals per donor."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.core.downloads import download_filename, name_download

from .. import selectors, services
from ..filters import DonationFilter
from ..models import Donation
from ..pdf import donation_receipt_pdf
from .common import (
    disaster_field,
    errors,
    filter_parameters,
    idempotency_field,
    item_field,
    location_field,
    posted_response,
)
from .stock import MoveOutputSerializer


class DonationOutputSerializer(serializers.ModelSerializer):
    donor_name = serializers.CharField(source="donor.name")
    warehouse_name = serializers.CharField(source="warehouse.name")

    class Meta:
        model = Donation
        fields = [
            "id",
            "number",
            "donor",
            "donor_name",
            "warehouse",
            "warehouse_name",
            "disaster",
            "received_on",
            "value_estimate",
            "note",
            "created_at",
        ]
        ref_name = "LogisticsDonation"


class DonationDetailSerializer(DonationOutputSerializer):
    moves = MoveOutputSerializer(many=True, source="moves_list")

    class Meta(DonationOutputSerializer.Meta):
        fields = [*DonationOutputSerializer.Meta.fields, "moves"]
        ref_name = "LogisticsDonationDetail"


class DonationLineInputSerializer(serializers.Serializer):
    item = item_field()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6)
    batch_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    expiry_date = serializers.DateField(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "LogisticsDonationLineInput"


class DonationInputSerializer(serializers.Serializer):
    donor = location_field()
    warehouse = location_field()
    received_on = serializers.DateField()
    value_estimate = serializers.DecimalField(max_digits=16, decimal_places=2)
    lines = DonationLineInputSerializer(many=True)
    disaster = disaster_field(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    idempotency_key = idempotency_field()

    class Meta:
        ref_name = "LogisticsDonationInput"


def _detail(request, pk):
    donation = selectors.donation_get(user=request.user, pk=pk)
    donation.moves_list = donation.moves.select_related("item", "batch", "source", "destination")
    return donation


class DonationListCreateApi(generics.ListAPIView):
    """Donations received in the caller's area (``DonationFilter``: ``?donor=``, ``?warehouse=``, ``?disaster=``,
    ``?since=``, ``?until=``). POST records one with its receipt."""

    serializer_class = DonationOutputSerializer
    filterset_class = DonationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Donation.objects.none()
        return selectors.donation_list(user=self.request.user)

    @extend_schema(
        request=DonationInputSerializer,
        responses={
            201: DonationDetailSerializer,
            200: OpenApiResponse(DonationDetailSerializer),
            **errors(400, 403, 409),
        },
    )
    def post(self, request):
        require_perm(request.user, Perm.DONATION_RECORD)
        serializer = DonationInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["lines"] = [dict(line) for line in data["lines"]]
        donation, created = services.donation_record(user=request.user, **data)
        return posted_response(DonationDetailSerializer(_detail(request, donation.pk)).data, created=created)


class DonationDetailApi(APIView):
    @extend_schema(responses={200: DonationDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(DonationDetailSerializer(_detail(request, pk)).data)


class DonationReceiptApi(APIView):
    """The receipt letter (tanda terima) of a donation as PDF."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        donation = selectors.donation_get(user=request.user, pk=pk)
        response = HttpResponse(donation_receipt_pdf(donation=donation), content_type="application/pdf")
        name_download(response, download_filename("tanda-terima", donation.number, donation.received_on, "pdf"))
        return response


class DonorTotalsApi(APIView):
    """Per donor: number of donations and their estimated value (rupiah), for acknowledgement letters; the donations
    narrowed by the same filters as the donation list."""

    @extend_schema(
        parameters=filter_parameters(DonationFilter),
        responses=inline_serializer(
            "LogisticsDonorTotal",
            {
                "donor": serializers.IntegerField(),
                "donor_name": serializers.CharField(),
                "donor_type": serializers.CharField(),
                "donations": serializers.IntegerField(),
                "value": serializers.DecimalField(max_digits=18, decimal_places=2),
            },
            many=True,
        ),
    )
    def get(self, request):
        return Response(
            [
                {
                    "donor": row["donor_id"],
                    "donor_name": row["donor__name"],
                    "donor_type": row["donor__donor_type"],
                    "donations": row["donations"],
                    "value": str(row["value"]),
                }
                for row in selectors.donor_totals(user=request.user, filters=request.query_params)
            ]
        )
