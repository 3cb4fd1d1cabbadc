"""Types 1, 2, 3, 6 and 8 take the wording of Permensos 8/2012: "Terlantar", "Anak yang ..." (data only).

Codes (slugs) stay as they were: they are identifiers that imports and other systems already hold.
"""

from django.db import migrations

NAMES = {
    # number: (old wording, the regulation's wording)
    1: ("Anak Balita Telantar", "Anak Balita Terlantar"),
    2: ("Anak Telantar", "Anak Terlantar"),
    3: ("Anak Berhadapan dengan Hukum", "Anak yang Berhadapan dengan Hukum"),
    6: ("Anak Korban Tindak Kekerasan", "Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah"),
    8: ("Lanjut Usia Telantar", "Lanjut Usia Terlantar"),
}


def _rename(apps, *, forward: bool):
    PmksType = apps.get_model("pmks_registry", "PmksType")
    for number, (old, new) in NAMES.items():
        source, target = (old, new) if forward else (new, old)
        # Only the wording this project shipped: a name an administrator wrote differently is theirs.
        PmksType.objects.filter(number=number, name=source).update(name=target)


def use_regulation_names(apps, schema_editor):
    _rename(apps, forward=True)


def restore_previous_names(apps, schema_editor):
    _rename(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("pmks_registry", "0003_client_fewer_indexes_and_link_checks")]

    operations = [migrations.RunPython(use_regulation_names, restore_previous_names)]
