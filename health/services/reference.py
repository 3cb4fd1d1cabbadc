from decimal import Decimal

from django.db import transaction

from ..models import Complaint, Threshold, ThresholdRule

# (code, name, psychosocial): the complaints health posts count every day. Suspected notifiable diseases are
# separate complaints so that any single case can raise a signal.
COMPLAINTS = [
    ("ispa", "ISPA (infeksi saluran pernapasan akut)", False),
    ("diare", "Diare", False),
    ("penyakit-kulit", "Penyakit kulit", False),
    ("hipertensi", "Hipertensi", False),
    ("demam", "Demam", False),
    ("luka-trauma", "Luka/trauma", False),
    ("gangguan-jiwa", "Gangguan jiwa/psikososial", True),
    ("suspek-campak", "Suspek campak", False),
    ("suspek-kolera", "Suspek kolera", False),
    ("suspek-leptospirosis", "Suspek leptospirosis", False),
    ("lainnya", "Lainnya", False),
]

# (code, name, complaint, rule, value, window days, minimum cases). Values are a good-faith reading of outbreak
# early-warning practice after floods and must be confirmed by Dinas Kesehatan: they are edited in the admin.
THRESHOLDS = [
    ("diare-rate", "Diare di atas 10 per 1.000 pengungsi per hari", "diare", ThresholdRule.RATE, "10", 3, 5),
    (
        "diare-double",
        "Diare lebih dari dua kali rata-rata 3 hari sebelumnya",
        "diare",
        ThresholdRule.MULTIPLE_OF_MEAN,
        "2",
        3,
        5,
    ),
    ("campak-any", "Setiap kasus suspek campak", "suspek-campak", ThresholdRule.ANY_CASE, "1", 3, 1),
    ("kolera-any", "Setiap kasus suspek kolera", "suspek-kolera", ThresholdRule.ANY_CASE, "1", 3, 1),
    (
        "leptospirosis-any",
        "Setiap kasus suspek leptospirosis",
        "suspek-leptospirosis",
        ThresholdRule.ANY_CASE,
        "1",
        3,
        1,
    ),
]


@transaction.atomic
def health_load_reference(**_ignored) -> dict:
    """The complaint list and the early-warning thresholds; entries edited in the admin are kept as they are."""
    created = 0
    for position, (code, name, psychosocial) in enumerate(COMPLAINTS, start=1):
        _complaint, was_created = Complaint.objects.get_or_create(
            code=code, defaults={"name": name, "is_psychosocial": psychosocial, "position": position * 10}
        )
        created += was_created
    complaints = {complaint.code: complaint for complaint in Complaint.objects.all()}
    thresholds_created = 0
    for code, name, complaint, rule, value, window, min_cases in THRESHOLDS:
        _threshold, was_created = Threshold.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "complaint": complaints[complaint],
                "rule": rule,
                "value": Decimal(value),
                "window_days": window,
                "min_cases": min_cases,
            },
        )
        thresholds_created += was_created
    return {"complaints_created": created, "thresholds_created": thresholds_created}
