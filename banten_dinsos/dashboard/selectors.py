from django.db.models import Count, Q, Sum

from banten_dinsos.accounts.roles import Perm, has_perm
from shelters.models import ShelterStatus
from shelters.selectors import shelter_list


def home_summary(*, user) -> dict:
    """The figures on the home page, all read through the user's scope, in one query per panel."""
    summary = {}
    if has_perm(user, Perm.SHELTER_VIEW):
        summary["shelters"] = shelter_list(user=user).aggregate(
            total=Count("id"),
            open=Count("id", filter=Q(status=ShelterStatus.OPEN)),
            prepared=Count("id", filter=Q(status=ShelterStatus.PREPARED)),
            capacity_open=Sum("capacity", filter=Q(status=ShelterStatus.OPEN), default=0),
        )
    return summary
