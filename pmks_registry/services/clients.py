"""Writes on PMKS clients: registration, upsert by NIK (reused by other apps), changes, status, services, merge."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.agencies.models import Agency
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.nik import nik_errors, no_kk_errors
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region, RegionLevel

from ..models import (
    Client,
    ClientMerge,
    ClientPmksType,
    ClientService,
    ClientStatus,
    ClientStatusChange,
    DataSource,
    Placement,
    PmksType,
    ServiceKind,
)
from .counts import CountsChange, counts_kept
from .reference import KORBAN_BENCANA_ALAM

EDITABLE_FIELDS = ("nik", "no_kk", "name", "sex", "birth_date", "desa", "address", "source", "last_verified_on")
# A client whose case ends this way leaves the panti on the same day.
ENDING_STATUSES = (ClientStatus.TERMINATED, ClientStatus.DECEASED, ClientStatus.MOVED)
FIELD_FOR = {"nik": "nik", "sex": "sex", "birth_date": "birth_date"}


def name_key_of(name: str) -> str:
    """The form names are compared and searched in: upper case, single spaces."""
    return " ".join(name.split()).upper()


def _check_person(client: Client) -> None:
    errors: dict[str, list[str]] = {}
    for field, message in nik_errors(client.nik, sex=client.sex, birth_date=client.birth_date):
        errors.setdefault(field, []).append(message)
    for message in no_kk_errors(client.no_kk):
        errors.setdefault("no_kk", []).append(message)
    if client.birth_date and client.birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(_("The birth date cannot be in the future."))
    if client.last_verified_on and client.last_verified_on > timezone.localdate():
        errors.setdefault("last_verified_on", []).append(_("The verification date cannot be in the future."))
    if errors:
        raise ValidationError(errors)


def _check_location(*, user, desa: Region) -> None:
    if desa.level != RegionLevel.DESA:
        raise ValidationError({"desa": _("Choose a desa/kelurahan, not a higher region.")})
    if not scope_allows(user, kabkota_code=desa.kabkota_code):
        raise ValidationError({"desa": _("This desa/kelurahan is outside your kabupaten/kota.")})


def _check_types(types: list[PmksType]) -> None:
    if not types:
        raise ValidationError({"types": _("Choose at least one PMKS type.")})
    inactive = [str(t.number) for t in types if not t.is_active]
    if inactive:
        raise ValidationError(
            {"types": _("These PMKS types are no longer in use: %(numbers)s.") % {"numbers": ", ".join(inactive)}}
        )


def _add_types(client: Client, types: Iterable[PmksType]) -> list[int]:
    """Link the types the client does not have yet; returns their numbers."""
    have = set(client.type_links.values_list("pmks_type_id", flat=True))
    new = sorted({t.number for t in types} - have)
    ClientPmksType.objects.bulk_create([ClientPmksType(client=client, pmks_type_id=number) for number in new])
    return new


def _in_scope(user, client: Client) -> bool:
    return scope_allows(user, kabkota_code=client.kabkota_id)


@transaction.atomic
def client_create(
    *,
    user,
    nik: str,
    name: str,
    sex: str,
    birth_date: datetime.date,
    desa: Region,
    types: Iterable[PmksType],
    source: str,
    no_kk: str = "",
    address: str = "",
    last_verified_on: datetime.date | None = None,
) -> Client:
    """Register a client living in a desa/kelurahan the user may act in; the NIK must be new."""
    require_perm(user, Perm.PMKS_CHANGE)
    types = list(types)
    _check_location(user=user, desa=desa)
    _check_types(types)
    client = Client(
        nik=nik.strip(),
        no_kk=no_kk.strip(),
        name=" ".join(name.split()),
        name_key=name_key_of(name),
        sex=sex,
        birth_date=birth_date,
        desa=desa,
        kabkota_id=desa.kabkota_code,
        address=address,
        source=source,
        last_verified_on=last_verified_on,
        created_by=user,
    )
    _check_person(client)
    client.full_clean()
    with counts_kept() as counted:
        client.save()
        _add_types(client, types)
        counted.added(client.pk)
    audit_record(actor=user, action=AuditAction.CREATE, instance=client, kabkota_code=client.kabkota_id)
    return client


@transaction.atomic
def client_update(*, user, client: Client, data: dict, types: Iterable[PmksType] | None = None) -> Client:
    """Change a client the user can see; ``types`` (when given) replaces the client's PMKS types."""
    require_perm(user, Perm.PMKS_CHANGE)
    current = Client.objects.select_for_update().get(pk=client.pk)
    if not _in_scope(user, current):
        raise PermissionDenied(_("This client is outside your kabupaten/kota."))
    if "name" in data:
        data = {**data, "name": " ".join(data["name"].split())}
    changed = model_update(instance=current, data=data, fields=EDITABLE_FIELDS)
    if "desa" in changed:
        _check_location(user=user, desa=data["desa"])
    current.name_key = name_key_of(current.name)
    current.kabkota_id = current.desa.kabkota_code
    _check_person(current)
    current.full_clean()
    if types is not None:
        types = list(types)
        _check_types(types)
    with counts_kept(current.pk):
        if types is not None:
            wanted = {t.number for t in types}
            have = set(current.type_links.values_list("pmks_type_id", flat=True))
            if wanted != have:
                current.type_links.exclude(pmks_type_id__in=wanted).delete()
                _add_types(current, types)
                changed.append("types")
        if changed:
            current.save()
    if changed:
        audit_record(
            actor=user,
            action=AuditAction.CHANGE,
            instance=current,
            kabkota_code=current.kabkota_id,
            fields=changed,
        )
    return current


@transaction.atomic
def client_upsert(
    *,
    user,
    nik: str,
    name: str,
    sex: str,
    birth_date: datetime.date,
    desa: Region,
    types: Iterable[PmksType],
    source: str,
    no_kk: str = "",
    address: str = "",
) -> tuple[Client, bool]:
    """Register the person, or bring the client with this NIK up to date and add ``types`` to theirs.

    The entry point for other apps (e.g. an evacuee becoming a client). Returns (client, created). A NIK already
    registered outside the user's kabupaten/kota is refused, so an officer cannot move or overwrite it.
    """
    require_perm(user, Perm.PMKS_CHANGE)
    existing = Client.objects.select_for_update().filter(nik=nik.strip()).first()
    if existing is None:
        client = client_create(
            user=user,
            nik=nik,
            name=name,
            sex=sex,
            birth_date=birth_date,
            desa=desa,
            types=types,
            source=source,
            no_kk=no_kk,
            address=address,
        )
        return client, True
    if not _in_scope(user, existing):
        raise ValidationError(
            {"nik": _("This NIK is registered in another kabupaten/kota; ask the provincial staff to move the client.")}
        )
    data = {"name": name, "sex": sex, "birth_date": birth_date, "desa": desa}
    if no_kk:
        data["no_kk"] = no_kk
    if address:
        data["address"] = address
    client = client_update(user=user, client=existing, data=data)
    with counts_kept(client.pk):
        added = _add_types(client, list(types))
    if added:
        audit_record(
            actor=user,
            action=AuditAction.CHANGE,
            instance=client,
            kabkota_code=client.kabkota_id,
            fields=["types"],
        )
    return client, False


def client_register_disaster_victim(
    *,
    user,
    nik: str,
    name: str,
    sex: str,
    birth_date: datetime.date,
    desa: Region,
    no_kk: str = "",
    address: str = "",
) -> tuple[Client, bool]:
    """One action for an evacuee: registered (or updated) as a client of type 21 Korban Bencana Alam."""
    return client_upsert(
        user=user,
        nik=nik,
        name=name,
        sex=sex,
        birth_date=birth_date,
        desa=desa,
        types=[PmksType.objects.get(number=KORBAN_BENCANA_ALAM)],
        source=DataSource.REFERRAL,
        no_kk=no_kk,
        address=address,
    )


@transaction.atomic
def client_status_change(
    *, user, client: Client, status: str, changed_on: datetime.date, reason: str = ""
) -> ClientStatusChange:
    """Move a client to another status, keeping the history; an ending status also ends a panti stay."""
    require_perm(user, Perm.PMKS_CHANGE)
    current = Client.objects.select_for_update().get(pk=client.pk)
    if not _in_scope(user, current):
        raise PermissionDenied(_("This client is outside your kabupaten/kota."))
    errors = {}
    if status == current.status:
        errors["status"] = _("The client already has this status.")
    if status not in ClientStatus.values:
        errors["status"] = _("Unknown status.")
    if changed_on > timezone.localdate():
        errors["changed_on"] = _("The date cannot be in the future.")
    if status in ENDING_STATUSES and not reason.strip():
        errors["reason"] = _("Give the reason when a case ends (termination, death, moving away).")
    if errors:
        raise ValidationError(errors)
    change = ClientStatusChange(
        client=current,
        from_status=current.status,
        to_status=status,
        changed_on=changed_on,
        reason=reason.strip(),
        changed_by=user,
    )
    change.full_clean()
    change.save()
    with counts_kept(current.pk):
        current.status = status
        current.save(update_fields=["status", "updated_at"])
    if status in ENDING_STATUSES:
        for placement in current.placements.filter(discharged_on__isnull=True):
            placement.discharged_on = max(changed_on, placement.admitted_on)
            placement.discharge_reason = ClientStatus(status).label
            placement.save(update_fields=["discharged_on", "discharge_reason"])
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=current,
        kabkota_code=current.kabkota_id,
        fields=["status"],
        note=f"{change.from_status} -> {status}",
    )
    return change


@transaction.atomic
def client_service_record(
    *,
    user,
    client: Client,
    kind: str,
    provided_on: datetime.date,
    provider: Agency | None = None,
    amount: Decimal | None = None,
    notes: str = "",
) -> ClientService:
    """Record aid or a service the client received."""
    require_perm(user, Perm.PMKS_CHANGE)
    if not _in_scope(user, client):
        raise PermissionDenied(_("This client is outside your kabupaten/kota."))
    errors = {}
    if provided_on > timezone.localdate():
        errors["provided_on"] = _("The date cannot be in the future.")
    if kind == ServiceKind.CASH_AID and amount is None:
        errors["amount"] = _("Cash assistance needs the amount in rupiah.")
    if errors:
        raise ValidationError(errors)
    service = ClientService(
        client=client,
        kind=kind,
        provided_on=provided_on,
        provider=provider,
        amount=amount,
        notes=notes,
        recorded_by=user,
    )
    service.full_clean()
    service.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        instance=service,
        kabkota_code=client.kabkota_id,
        note=f"client {client.pk}",
    )
    return service


@transaction.atomic
def client_merge(*, user, keep: Client, merge: Client, reason: str) -> Client:
    """Fold a duplicate record into the one kept: types, services, placements and history move over.

    The merged record's NIK is remembered (ClientMerge), so an access request for it still finds everything.
    """
    require_perm(user, Perm.PMKS_MERGE)
    if keep.pk == merge.pk:
        raise ValidationError({"merge": _("Choose two different clients.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for merging.")})
    keep, merge = (
        Client.objects.select_for_update().get(pk=keep.pk),
        Client.objects.select_for_update().get(pk=merge.pk),
    )
    if not (_in_scope(user, keep) and _in_scope(user, merge)):
        raise PermissionDenied(_("This client is outside your kabupaten/kota."))
    open_stays = Placement.objects.filter(client__in=[keep, merge], discharged_on__isnull=True).count()
    if open_stays > 1:
        raise ValidationError(
            {"merge": _("Both records have an open panti stay; discharge one of them before merging.")}
        )
    counted = CountsChange()
    counted.watch(keep.pk, merge.pk)
    _add_types(keep, PmksType.objects.filter(number__in=merge.type_links.values("pmks_type_id")))
    moved = {
        "services": merge.services.update(client=keep),
        "placements": merge.placements.update(client=keep),
        "status_changes": merge.status_changes.update(client=keep),
        "merges": merge.merges.update(kept=keep),
    }
    if not keep.no_kk and merge.no_kk:
        keep.no_kk = merge.no_kk
    if not keep.last_verified_on or (merge.last_verified_on and merge.last_verified_on > keep.last_verified_on):
        keep.last_verified_on = merge.last_verified_on
    keep.save()
    ClientMerge.objects.create(
        kept=keep,
        merged_client_id=merge.pk,
        merged_nik=merge.nik,
        merged_name=merge.name,
        reason=reason.strip()[:255],
        merged_by=user,
    )
    merged_pk = merge.pk
    merge.delete()
    counted.apply()
    audit_record(
        actor=user,
        action=AuditAction.DELETE,
        model=Client._meta.label_lower,
        object_id=str(merged_pk),
        kabkota_code=keep.kabkota_id,
        note=f"merged into {keep.pk}",
    )
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=keep,
        kabkota_code=keep.kabkota_id,
        fields=[name for name, count in moved.items() if count] + ["merge"],
        note=f"merged record {merged_pk}",
    )
    return keep


def client_access_record(*, user, client: Client, action: str = AuditAction.VIEW, note: str = ""):
    """Write that someone looked at (or exported) one client's record; no personal data goes into the line."""
    return audit_record(actor=user, action=action, instance=client, kabkota_code=client.kabkota_id, note=note)
