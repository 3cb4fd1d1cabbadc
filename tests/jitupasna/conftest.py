"""Fixtures for the Jitupasna of the January 2026 Tangerang Raya floods: the flood and its officers (from the
clusters tests), the Jitupasna reference data, a draft assessment, and users of responsible agencies."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region
from jitupasna.models import Sector, SubSector
from jitupasna.services import assessment_create, jitupasna_load_reference

from ..clusters.conftest import (  # noqa: F401 - fixtures shared with the clusters tests
    KAB_TANGERANG,
    KOTA_TANGERANG,
    PERIUK,
    PONDOK_AREN,
    TANGSEL,
    flood,
    lebak_landslide,
    petugas_kota_tangerang,
    petugas_tangsel,
    report_of,
)
from ..factories import UserFactory

WIB = ZoneInfo("Asia/Jakarta")
LEBAK = "36.02"


def wib(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def sub_sector(code: str) -> SubSector:
    return SubSector.objects.select_related("sector").get(code=code)


def sector(code: str) -> Sector:
    return Sector.objects.get(code=code)


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def rp(value) -> Decimal:
    return Decimal(str(value))


@pytest.fixture
def jitupasna_reference(reference_data):
    """Sectors, sub-sectors and damage class factors (loaded again if an earlier state left them out)."""
    jitupasna_load_reference()


@pytest.fixture
def assessment(staf, flood, jitupasna_reference):  # noqa: F811 - the flood fixture imported above
    """A draft Jitupasna of the flood with a 10 % build-back-better uplift."""
    return assessment_create(user=staf, disaster=flood, bbb_uplift_percent=Decimal("10"))


@pytest.fixture
def perkim_user(jitupasna_reference):
    """A user of Disperkim, the agency responsible for Perumahan and Prasarana Lingkungan."""
    return UserFactory(username="staf.disperkim", role=Role.KOORDINATOR_KLASTER, agency=agency("disperkim-banten"))


@pytest.fixture
def pupr_user(jitupasna_reference):
    """A user of Dinas PUPR, responsible for Transportasi, Air Minum dan Sanitasi, Sumber Daya Air."""
    return UserFactory(username="staf.pupr", role=Role.KOORDINATOR_KLASTER, agency=agency("dpupr-banten"))


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Generated documents go to a temporary folder, never into var/."""
    settings.PRIVATE_FILES_ROOT = str(tmp_path / "private")
    return tmp_path / "private"
