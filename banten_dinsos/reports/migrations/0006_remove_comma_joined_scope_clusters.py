from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_copy_report_scope_clusters")]

    operations = [
        migrations.RemoveField(model_name="generatedreport", name="scope_clusters"),
        migrations.AlterField(
            model_name="reportscopecluster",
            name="report",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="scope_clusters", to="reports.generatedreport"
            ),
        ),
    ]
