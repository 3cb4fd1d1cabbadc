"""Helpers shared by the volunteers endpoints: personal fields by role, skill codes."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from banten_dinsos.accounts.roles import Perm, has_perm

from .. import services
from ..models import Skill

# A kabupaten/kota that does not exist and one outside the caller's area get one answer, in the user's language.
KABKOTA_REFUSED = {
    "does_not_exist": _("{value} is not a kabupaten/kota you may choose: it does not exist or is outside your area.")
}


class PersonalFieldsMixin:
    """Drops ``Meta.personal_fields`` from the output unless the caller's role may see volunteers' personal data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not has_perm(request.user, Perm.VOLUNTEER_VIEW_PERSONAL):
            for name in getattr(self.Meta, "personal_fields", ()):
                self.fields.pop(name, None)


def schema_view(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


class SkillCodesField(serializers.ListField):
    child = serializers.CharField(max_length=40)


def skills_of(codes) -> list[Skill]:
    return services.skills_from_codes(codes)
