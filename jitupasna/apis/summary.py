"""The summary figures (damage, loss and needs per sector × kabupaten/kota), the same computation the page and the
documents render. Amounts are whole rupiah, as decimal strings."""

from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from .common import AMOUNT, PERCENT


class FiguresSerializer(serializers.Serializer):
    damage = serializers.DecimalField(**AMOUNT)
    loss = serializers.DecimalField(**AMOUNT)
    reconstruction = serializers.DecimalField(**AMOUNT)
    loss_recovery = serializers.DecimalField(**AMOUNT)
    access = serializers.DecimalField(**AMOUNT)
    function = serializers.DecimalField(**AMOUNT)
    risk = serializers.DecimalField(**AMOUNT)
    needs = serializers.DecimalField(**AMOUNT)


class CellSerializer(FiguresSerializer):
    kabkota = serializers.CharField()


class SubSectorFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    agency = serializers.CharField()
    damage = serializers.DecimalField(**AMOUNT)
    loss = serializers.DecimalField(**AMOUNT)


class SectorFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    cells = CellSerializer(many=True)
    total = FiguresSerializer()
    sub_sectors = SubSectorFiguresSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    status = serializers.CharField()
    uplift_percent = serializers.DecimalField(**PERCENT)
    factors = serializers.ListField(child=serializers.DictField())
    factors_source = serializers.CharField()
    kabkota = serializers.ListField(child=serializers.DictField())
    sectors = SectorFiguresSerializer(many=True)
    kabkota_totals = CellSerializer(many=True)
    total = FiguresSerializer()


def summary_data(figures) -> dict:
    codes = [code for code, _name in figures.kabkota]

    def cells(row):
        return [{"kabkota": code, **cell.as_dict()} for code, cell in zip(codes, row, strict=True)]

    assessment = figures.assessment
    return {
        "assessment": assessment.pk,
        "status": assessment.status,
        "uplift_percent": assessment.bbb_uplift_percent,
        "factors": [
            {"damage_class": code, "label": label, "factor": str(factor)} for code, label, factor in figures.factors
        ],
        "factors_source": assessment.factors_source,
        "kabkota": [{"code": code, "name": name} for code, name in figures.kabkota],
        "sectors": [
            {
                "code": sector.code,
                "name": sector.name,
                "cells": cells(sector.cells),
                "total": sector.total.as_dict(),
                "sub_sectors": [row.__dict__ for row in sector.sub_sectors],
            }
            for sector in figures.sectors
        ],
        "kabkota_totals": cells(figures.kabkota_totals),
        "total": figures.total.as_dict(),
    }


class AssessmentSummaryApi(APIView):
    """Damage, loss and needs per sector × kabupaten/kota with totals per sector, per kabupaten/kota and overall
    (an officer's own kabupaten/kota only). The same figures as the page, the XLSX and the PDF."""

    @extend_schema(responses={200: SummarySerializer})
    def get(self, request, pk):
        assessment = selectors.assessment_get(user=request.user, pk=pk)
        figures = selectors.assessment_summary(user=request.user, assessment=assessment)
        return Response(SummarySerializer(summary_data(figures)).data)
