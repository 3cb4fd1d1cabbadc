from django import template

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.core.nik import mask_number

register = template.Library()


@register.filter
def masked(value):
    """A NIK or No. KK as lists and exports show it: 3601********0001."""
    return mask_number(value)


@register.simple_tag
def pmks_can(user, permission: str) -> bool:
    """Whether the role map lets ``user`` do ``permission`` (e.g. "pmks.import"), for showing links."""
    return has_perm(user, Perm(permission))
