"""The clusters app's alerts: it builds ready messages and hands them to the notification pipe.

Called inside the services' transactions, so an alert exists exactly when its event does. Messages are written in
the portal's language (Bahasa Indonesia), whoever caused them.
"""

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from .models import Cluster, Disaster, DisasterStatusChange, EmergencyStatus, FieldReport
from .selectors import disaster_list

# CAP 1.2 category of each BNPB disaster type (Met covers floods and storms, Geo earth movements).
CAP_CATEGORY = {
    "101": "Met",
    "102": "Geo",
    "104": "Met",
    "105": "Met",
    "106": "Met",
    "107": "Fire",
    "108": "Geo",
    "109": "Geo",
    "111": "Geo",
}
STATUS_SEVERITY = {
    EmergencyStatus.SIAGA: Severity.MODERATE,
    EmergencyStatus.TANGGAP: Severity.SEVERE,
    EmergencyStatus.TRANSISI: Severity.MODERATE,
    EmergencyStatus.PEMULIHAN: Severity.MINOR,
    EmergencyStatus.SELESAI: Severity.MINOR,
}
STATUS_URGENCY = {
    EmergencyStatus.SIAGA: "Expected",
    EmergencyStatus.TANGGAP: "Immediate",
    EmergencyStatus.TRANSISI: "Expected",
    EmergencyStatus.PEMULIHAN: "Past",
    EmergencyStatus.SELESAI: "Past",
}


def _all_clusters() -> list[str]:
    """A disaster concerns every cluster, so every coordinator may hear of it."""
    return list(Cluster.objects.filter(is_active=True).values_list("code", flat=True))


def disaster_status_alert(*, disaster: Disaster, change: DisasterStatusChange, kabkota: list, actor) -> None:
    """A disaster declared or its emergency status changed: a public alert (CAP feed) for everyone concerned."""
    with translation.override(settings.LANGUAGE_CODE):
        status = EmergencyStatus(change.to_status).label
        names = ", ".join(region.name for region in kabkota)
        if change.from_status:
            title = _("%(title)s: emergency status is now %(status)s") % {"title": disaster.title, "status": status}
        else:
            title = _("Disaster event declared: %(title)s (%(status)s)") % {"title": disaster.title, "status": status}
        lines = [
            _("%(type)s since %(date)s in %(areas)s.")
            % {
                "type": disaster.disaster_type.name,
                "date": disaster.started_on.strftime("%d-%m-%Y"),
                "areas": names,
            }
        ]
        if change.decree_number:
            lines.append(_("Decree: %(number)s.") % {"number": change.decree_number})
        if change.valid_from or change.valid_until:
            lines.append(
                _("Valid %(start)s to %(end)s.")
                % {
                    "start": change.valid_from.strftime("%d-%m-%Y") if change.valid_from else "…",
                    "end": change.valid_until.strftime("%d-%m-%Y") if change.valid_until else "…",
                }
            )
        if change.note:
            lines.append(change.note)
    alert_emit(
        kind=AlertKind.DISASTER_STATUS,
        title=title,
        body=" ".join(lines),
        severity=STATUS_SEVERITY.get(change.to_status, Severity.MODERATE),
        kabkota_codes=[region.code for region in kabkota],
        cluster_codes=_all_clusters(),
        disaster_id=disaster.pk,
        public=True,
        dedupe_key=f"disaster:{disaster.pk}:status-change:{change.pk}",
        payload={"status": change.to_status, "previous": change.from_status, "decree_number": change.decree_number},
        url=disaster.get_absolute_url(),
        actor=actor,
        cap={
            "event": disaster.disaster_type.name,
            "category": CAP_CATEGORY.get(disaster.disaster_type_id, "Other"),
            "urgency": STATUS_URGENCY.get(change.to_status, "Unknown"),
            "certainty": "Likely" if change.to_status == EmergencyStatus.SIAGA else "Observed",
        },
    )


CASUALTY_FIELDS = ("dead", "missing", "injured")


def _count(value: int | None) -> str:
    # Blank is not zero: a figure the officer left empty is "not reported yet", never 0.
    return _("not reported yet") if value is None else number_format(value, force_grouping=True)


def casualties_alert(*, report: FieldReport, actor) -> None:
    """A verified report with dead, missing or injured people (a correction only when those figures changed)."""
    figures = {name: getattr(report, name) for name in CASUALTY_FIELDS}
    if not any(figures.values()):
        return
    corrected = report.supersedes
    if corrected is not None and all(getattr(corrected, name) == value for name, value in figures.items()):
        return
    severity = Severity.SEVERE if figures["dead"] or figures["missing"] else Severity.MODERATE
    if (figures["dead"] or 0) >= 10:
        severity = Severity.EXTREME
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Casualties in %(area)s: %(disaster)s") % {
            "area": report.area.name,
            "disaster": report.disaster.title,
        }
        body = _(
            "Dead %(dead)s, missing %(missing)s, injured %(injured)s; displaced %(displaced)s (verified report)."
        ) % {
            "dead": _count(figures["dead"]),
            "missing": _count(figures["missing"]),
            "injured": _count(figures["injured"]),
            "displaced": _count(report.displaced),
        }
    alert_emit(
        kind=AlertKind.CASUALTIES,
        title=title,
        body=body,
        severity=severity,
        kabkota_codes=[report.kabkota_id],
        cluster_codes=_all_clusters(),
        disaster_id=report.disaster_id,
        dedupe_key=f"fieldreport:{report.pk}:casualties",
        payload={**figures, "displaced": report.displaced, "report_id": report.pk, "area": report.area_id},
        url=report.get_absolute_url(),
        actor=actor,
    )


# Choices for the notification settings page (registered in ClustersConfig.ready).


def cluster_choices(user) -> list[tuple[str, str]]:
    return list(Cluster.objects.filter(is_active=True).order_by("position", "code").values_list("code", "name"))


def disaster_choices(user) -> list[tuple[str, str]]:
    if not has_perm(user, Perm.DISASTER_VIEW):
        return []
    return [
        (str(pk), title) for pk, title in disaster_list(user=user, filters={"active": True}).values_list("pk", "title")
    ]
