"""The logistics app's alerts: a request waiting, approved or refused, dispatched, received (with or without
differences), and low or expiring stock. Called inside the services' transactions; messages in Bahasa Indonesia."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from banten_dinsos.core.formatting import format_number
from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from .models import Dispatch, DispatchStatus, RequestStatus, StockRequest

LOGISTICS_CLUSTERS = ["logistik"]


def request_alert(*, request: StockRequest, actor, dispatch: Dispatch | None = None) -> None:
    """A new request is told to the province (and the logistics cluster); each decision and dispatch is told to
    the requesting kabupaten/kota and to whoever asked."""
    with translation.override(settings.LANGUAGE_CODE):
        if request.status == RequestStatus.SUBMITTED:
            title = _("Request %(number)s from %(kabkota)s is waiting for a decision") % {
                "number": request.number,
                "kabkota": request.kabkota.name,
            }
            kabkota_codes, user_ids, severity = [], [], Severity.MODERATE
        else:
            if dispatch is not None:
                title = _("Request %(number)s dispatched with delivery note %(note)s") % {
                    "number": request.number,
                    "note": dispatch.number,
                }
            else:
                title = _("Request %(number)s: %(status)s") % {
                    "number": request.number,
                    "status": request.get_status_display(),
                }
            kabkota_codes = [request.kabkota_id]
            user_ids = [request.requested_by_id] if request.requested_by_id else []
            severity = Severity.MINOR
        lines = [
            _("%(item)s: requested %(asked)s, approved %(approved)s")
            % {
                "item": line.item.name,
                "asked": line.quantity_requested.normalize(),
                "approved": "—" if line.quantity_approved is None else line.quantity_approved.normalize(),
            }
            for line in request.lines.select_related("item")
        ]
        if request.decision_reason:
            lines.append(_("Reason: %(reason)s") % {"reason": request.decision_reason})
    step = dispatch.number if dispatch is not None else request.status
    alert_emit(
        kind=AlertKind.LOGISTICS_REQUEST,
        title=title,
        body="\n".join(lines),
        severity=severity,
        kabkota_codes=kabkota_codes,
        cluster_codes=LOGISTICS_CLUSTERS,
        disaster_id=request.disaster_id,
        dedupe_key=f"logistics-request:{request.pk}:{step}",
        payload={"request_id": request.pk, "status": request.status, "dispatch_id": getattr(dispatch, "pk", None)},
        url=request.get_absolute_url(),
        user_ids=user_ids,
        actor=actor,
    )


def delivery_alert(*, dispatch: Dispatch, actor) -> None:
    """A delivery confirmed: told to the province; a discrepancy is told louder."""
    request = dispatch.request
    discrepancy = dispatch.status == DispatchStatus.DISCREPANCY
    with translation.override(settings.LANGUAGE_CODE):
        if discrepancy:
            title = _("Delivery %(note)s received with differences") % {"note": dispatch.number}
        else:
            title = _("Delivery %(note)s received in full") % {"note": dispatch.number}
        lines = [
            _("%(item)s: sent %(sent)s, received %(received)s, damaged %(damaged)s, short %(short)s")
            % {
                "item": line.item.name,
                "sent": format_number(line.quantity.normalize()),
                "received": format_number(line.quantity_received.normalize()),
                "damaged": format_number(line.quantity_damaged.normalize() if line.quantity_damaged else 0),
                "short": format_number(line.quantity_short.normalize()),
            }
            for line in dispatch.lines.select_related("item")
        ]
        if dispatch.receipt_note:
            lines.append(dispatch.receipt_note)
    alert_emit(
        kind=AlertKind.LOGISTICS_REQUEST,
        title=title,
        body="\n".join(lines),
        severity=Severity.MODERATE if discrepancy else Severity.MINOR,
        kabkota_codes=[code for code in (dispatch.source.kabkota_id,) if code],
        cluster_codes=LOGISTICS_CLUSTERS,
        disaster_id=request.disaster_id,
        dedupe_key=f"logistics-dispatch:{dispatch.pk}:{dispatch.status}",
        payload={"dispatch_id": dispatch.pk, "request_id": request.pk, "status": dispatch.status},
        url=dispatch.get_absolute_url(),
        user_ids=[dispatch.dispatched_by_id] if dispatch.dispatched_by_id else [],
        actor=actor,
    )


def stock_alert(*, kabkota_code: str | None, title: str, lines: list[str], dedupe_key: str, url: str) -> None:
    """Low or expiring stock in one kabupaten/kota (None: the provincial warehouse)."""
    alert_emit(
        kind=AlertKind.STOCK_WARNING,
        title=title,
        body="\n".join(lines),
        severity=Severity.MODERATE,
        kabkota_codes=[kabkota_code] if kabkota_code else [],
        cluster_codes=LOGISTICS_CLUSTERS,
        dedupe_key=dedupe_key,
        url=url,
    )
