"""Form fields whose choices follow the user's scope (the same rule as the selectors, from scoping.py)."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from banten_dinsos.regions.forms import DesaChoiceField
from banten_dinsos.regions.models import RegionLevel
from banten_dinsos.regions.selectors import kabkota_list, region_choices_within

from .scoping import scope_kabkota_code, scope_kabkota_queryset

DESA_LABEL = _("Desa/kelurahan")


def scoped_kabkota_list(user):
    """The kabupaten/kota a user may choose: all eight for provincial users, their own for officers."""
    return scope_kabkota_queryset(kabkota_list(), user=user)


def scoped_desa_field(user, *, label=DESA_LABEL, required=True):
    """A desa/kelurahan choice limited to the user's kabupaten/kota (all of Banten for provincial users)."""
    return DesaChoiceField(
        label=label,
        required=required,
        queryset=region_choices_within(code=scope_kabkota_code(user), level=RegionLevel.DESA).select_related("parent"),
    )


class LoginForm(AuthenticationForm):
    """Django's login form with the refusal in one plain sentence: its own message names the username field by
    its label, which the Indonesian catalogue then doubles ("nama pengguna nama pengguna")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Capital and small letters count in both."),
    }
