"""The skill reference list."""

from rest_framework import generics, serializers

from .. import selectors
from ..models import (
    Skill,
)


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["code", "name", "description"]
        ref_name = "VolunteerSkill"


class SkillListApi(generics.ListAPIView):
    """The skill reference list (codes to use in members, trainings and the availability search)."""

    serializer_class = SkillSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.skill_list()
