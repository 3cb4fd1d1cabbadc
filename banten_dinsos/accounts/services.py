from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from banten_dinsos.agencies.models import Agency
from banten_dinsos.regions.models import Region, RegionLevel

from .models import ApiToken, User
from .roles import Role
from .tokens import api_token_create, api_tokens_revoke_all


def kabkota_slug(region: Region) -> str:
    """'Kabupaten Lebak' -> 'lebak', 'Kota Serang' -> 'kota-serang' (kabupaten are the default, kota say so)."""
    return slugify(region.name.removeprefix("Kabupaten "))


@transaction.atomic
def user_upsert(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    kabkota: Region | None = None,
    agency: Agency | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create the user or bring it back to the given role, region and password."""
    user, _created = User.objects.get_or_create(username=username, defaults={"role": role, "kabkota": kabkota})
    user.role, user.kabkota, user.agency = role, kabkota, agency
    user.first_name = first_name
    user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
@transaction.atomic
def user_token_regenerate(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Replace the user's API tokens by a new one (returned with its key, shown once); the old ones stop working."""
    api_tokens_revoke_all(user=user)
    return api_token_create(user=user, name=name)


def users_seed_demo(**_ignored) -> dict:
    """Demo accounts: admin, staf.provinsi, one petugas.<kabupaten/kota> per kabupaten/kota, a partner API client."""
    password = settings.DEMO_PASSWORD
    dinsos = Agency.objects.filter(code="dinsos-banten").first()
    user_upsert(
        username="admin",
        password=password,
        role=Role.STAF_PROVINSI,
        first_name="Admin Portal",
        agency=dinsos,
        is_staff=True,
        is_superuser=True,
    )
    user_upsert(
        username="staf.provinsi",
        password=password,
        role=Role.STAF_PROVINSI,
        first_name="Staf Dinsos Provinsi",
        agency=dinsos,
        is_staff=True,
    )
    user_upsert(
        username="api.mitra",
        password=password,
        role=Role.API_CLIENT,
        first_name="Sistem Mitra (contoh)",
        agency=Agency.objects.filter(code="pmi-banten").first(),
    )
    logins = ["admin", "staf.provinsi", "api.mitra"]
    for region in Region.objects.filter(level=RegionLevel.KABKOTA):
        username = f"petugas.{kabkota_slug(region)}"
        user_upsert(
            username=username,
            password=password,
            role=Role.PETUGAS_KABKOTA,
            first_name=f"Petugas {region.name}",
            kabkota=region,
            agency=Agency.objects.filter(code=f"dinsos-{region.code.replace('.', '')}").first(),
        )
        logins.append(username)
        # The first approval level of the kabupaten/kota's field reports (head of the Dinsos kab/kota or a delegate).
        username = f"koordinator.{kabkota_slug(region)}"
        user_upsert(
            username=username,
            password=password,
            role=Role.KOORDINATOR_KABKOTA,
            first_name=f"Koordinator {region.name}",
            kabkota=region,
            agency=Agency.objects.filter(code=f"dinsos-{region.code.replace('.', '')}").first(),
        )
        logins.append(username)
    shown = "DEMO_PASSWORD" if password != "demo-banten" else password
    return {"logins": ", ".join(logins), "password": shown}
