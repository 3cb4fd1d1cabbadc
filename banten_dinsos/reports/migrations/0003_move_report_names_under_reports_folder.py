"""Generated files used to be stored by a storage rooted at PRIVATE_FILES_ROOT/reports; the one private storage is
rooted at PRIVATE_FILES_ROOT, so the names of existing files gain the "reports/" folder (the files stay where they
are)."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat


def forwards(apps, schema_editor):
    GeneratedReport = apps.get_model("reports", "GeneratedReport")
    GeneratedReport.objects.exclude(file="").exclude(file__startswith="reports/").update(
        file=Concat(Value("reports/"), F("file"))
    )


def backwards(apps, schema_editor):
    from django.db.models.functions import Substr

    GeneratedReport = apps.get_model("reports", "GeneratedReport")
    GeneratedReport.objects.filter(file__startswith="reports/").update(file=Substr("file", len("reports/") + 1))


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_report_files_under_reports_folder")]

    operations = [migrations.RunPython(forwards, backwards)]
