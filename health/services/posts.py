from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_queryset
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.regions.models import Region, RegionLevel
from clusters.models import Disaster
from clusters.selectors import disaster_list
from shelters.models import Shelter

from ..models import HealthPost
from .common import check_health_scope

POST_FIELDS = (
    "name",
    "kind",
    "organisation_kind",
    "organisation_name",
    "opened_on",
    "closed_on",
    "doctors",
    "nurses",
    "midwives",
    "other_staff",
    "displaced_served",
    "contact_name",
    "contact_phone",
)


def _disaster(user, disaster_id) -> Disaster:
    """The disaster among those the user may see; anything else is answered as if it did not exist."""
    try:
        return disaster_list(user=user).get(pk=getattr(disaster_id, "pk", disaster_id))
    except (Disaster.DoesNotExist, ValueError, TypeError) as exc:
        raise ValidationError({"disaster": _("Disaster event not found.")}) from exc


def _shelter(user, shelter_id) -> Shelter | None:
    """A shelter the user may place a post at: an officer's own kabupaten/kota's, anyone's for provincial staff and
    Kesehatan members (shelter names and places are not personal data). Others answer as nonexistent."""
    if shelter_id in (None, ""):
        return None
    shelters = scope_queryset(
        Shelter.objects.select_related("desa"), user=user, kabkota_field="kabkota", coordinators_see_all=True
    )
    try:
        return shelters.get(pk=getattr(shelter_id, "pk", shelter_id))
    except (Shelter.DoesNotExist, ValueError, TypeError) as exc:
        raise ValidationError({"shelter": _("Shelter not found.")}) from exc


def _desa(code) -> Region | None:
    if code in (None, ""):
        return None
    code = getattr(code, "code", code)
    region = Region.objects.filter(code=code, level=RegionLevel.DESA).first()
    if region is None:
        raise ValidationError({"desa": _("Desa/kelurahan %(code)s not found.") % {"code": code}})
    return region


def _place(*, user, disaster: Disaster, shelter: Shelter | None, desa: Region | None) -> Region:
    """The desa of the post, checked against the shelter, the disaster's kabupaten/kota and the user's scope."""
    if shelter is not None:
        if desa is not None and desa.code[:5] != shelter.kabkota_id:
            raise ValidationError(
                {"shelter": _("The shelter is in another kabupaten/kota than the post's desa/kelurahan.")}
            )
        desa = desa or shelter.desa
    if desa is None:
        raise ValidationError({"desa": _("Give the desa/kelurahan of the post, or the shelter it is at.")})
    if not disaster.affected_kabkota.filter(code=desa.code[:5]).exists():
        raise ValidationError({"desa": _("This desa/kelurahan is not in a kabupaten/kota affected by the disaster.")})
    check_health_scope(user, kabkota_code=desa.code[:5], field="shelter" if shelter else "desa")
    return desa


def _check_dates(opened_on: date | None, closed_on: date | None) -> None:
    if opened_on and closed_on and closed_on < opened_on:
        raise ValidationError({"closed_on": _("The closing date is before the opening date.")})


@transaction.atomic
def health_post_create(*, user, disaster, shelter=None, desa=None, **fields) -> HealthPost:
    """Open a health post for a disaster, at a shelter or in a desa inside the user's scope."""
    require_perm(user, Perm.HEALTH_RECORD)
    disaster = _disaster(user, disaster)
    shelter = _shelter(user, shelter)
    desa = _place(user=user, disaster=disaster, shelter=shelter, desa=_desa(desa))
    _check_dates(fields.get("opened_on"), fields.get("closed_on"))
    post = HealthPost(
        disaster=disaster,
        shelter=shelter,
        desa=desa,
        kabkota_id=desa.code[:5],
        created_by=user,
        **{name: value for name, value in fields.items() if name in POST_FIELDS},
    )
    post.full_clean()
    post.save()
    audit_record(actor=user, action=AuditAction.CREATE, instance=post, kabkota_code=post.kabkota_id)
    return post


@transaction.atomic
def health_post_update(*, user, post: HealthPost, **fields) -> HealthPost:
    """Change a post's details (staff on duty, closing date, ...); its disaster and place stay as opened."""
    require_perm(user, Perm.HEALTH_RECORD)
    post = HealthPost.objects.select_for_update().get(pk=post.pk)
    check_health_scope(user, kabkota_code=post.kabkota_id, field="name")
    changed = []
    for name, value in fields.items():
        if name in POST_FIELDS and getattr(post, name) != value:
            setattr(post, name, value)
            changed.append(name)
    _check_dates(post.opened_on, post.closed_on)
    first = post.consultations.order_by("date").values_list("date", flat=True).first()
    if first and first < post.opened_on:
        raise ValidationError(
            {"opened_on": _("Consultations are recorded from %(day)s: the post cannot open later.") % {"day": first}}
        )
    post.full_clean()
    post.save()
    if changed:
        audit_record(actor=user, action=AuditAction.CHANGE, instance=post, kabkota_code=post.kabkota_id, fields=changed)
    return post
