"""The comma-joined cluster codes of each report's scope become one row per cluster."""

from django.db import migrations


def forwards(apps, schema_editor):
    GeneratedReport = apps.get_model("reports", "GeneratedReport")
    ReportScopeCluster = apps.get_model("reports", "ReportScopeCluster")
    rows = [
        ReportScopeCluster(report_id=pk, cluster_code=code)
        for pk, joined in GeneratedReport.objects.exclude(scope_clusters="").values_list("pk", "scope_clusters")
        for code in sorted({code for code in joined.split(",") if code})
    ]
    ReportScopeCluster.objects.bulk_create(rows, batch_size=1000)


def backwards(apps, schema_editor):
    GeneratedReport = apps.get_model("reports", "GeneratedReport")
    ReportScopeCluster = apps.get_model("reports", "ReportScopeCluster")
    codes: dict[int, list[str]] = {}
    for report_id, code in ReportScopeCluster.objects.order_by("cluster_code").values_list("report_id", "cluster_code"):
        codes.setdefault(report_id, []).append(code)
    for report_id, report_codes in codes.items():
        GeneratedReport.objects.filter(pk=report_id).update(scope_clusters=",".join(report_codes))


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_report_scope_cluster_rows")]

    operations = [migrations.RunPython(forwards, backwards)]
