"""Pages where provincial staff write public CAP messages and a second person approves them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.core.forms import form_add_service_errors

from .cap import cap_message_xml
from .cap_forms import CapMessageForm
from .cap_templates import template_defaults
from .models import CapMessageState, CapMsgType, CapTemplate
from .options import DISASTER, subscription_choices
from .selectors import cap_message_get, cap_message_list
from .services.cap_messages import TEXT_FIELDS, cap_message_approve, cap_message_reject, cap_message_write


@login_required
def cap_message_index(request):
    state = request.GET.get("state", "")
    filters = {"state": state if state in CapMessageState.values else ""}
    page = Paginator(cap_message_list(user=request.user, filters=filters), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/cap_message_list.html",
        {"page": page, "state": filters["state"], "states": CapMessageState.choices, "templates": CapTemplate.choices},
    )


def _initial(request, original) -> dict:
    template = request.GET.get("template", CapTemplate.EVACUATION)
    template = template if template in CapTemplate.values else CapTemplate.EVACUATION
    initial = {"template": template, **template_defaults(template)}
    if original is not None:
        initial.update(
            {
                field: getattr(original, field)
                for field in ("template", "event", "category", "urgency", "severity", "certainty", *TEXT_FIELDS)
            }
        )
        initial.update(
            kabkota=original.kabkota_codes,
            kecamatan=original.kecamatan_codes,
            disaster=str(original.disaster_id or ""),
            expires=timezone.localtime(original.expires).strftime("%Y-%m-%dT%H:%M"),
        )
    return initial


@login_required
def cap_message_new(request):
    """A new message from a template, or (``?references=<id>&msg_type=Update|Cancel``) one that follows up."""
    require_perm(request.user, Perm.NOTIFICATION_MANAGE)
    source = request.POST if request.method == "POST" else request.GET
    reference = source.get("references", "")
    if reference and not reference.isdigit():
        raise Http404
    original = cap_message_get(user=request.user, pk=int(reference)) if reference else None
    msg_type = source.get("msg_type", CapMsgType.ALERT)
    msg_type = msg_type if msg_type in CapMsgType.values and original is not None else CapMsgType.ALERT
    disasters = subscription_choices(DISASTER, user=request.user)
    form = CapMessageForm(request.POST or None, initial=_initial(request, original), disasters=disasters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = data["event"]
        try:
            message = cap_message_write(
                user=request.user,
                template=data["template"],
                event=event,
                kabkota_codes=data["kabkota"],
                kecamatan_codes=data["kecamatan"],
                effective=data["effective"],
                expires=data["expires"],
                texts={field: data[field] for field in TEXT_FIELDS},
                tokens={"place": data["place"], "time": data["time"], "contact": data["contact"]},
                category=data["category"],
                urgency=data["urgency"],
                severity=data["severity"],
                certainty=data["certainty"],
                disaster_id=int(data["disaster"]) if data["disaster"] else None,
                msg_type=msg_type,
                references=original,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The message waits for a second person's approval."))
            return redirect(message.get_absolute_url())
    return render(
        request,
        "notifications/cap_message_form.html",
        {
            "form": form,
            "original": original,
            "msg_type": msg_type,
            "templates": CapTemplate.choices,
            "page_title": {
                CapMsgType.ALERT: _("Write a public message (CAP)"),
                CapMsgType.UPDATE: _("Update a public message"),
                CapMsgType.CANCEL: _("Cancel a public message"),
            }[msg_type],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cap_message_detail(request, pk):
    message = cap_message_get(user=request.user, pk=pk)
    published = message.state == CapMessageState.PUBLISHED
    return render(
        request,
        "notifications/cap_message_detail.html",
        {
            "message": message,
            "can_decide": message.state == CapMessageState.PENDING and message.created_by_id != request.user.pk,
            "cap_url": reverse("cap-alert", args=[message.alert.uuid]) if published else "",
            "cap_xml": cap_message_xml(message).decode() if published else "",
            "can_follow_up": published and message.msg_type != CapMsgType.CANCEL,
        },
    )


@login_required
@require_POST
def cap_message_decide(request, pk):
    message = cap_message_get(user=request.user, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            cap_message_approve(user=request.user, message=message)
            messages.success(request, _("The message is published in the CAP feed."))
        else:
            cap_message_reject(user=request.user, message=message, reason=request.POST.get("reason", ""))
            messages.info(request, _("The message was rejected and will not be published."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect(message.get_absolute_url())
