"""The matrix's world: one user per role, and records in two kabupaten/kota, Lebak (36.02) and Kota Serang (36.73).

The record each row is about lives in Lebak; its twin in Kota Serang is there so lists show what they leave out.
Every ``rows_*.py`` module may define ``build(w)`` adding its app's records to the world (``BUILD_ORDER`` sets the
order: lower first), and ``ROWS``, its part of the table.
"""

import importlib
import pkgutil
from datetime import date
from types import SimpleNamespace

from banten_dinsos.accounts.roles import Role
from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region
from clusters.models import Cluster, DisasterType, EmergencyStatus
from clusters.services import disaster_create

from ..conftest import KOTA_SERANG, LEBAK
from ..factories import UserFactory
from .spec import ANON, API, IN, KABKOTA_KOORD, KOORD, OUT, STAF

DESA_LEBAK = "36.02.14.1007"  # Muara Ciujung Barat, Kabupaten Lebak
DESA_KOTA_SERANG = "36.73.02.1001"  # Kasemen, Kota Serang
KOORDINATOR_CLUSTER = "pengungsian-perlindungan"


def row_modules():
    package = importlib.import_module(__package__)
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if info.name.startswith("rows_"))
    modules = [importlib.import_module(f"{__package__}.{name}") for name in names]
    return sorted(modules, key=lambda module: getattr(module, "BUILD_ORDER", 50))


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def _users(w) -> None:
    w.users = {
        ANON: None,
        API: UserFactory(username="matrix.api", role=Role.API_CLIENT),
        IN: UserFactory(
            username="matrix.petugas-lebak",
            role=Role.PETUGAS_KABKOTA,
            kabkota=region(LEBAK),
            agency=Agency.objects.get(code="dinsos-3602"),
        ),
        OUT: UserFactory(
            username="matrix.petugas-serang",
            role=Role.PETUGAS_KABKOTA,
            kabkota=region(KOTA_SERANG),
            agency=Agency.objects.get(code="dinsos-3673"),
        ),
        KOORD: UserFactory(username="matrix.koordinator", role=Role.KOORDINATOR_KLASTER),
        STAF: UserFactory(username="matrix.staf", role=Role.STAF_PROVINSI),
        KABKOTA_KOORD: UserFactory(
            username="matrix.koordinator-lebak",
            role=Role.KOORDINATOR_KABKOTA,
            kabkota=region(LEBAK),
            agency=Agency.objects.get(code="dinsos-3602"),
        ),
    }
    Cluster.objects.get(code=KOORDINATOR_CLUSTER).coordinators.add(w.users[KOORD])
    w.superuser = UserFactory(username="matrix.admin", role=Role.STAF_PROVINSI, is_staff=True, is_superuser=True)
    w.staf, w.petugas_in, w.petugas_out, w.koordinator = w.users[STAF], w.users[IN], w.users[OUT], w.users[KOORD]


def _disasters(w) -> None:
    flood = DisasterType.objects.get(code="101")
    w.disaster = disaster_create(
        user=w.staf,
        disaster_type=flood,
        title="Banjir Matriks Lebak",
        started_on=date(2026, 1, 17),
        affected_kabkota=[region(LEBAK)],
        status=EmergencyStatus.TANGGAP,
    )
    w.disaster_other = disaster_create(
        user=w.staf,
        disaster_type=flood,
        title="Banjir Matriks Kota Serang",
        started_on=date(2026, 1, 17),
        affected_kabkota=[region(KOTA_SERANG)],
        status=EmergencyStatus.TANGGAP,
    )


def build_world():
    w = SimpleNamespace(lebak=region(LEBAK), kota_serang=region(KOTA_SERANG))
    _users(w)
    _disasters(w)
    for module in row_modules():
        if hasattr(module, "build"):
            module.build(w)
    return w


def all_rows():
    rows = []
    for module in row_modules():
        rows.extend(getattr(module, "ROWS", ()))
    return rows
