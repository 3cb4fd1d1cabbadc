"""The kept PMKS counts and possible duplicates: equal to a live GROUP BY after any sequence of writes, rebuilt by a
command, and read by the statistics, the dashboard tile and the duplicates page with a constant number of queries."""

import datetime
import io
import random

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from banten_dinsos.core.nik import nik_generate
from banten_dinsos.regions.models import Region
from pmks_registry.models import CLIENT_ROW, Client, ClientCount, ClientStatus, DuplicateCandidate, PmksType
from pmks_registry.selectors import client_duplicates, pmks_statistics, pmks_tile
from pmks_registry.services import (
    client_create,
    client_merge,
    client_status_change,
    client_update,
    client_upsert,
    import_job_create,
    import_job_run,
)
from pmks_registry.services.counts import counts_live, counts_maintained, counts_rebuild

from .conftest import make_client

pytestmark = pytest.mark.django_db

DESAS = ["36.02.14.1007", "36.02.13.2007", "36.73.02.1001", "36.01.01.2001"]
NAMES = ["Siti Aminah", "Budi Santoso", "Nur Halimah"]  # few names and birth dates: duplicates happen
BIRTHS = [datetime.date(1983, 9, 5), datetime.date(1970, 1, 2)]


def _assert_kept_equals_live(step=""):
    live_cells, live_pairs = counts_live()
    kept_cells, kept_pairs = counts_maintained()
    assert kept_cells == live_cells, step
    assert kept_pairs == live_pairs, step


class Sequence:
    """Random writes through the services and the import, as the portal makes them."""

    def __init__(self, staf, seed):
        self.staf = staf
        self.rng = random.Random(seed)
        self.serial = 1000
        self.desas = {region.code: region for region in Region.objects.filter(code__in=DESAS)}

    def _person(self):
        self.serial += 1
        sex = self.rng.choice("LP")
        born = self.rng.choice(BIRTHS)
        desa = self.rng.choice(list(self.desas))
        nik = nik_generate(region_prefix=desa.replace(".", "")[:6], sex=sex, birth_date=born, serial=self.serial)
        return nik, sex, born, desa

    def _types(self):
        return PmksType.objects.filter(number__in=self.rng.sample([1, 2, 9, 21, 24], self.rng.randint(1, 3)))

    def create(self):
        nik, sex, born, desa = self._person()
        client_create(
            user=self.staf,
            nik=nik,
            name=self.rng.choice(NAMES),
            sex=sex,
            birth_date=born,
            desa=self.desas[desa],
            types=self._types(),
            source="asesmen",
        )

    def _some_client(self):
        ids = list(Client.objects.values_list("pk", flat=True))
        return Client.objects.get(pk=self.rng.choice(ids)) if ids else None

    def edit(self):
        client = self._some_client()
        if client is None:
            return
        data = {"desa": self.desas[self.rng.choice(list(self.desas))], "name": self.rng.choice(NAMES)}
        types = self._types() if self.rng.random() < 0.5 else None
        client_update(user=self.staf, client=client, data=data, types=types)

    def upsert(self):
        client = self._some_client()
        if client is None:
            return
        client_upsert(
            user=self.staf,
            nik=client.nik,
            name=client.name,
            sex=client.sex,
            birth_date=client.birth_date,
            desa=self.desas[self.rng.choice(list(self.desas))],
            types=self._types(),
            source="rujukan",
        )

    def status(self):
        client = self._some_client()
        if client is None:
            return
        new = self.rng.choice([s for s in ClientStatus.values if s != client.status])
        client_status_change(
            user=self.staf, client=client, status=new, changed_on=datetime.date(2026, 1, 5), reason="uji"
        )

    def merge(self):
        ids = list(Client.objects.values_list("pk", flat=True))
        if len(ids) < 2:
            return
        keep, gone = self.rng.sample(ids, 2)
        if Client.objects.get(pk=gone).placements.exists():
            return
        client_merge(
            user=self.staf, keep=Client.objects.get(pk=keep), merge=Client.objects.get(pk=gone), reason="dobel"
        )

    def import_file(self):
        """New people, and existing ones moved to another desa (often another kab/kota), renamed, given types."""
        lines = ["nik;no_kk;nama;jenis_kelamin;tanggal_lahir;kode_wilayah;jenis_pmks"]
        existing = list(Client.objects.values_list("nik", "sex", "birth_date", "name"))
        for nik, sex, born, name in self.rng.sample(existing, min(len(existing), 4)):
            desa = self.rng.choice(list(self.desas))
            new_name = self.rng.choice([name, *NAMES])
            numbers = ",".join(str(n) for n in self.rng.sample([1, 9, 21], 2))
            lines.append(f'{nik};;{new_name};{sex};{born:%d/%m/%Y};{desa};"{numbers}"')
        for _index in range(self.rng.randint(1, 5)):
            nik, sex, born, desa = self._person()
            lines.append(f"{nik};;{self.rng.choice(NAMES)};{sex};{born:%d/%m/%Y};{desa};9")
        content = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
        job = import_job_create(user=self.staf, uploaded_file=SimpleUploadedFile("acak.csv", content), source="dtks")
        job = import_job_run(job_id=job.pk)
        assert job.status == "selesai", job.message


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_counts_equal_a_live_group_by_after_a_random_sequence_of_writes(staf, pmks_types, seed):
    sequence = Sequence(staf, seed)
    steps = [sequence.create] * 4 + [sequence.edit] * 3 + [sequence.upsert, sequence.status, sequence.status]
    steps += [sequence.merge, sequence.import_file, sequence.import_file]
    for _index in range(6):
        sequence.create()
    _assert_kept_equals_live("start")
    for number in range(30):
        step = sequence.rng.choice(steps)
        step()
        _assert_kept_equals_live(f"step {number}: {step.__name__}")
    assert Client.objects.count() > 6
    assert DuplicateCandidate.objects.exists()  # three names and two birth dates: pairs repeat


def test_rebuild_command_restores_counts_that_drifted(staf, pmks_types):
    make_client(name="Siti Aminah")
    make_client(name="Siti Aminah", types=(9, 21))
    make_client("36.73.02.1001", name="Budi Santoso", sex="L", status=ClientStatus.TERMINATED)
    _assert_kept_equals_live()
    ClientCount.objects.filter(pmks_type=CLIENT_ROW).update(n=999)
    DuplicateCandidate.objects.all().delete()
    with pytest.raises(SystemExit):
        call_command("pmks_counts_rebuild", "--check", stderr=io.StringIO())
    out = io.StringIO()
    call_command("pmks_counts_rebuild", stdout=out)
    assert "3 clients" in out.getvalue()
    _assert_kept_equals_live()
    call_command("pmks_counts_rebuild", "--check", stdout=io.StringIO())
    assert counts_rebuild()["duplicates"] == 1  # two Siti Aminah born the same day in Lebak: one row


def test_statistics_and_tile_read_the_kept_counts_in_constant_queries(
    staf, petugas_lebak, pmks_types, django_assert_num_queries
):
    for _index in range(3):
        make_client(types=(9, 21))
    make_client("36.73.02.1001", types=(9,), status=ClientStatus.DECEASED)
    cache.clear()
    # Statistics: kab/kota list, types, the PMKS data version (the cache key), links by type × kab/kota, clients by
    # status × month: 5 queries, whatever the number of clients.
    with django_assert_num_queries(5):
        stats = pmks_statistics(user=staf)
    assert stats["total_clients"] == 4
    # Then, until the next PMKS write, the two GROUP BYs come from the cache.
    with django_assert_num_queries(3):
        assert pmks_statistics(user=staf) == stats
    lebak = [r.code for r in stats["kabkotas"]].index("36.02")
    row9 = next(row for row in stats["matrix"] if row["type"].number == 9)
    assert row9["counts"][lebak] == 3 and row9["total"] == 4
    assert {code: n for code, _label, n in stats["by_status"]}["meninggal"] == 1
    assert sum(n for _month, n in stats["per_month"]) == 4
    # Tile: one query.
    with django_assert_num_queries(1):
        tile = pmks_tile(user=staf)
    assert tile["total"] == 4 and {r["code"]: r["count"] for r in tile["by_status"]}["aktif"] == 3
    assert pmks_tile(user=petugas_lebak)["total"] == 3  # scoped: Lebak only
    assert pmks_tile(user=staf, kabkota="36.73")["total"] == 1
    assert pmks_statistics(user=petugas_lebak)["total_clients"] == 3


def test_cached_statistics_follow_every_write_and_a_rebuild(staf, petugas_lebak, pmks_types):
    """The statistics' cache is keyed on the PMKS data version: a client written through a service and a counts
    rebuild show at once; each scope and kab/kota keeps its own figures."""
    sequence = Sequence(staf, seed=7)
    cache.clear()
    sequence.create()
    first = pmks_statistics(user=staf)["total_clients"]
    sequence.create()
    assert pmks_statistics(user=staf)["total_clients"] == first + 1 == Client.objects.count()
    lebak = Client.objects.filter(kabkota_id="36.02").count()
    assert pmks_statistics(user=petugas_lebak)["total_clients"] == lebak
    assert pmks_statistics(user=staf, filters={"kabkota": "36.02"})["total_clients"] == lebak
    make_client()  # written behind the services' back: nothing audited, so the cached figures stay
    assert pmks_statistics(user=staf)["total_clients"] == 2
    counts_rebuild()  # raises the version itself
    assert pmks_statistics(user=staf)["total_clients"] == 3


def test_duplicates_page_reads_the_candidates_within_scope(staf, petugas_lebak, pmks_types):
    make_client(name="Siti Aminah")
    make_client(name="siti  aminah")
    make_client("36.73.02.1001", name="Siti Aminah")
    make_client(name="Nur Halimah")
    groups = client_duplicates(user=staf)
    assert [len(g["clients"]) for g in groups] == [3]
    # The officer sees the two of Lebak, not the one of Kota Serang.
    assert [len(g["clients"]) for g in client_duplicates(user=petugas_lebak)] == [2]
    DuplicateCandidate.objects.all().delete()
    assert client_duplicates(user=staf) == []  # read from the kept table, not from a GROUP BY
