"""The volunteers app's alerts: a TAGANA member or a KSB unit deployed to a disaster.

Called inside the deployment service's transaction, so an alert exists exactly when the deployment does. Messages
are written in the portal's language (Bahasa Indonesia), whoever caused them.
"""

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from .models import Deployment


def volunteer_deployed_alert(*, deployment: Deployment, actor) -> None:
    """A member or unit assigned to a disaster: told to the member's kabupaten/kota (and the site's, when the
    assignment is elsewhere, since its officers see the deployment too) for the volunteers' clusters."""
    # Imported here: the services import this module, and the constant lives with them.
    from .services.common import VOLUNTEER_CLUSTERS

    owner = deployment.member or deployment.ksb_unit
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(name)s deployed to %(disaster)s") % {
            "name": deployment.member.full_name if deployment.member else deployment.ksb_unit.name,
            "disaster": deployment.disaster.title,
        }
        start = formats.date_format(timezone.localtime(deployment.start_at), "j M Y H:i")
        if deployment.end_at is None:
            period = _("from %(start)s until further notice") % {"start": start}
        else:
            period = _("from %(start)s until %(end)s") % {
                "start": start,
                "end": formats.date_format(timezone.localtime(deployment.end_at), "j M Y H:i"),
            }
        body = _("Role: %(role)s, %(period)s.") % {"role": deployment.get_role_display(), "period": period}
        if deployment.site is not None:
            body = f"{body} {_('Place: %(site)s.') % {'site': deployment.site.name}}"
    alert_emit(
        kind=AlertKind.VOLUNTEER_DEPLOYED,
        title=title,
        body=body,
        severity=Severity.MINOR,
        kabkota_codes=[code for code in (owner.kabkota_id, deployment.site_kabkota_id) if code],
        cluster_codes=VOLUNTEER_CLUSTERS,
        disaster_id=deployment.disaster_id,
        dedupe_key=f"deployment:{deployment.pk}:deployed",
        payload={
            "deployment_id": deployment.pk,
            "member_id": deployment.member_id,
            "ksb_unit_id": deployment.ksb_unit_id,
            "role": deployment.role,
        },
        url=deployment.get_absolute_url(),
        actor=actor,
    )
