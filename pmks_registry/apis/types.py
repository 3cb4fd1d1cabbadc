"""The PMKS types reference list."""

from rest_framework import generics, serializers

from banten_dinsos.accounts.roles import Perm, require_perm

from ..models import PmksType


class PmksTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PmksType
        fields = ["number", "code", "name", "provincial_authority", "is_active"]


class PmksTypeListApi(generics.ListAPIView):
    """The 26 PMKS types and whether each is in the province's authority."""

    serializer_class = PmksTypeSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PmksType.objects.none()
        require_perm(self.request.user, Perm.PMKS_VIEW)
        return PmksType.objects.all()
