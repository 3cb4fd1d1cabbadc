"""Writes of the field app: a photo or a GPS point attached to a field report the officer may still change."""

import io
import uuid
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from rest_framework import status as http_status

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.exceptions import ApplicationError
from clusters.models import FieldReport
from shelters.models import Evacuee, LdpSession, Shelter
from shelters.services import evacuee_check_in, evacuee_check_out, ldp_session_record

from .models import OutboxReceipt, ReportLocation, ReportPhoto

PHOTO_LONGEST_SIDE = 1600
PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTOS_PER_REPORT = 10
JPEG_QUALITY = 82
_GPS_IFD = 0x8825


def _check_report(*, user, report: FieldReport, field: str) -> None:
    require_perm(user, Perm.FIELDREPORT_CREATE)
    if not scope_allows(user, kabkota_code=report.kabkota_id):
        raise ValidationError({field: [_("This area is outside your kabupaten/kota.")]})
    if not report.is_editable:
        raise ValidationError(
            {field: [_("Photos and the location are added while the report is a draft or returned for correction.")]}
        )


def _degrees(value, ref) -> Decimal | None:
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = Decimal(str(degrees + minutes / 60 + seconds / 3600)).quantize(Decimal("0.000001"), ROUND_HALF_UP)
    return -result if ref in ("S", "W") else result


def _exif_point(image: Image.Image) -> tuple[Decimal | None, Decimal | None]:
    """The GPS point written by the camera, if any: the one piece of metadata that is kept (as fields)."""
    gps = image.getexif().get_ifd(_GPS_IFD)
    if not gps or 2 not in gps or 4 not in gps:
        return None, None
    return _degrees(gps.get(2), gps.get(1)), _degrees(gps.get(4), gps.get(3))


def photo_clean(data: bytes) -> tuple[bytes, int, int, tuple]:
    """Re-encode an upload as a JPEG of at most 1600 px on its longest side with no metadata at all (EXIF, XMP,
    ICC, comments); returns ``(jpeg, width, height, (latitude, longitude) from the camera's EXIF)``."""
    if len(data) > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": [_("The photo is larger than 8 MB; take it again at a lower resolution.")]})
    try:
        with Image.open(io.BytesIO(data)) as original:
            original.load()
            point = _exif_point(original)
            image = ImageOps.exif_transpose(original).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as error:
        raise ValidationError({"photo": [_("The file is not a photo (JPEG, PNG or WebP).")]}) from error
    image.thumbnail((PHOTO_LONGEST_SIDE, PHOTO_LONGEST_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), image.width, image.height, point


def _photo_replay(existing: ReportPhoto, *, user, report: FieldReport) -> ReportPhoto:
    if existing.uploaded_by_id != user.pk or existing.report_id != report.pk:
        raise ApplicationError(
            _("This photo key was already used. Generate a new key for a new photo."),
            errors={"client_key": [_("Already used.")]},
            status_code=http_status.HTTP_409_CONFLICT,
        )
    return existing


def report_photo_attach(
    *,
    user,
    report: FieldReport,
    client_key: uuid.UUID,
    data: bytes,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> tuple[ReportPhoto, bool]:
    """Store a damage photo of ``report`` (stripped, downscaled, private). A resend with the same ``client_key``
    returns the photo stored the first time; returns ``(photo, created)``."""
    existing = ReportPhoto.objects.filter(client_key=client_key).first()
    if existing is not None:
        return _photo_replay(existing, user=user, report=report), False
    _check_report(user=user, report=report, field="photo")
    if report.photos.count() >= PHOTOS_PER_REPORT:
        raise ValidationError({"photo": [_("A report holds at most %(n)s photos.") % {"n": PHOTOS_PER_REPORT}]})
    jpeg, width, height, (exif_latitude, exif_longitude) = photo_clean(data)
    if latitude is None and longitude is None:
        latitude, longitude = exif_latitude, exif_longitude
    photo = ReportPhoto(
        report=report,
        client_key=client_key,
        width=width,
        height=height,
        size_bytes=len(jpeg),
        latitude=latitude,
        longitude=longitude,
        uploaded_by=user,
    )
    try:
        photo.full_clean(exclude=["image", "client_key"])
    except ValidationError as error:
        # A camera point outside Banten is dropped rather than refusing the photo; a sent point is the officer's.
        if exif_latitude is not None and latitude == exif_latitude:
            photo.latitude = photo.longitude = None
        else:
            raise ValidationError({f"photo_{k}": v for k, v in error.message_dict.items()}) from error
    try:
        with transaction.atomic():
            photo.image.save(f"{client_key}.jpg", ContentFile(jpeg), save=False)
            photo.save()
            audit_record(
                actor=user,
                action=AuditAction.CREATE,
                instance=photo,
                kabkota_code=report.kabkota_id,
                note=f"field report #{report.pk}",
            )
    except IntegrityError:
        photo.image.storage.delete(photo.image.name)
        existing = ReportPhoto.objects.filter(client_key=client_key).first()
        if existing is None:
            raise
        return _photo_replay(existing, user=user, report=report), False
    return photo, True


@transaction.atomic
def report_location_set(
    *, user, report: FieldReport, latitude: Decimal, longitude: Decimal, accuracy_m: int
) -> ReportLocation:
    """Record (or replace) the GPS point of a report; sending the same point again changes nothing."""
    _check_report(user=user, report=report, field="location")
    location = ReportLocation.objects.filter(report=report).first() or ReportLocation(report=report)
    if location.pk and (location.latitude, location.longitude, location.accuracy_m) == (
        latitude,
        longitude,
        accuracy_m,
    ):
        return location
    location.latitude, location.longitude, location.accuracy_m, location.recorded_by = (
        latitude,
        longitude,
        accuracy_m,
        user,
    )
    location.full_clean(exclude=["report"])
    location.save()
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=location,
        kabkota_code=report.kabkota_id,
        fields=["latitude", "longitude", "accuracy_m"],
        note=f"field report #{report.pk}",
    )
    return location


LDP_SESSION = "ldp_session"


def _receipt(*, user, client_key: uuid.UUID, kind: str) -> OutboxReceipt | None:
    receipt = OutboxReceipt.objects.filter(client_key=client_key).first()
    if receipt is not None and (receipt.user_id != user.pk or receipt.kind != kind):
        raise ApplicationError(
            _("This idempotency key was already used. Generate a new key for a new item."),
            errors={"client_key": [_("Already used.")]},
            status_code=http_status.HTTP_409_CONFLICT,
        )
    return receipt


def ldp_session_record_once(*, user, client_key: uuid.UUID, **data) -> tuple[LdpSession, bool]:
    """Record an LDP session sent from the outbox; a resend with the same ``client_key`` returns the session the
    first attempt recorded (also when both arrive at once: the receipt's unique key decides)."""
    receipt = _receipt(user=user, client_key=client_key, kind=LDP_SESSION)
    if receipt is not None:
        return LdpSession.objects.get(pk=receipt.object_id), False
    try:
        with transaction.atomic():
            session = ldp_session_record(user=user, **data)
            OutboxReceipt.objects.create(client_key=client_key, kind=LDP_SESSION, object_id=session.pk, user=user)
    except IntegrityError:
        receipt = _receipt(user=user, client_key=client_key, kind=LDP_SESSION)
        if receipt is None:
            raise
        return LdpSession.objects.get(pk=receipt.object_id), False
    return session, True


EVACUEE_MOVE = "evacuee_move"
CHECK_OUT, CHECK_IN = "check_out", "check_in"


def evacuee_move_once(
    *,
    user,
    client_key: uuid.UUID,
    evacuee: Evacuee,
    action: str,
    shelter: Shelter | None = None,
    at: datetime | None = None,
    note: str = "",
) -> tuple[Evacuee, bool]:
    """Check a person out of their shelter or back into one, from the outbox: a resend with the same key changes
    nothing and answers with the person as they are (the first attempt's move stands)."""
    receipt = _receipt(user=user, client_key=client_key, kind=EVACUEE_MOVE)
    if receipt is not None:
        return Evacuee.objects.get(pk=receipt.object_id), False
    if action == CHECK_IN and shelter is None:
        raise ValidationError({"shelter": [_("Choose the shelter the person checks in to.")]})
    try:
        with transaction.atomic():
            if action == CHECK_OUT:
                moved = evacuee_check_out(user=user, evacuee=evacuee, at=at, note=note)
            else:
                moved = evacuee_check_in(user=user, evacuee=evacuee, shelter=shelter, at=at)
            OutboxReceipt.objects.create(client_key=client_key, kind=EVACUEE_MOVE, object_id=moved.pk, user=user)
    except IntegrityError:
        receipt = _receipt(user=user, client_key=client_key, kind=EVACUEE_MOVE)
        if receipt is None:
            raise
        return Evacuee.objects.get(pk=receipt.object_id), False
    return moved, True
