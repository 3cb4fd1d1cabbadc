from django.db import transaction

from ..models import Skill

# The reference list of TAGANA skills (code, name). Editable in the admin; the loader keeps edits to names.
SKILLS = [
    ("psikososial-ldp", "Dukungan psikososial (LDP)"),
    ("dapur-umum", "Dapur umum"),
    ("manajemen-shelter", "Manajemen shelter/pengungsian"),
    ("sar-air", "SAR air"),
    ("logistik", "Logistik"),
    ("assessment", "Kaji cepat (assessment)"),
    ("pertolongan-pertama", "Pertolongan pertama (P3K)"),
    ("evakuasi", "Evakuasi"),
    ("pendataan-korban", "Pendataan korban"),
    ("komunikasi-radio", "Komunikasi radio"),
    ("pemetaan-risiko", "Pemetaan risiko bencana"),
    ("perlindungan-anak", "Perlindungan anak dalam bencana"),
]


@transaction.atomic
def skills_load_reference(**_ignored) -> dict:
    """The skill reference list; idempotent, existing names and order are kept."""
    created = 0
    for position, (code, name) in enumerate(SKILLS, start=1):
        _skill, was_created = Skill.objects.get_or_create(code=code, defaults={"name": name, "position": position})
        created += was_created
    return {"created": created, "total": Skill.objects.count()}
