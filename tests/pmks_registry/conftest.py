"""Fixtures of the PMKS registry tests: the 26 types, synthetic clients with valid NIKs, a private file folder."""

import datetime
import itertools

import pytest

from banten_dinsos.core.nik import nik_generate
from pmks_registry.models import Client, ClientPmksType, ClientStatus, DataSource, Panti
from pmks_registry.services import name_key_of, pmks_types_load_reference
from pmks_registry.services.counts import counts_kept

_serials = itertools.count(1)

DESA_LEBAK = "36.02.14.1007"  # Muara Ciujung Barat, Kabupaten Lebak
DESA_KOTA_SERANG = "36.73.02.1001"  # Kasemen, Kota Serang


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded imports and error reports go to a temporary folder, never into the project tree."""
    settings.PRIVATE_FILES_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture
def pmks_types(reference_data):
    pmks_types_load_reference()


def make_client(
    desa_code=DESA_LEBAK,
    *,
    name="Siti Aminah",
    sex="P",
    birth_date=datetime.date(1983, 9, 5),
    types=(9,),
    status=ClientStatus.ACTIVE,
    no_kk="",
    nik=None,
) -> Client:
    """A client written straight to the database (bypassing services), with a NIK that fits sex and birth date; the
    kept counts are updated the way the services do it."""
    prefix = desa_code.replace(".", "")[:6]
    nik = nik or nik_generate(region_prefix=prefix, sex=sex, birth_date=birth_date, serial=next(_serials))
    with counts_kept() as counted:
        client = _insert_client(desa_code, nik, no_kk, name, sex, birth_date, status, types)
        counted.added(client.pk)
    return client


def _insert_client(desa_code, nik, no_kk, name, sex, birth_date, status, types) -> Client:
    client = Client.objects.create(
        nik=nik,
        no_kk=no_kk,
        name=name,
        name_key=name_key_of(name),
        sex=sex,
        birth_date=birth_date,
        desa_id=desa_code,
        kabkota_id=desa_code[:5],
        status=status,
        source=DataSource.DTKS,
    )
    ClientPmksType.objects.bulk_create([ClientPmksType(client=client, pmks_type_id=n) for n in types])
    return client


@pytest.fixture
def client_lebak(pmks_types):
    return make_client(DESA_LEBAK, name="Siti Aminah", no_kk="3602140101100001")


@pytest.fixture
def client_kota_serang(pmks_types):
    return make_client(DESA_KOTA_SERANG, name="Budi Santoso", sex="L", birth_date=datetime.date(1970, 1, 2), types=(8,))


@pytest.fixture
def panti_kota_serang(reference_data):
    return Panti.objects.create(name="Panti Uji Kasemen", desa_id=DESA_KOTA_SERANG, kabkota_id="36.73", capacity=2)
