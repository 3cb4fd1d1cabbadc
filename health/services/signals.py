from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.formatting import format_number
from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from ..early_warning import threshold_check
from ..models import HEALTH_CLUSTERS, Consultation, ConsultationCount, HealthPost, Signal, SignalState, Threshold
from .common import check_health_scope
from .totals import health_post_totals_refresh


def _alert_body(signal: Signal) -> str:
    figures = signal.figures
    lines = [_("Health post: %(post)s (%(desa)s)") % {"post": signal.post.name, "desa": signal.post.desa.name}]
    lines.append(
        _("Day: %(day)s, cases: %(cases)s")
        % {"day": date_format(signal.first_date), "cases": format_number(figures["cases"])}
    )
    if "rate_per_1000" in figures:
        lines.append(
            _("%(rate)s per 1,000 displaced people (%(displaced)s served); threshold %(threshold)s")
            % {
                "rate": figures["rate_per_1000"],
                "displaced": format_number(figures["displaced"]),
                "threshold": figures["threshold"],
            }
        )
    if "mean" in figures:
        lines.append(
            _("Mean of the previous days %(days)s: %(mean)s; threshold %(multiple)s × the mean")
            % {
                "days": ", ".join(str(day) for day in figures["previous_days"]),
                "mean": figures["mean"],
                "multiple": figures["multiple"],
            }
        )
    return "\n".join(lines)


def _raise(*, threshold: Threshold, post: HealthPost, on: date, figures: dict, actor) -> Signal | None:
    """Open a signal and announce it once; None when another request opened it at the same moment."""
    try:
        with transaction.atomic():
            signal = Signal.objects.create(
                threshold=threshold,
                post=post,
                disaster_id=post.disaster_id,
                kabkota_id=post.kabkota_id,
                first_date=on,
                last_date=on,
                figures=figures,
            )
    except IntegrityError:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Possible outbreak: %(rule)s at %(post)s") % {"rule": threshold.name, "post": post.name}
        body = _alert_body(signal)
    alert = alert_emit(
        kind=AlertKind.HEALTH_SIGNAL,
        title=title,
        body=body,
        severity=threshold.severity if threshold.severity in Severity.values else Severity.SEVERE,
        kabkota_codes=[post.kabkota_id],
        cluster_codes=HEALTH_CLUSTERS,
        disaster_id=post.disaster_id,
        dedupe_key=f"health-signal:{signal.pk}",
        payload={
            "signal_id": signal.pk,
            "threshold": threshold.code,
            "post_id": post.pk,
            "date": on.isoformat(),
            **figures,
        },
        url=signal.get_absolute_url(),
        actor=actor,
        cap={"category": "Health", "urgency": "Expected", "certainty": "Possible"},
    )
    Signal.objects.filter(pk=signal.pk).update(alert_id=alert.pk)
    signal.alert_id = alert.pk
    return signal


def health_signals_evaluate(*, post: HealthPost, on: date, actor=None) -> list[Signal]:
    """Check every active threshold for ``post`` on ``on`` and on the reported days that follow within the longest
    window (their means include ``on``). A rule that fires raises a signal, unless one is open for that rule and post:
    then the open signal is extended and nothing is announced again. Runs in the caller's transaction."""
    thresholds = list(Threshold.objects.filter(is_active=True).select_related("complaint"))
    if not thresholds:
        return []
    window = max(threshold.window_days for threshold in thresholds)
    start, end = on - timedelta(days=window), on + timedelta(days=window)
    reported = set(Consultation.objects.filter(post=post, date__range=(start, end)).values_list("date", flat=True))
    cases = defaultdict(int)
    for row in (
        ConsultationCount.objects.filter(consultation__post=post, consultation__date__range=(start, end))
        .values("consultation__date", "complaint_id")
        .annotate(cases=Sum("count"))
    ):
        cases[(row["consultation__date"], row["complaint_id"])] = row["cases"]
    signals = list(
        Signal.objects.select_for_update().filter(Q(state=SignalState.OPEN) | Q(last_date__gte=start), post=post)
    )
    open_signals = {signal.threshold_id: signal for signal in signals if signal.state == SignalState.OPEN}
    # A day a signal already covered (open or closed since) never raises another one when it is recalculated.
    covered = defaultdict(list)
    for signal in signals:
        covered[signal.threshold_id].append((signal.first_date, signal.last_date))
    displaced = post.displaced_population()
    fired = []
    for day in sorted(day for day in reported if on <= day):
        for threshold in thresholds:
            previous = [
                cases[(day - timedelta(days=back), threshold.complaint_id)]
                if day - timedelta(days=back) in reported
                else None
                for back in range(1, threshold.window_days + 1)
            ]
            figures = threshold_check(
                threshold, cases=cases[(day, threshold.complaint_id)], displaced=displaced, previous=previous
            )
            if figures is None:
                continue
            if any(first <= day <= last for first, last in covered[threshold.pk]):
                continue
            signal = open_signals.get(threshold.pk)
            if signal is not None:
                if day > signal.last_date:
                    signal.days += 1
                    signal.last_date = day
                    signal.save(update_fields=["days", "last_date", "updated_at"])
                    covered[threshold.pk].append((day, day))
                continue
            signal = _raise(threshold=threshold, post=post, on=day, figures=figures, actor=actor)
            if signal is not None:
                open_signals[threshold.pk] = signal
                fired.append(signal)
    return fired


@transaction.atomic
def signal_close(*, user, signal: Signal, note: str = "") -> Signal:
    """Close a signal once the situation is handled; the same rule firing later raises a new one."""
    require_perm(user, Perm.HEALTH_RECORD)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    check_health_scope(user, kabkota_code=signal.kabkota_id, field="note")
    if signal.state == SignalState.CLOSED:
        raise ValidationError({"state": _("This signal is already closed.")})
    signal.state = SignalState.CLOSED
    signal.closed_at = timezone.now()
    signal.closed_by = user
    signal.close_note = note[:255]
    signal.save()
    health_post_totals_refresh(post_id=signal.post_id)
    audit_record(
        actor=user, action=AuditAction.CHANGE, instance=signal, kabkota_code=signal.kabkota_id, fields=["state"]
    )
    return signal
