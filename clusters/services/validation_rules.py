"""Validation rules: kept by provincial staff as reference data, evaluated when a field report is submitted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Max
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update

from ..models import IMPACT_FIELDS, FieldReport, ReportState, RuleSeverity, ValidationRule
from ..rule_expressions import parse_rule, rule_calls, rule_holds

RULE_FIELDS = ("code", "name", "expression", "message", "severity", "is_active")
# States whose figures the province or the kabupaten/kota stood behind: what prev() and the kab/kota range read.
APPROVED_STATES = (ReportState.APPROVED, ReportState.VERIFIED, ReportState.SUPERSEDED)

# The rules a new deployment starts from (the province adopts them from the rules page, then edits them).
DEFAULT_RULES = (
    {
        "code": "terdampak-kk",
        "name": "KK terdampak tidak melebihi jiwa terdampak",
        "expression": "affected_families <= affected_people",
        "message": "Jumlah KK terdampak melebihi jumlah jiwa terdampak.",
        "severity": RuleSeverity.HARD,
    },
    {
        "code": "rumah-terendam-rincian",
        "name": "Rincian korban jiwa tidak melebihi terdampak",
        "expression": "dead + missing + injured <= affected_people",
        "message": "Meninggal, hilang dan luka-luka bersama melebihi jumlah jiwa terdampak.",
        "severity": RuleSeverity.HARD,
    },
    {
        "code": "pengungsi-melonjak",
        "name": "Pengungsi lebih dari 3× laporan sebelumnya",
        "expression": "displaced <= 3 * prev(displaced)",
        "message": "Jumlah pengungsi lebih dari tiga kali laporan yang disetujui sebelumnya untuk wilayah ini.",
        "severity": RuleSeverity.SOFT,
    },
    {
        "code": "meninggal-tanpa-luka",
        "name": "Ada korban meninggal tanpa luka-luka atau hilang",
        "expression": "not (dead > 0 and injured == 0 and missing == 0)",
        "message": "Ada korban meninggal tetapi tidak ada korban luka-luka atau hilang.",
        "severity": RuleSeverity.SOFT,
    },
    {
        "code": "pengungsi-di-luar-rentang",
        "name": "Pengungsi jauh di atas rentang kabupaten/kota",
        "expression": "displaced <= 10 * kabkota_max(displaced)",
        "message": "Jumlah pengungsi lebih dari sepuluh kali angka tertinggi kabupaten/kota ini untuk bencana ini.",
        "severity": RuleSeverity.SOFT,
    },
)


def _save(*, user, rule: ValidationRule, action: str, fields) -> ValidationRule:
    rule.updated_by = user
    rule.full_clean()
    rule.save()
    audit_record(actor=user, action=action, instance=rule, fields=list(fields))
    return rule


@transaction.atomic
def validation_rule_create(*, user, **data) -> ValidationRule:
    """A new rule; an expression outside the rules' language is refused with where it goes wrong."""
    require_perm(user, Perm.VALIDATION_RULE_MANAGE)
    unknown = set(data) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rule fields: {sorted(unknown)}")
    return _save(user=user, rule=ValidationRule(**data), action=AuditAction.CREATE, fields=data)


@transaction.atomic
def validation_rule_update(*, user, rule: ValidationRule, data: dict) -> ValidationRule:
    require_perm(user, Perm.VALIDATION_RULE_MANAGE)
    current = ValidationRule.objects.select_for_update().get(pk=rule.pk)
    changed = model_update(instance=current, data=data, fields=RULE_FIELDS)
    if not changed:
        return current
    return _save(user=user, rule=current, action=AuditAction.CHANGE, fields=changed)


@transaction.atomic
def validation_rules_load_defaults(*, user) -> int:
    """Add the default rules that are not there yet (by code); the province's edits of existing ones stay."""
    require_perm(user, Perm.VALIDATION_RULE_MANAGE)
    existing = set(ValidationRule.objects.values_list("code", flat=True))
    added = 0
    for data in DEFAULT_RULES:
        if data["code"] not in existing:
            _save(user=user, rule=ValidationRule(**data), action=AuditAction.CREATE, fields=data)
            added += 1
    return added


def _lookups(report: FieldReport, calls: set[tuple[str, str]]) -> dict:
    """The values of ``prev()``, ``kabkota_max()`` and ``kabkota_avg()`` the rules ask for: one query each kind."""
    values = {}
    if not calls:
        return values
    approved = FieldReport.objects.filter(disaster_id=report.disaster_id, state__in=APPROVED_STATES).exclude(
        pk=report.pk
    )
    previous_fields = sorted({field for function, field in calls if function == "prev"})
    if previous_fields:
        previous = (
            approved.filter(area_id=report.area_id, observed_at__lte=report.observed_at)
            .order_by("-observed_at", "-id")
            .values(*previous_fields)
            .first()
        )
        for field in previous_fields:
            values[("prev", field)] = previous[field] if previous else None
    ranged = sorted({field for function, field in calls if function != "prev"})
    if ranged:
        aggregates = {}
        for field in ranged:
            aggregates[f"max_{field}"] = Max(field)
            aggregates[f"avg_{field}"] = Avg(field)
        found = approved.filter(kabkota_id=report.kabkota_id).aggregate(**aggregates)
        for field in ranged:
            values[("kabkota_max", field)] = found[f"max_{field}"]
            values[("kabkota_avg", field)] = found[f"avg_{field}"]
    return values


def rules_evaluate(report: FieldReport) -> tuple[list[dict], list[dict]]:
    """``(hard, soft)``: the active rules the report breaks, each ``{"rule", "message", "expression"}``."""
    rules = [(rule, parse_rule(rule.expression)) for rule in ValidationRule.objects.filter(is_active=True)]
    calls = set()
    for _rule, tree in rules:
        calls |= rule_calls(tree)
    lookups = _lookups(report, calls)
    figures = {name: getattr(report, name) for name in IMPACT_FIELDS}
    hard, soft = [], []
    for rule, tree in rules:
        if rule_holds(tree, figures=figures, lookups=lookups) is False:
            found = {"rule": rule.code, "name": rule.name, "message": rule.message}
            (hard if rule.severity == RuleSeverity.HARD else soft).append(found)
    return hard, soft


def rules_check_on_submit(report: FieldReport, *, comment: str) -> list[dict]:
    """Refuse a report that breaks a hard rule; one that breaks a soft rule needs the reporter's comment.
    Returns the soft warnings to keep with the report."""
    hard, soft = rules_evaluate(report)
    if hard:
        raise ValidationError({"rules": [item["message"] for item in hard]})
    if soft and not (comment or "").strip():
        raise ValidationError(
            {
                "warning_comment": [
                    _("Check these figures and explain them in a comment before sending: %(warnings)s")
                    % {"warnings": " ".join(item["message"] for item in soft)}
                ]
            }
        )
    return soft
