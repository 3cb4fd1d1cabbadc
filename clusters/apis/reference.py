"""Reference data: the national clusters and BNPB disaster types."""

from rest_framework import generics, serializers

from ..models import Cluster, DisasterType
from ..selectors import cluster_list, disaster_type_list


class ClusterListApi(generics.ListAPIView):
    """The national clusters and sub-clusters with their lead agency in Banten."""

    class OutputSerializer(serializers.ModelSerializer):
        # A top-level cluster has no parent, and a cluster may have no lead agency in Banten yet: null.
        parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
        lead_agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

        class Meta:
            model = Cluster
            fields = ["code", "name", "parent", "national_coordinator", "lead_agency"]
            ref_name = "Cluster"

    serializer_class = OutputSerializer
    pagination_class = None

    def get_queryset(self):
        return cluster_list(user=self.request.user)


class DisasterTypeListApi(generics.ListAPIView):
    """BNPB (DIBI) disaster types."""

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = DisasterType
            fields = ["code", "name"]
            ref_name = "DisasterType"

    serializer_class = OutputSerializer
    pagination_class = None

    def get_queryset(self):
        return disaster_type_list()
