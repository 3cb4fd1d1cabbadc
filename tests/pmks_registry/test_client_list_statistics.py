"""The client list's prefix filters (kecamatan/desa code, name) rely on the planner estimating their share of the
clients well: the columns carry finer statistics than PostgreSQL's default (migration 0009)."""

import pytest
from django.db import connection

from pmks_registry.models import Client

pytestmark = pytest.mark.django_db


def test_prefix_filtered_columns_keep_a_thousand_histogram_buckets():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstattarget FROM pg_attribute WHERE attrelid = %s::regclass AND attname IN %s",
            [Client._meta.db_table, ("desa_id", "name_key", "status")],
        )
        targets = dict(cursor.fetchall())
    # 1,000 buckets for the two prefix filters; other columns keep the default (-1 before PostgreSQL 17, NULL after).
    assert targets["desa_id"] == targets["name_key"] == 1000
    assert targets["status"] in (-1, None)
