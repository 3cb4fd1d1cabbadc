from django.db import transaction

from ..models import PmksType

# (number, code, name, provincial authority). Names in the regulation's wording; codes are identifiers and keep
# their first spelling. Which 20 types are the province's is not published
# (DOMAIN.md): these flags are first values only; the loader never overwrites a flag edited in the admin.
PMKS_TYPES = [
    (1, "anak-balita-telantar", "Anak Balita Terlantar", True),
    (2, "anak-telantar", "Anak Terlantar", True),
    (3, "anak-berhadapan-dengan-hukum", "Anak yang Berhadapan dengan Hukum", True),
    (4, "anak-jalanan", "Anak Jalanan", True),
    (5, "anak-dengan-kedisabilitasan", "Anak dengan Kedisabilitasan", True),
    (6, "anak-korban-tindak-kekerasan", "Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah", True),
    (7, "anak-memerlukan-perlindungan-khusus", "Anak yang Memerlukan Perlindungan Khusus", True),
    (8, "lanjut-usia-telantar", "Lanjut Usia Terlantar", True),
    (9, "penyandang-disabilitas", "Penyandang Disabilitas", True),
    (10, "tuna-susila", "Tuna Susila", True),
    (11, "gelandangan", "Gelandangan", True),
    (12, "pengemis", "Pengemis", True),
    (13, "pemulung", "Pemulung", False),
    (14, "kelompok-minoritas", "Kelompok Minoritas", False),
    (15, "bwblp", "Bekas Warga Binaan Lembaga Pemasyarakatan (BWBLP)", True),
    (16, "odha", "Orang dengan HIV/AIDS (ODHA)", True),
    (17, "korban-napza", "Korban Penyalahgunaan NAPZA", True),
    (18, "korban-trafficking", "Korban Trafficking", True),
    (19, "korban-tindak-kekerasan", "Korban Tindak Kekerasan", True),
    (20, "pekerja-migran-bermasalah-sosial", "Pekerja Migran Bermasalah Sosial", True),
    (21, "korban-bencana-alam", "Korban Bencana Alam", True),
    (22, "korban-bencana-sosial", "Korban Bencana Sosial", True),
    (23, "perempuan-rawan-sosial-ekonomi", "Perempuan Rawan Sosial Ekonomi", False),
    (24, "fakir-miskin", "Fakir Miskin", False),
    (25, "keluarga-bermasalah-sosial-psikologis", "Keluarga Bermasalah Sosial Psikologis", False),
    (26, "komunitas-adat-terpencil", "Komunitas Adat Terpencil", False),
]
KORBAN_BENCANA_ALAM = 21


@transaction.atomic
def pmks_types_load_reference(**_ignored) -> dict:
    """The 26 PMKS/PPKS types of Permensos 8/2012; names and codes are refreshed, edited flags are kept."""
    created = 0
    for number, code, name, provincial in PMKS_TYPES:
        _type, was_created = PmksType.objects.update_or_create(
            number=number,
            defaults={"code": code, "name": name},
            create_defaults={"code": code, "name": name, "provincial_authority": provincial},
        )
        created += was_created
    return {"created": created, "total": PmksType.objects.count()}
