from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.core.formatting import format_number
from banten_dinsos.core.forms import form_add_service_errors

from .cap import ATOM_CONTENT_TYPE, CAP_CONTENT_TYPE, alert_cap_xml, alerts_atom_feed, cap_message_xml
from .forms import DeliveryFilterForm, SubscriptionForm
from .models import CapMessage
from .options import CLUSTER, DISASTER, subscription_choices
from .selectors import (
    delivery_get,
    delivery_log,
    inbox,
    kabkota_names,
    notification_get,
    public_alert_get,
    public_alerts,
    rule_rows,
    subscription_rules,
    unread_count,
    warning_get,
    warning_kecamatan,
    warning_list,
)
from .services import (
    delivery_retry_now,
    notifications_mark_read,
    subscription_add,
    subscription_remove,
    subscriptions_reset,
)
from .services.warning_places import warning_place_map as warning_place_map_service
from .warning_forms import PlaceMapForm

# htmx stops polling when a response has this status (the session ended).
HTMX_STOP_POLLING = 286


# ---------------------------------------------------------------------------------------------------------------
# The bell and the inbox
# ---------------------------------------------------------------------------------------------------------------


@require_GET
def bell(request):
    """The unread count the bell in the header polls every minute."""
    if not request.user.is_authenticated:
        html = render_to_string("notifications/_bell.html", {"count": 0, "polling": False})
        return HttpResponse(html, status=HTMX_STOP_POLLING)
    html = render_to_string("notifications/_bell.html", {"count": unread_count(user=request.user), "polling": True})
    # Sessions end after an hour without activity; a page left open polling the bell is not activity, so this
    # response must not save (and so extend) the session. Without request.session the middleware leaves it alone.
    del request.session
    return HttpResponse(html)


@login_required
def notification_index(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(inbox(user=request.user, filters={"unread": unread_only}), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
def notification_open(request, pk):
    """Mark one notification read and go to what it is about (only ever a page of this portal)."""
    notification = notification_get(user=request.user, pk=pk)
    notifications_mark_read(user=request.user, delivery_ids=[notification.pk])
    target = notification.alert.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": format_number(count)})
    return redirect("notifications:inbox")


# ---------------------------------------------------------------------------------------------------------------
# Settings: the user's own rules
# ---------------------------------------------------------------------------------------------------------------


@login_required
def notification_settings(request):
    user = request.user
    form = SubscriptionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            subscription_add(user=user, **form.cleaned_data)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, _("The rule was added."))
            return redirect("notifications:settings")
    customised, rules = subscription_rules(user=user)
    rows = rule_rows(
        rules,
        cluster_names=dict(subscription_choices(CLUSTER, user=user)),
        disaster_names=dict(subscription_choices(DISASTER, user=user)),
    )
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "rows": rows, "customised": customised},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def subscription_delete(request, pk):
    subscription_remove(user=request.user, subscription_id=pk)
    messages.success(request, _("The rule was removed."))
    return redirect("notifications:settings")


@login_required
@require_POST
def subscription_reset(request):
    subscriptions_reset(user=request.user)
    messages.success(request, _("Your notification settings are back to the defaults of your role."))
    return redirect("notifications:settings")


# ---------------------------------------------------------------------------------------------------------------
# BMKG warnings
# ---------------------------------------------------------------------------------------------------------------


def _declare_url(warning) -> str:
    try:
        return reverse("clusters:disaster-from-warning", args=[warning.pk])
    except NoReverseMatch:
        return ""


@login_required
def warning_index(request):
    open_only = request.GET.get("open") == "1"
    page = Paginator(warning_list(user=request.user, filters={"open": open_only}), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/warning_list.html",
        {"page": page, "open_only": open_only, "now": timezone.now()},
    )


def _warning_page(request, warning, *, place_form=None, status=200):
    can_declare = has_perm(request.user, Perm.DISASTER_MANAGE) and not warning.disaster_id
    can_map = has_perm(request.user, Perm.NOTIFICATION_MANAGE) and bool(warning.unmatched_places)
    if can_map and place_form is None:
        place_form = PlaceMapForm(unmatched=warning.unmatched_places)
    return render(
        request,
        "notifications/warning_detail.html",
        {
            "warning": warning,
            "kabkota": kabkota_names(warning.kabkota_codes),
            "kecamatan": warning_kecamatan(warning),
            "place_form": place_form if can_map else None,
            "map_config": {"tileUrl": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
            "declare_url": _declare_url(warning) if can_declare else "",
        },
        status=status,
    )


@login_required
def warning_detail(request, pk):
    return _warning_page(request, warning_get(user=request.user, pk=pk))


@login_required
@require_POST
def warning_place_map(request, pk):
    """Staff map an unmatched name of the warning to a kecamatan; the mapping is remembered as an alias."""
    require_perm(request.user, Perm.NOTIFICATION_MANAGE)
    warning = warning_get(user=request.user, pk=pk)
    form = PlaceMapForm(request.POST, unmatched=warning.unmatched_places)
    if form.is_valid():
        try:
            warning_place_map_service(
                user=request.user,
                warning=warning,
                name=form.cleaned_data["name"],
                kecamatan=form.cleaned_data["kecamatan"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” is now known as kecamatan %(kecamatan)s.")
                % {"name": form.cleaned_data["name"], "kecamatan": form.cleaned_data["kecamatan"].name},
            )
            return redirect("notifications:warning-detail", pk=warning.pk)
    return _warning_page(request, warning, place_form=form, status=400)


# ---------------------------------------------------------------------------------------------------------------
# Delivery log (staff)
# ---------------------------------------------------------------------------------------------------------------


@login_required
def delivery_index(request):
    require_perm(request.user, Perm.NOTIFICATION_MANAGE)
    form = DeliveryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(delivery_log(user=request.user, filters=filters), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/delivery_list.html", {"form": form, "page": page})


@login_required
def delivery_detail(request, pk):
    delivery = delivery_get(user=request.user, pk=pk)
    return render(request, "notifications/delivery_detail.html", {"delivery": delivery})


@login_required
@require_POST
def delivery_retry(request, pk):
    delivery = delivery_get(user=request.user, pk=pk)
    if delivery_retry_now(deliveries=[delivery]):
        messages.success(request, _("The delivery was queued again."))
    else:
        messages.info(request, _("Only failed or waiting deliveries can be retried."))
    return redirect("notifications:delivery-detail", pk=delivery.pk)


# ---------------------------------------------------------------------------------------------------------------
# Public CAP 1.2 feed
# ---------------------------------------------------------------------------------------------------------------


@require_GET
@cache_control(public=True, max_age=60)
def cap_feed(request):
    """Atom feed of public alerts; each entry links to its CAP 1.2 message."""
    alerts = list(public_alerts())
    body = alerts_atom_feed(
        alerts,
        feed_url=request.build_absolute_uri(reverse("cap-feed")),
        site_url=request.build_absolute_uri("/"),
        cap_url=lambda alert: request.build_absolute_uri(reverse("cap-alert", args=[alert.uuid])),
        updated=alerts[0].created_at if alerts else timezone.now(),
    )
    return HttpResponse(body, content_type=f"{ATOM_CONTENT_TYPE}; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=300)
def cap_alert(request, uuid):
    alert = public_alert_get(uuid=uuid)
    authored = CapMessage.objects.filter(alert=alert).select_related("alert", "references__alert").first()
    if authored is not None:
        body = cap_message_xml(authored)
    else:
        body = alert_cap_xml(alert, kabkota_names=kabkota_names(alert.kabkota_codes))
    return HttpResponse(body, content_type=f"{CAP_CONTENT_TYPE}; charset=utf-8")
