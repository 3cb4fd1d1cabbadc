from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.hooks import pmks_disaster_victim_register
from banten_dinsos.core.nik import nik_check_person, nik_clean
from banten_dinsos.regions.models import Region

from ..models import Evacuee, EvacueeMovement, EvacueeStatus, MovementKind, Shelter, ShelterStatus
from .registry import SHELTER_CLUSTERS

# What an officer records about a person besides name, sex and NIK (the form and the API use the same list).
PROFILE_FIELDS = (
    "no_kk",
    "birth_date",
    "origin_desa",
    "phone",
    "is_pregnant",
    "is_nursing",
    "has_disability",
    "is_chronically_ill",
    "is_unaccompanied_child",
)


def _check_open_shelter(*, user, shelter: Shelter, field: str = "shelter") -> None:
    if shelter.status != ShelterStatus.OPEN:
        raise ValidationError({field: _("This shelter is not open; people can only be checked in to an open shelter.")})
    if not scope_allows(user, kabkota_code=shelter.kabkota_id, clusters=SHELTER_CLUSTERS):
        raise ValidationError({field: _("This shelter is outside your kabupaten/kota.")})


def _check_identity(*, nik: str | None, no_kk: str, sex: str, birth_date: date | None) -> str | None:
    errors = {}
    if nik:
        try:
            nik = nik_clean(nik)
        except ValidationError as error:
            errors["nik"] = error.messages
        else:
            errors.update(nik_check_person(nik, sex=sex, birth_date=birth_date))
    if no_kk and (not no_kk.isdigit() or len(no_kk) != 16):
        errors["no_kk"] = _("The family card number (No. KK) must be exactly 16 digits.")
    if birth_date and birth_date > timezone.localdate():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return nik or None


@transaction.atomic
def evacuee_register(
    *,
    user,
    shelter: Shelter,
    full_name: str,
    sex: str,
    nik: str | None = None,
    at: datetime | None = None,
    **profile,
) -> Evacuee:
    """Register a person and check them in to an open shelter in the user's area."""
    require_perm(user, Perm.EVACUEE_CHANGE)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown evacuee fields: {sorted(unknown)}")
    _check_open_shelter(user=user, shelter=shelter)
    nik = _check_identity(nik=nik, no_kk=profile.get("no_kk", ""), sex=sex, birth_date=profile.get("birth_date"))
    if nik and Evacuee.objects.filter(nik=nik).exists():
        raise ValidationError({"nik": _("A person with this NIK is already registered; search for them instead.")})
    origin = profile.get("origin_desa")
    if origin is not None and not isinstance(origin, Region):
        raise TypeError("origin_desa must be a Region")
    evacuee = Evacuee(
        full_name=full_name.strip(),
        sex=sex,
        nik=nik,
        shelter=shelter,
        kabkota_id=shelter.kabkota_id,
        status=EvacueeStatus.CHECKED_IN,
        registered_by=user,
        **profile,
    )
    evacuee.full_clean()
    try:
        with transaction.atomic():
            evacuee.save()
    except IntegrityError as exc:
        raise ValidationError({"nik": _("A person with this NIK is already registered.")}) from exc
    EvacueeMovement.objects.create(
        evacuee=evacuee, kind=MovementKind.CHECK_IN, to_shelter=shelter, at=at or timezone.now(), recorded_by=user
    )
    audit_record(actor=user, action=AuditAction.CREATE, instance=evacuee, kabkota_code=evacuee.kabkota_id)
    return evacuee


def _locked(evacuee: Evacuee) -> Evacuee:
    return Evacuee.objects.select_for_update(of=("self",)).select_related("shelter").get(pk=evacuee.pk)


def _check_time(*, evacuee: Evacuee, at: datetime) -> None:
    if at > timezone.now() + timedelta(minutes=10):
        raise ValidationError({"at": _("The time cannot be in the future.")})
    last = evacuee.movements.order_by("-at").first()
    if last is not None and at < last.at:
        raise ValidationError({"at": _("The time cannot be before their previous check-in or transfer.")})


@transaction.atomic
def evacuee_transfer(
    *, user, evacuee: Evacuee, to_shelter: Shelter, at: datetime | None = None, note: str = ""
) -> Evacuee:
    """Move a sheltered person to another open shelter; the history keeps both."""
    require_perm(user, Perm.EVACUEE_CHANGE)
    evacuee = _locked(evacuee)
    if evacuee.status != EvacueeStatus.CHECKED_IN:
        raise ValidationError({"to_shelter": _("This person has checked out; check them in again instead.")})
    if to_shelter.pk == evacuee.shelter_id:
        raise ValidationError({"to_shelter": _("This person is already in that shelter.")})
    _check_open_shelter(user=user, shelter=to_shelter, field="to_shelter")
    at = at or timezone.now()
    _check_time(evacuee=evacuee, at=at)
    EvacueeMovement.objects.create(
        evacuee=evacuee,
        kind=MovementKind.TRANSFER,
        from_shelter=evacuee.shelter,
        to_shelter=to_shelter,
        at=at,
        note=note,
        recorded_by=user,
    )
    evacuee.shelter, evacuee.kabkota_id = to_shelter, to_shelter.kabkota_id
    evacuee.save(update_fields=["shelter", "kabkota", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=evacuee,
        kabkota_code=evacuee.kabkota_id,
        fields=["shelter"],
        note="transfer",
    )
    return evacuee


@transaction.atomic
def evacuee_check_out(*, user, evacuee: Evacuee, at: datetime | None = None, note: str = "") -> Evacuee:
    """Record that a person left the shelter (home, family, hospital ...)."""
    require_perm(user, Perm.EVACUEE_CHANGE)
    evacuee = _locked(evacuee)
    if evacuee.status != EvacueeStatus.CHECKED_IN:
        raise ValidationError({"status": _("This person has already checked out.")})
    at = at or timezone.now()
    _check_time(evacuee=evacuee, at=at)
    EvacueeMovement.objects.create(
        evacuee=evacuee,
        kind=MovementKind.CHECK_OUT,
        from_shelter=evacuee.shelter,
        at=at,
        note=note,
        recorded_by=user,
    )
    evacuee.status = EvacueeStatus.CHECKED_OUT
    evacuee.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=evacuee,
        kabkota_code=evacuee.kabkota_id,
        fields=["status"],
        note="check-out",
    )
    return evacuee


@transaction.atomic
def evacuee_check_in(*, user, evacuee: Evacuee, shelter: Shelter, at: datetime | None = None) -> Evacuee:
    """Check a person who had left back in to an open shelter."""
    require_perm(user, Perm.EVACUEE_CHANGE)
    evacuee = _locked(evacuee)
    if evacuee.status == EvacueeStatus.CHECKED_IN:
        raise ValidationError({"shelter": _("This person is already in a shelter; use a transfer.")})
    _check_open_shelter(user=user, shelter=shelter)
    at = at or timezone.now()
    _check_time(evacuee=evacuee, at=at)
    EvacueeMovement.objects.create(
        evacuee=evacuee, kind=MovementKind.CHECK_IN, to_shelter=shelter, at=at, recorded_by=user
    )
    evacuee.shelter, evacuee.kabkota_id, evacuee.status = shelter, shelter.kabkota_id, EvacueeStatus.CHECKED_IN
    evacuee.save(update_fields=["shelter", "kabkota", "status", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=evacuee,
        kabkota_code=evacuee.kabkota_id,
        fields=["shelter", "status"],
        note="check-in",
    )
    return evacuee


def evacuee_detail_viewed(*, user, evacuee: Evacuee) -> None:
    """Personal data was shown: write it to the audit trail (who, which record; never the data)."""
    audit_record(actor=user, action=AuditAction.VIEW, instance=evacuee, kabkota_code=evacuee.kabkota_id)


@transaction.atomic
def evacuee_register_as_pmks_client(*, user, evacuee: Evacuee):
    """One action: the evacuee becomes (or is updated as) a PMKS client of type 21 Korban Bencana Alam.

    The client's address is the evacuee's home desa, or the shelter's when the home is unknown.
    Returns (client, created).
    """
    missing = {}
    if not evacuee.nik:
        missing["nik"] = _("Enter the evacuee's NIK first: the PMKS registry keeps one client per NIK.")
    if not evacuee.birth_date:
        missing["birth_date"] = _("Enter the evacuee's birth date first: the PMKS registry needs it.")
    if missing:
        raise ValidationError(missing)
    desa = evacuee.origin_desa or (evacuee.shelter.desa if evacuee.shelter_id else None)
    return pmks_disaster_victim_register(
        user=user,
        nik=evacuee.nik,
        name=evacuee.full_name,
        sex=evacuee.sex,
        birth_date=evacuee.birth_date,
        desa=desa,
        no_kk=evacuee.no_kk,
    )
