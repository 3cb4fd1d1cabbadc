"""Shelters (posko), evacuees and psychosocial support (LDP), pages and API."""

from datetime import date, timedelta

from django.utils import timezone

from shelters.models import LdpPost, LdpReferral, LdpSession, ShelterStatus
from shelters.services import evacuee_register

from ..factories import ShelterFactory
from .spec import row
from .world import DESA_KOTA_SERANG, DESA_LEBAK

BUILD_ORDER = 30
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/shelters/ (test_shelters, test_occupancy, test_evacuees, test_ldp, test_permissions)"


def build(w):
    opened = timezone.localdate() - timedelta(days=2)
    w.shelter = ShelterFactory(
        desa_code=DESA_LEBAK,
        name="Posko Matriks Muara Ciujung",
        status=ShelterStatus.OPEN,
        opened_on=opened,
        latitude="-6.35",
        longitude="106.25",
    )
    w.shelter_other = ShelterFactory(
        desa_code=DESA_KOTA_SERANG, name="Posko Matriks Kasemen", status=ShelterStatus.OPEN, opened_on=opened
    )
    w.shelter.disasters.add(w.disaster)
    w.evacuee = evacuee_register(
        user=w.petugas_in,
        shelter=w.shelter,
        full_name="Ujang Matriks",
        sex="L",
        nik="3602141705900001",
        birth_date=date(1990, 5, 17),
    )
    w.ldp_post = LdpPost.objects.create(
        name="Pos LDP Matriks Muara", kind="tetap", desa_id=DESA_LEBAK, kabkota_id=DESA_LEBAK[:5]
    )
    w.ldp_session = LdpSession.objects.create(
        shelter=w.shelter, kabkota_id="36.02", held_on=timezone.localdate(), kind="pfa", provider="tagana"
    )
    w.ldp_referral = LdpReferral.objects.create(session=w.ldp_session, referred_to="Puskesmas Matriks")


ROWS = [
    row("shelters:list", text=lambda w: w.shelter.name, GET="login 200 200 200x 200 200"),  # posko/
    row("shelters:map", text=lambda w: w.shelter.name, GET="login 200 200 200x 200 200"),  # posko/peta/
    row(
        "shelters:create", covered_by=COVERED, GET="login 403 200. 200. 403 200.", POST="login 403 200. 200. 403 200."
    ),  # posko/baru/
    row(
        "shelters:detail",
        kw=lambda w: {"pk": w.shelter.pk},
        text=lambda w: w.shelter.name,
        GET="login 200 200 404 200 200",
    ),  # posko/<int:pk>/
    row(
        "shelters:edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.shelter.pk},
        text=lambda w: w.shelter.name,
        GET="login 403 200 404 200 200",
        POST="login 403 200 404 200 200",
    ),  # posko/<int:pk>/ubah/
    row(
        "shelters:occupancy-create",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.shelter.pk},
        text=lambda w: w.shelter.name,
        GET="login 403 200 404 200 200",
        POST="login 403 200 404 200 200",
    ),  # posko/<int:pk>/jumlah/
    row(
        "shelters:ldp-create",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.shelter.pk},
        text=lambda w: w.shelter.name,
        GET="login 403 200 404 200 200",
        POST="login 403 200 404 200 200",
    ),  # posko/<int:pk>/ldp/
    row(
        "shelters:evacuee-list", text=lambda w: w.evacuee.full_name, GET="login 403 200 200x 200 200"
    ),  # posko/pengungsi/
    row(
        "shelters:evacuee-nik-search", covered_by=COVERED, GET="login - - - - 405", POST="login 403 200. 200. 200. 200."
    ),  # posko/pengungsi/cari-nik/
    row(
        "shelters:evacuee-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # posko/pengungsi/baru/
    row(
        "shelters:evacuee-detail",
        kw=lambda w: {"pk": w.evacuee.pk},
        text=lambda w: w.evacuee.full_name,
        GET="login 403 200 404 200 200",
    ),  # posko/pengungsi/<int:pk>/
    row(
        "shelters:evacuee-move",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.evacuee.pk},
        text=lambda w: w.evacuee.full_name,
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # posko/pengungsi/<int:pk>/pindah/
    row(
        "shelters:evacuee-to-pmks",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.evacuee.pk},
        text=lambda w: w.evacuee.full_name,
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # posko/pengungsi/<int:pk>/pmks/
    row(
        "api-shelter-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.shelter.name,
        GET="403 200 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/shelters/
    row(
        "api-shelter-map", api=True, text=lambda w: w.shelter.name, GET="403 200 200 200x 200 200"
    ),  # api/v1/shelters/map/
    row(
        "api-shelter-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.shelter.pk},
        text=lambda w: w.shelter.name,
        GET="403 200 200 404 200 200",
        PATCH="403 428 428 404 428 428",
    ),  # api/v1/shelters/<int:pk>/
    row(
        "api-shelter-occupancy",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.shelter.pk},
        GET="403 200. 200. 404 200. 200.",
        POST="403 400 400 404 400 400",
    ),  # api/v1/shelters/<int:pk>/occupancy/
    row(
        "api-evacuee-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.evacuee.full_name,
        GET="403 403 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/evacuees/
    row("api-evacuee-search", covered_by=COVERED, api=True, POST="403 400 400 400 400 400"),  # api/v1/evacuees/search/
    row(
        "api-evacuee-detail",
        api=True,
        kw=lambda w: {"pk": w.evacuee.pk},
        text=lambda w: w.evacuee.full_name,
        GET="403 403 200 404 200 200",
    ),  # api/v1/evacuees/<int:pk>/
    row(
        "api-evacuee-move",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.evacuee.pk},
        POST="403 403 400 404 400 400",
    ),  # api/v1/evacuees/<int:pk>/moves/
    row(
        "api-ldp-post-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.ldp_post.name,
        GET="403 200 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/ldp/posts/
    row(
        "api-ldp-session-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: f'"id":{w.ldp_session.pk},',
        GET="403 200 200 200x 200 200",
        POST="403 400 400 400 400 400",
    ),  # api/v1/ldp/sessions/
    row(
        "api-ldp-referral-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.ldp_referral.pk},
        PATCH="403 400 400 404 400 400",
    ),  # api/v1/ldp/referrals/<int:pk>/
]
