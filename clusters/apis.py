from rest_framework import generics, serializers

from .models import Cluster
from .selectors import cluster_list


class ClusterListApi(generics.ListAPIView):
    """The national clusters and sub-clusters with their lead agency in Banten."""

    class OutputSerializer(serializers.ModelSerializer):
        parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
        lead_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

        class Meta:
            model = Cluster
            fields = ["code", "name", "parent", "national_coordinator", "lead_agency"]
            ref_name = "Cluster"

    serializer_class = OutputSerializer
    pagination_class = None

    def get_queryset(self):
        return cluster_list(user=self.request.user)
