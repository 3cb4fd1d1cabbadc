"""Reference data: the Jitupasna sectors, their sub-sectors and responsible agencies, and the damage class factors."""

from rest_framework import generics, serializers

from banten_dinsos.accounts.roles import Perm, require_perm

from .. import selectors
from ..models import (
    DamageFactor,
    Sector,
    SubSector,
)


class SubSectorSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.code")
    responsible_agency = serializers.CharField(source="responsible_agency.code", allow_null=True, default=None)
    responsible_agency_name = serializers.CharField(source="responsible_agency.name", allow_null=True, default=None)

    class Meta:
        model = SubSector
        fields = ["code", "name", "sector", "responsible_agency", "responsible_agency_name"]


class SectorSerializer(serializers.ModelSerializer):
    sub_sectors = SubSectorSerializer(many=True, read_only=True)

    class Meta:
        model = Sector
        fields = ["code", "name", "sub_sectors"]


class SectorListApi(generics.ListAPIView):
    """The five Jitupasna sectors, their sub-sectors and the agency responsible for each sub-sector's input."""

    serializer_class = SectorSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Sector.objects.none()
        require_perm(self.request.user, Perm.JITUPASNA_VIEW)
        return selectors.sector_list().prefetch_related("sub_sectors__sector")


class DamageFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = DamageFactor
        fields = ["damage_class", "factor", "source", "updated_at"]


class DamageFactorListApi(generics.ListAPIView):
    """The default damage class factors new assessments start with, and where the numbers come from."""

    serializer_class = DamageFactorSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DamageFactor.objects.none()
        require_perm(self.request.user, Perm.JITUPASNA_VIEW)
        return selectors.damage_factor_list()
