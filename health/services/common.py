from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from banten_dinsos.accounts.scoping import scope_allows, scope_cluster_codes

from ..models import HEALTH_CLUSTERS


def check_health_scope(user, *, kabkota_code: str | None, field: str) -> None:
    """Refuse a write outside the user's kabupaten/kota unless they are a member of the Kesehatan cluster."""
    if scope_allows(user, kabkota_code=kabkota_code, clusters=HEALTH_CLUSTERS):
        return
    if scope_cluster_codes(user):
        message = _("Only members of the Kesehatan cluster may record health data; your cluster is another one.")
    else:
        message = _("You may only record health data for your own kabupaten/kota.")
    raise ValidationError({field: message})
