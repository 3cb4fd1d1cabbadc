"""The Jitupasna document as an XLSX workbook and a PDF, built in the background from ``assessment_figures`` (the
same figures the page and API show) and stored with a SHA-256 checksum."""

import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.downloads import download_filename
from banten_dinsos.core.queueing import enqueue_on_commit

from ..models import Assessment, AssessmentOutput, EntrySource, OutputFormat, format_number
from ..pdf import render_assessment_pdf
from ..selectors import AMOUNT_KEYS, AssessmentFigures, assessment_document_figures, can_see_whole_document
from ..xlsx import render_assessment_workbook

RENDERERS = {OutputFormat.XLSX: render_assessment_workbook, OutputFormat.PDF: render_assessment_pdf}


def _units(value: Decimal | None):
    """Whole units as integers, so 12.00 houses read as 12."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def amount_labels() -> dict[str, str]:
    return {
        "damage": _("Damage"),
        "loss": _("Loss"),
        "reconstruction": _("Reconstruction (build back better)"),
        "loss_recovery": _("Recovery of losses"),
        "access": _("Access"),
        "function": _("Function"),
        "risk": _("Risk reduction"),
        "needs": _("Needs"),
    }


def document_content(figures: AssessmentFigures) -> dict:
    """Everything the XLSX and PDF show, as plain data in the active language; amounts stay ``Decimal``."""
    assessment = figures.assessment
    disaster = assessment.disaster
    names = [name for _code, name in figures.kabkota]
    summary_rows, sector_totals, sectors = [], [], []
    for sector in figures.sectors:
        for name, cell in zip(names, sector.cells, strict=True):
            summary_rows.append({"sector": sector.name, "kabkota": name, **cell.as_dict()})
        sector_totals.append({"sector": sector.name, **sector.total.as_dict()})
        uplift = {entry.kabkota_id: entry.uplift_used for entry in sector.needs_entries}
        needs_text = {entry.kabkota_id: entry.description for entry in sector.needs_entries}
        sectors.append(
            {
                "name": sector.name,
                "damage": [
                    [
                        entry.sub_sector.name,
                        entry.kabkota.name,
                        entry.kecamatan.name if entry.kecamatan_id else "",
                        entry.asset_kind,
                        entry.unit_label,
                        _units(entry.total_stock),
                        _units(entry.units_heavy),
                        _units(entry.units_moderate),
                        _units(entry.units_light),
                        entry.unit_cost,
                        entry.damage,
                        _("pre-filled") if entry.source == EntrySource.PREFILL else "",
                    ]
                    for entry in sector.damage_entries
                ],
                "loss": [
                    [
                        entry.sub_sector.name,
                        entry.kabkota.name,
                        entry.kecamatan.name if entry.kecamatan_id else "",
                        entry.description,
                        entry.lost_income,
                        entry.extra_costs,
                        entry.recovery_months,
                        entry.total,
                    ]
                    for entry in sector.loss_entries
                ],
                "needs": [
                    {
                        "kabkota": name,
                        "uplift": uplift.get(code, assessment.bbb_uplift_percent),
                        "description": needs_text.get(code, ""),
                        **cell.as_dict(),
                    }
                    for (code, name), cell in zip(figures.kabkota, sector.cells, strict=True)
                ],
                "sub_sectors": [
                    {"name": row.name, "agency": row.agency, "damage": row.damage, "loss": row.loss}
                    for row in sector.sub_sectors
                ],
                "total": sector.total.as_dict(),
            }
        )
    return {
        "title": assessment.title,
        "disaster": disaster.title,
        "disaster_type": str(disaster.disaster_type),
        "started_on": formats.date_format(disaster.started_on, "j F Y"),
        "status": str(assessment.get_status_display()),
        "is_final": assessment.is_final,
        "finalised_on": formats.date_format(timezone.localtime(assessment.finalised_at), "j F Y")
        if assessment.finalised_at
        else "",
        "factors": [[label, format_number(factor)] for _code, label, factor in figures.factors],
        "factors_source": assessment.factors_source,
        "uplift": format_number(assessment.bbb_uplift_percent),
        "kabkota": names,
        "labels": amount_labels(),
        "amount_keys": list(AMOUNT_KEYS),
        "summary_rows": summary_rows,
        "sector_totals": sector_totals,
        "kabkota_totals": [
            {"kabkota": name, **cell.as_dict()} for name, cell in zip(names, figures.kabkota_totals, strict=True)
        ],
        "total": figures.total.as_dict(),
        "sectors": sectors,
        "footer": _(
            "Jitupasna (post-disaster needs assessment, Perka BNPB 15/2011). Amounts in rupiah. Dinas Sosial "
            "Provinsi Banten disaster coordination portal."
        ),
    }


def _fingerprint(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def output_filename(assessment: Assessment, fmt: str) -> str:
    """The stored file's name: one file per assessment and format, replaced when the figures change."""
    return f"jitupasna-{assessment.pk}.{fmt}"


def output_download_name(output: AssessmentOutput) -> str:
    """What the download is called: 'jitupasna-jitupasna-banjir-tangerang-raya-2026-12-03.pdf' (the day built)."""
    return download_filename("jitupasna", output.assessment.title, output.built_at, output.format)


@transaction.atomic
def assessment_output_request(
    *, user, assessment: Assessment, formats: Iterable[str] = tuple(OutputFormat.values)
) -> list[AssessmentOutput]:
    """Ask for the XLSX and/or PDF to be (re)built in the background; the page shows them as pending until then."""
    from ..tasks import assessment_output_build_task

    if not can_see_whole_document(user=user):
        raise PermissionDenied(_("The Jitupasna document covers every kabupaten/kota; ask provincial staff for it."))
    outputs = []
    now = timezone.now()
    for fmt in formats:
        output, _created = AssessmentOutput.objects.get_or_create(assessment=assessment, format=fmt)
        output.requested_at = now
        output.requested_by = user
        output.save(update_fields=["requested_at", "requested_by"])
        outputs.append(output)
        # A broker outage leaves the output pending, it never fails the request.
        enqueue_on_commit(assessment_output_build_task, assessment.pk, fmt)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        instance=assessment,
        note=f"jitupasna document requested: {', '.join(formats)}",
    )
    return outputs


@transaction.atomic
def assessment_output_build(*, assessment_id: int, fmt: str) -> AssessmentOutput | None:
    """Build and store one document with its SHA-256. Safe to run twice: unchanged figures whose file is in place
    are not rebuilt, and a rebuild of the same figures gives the same bytes under the same name."""
    assessment = (
        Assessment.objects.select_related("disaster__disaster_type", "finalised_by").filter(pk=assessment_id).first()
    )
    if assessment is None or fmt not in OutputFormat.values:
        return None
    output, _created = AssessmentOutput.objects.get_or_create(assessment=assessment, format=fmt)
    output = AssessmentOutput.objects.select_for_update().get(pk=output.pk)
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        content = document_content(assessment_document_figures(assessment=assessment))
        fingerprint = _fingerprint(content)
        storage = output.file.storage
        unchanged = output.file and output.source == fingerprint and storage.exists(output.file.name)
        if not unchanged:
            # "Dicetak pada" names when these figures were first printed, so a rebuild of the same figures (a lost
            # file) gives the same bytes; changed figures are printed now.
            printed_at = output.built_at if output.source == fingerprint and output.built_at else now
            data = RENDERERS[fmt]({**content, "printed_at": printed_at})
            name = f"jitupasna/{output_filename(assessment, fmt)}"
            if storage.exists(name):
                storage.delete(name)
            output.file.save(output_filename(assessment, fmt), ContentFile(data), save=False)
            output.sha256 = hashlib.sha256(data).hexdigest()
            output.source = fingerprint
    output.built_at = now
    output.save(update_fields=["file", "sha256", "source", "built_at"])
    return output
