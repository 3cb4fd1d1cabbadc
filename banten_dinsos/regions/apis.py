from rest_framework import generics, serializers

from .filters import RegionFilter
from .models import Region
from .selectors import region_list


class RegionListApi(generics.ListAPIView):
    """Kemendagri regions of Banten; filter with ``within=36.02`` for a region and everything under it."""

    class OutputSerializer(serializers.ModelSerializer):
        parent = serializers.CharField(source="parent_id", allow_null=True)

        class Meta:
            model = Region
            fields = ["code", "name", "level", "parent", "latitude", "longitude"]
            ref_name = "Region"

    serializer_class = OutputSerializer
    filterset_class = RegionFilter

    def get_queryset(self):
        return region_list(user=self.request.user)
