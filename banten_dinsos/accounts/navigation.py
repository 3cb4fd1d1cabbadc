"""The main navigation: each entry shows only to roles allowed to use it and only once its app provides the page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import Perm, has_perm

NAVIGATION = [
    ("dashboard:home", _("Dashboard"), None),
    ("clusters:disaster-list", _("Disasters"), Perm.DISASTER_VIEW),
    ("clusters:report-mine", _("My reports"), Perm.FIELDREPORT_CREATE),
    ("clusters:report-queue", _("Verification"), Perm.FIELDREPORT_VERIFY),
    ("shelters:list", _("Shelters"), Perm.SHELTER_VIEW),
    ("shelters:evacuee-list", _("Evacuees"), Perm.EVACUEE_VIEW),
    ("ksb_volunteers:member-list", _("Volunteers"), Perm.VOLUNTEER_VIEW),
    ("pmks_registry:client-list", _("PMKS clients"), Perm.PMKS_VIEW),
    ("meetings:list", _("Meetings"), Perm.MEETING_VIEW),
    ("meetings:action-item-list", _("Follow-ups"), Perm.MEETING_VIEW),
    ("jitupasna:list", _("Jitupasna"), Perm.JITUPASNA_VIEW),
    ("reports:list", _("Reports"), Perm.REPORT_VIEW),
    ("notifications:warning-list", _("BMKG warnings"), Perm.WARNING_VIEW),
    ("audit:list", _("Audit log"), Perm.AUDIT_VIEW),
    ("notifications:delivery-list", _("Alert deliveries"), Perm.NOTIFICATION_MANAGE),
    ("swagger-ui", _("API"), None),
]


def navigation_for(user):
    items = []
    for url_name, label, perm in NAVIGATION:
        if perm is not None and not has_perm(user, perm):
            continue
        try:
            items.append({"url": reverse(url_name), "label": label, "name": url_name})
        except NoReverseMatch:
            continue
    return items
