import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_move_report_names_under_reports_folder")]

    operations = [
        migrations.CreateModel(
            name="ReportScopeCluster",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("cluster_code", models.CharField(max_length=40, verbose_name="cluster")),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scope_clusters_rows",
                        to="reports.generatedreport",
                    ),
                ),
            ],
            options={"verbose_name": "report scope cluster", "verbose_name_plural": "report scope clusters"},
        ),
        migrations.AddConstraint(
            model_name="reportscopecluster",
            constraint=models.UniqueConstraint(fields=("report", "cluster_code"), name="report_scope_cluster_uniq"),
        ),
    ]
