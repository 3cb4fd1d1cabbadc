"""Fill the kept counts and possible duplicates from the clients already registered (kept from then on)."""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import TruncMonth


def fill(apps, schema_editor):
    Client = apps.get_model("pmks_registry", "Client")
    ClientPmksType = apps.get_model("pmks_registry", "ClientPmksType")
    ClientCount = apps.get_model("pmks_registry", "ClientCount")
    DuplicateCandidate = apps.get_model("pmks_registry", "DuplicateCandidate")

    def as_date(value):
        return value.date() if hasattr(value, "date") else value

    clients = (
        Client.objects.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values_list("kabkota_id", "status", "month")
        .annotate(n=Count("id"))
    )
    rows = [ClientCount(kabkota=kab, pmks_type=0, status=s, month=as_date(m), n=n) for kab, s, m, n in clients]
    links = (
        ClientPmksType.objects.order_by()
        .annotate(month=TruncMonth("client__created_at"))
        .values_list("client__kabkota_id", "pmks_type_id", "client__status", "month")
        .annotate(n=Count("id"))
    )
    rows += [ClientCount(kabkota=kab, pmks_type=t, status=s, month=as_date(m), n=n) for kab, t, s, m, n in links]
    ClientCount.objects.bulk_create(rows, batch_size=5000)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DuplicateCandidate._meta.db_table} (name_key, birth_date, kabkota, n) "
            "SELECT name_key, birth_date, kabkota_id, n FROM ("
            "SELECT name_key, birth_date, kabkota_id, count(*) AS n, "
            "sum(count(*)) OVER (PARTITION BY name_key, birth_date) AS total "
            f"FROM {Client._meta.db_table} GROUP BY name_key, birth_date, kabkota_id) per_kab WHERE total > 1"
        )


def empty(apps, schema_editor):
    apps.get_model("pmks_registry", "ClientCount").objects.all().delete()
    apps.get_model("pmks_registry", "DuplicateCandidate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pmks_registry", "0006_kept_counts_and_duplicate_candidates")]

    operations = [migrations.RunPython(fill, empty)]
