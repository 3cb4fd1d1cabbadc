import django_filters
from rest_framework import generics, serializers

from .models import Agency, AgencyKind
from .selectors import agency_list


class AgencyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices)
    region = django_filters.CharFilter(field_name="region_id")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Agency
        fields = ["kind", "region", "name"]


class AgencyListApi(generics.ListAPIView):
    """Agencies taking part in coordination (government offices, PMI, volunteers, CSR, NGOs)."""

    class OutputSerializer(serializers.ModelSerializer):
        region = serializers.CharField(source="region_id", allow_null=True)

        class Meta:
            model = Agency
            fields = ["id", "code", "name", "short_name", "kind", "region", "contact_person", "phone", "email"]
            ref_name = "Agency"

    serializer_class = OutputSerializer
    filterset_class = AgencyFilter

    def get_queryset(self):
        return agency_list(user=self.request.user)
