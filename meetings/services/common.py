from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..models import Meeting
from ..selectors import meeting_can_manage


def require_manage(*, user, meeting: Meeting) -> None:
    """Raise PermissionDenied (403) unless ``user`` runs this meeting (staf provinsi, or its cluster's coordinator)."""
    if not meeting_can_manage(user=user, meeting=meeting):
        raise PermissionDenied(_("Only the organisers of this meeting may change it."))
