"""The health section of the situation report (``SITUATION_REPORT_SECTIONS`` in the settings): each health post's
consultations, referrals, deaths, groups served and open outbreak signals, as far as the reader may see."""

from django.db.models import Sum
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm

from .models import ConsultationCount
from .selectors import consultation_list, health_post_list


def health_posts_section(*, disaster, viewer) -> dict | None:
    """One row per health post of ``disaster``, with its main complaint (three queries whatever the number of posts)."""
    if not has_perm(viewer, Perm.HEALTH_VIEW):
        return None
    posts = list(health_post_list(user=viewer, filters={"disaster": disaster.pk}).order_by("kabkota_id", "name"))
    if not posts:
        return None
    outcomes = {
        row["post_id"]: row
        for row in consultation_list(user=viewer, filters={"disaster": disaster.pk})
        .order_by()
        .values("post_id")
        .annotate(
            deaths=Sum("deaths"), pregnant=Sum("pregnant_women"), infants=Sum("infants"), disabled=Sum("disabled")
        )
    }
    main = {}
    for row in (
        ConsultationCount.objects.filter(consultation__post__in=[post.pk for post in posts])
        .values("consultation__post_id", "complaint__name")
        .annotate(cases=Sum("count"))
        .order_by("consultation__post_id", "-cases", "complaint__name")
    ):
        main.setdefault(row["consultation__post_id"], f"{row['complaint__name']} ({row['cases']})")
    rows = []
    for post in posts:
        figures = outcomes.get(post.pk, {})
        rows.append(
            [
                post.name,
                post.kabkota.name,
                post.organisation_name,
                post.consultations_total,
                main.get(post.pk, "—"),
                post.referrals_total,
                figures.get("deaths") or 0,
                figures.get("pregnant") or 0,
                figures.get("infants") or 0,
                figures.get("disabled") or 0,
                post.signals_open,
                post.last_reported_on or "—",
            ]
        )
    return {
        "title": _("Health posts"),
        "columns": [
            _("Health post"),
            _("Kabupaten/kota"),
            _("Run by"),
            _("Consultations"),
            _("Main complaint"),
            _("Referred to hospital"),
            _("Deaths"),
            _("Pregnant women"),
            _("Infants"),
            _("With disabilities"),
            _("Open outbreak signals"),
            _("Last day reported"),
        ],
        "rows": rows,
    }
