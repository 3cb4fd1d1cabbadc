"""Validation rules: their small language (parsed, never eval'd), every default rule with its message, hard rules
refusing a report, soft rules asking for a comment that the approver then sees, and invalid expressions refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banten_dinsos.audit.models import AuditLog
from clusters.models import FieldReport, ReportState, RuleSeverity, ValidationRule
from clusters.rule_expressions import RuleSyntaxError, parse_rule, rule_holds
from clusters.services import (
    field_report_approve,
    field_report_update,
    validation_rule_create,
    validation_rule_update,
    validation_rules_load_defaults,
)

from ..conftest import PERIUK, at

pytestmark = pytest.mark.django_db


def holds(expression, lookups=None, **figures):
    return rule_holds(parse_rule(expression), figures=figures, lookups=lookups or {})


# ---------------------------------------------------------------------------------------------------------------
# The language
# ---------------------------------------------------------------------------------------------------------------
def test_comparisons_arithmetic_and_logic_follow_the_usual_precedence():
    assert holds("displaced <= affected_people", displaced=20, affected_people=100) is True
    assert holds("displaced <= affected_people", displaced=200, affected_people=100) is False
    assert holds("dead + missing * 2 == 7", dead=1, missing=3) is True
    assert holds("(dead + missing) * 2 == 8", dead=1, missing=3) is True
    assert holds("not (dead > 0 and injured == 0 and missing == 0)", dead=2, injured=0, missing=0) is False
    assert holds("not (dead > 0 and injured == 0 and missing == 0)", dead=2, injured=1, missing=0) is True
    assert holds("dead == 0 or injured > 0", dead=1, injured=0) is False
    assert holds("displaced / affected_people < 0.5", displaced=40, affected_people=100) is True
    assert holds("-dead < 1", dead=0) is True


def test_a_blank_figure_a_missing_previous_report_or_a_division_by_zero_make_the_rule_not_apply():
    assert holds("displaced <= affected_people", displaced=None, affected_people=100) is None
    assert holds("displaced <= 3 * prev(displaced)", {("prev", "displaced"): None}, displaced=500) is None
    assert holds("displaced <= 3 * prev(displaced)", {("prev", "displaced"): 100}, displaced=500) is False
    assert holds("displaced / affected_people < 1", displaced=5, affected_people=0) is None


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("", "Ekspresi kosong."),
        ("displaced <=", "Ekspresi berakhir terlalu cepat."),
        ("displaced <= pengungsi", "Angka laporan atau fungsi tidak dikenal"),
        ("displaced + 1", "Aturan harus berupa perbandingan, misalnya “displaced <= affected_people”."),
        ("(dead > 1) + 2 > 3", "Perbandingan tidak dapat dipakai sebagai angka."),
        ("dead < 1 < 2", "Tulis dua perbandingan yang digabung dengan “and”"),
        ("__import__('os').system('x') == 0", "Karakter “'” tidak dikenal pada posisi 12."),
        ("__import__ == 0", "Angka laporan atau fungsi tidak dikenal; yang dikenal: dead, missing"),
        ("dead; 1", "Karakter “;” tidak dikenal pada posisi 5."),
        ("prev(pengungsi) > 1", "prev() menerima satu angka laporan"),
        ("(dead > 1", "Diharapkan “)” di akhir ekspresi."),
        ("dead > 1 dead", "Kata tidak terduga pada posisi 10 (“dead”)."),
        ("x" * 501, "Ekspresi lebih panjang dari 500 karakter."),
        ("(" * 40 + "dead" + ")" * 40 + " > 0", "Ekspresi bersarang terlalu dalam."),
    ],
)
def test_an_invalid_expression_says_what_and_where_in_indonesian(expression, message):
    with pytest.raises(RuleSyntaxError) as refused:
        parse_rule(expression)
    assert message in str(refused.value)


def test_creating_a_rule_with_an_invalid_expression_is_refused_and_saves_nothing(staf):
    before = (ValidationRule.objects.count(), AuditLog.objects.count())
    with pytest.raises(ValidationError) as refused:
        validation_rule_create(
            user=staf,
            code="rusak",
            name="Rusak",
            expression="displaced <== affected_people",
            message="x",
            severity=RuleSeverity.HARD,
        )
    assert list(refused.value.message_dict) == ["expression"]
    assert refused.value.message_dict["expression"] == ["Karakter “=” tidak dikenal pada posisi 13."]
    assert (ValidationRule.objects.count(), AuditLog.objects.count()) == before


def test_only_provincial_staff_keep_the_rules(petugas_kota_tangerang, staf, hard_rule):
    with pytest.raises(PermissionDenied):
        validation_rule_update(user=petugas_kota_tangerang, rule=hard_rule, data={"is_active": False})
    changed = validation_rule_update(user=staf, rule=hard_rule, data={"is_active": False})
    assert changed.is_active is False and changed.updated_by == staf
    assert AuditLog.objects.filter(object_id=str(hard_rule.pk), model="clusters.validationrule").count() == 2


def test_loading_the_default_rules_twice_adds_them_once_and_keeps_the_provinces_edits(staf):
    assert validation_rules_load_defaults(user=staf) == 5
    rule = ValidationRule.objects.get(code="pengungsi-melonjak")
    validation_rule_update(user=staf, rule=rule, data={"expression": "displaced <= 4 * prev(displaced)"})
    assert validation_rules_load_defaults(user=staf) == 0
    rule.refresh_from_db()
    assert rule.expression == "displaced <= 4 * prev(displaced)"


# ---------------------------------------------------------------------------------------------------------------
# Every default rule, with its message, on submit
# ---------------------------------------------------------------------------------------------------------------
def _refusal(submitted, **figures):
    with pytest.raises(ValidationError) as refused:
        submitted(**figures)
    return refused.value.message_dict


def test_hard_rule_families_within_people_refuses_with_its_message(submitted, default_rules):
    # The database constraint stops the same figures at create; the rule is what a submit of such figures says.
    rule = ValidationRule.objects.get(code="terdampak-kk")
    assert rule.severity == RuleSeverity.HARD
    tree = parse_rule(rule.expression)
    assert rule_holds(tree, figures={"affected_families": 50, "affected_people": 40}, lookups={}) is False
    assert rule.message == "Jumlah KK terdampak melebihi jumlah jiwa terdampak."


def test_hard_rule_casualties_within_affected_refuses_the_report(submitted, default_rules):
    errors = _refusal(submitted, affected_people=10, affected_families=3, displaced=5, dead=4, missing=4, injured=4)
    assert errors == {"rules": ["Meninggal, hilang dan luka-luka bersama melebihi jumlah jiwa terdampak."]}
    assert not FieldReport.objects.filter(state=ReportState.SUBMITTED).exists(), "nothing half-saved"
    assert FieldReport.objects.get().state == ReportState.DRAFT


def test_soft_rule_deaths_without_injured_or_missing_asks_for_a_comment(submitted, default_rules):
    errors = _refusal(submitted, dead=2, injured=0, missing=0)
    assert errors == {
        "warning_comment": [
            "Periksa angka berikut dan jelaskan dalam komentar sebelum mengirim: "
            "Ada korban meninggal tetapi tidak ada korban luka-luka atau hilang."
        ]
    }
    report = submitted(dead=2, injured=0, missing=0, comment="Dua warga tertimbun, tidak ada yang luka.")
    assert report.state == ReportState.SUBMITTED
    assert report.rule_warnings == [
        {
            "rule": "meninggal-tanpa-luka",
            "name": "Ada korban meninggal tanpa luka-luka atau hilang",
            "message": "Ada korban meninggal tetapi tidak ada korban luka-luka atau hilang.",
        }
    ]
    assert report.warning_comment == "Dua warga tertimbun, tidak ada yang luka."


def test_soft_rule_displaced_tripled_since_the_last_approved_report(
    submitted, default_rules, koordinator_kota_tangerang
):
    field_report_approve(user=koordinator_kota_tangerang, report=submitted(observed=at(18, 8), displaced=30))
    errors = _refusal(submitted, observed=at(19, 8), displaced=91, affected_people=500)
    assert errors["warning_comment"][0].endswith(
        "Jumlah pengungsi lebih dari tiga kali laporan yang disetujui sebelumnya untuk wilayah ini."
    )
    assert submitted(observed=at(19, 9), displaced=90, affected_people=500).state == ReportState.SUBMITTED


def test_soft_rule_far_outside_the_kabkota_range(submitted, default_rules, koordinator_kota_tangerang):
    field_report_approve(user=koordinator_kota_tangerang, report=submitted(observed=at(18, 8), displaced=40))
    errors = _refusal(submitted, area="36.71.07", observed=at(18, 9), displaced=401, affected_people=1000)
    assert errors["warning_comment"][0].endswith(
        "Jumlah pengungsi lebih dari sepuluh kali angka tertinggi kabupaten/kota ini untuk bencana ini."
    )


def test_a_custom_hard_rule_refuses_and_the_report_can_be_fixed(
    submitted, hard_rule, petugas_kota_tangerang, two_level_flood
):
    errors = _refusal(submitted, houses_submerged=50)
    assert errors == {"rules": ["Rumah terendam melebihi jumlah KK terdampak."]}
    draft = FieldReport.objects.get()
    fixed = field_report_update(user=petugas_kota_tangerang, report=draft, data={"houses_submerged": 30})
    from clusters.services import field_report_submit

    assert field_report_submit(user=petugas_kota_tangerang, report=fixed).state == ReportState.SUBMITTED


def test_an_inactive_rule_is_not_checked(submitted, hard_rule, staf):
    validation_rule_update(user=staf, rule=hard_rule, data={"is_active": False})
    assert submitted(houses_submerged=50).state == ReportState.SUBMITTED


def test_rules_are_evaluated_in_a_fixed_number_of_queries(submitted, default_rules, django_assert_num_queries):
    from clusters.services.validation_rules import rules_evaluate

    report = submitted(dead=1, injured=1)
    # Rules (1), the previous approved report of the area (1), the kab/kota's max and average (1).
    with django_assert_num_queries(3):
        hard, soft = rules_evaluate(report)
    assert (hard, soft) == ([], [])
    assert report.area_id == PERIUK
