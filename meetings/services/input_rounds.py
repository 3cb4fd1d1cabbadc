from collections.abc import Iterable, Mapping
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.agencies.models import Agency
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update

from ..formatting import format_datetime
from ..models import DocumentInput, InputRound, Meeting
from ..selectors import input_round_can_manage
from .common import require_manage

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
EDITABLE_FIELDS = ("title", "description", "deadline", "document_url", "document")


def _check_round(input_round: InputRound, *, agencies: list[Agency], new_deadline: bool) -> None:
    errors = {}
    if not agencies:
        errors["agencies"] = _("Name at least one agency whose input is asked for.")
    if new_deadline and input_round.deadline and input_round.deadline <= timezone.now():
        errors["deadline"] = _("The deadline must be in the future.")
    if not input_round.document and not input_round.document_url:
        errors["document"] = _("Upload the draft or give a link to it.")
    document = input_round.document
    if document and getattr(document, "size", 0) > MAX_DOCUMENT_BYTES:
        errors["document"] = _("The draft file is larger than 20 MB.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def input_round_open(
    *,
    user,
    title: str,
    deadline: datetime,
    agencies: Iterable[Agency],
    meeting: Meeting | None = None,
    description: str = "",
    document=None,
    document_url: str = "",
) -> InputRound:
    """Open a draft document for written input from the named agencies until ``deadline``.

    A round may belong to a meeting (its organisers run it) or stand alone (for other modules' documents)."""
    if meeting is not None:
        require_manage(user=user, meeting=meeting)
        if meeting.is_cancelled:
            raise ValidationError({"meeting": _("This meeting has been cancelled.")})
    else:
        require_perm(user, Perm.MEETING_MANAGE)
    agencies = list(agencies)
    input_round = InputRound(
        meeting=meeting,
        title=title.strip(),
        description=description.strip(),
        deadline=deadline,
        document_url=document_url,
        opened_by=user,
    )
    if document is not None:
        input_round.document = document
    _check_round(input_round, agencies=agencies, new_deadline=True)
    input_round.full_clean()
    input_round.save()
    input_round.agencies.set(agencies)
    audit_record(actor=user, action=AuditAction.CREATE, instance=input_round)
    return input_round


@transaction.atomic
def input_round_update(
    *, user, input_round: InputRound, data: Mapping, agencies: Iterable[Agency] | None = None
) -> InputRound:
    """Change a round (e.g. extend its deadline or ask more agencies). Inputs keep the late flag they were sent with."""
    if not input_round_can_manage(user=user, input_round=input_round):
        raise PermissionDenied(_("Only the organisers may change this input round."))
    current = InputRound.objects.select_for_update().get(pk=input_round.pk)
    changed = model_update(instance=current, data=data, fields=EDITABLE_FIELDS, strip=False)
    agency_rows = list(current.agencies.all()) if agencies is None else list(agencies)
    if agencies is not None:
        given = set(current.inputs.values_list("agency_id", flat=True))
        dropped = given - {agency.pk for agency in agency_rows}
        if dropped:
            raise ValidationError(
                {"agencies": _("An agency that has already given input cannot be taken off the round.")}
            )
    _check_round(current, agencies=agency_rows, new_deadline="deadline" in changed)
    current.full_clean()
    current.save()
    if agencies is not None:
        current.agencies.set(agency_rows)
        changed.append("agencies")
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, fields=changed)
    return current


@transaction.atomic
def input_round_close(*, user, input_round: InputRound) -> InputRound:
    """Close the round: the document is being finalised and no more input is taken, late or not."""
    if not input_round_can_manage(user=user, input_round=input_round):
        raise PermissionDenied(_("Only the organisers may close this input round."))
    if input_round.is_closed:
        raise ValidationError({"round": _("This input round is already closed.")})
    input_round.closed_at = timezone.now()
    input_round.save(update_fields=["closed_at", "updated_at"])
    audit_record(actor=user, action=AuditAction.CHANGE, instance=input_round, fields=["closed_at"])
    return input_round


@transaction.atomic
def document_input_submit(*, user, input_round: InputRound, agency: Agency, text: str) -> DocumentInput:
    """Record an agency's written input. After the deadline it is still accepted, and marked late; a closed round
    takes none. Officers send for their own agency; organisers may record any named agency's input."""
    require_perm(user, Perm.DOCUMENT_INPUT_SUBMIT)
    input_round = InputRound.objects.select_for_update().get(pk=input_round.pk)
    if input_round.is_closed:
        raise ValidationError(
            {
                "round": _("This input round was closed on %(date)s; no more input is taken.")
                % {"date": format_datetime(input_round.closed_at)}
            }
        )
    errors = {}
    if not input_round.agencies.filter(pk=agency.pk).exists():
        errors["agency"] = _("%(agency)s was not asked for input in this round.") % {"agency": agency}
    elif not input_round_can_manage(user=user, input_round=input_round) and agency.pk != user.agency_id:
        errors["agency"] = _("You can only send input for your own agency.")
    if not text.strip():
        errors["text"] = _("Write the input.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    document_input = DocumentInput(
        round=input_round,
        agency=agency,
        text=text.strip(),
        submitted_by=user,
        submitted_at=now,
        is_late=now > input_round.deadline,
    )
    document_input.full_clean()
    document_input.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        instance=document_input,
        note="late" if document_input.is_late else "",
    )
    return document_input
