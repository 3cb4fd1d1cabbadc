"""The main navigation, grouped so it fits a laptop screen: each entry shows only to roles allowed to use it and
only once its app provides the page; a group with one visible entry shows as a plain link."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import Perm, has_perm

# (group label or None for a top-level link, [(url name, label, permission or None), ...])
NAVIGATION = [
    (None, [("dashboard:home", _("Dashboard"), None)]),
    (
        _("Disasters"),
        [
            ("clusters:disaster-list", _("Disaster events"), Perm.DISASTER_VIEW),
            ("clusters:report-mine", _("My reports"), Perm.FIELDREPORT_CREATE),
            ("clusters:report-queue", _("Verification"), Perm.FIELDREPORT_VERIFY),
            ("clusters:report-queue", _("Approval"), Perm.FIELDREPORT_APPROVE),
            ("clusters:rule-list", _("Validation rules"), Perm.VALIDATION_RULE_MANAGE),
            ("jitupasna:list", _("Jitupasna"), Perm.JITUPASNA_VIEW),
            ("notifications:warning-list", _("BMKG warnings"), Perm.WARNING_VIEW),
        ],
    ),
    (
        _("Shelters"),
        [
            ("shelters:list", _("Shelters"), Perm.SHELTER_VIEW),
            ("shelters:map", _("Map of shelters"), Perm.SHELTER_VIEW),
            ("shelters:evacuee-list", _("Evacuees"), Perm.EVACUEE_VIEW),
        ],
    ),
    # The other clusters' own work: health, access and basic services, logistics (one group keeps the bar to a
    # laptop's width).
    (
        _("Clusters"),
        [
            ("health:post-list", _("Health posts"), Perm.HEALTH_VIEW),
            ("health:signal-list", _("Outbreak signals"), Perm.HEALTH_VIEW),
            ("infrastructure:area-list", _("Access and basic services"), Perm.ACCESS_VIEW),
            ("logistics:position", _("Stock position"), Perm.LOGISTICS_VIEW),
            ("logistics:request-list", _("Requests for goods"), Perm.LOGISTICS_VIEW),
            ("logistics:donation-list", _("Donations"), Perm.LOGISTICS_VIEW),
            ("logistics:distributions", _("Distribution"), Perm.LOGISTICS_VIEW),
        ],
    ),
    (None, [("ksb_volunteers:member-list", _("Volunteers"), Perm.VOLUNTEER_VIEW)]),
    (None, [("pmks_registry:client-list", _("PMKS clients"), Perm.PMKS_VIEW)]),
    (
        _("Meetings"),
        [
            ("meetings:list", _("Meetings"), Perm.MEETING_VIEW),
            ("meetings:action-item-list", _("Follow-ups"), Perm.MEETING_VIEW),
        ],
    ),
    (
        _("More"),
        [
            ("reports:list", _("Reports"), Perm.REPORT_VIEW),
            ("notifications:delivery-list", _("Alert deliveries"), Perm.NOTIFICATION_MANAGE),
            ("notifications:cap-message-list", _("Public messages (CAP)"), Perm.NOTIFICATION_MANAGE),
            ("clusters:intake-list", _("Kobo/ODK submissions"), Perm.FIELDREPORT_VERIFY),
            ("audit:list", _("Audit log"), Perm.AUDIT_VIEW),
            ("swagger-ui", _("API"), None),
        ],
    ),
]


def _links(user, entries):
    links = []
    for url_name, label, perm in entries:
        if perm is not None and not has_perm(user, perm):
            continue
        if any(link["name"] == url_name for link in links):
            continue  # one page under two names (verification for the province, approval for the kab/kota)
        try:
            links.append({"url": reverse(url_name), "label": label, "name": url_name})
        except NoReverseMatch:
            continue
    return links


def navigation_for(user):
    """[{"label", "url"}] for links and [{"label", "children": [...]}] for groups the user has entries in."""
    items = []
    for group, entries in NAVIGATION:
        links = _links(user, entries)
        if not links:
            continue
        if group is None or len(links) == 1:
            items.extend(links)
        else:
            items.append({"label": group, "children": links})
    return items
