"""KoboToolbox and ODK submissions in: each one becomes a field report under the form's partner account, once.

A submission is keyed by its instance UUID: sent again (a retry, a re-sent OData page) it finds the report it
became. One that cannot become a report saves nothing but its rejection (what was wrong, by question), which
the partner gets back at once and provincial staff see on the intake page; sent again after the form or its
mapping is fixed, it is tried afresh.
"""

import hashlib
import hmac
import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.regions.models import Region, RegionLevel

from ..intake_mapping import flatten, read_submission, submission_uuid
from ..models import IntakeForm, IntakeOutcome, IntakeSubmission
from .field_reports import field_report_create

# Report idempotency keys are derived from (form, instance UUID): two forms may carry the same instance UUID.
INTAKE_NAMESPACE = uuid.UUID("5b6f3c1e-4a57-4f4e-9d0c-36b4a7e1c017")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def intake_form_issue_token(*, form: IntakeForm) -> str:
    """A new secret for the partner's server (the old one stops working); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    form.token_hash = _hash(token)
    form.save(update_fields=["token_hash", "updated_at"])
    return token


def intake_form_authenticate(*, slug: str, token: str | None) -> IntakeForm | None:
    """The active form ``slug`` names when ``token`` is its secret; None for a wrong token and an unknown form alike."""
    form = IntakeForm.objects.select_related("disaster", "partner").filter(slug=slug, is_active=True).first()
    if form is None or not token or not form.token_hash:
        return None
    return form if hmac.compare_digest(form.token_hash, _hash(token)) else None


def _questions_for(errors: dict, mapping: dict) -> dict[str, list[str]]:
    """Field-report errors renamed after the form's questions, so the partner knows what to correct."""
    by_field = {field: question for question, field in mapping.get("figures", {}).items()}
    by_field["area"] = mapping.get("location", "area")
    if mapping.get("observed_at"):
        by_field["observed_at"] = mapping["observed_at"]
    if mapping.get("notes"):
        by_field["notes"] = mapping["notes"]
    renamed: dict[str, list[str]] = {}
    for field, messages in errors.items():
        key = by_field.get(field, "submission" if field in ("__all__", "non_field_errors") else field)
        renamed.setdefault(key, []).extend(str(message) for message in messages)
    return renamed


def _report_from(*, form: IntakeForm, uid: str, values: dict):
    return field_report_create(
        user=form.partner,
        disaster=form.disaster,
        area=values["area"],
        observed_at=values["observed_at"],
        idempotency_key=uuid.uuid5(INTAKE_NAMESPACE, f"{form.pk}:{uid}"),
        submit=form.submit_on_receipt,
        notes=values["notes"],
        **values["figures"],
    )


def _save(*, form, uid, payload, outcome, report=None, errors=None) -> tuple[IntakeSubmission, bool]:
    submission, created = IntakeSubmission.objects.update_or_create(
        form=form,
        submission_uuid=uid,
        defaults={
            "outcome": outcome,
            "report": report,
            "payload": payload,
            "errors": errors or {},
            "received_at": timezone.now(),
        },
        create_defaults={
            "outcome": outcome,
            "report": report,
            "payload": payload,
            "errors": errors or {},
        },
    )
    if not created:
        IntakeSubmission.objects.filter(pk=submission.pk).update(attempts=F("attempts") + 1)
        submission.refresh_from_db(fields=["attempts"])
    return submission, created


def _accepted(form: IntakeForm, uid: str) -> IntakeSubmission | None:
    return (
        IntakeSubmission.objects.select_related("report")
        .filter(form=form, submission_uuid=uid, outcome=IntakeOutcome.ACCEPTED)
        .first()
    )


def _replay(submission: IntakeSubmission) -> tuple[IntakeSubmission, bool]:
    IntakeSubmission.objects.filter(pk=submission.pk).update(attempts=F("attempts") + 1)
    submission.refresh_from_db(fields=["attempts"])
    return submission, False


def intake_submission_receive(*, form: IntakeForm, payload: dict) -> tuple[IntakeSubmission, bool]:
    """Turn one submission into a field report; ``(submission, created)``. A rejected one comes back with errors.

    Raises ApplicationError only when the submission cannot even be recorded (no instance UUID).
    """
    flat = flatten(payload)
    uid = submission_uuid(flat)
    if not uid:
        raise ApplicationError(
            _("The submission has no instance UUID (meta/instanceID or __id): it cannot be received safely."),
            errors={"meta/instanceID": [_("Required, so that a submission sent twice makes one report.")]},
        )
    accepted = _accepted(form, uid)
    if accepted is not None:
        return _replay(accepted)

    mapping = form.field_mapping
    values, errors = read_submission(flat, mapping)
    if values["desa_code"]:
        values["area"] = Region.objects.filter(code=values["desa_code"], level=RegionLevel.DESA).first()
        if values["area"] is None:
            errors.setdefault(mapping["location"], []).append(
                _("%(code)s is not a Kemendagri desa/kelurahan code of Banten.") % {"code": values["desa_code"]}
            )
    if not errors:
        try:
            with transaction.atomic():
                report, created = _report_from(form=form, uid=uid, values=values)
                submission, _first = _save(
                    form=form, uid=uid, payload=payload, outcome=IntakeOutcome.ACCEPTED, report=report
                )
                # "Created" is about the report: a submission rejected before and accepted now made one.
                return submission, created
        except ValidationError as error:
            errors = _questions_for(error.message_dict, mapping)
        except PermissionDenied:
            errors = {"submission": [_("The partner account of this form may not create field reports.")]}
        except ApplicationError as error:
            errors = _questions_for(error.errors, mapping) or {"submission": [str(error.message)]}
        except IntegrityError:
            # The same submission arrived twice at once and the other request recorded it first.
            accepted = _accepted(form, uid)
            if accepted is None:
                raise
            return _replay(accepted)
    with transaction.atomic():
        return _save(form=form, uid=uid, payload=payload, outcome=IntakeOutcome.REJECTED, errors=errors)
