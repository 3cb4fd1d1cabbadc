"""Demo data: a few hundred synthetic clients over the 8 kab/kota, with valid NIKs, loaded idempotently."""

import pytest
from django.db.models import Count

from banten_dinsos.core.nik import nik_errors
from pmks_registry.models import Client, ClientPmksType, Panti
from pmks_registry.services import pmks_seed_demo

pytestmark = pytest.mark.django_db


def test_demo_clients_are_spread_valid_and_idempotent(pmks_types):
    from banten_dinsos.agencies.services import agencies_load_reference

    agencies_load_reference()
    first = pmks_seed_demo()
    assert first["created"] == first["total"] == 320
    per_kabkota = dict(Client.objects.values_list("kabkota_id").annotate(n=Count("id")))
    assert len(per_kabkota) == 8 and set(per_kabkota.values()) == {40}
    for client in Client.objects.all():
        assert nik_errors(client.nik, sex=client.sex, birth_date=client.birth_date) == [], client.pk
        assert client.desa_id.startswith(client.kabkota_id)
    links = ClientPmksType.objects.count()
    second = pmks_seed_demo()
    assert second == {"created": 0, "total": 320}
    assert ClientPmksType.objects.count() == links and Panti.objects.count() == 3
