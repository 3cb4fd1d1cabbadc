"""The one role map: which role may do what. Views, APIs and services ask here and never re-implement it.

*Where* a user may act (which kabupaten/kota, which clusters) is decided separately, once, in ``scoping.py``.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Role(models.TextChoices):
    STAF_PROVINSI = "staf_provinsi", gettext_lazy("Provincial staff")
    PETUGAS_KABKOTA = "petugas_kabkota", gettext_lazy("Regency/city officer")
    KOORDINATOR_KABKOTA = "koordinator_kabkota", gettext_lazy("Regency/city coordinator")
    KOORDINATOR_KLASTER = "koordinator_klaster", gettext_lazy("Cluster coordinator")
    API_CLIENT = "api_client", gettext_lazy("Read-only API client")


class Perm(StrEnum):
    REGION_VIEW = "region.view"
    AGENCY_VIEW = "agency.view"
    AUDIT_VIEW = "audit.view"
    SHELTER_VIEW = "shelter.view"
    SHELTER_CREATE = "shelter.create"
    SHELTER_CHANGE = "shelter.change"
    OCCUPANCY_RECORD = "shelter.occupancy_record"
    EVACUEE_VIEW = "evacuee.view"
    EVACUEE_CHANGE = "evacuee.change"
    EVACUEE_VIEW_NIK = "evacuee.view_nik"
    LDP_VIEW = "ldp.view"
    LDP_RECORD = "ldp.record"
    DISASTER_VIEW = "disaster.view"
    DISASTER_MANAGE = "disaster.manage"
    FIELDREPORT_VIEW = "fieldreport.view"
    FIELDREPORT_CREATE = "fieldreport.create"
    FIELDREPORT_APPROVE = "fieldreport.approve"
    FIELDREPORT_VERIFY = "fieldreport.verify"
    VALIDATION_RULE_MANAGE = "fieldreport.rule_manage"
    NEED_VIEW = "need.view"
    NEED_MANAGE = "need.manage"
    ACTIVITY_VIEW = "activity.view"
    ACTIVITY_MANAGE = "activity.manage"
    PMKS_VIEW = "pmks.view"
    PMKS_VIEW_NIK = "pmks.view_nik"
    PMKS_CHANGE = "pmks.change"
    PMKS_MERGE = "pmks.merge"
    PMKS_IMPORT = "pmks.import"
    PMKS_EXPORT = "pmks.export"
    PMKS_SUBJECT_REPORT = "pmks.subject_report"
    VOLUNTEER_VIEW = "volunteer.view"
    VOLUNTEER_VIEW_PERSONAL = "volunteer.view_personal"
    VOLUNTEER_CHANGE = "volunteer.change"
    VOLUNTEER_IMPORT = "volunteer.import"
    TRAINING_MANAGE = "volunteer.training_manage"
    DEPLOYMENT_MANAGE = "volunteer.deployment_manage"
    MEETING_VIEW = "meeting.view"
    MEETING_MANAGE = "meeting.manage"
    ACTION_ITEM_UPDATE = "meeting.action_item_update"
    DOCUMENT_INPUT_SUBMIT = "meeting.document_input_submit"
    NOTIFICATION_MANAGE = "notification.manage"
    WARNING_VIEW = "warning.view"
    REPORT_VIEW = "report.view"
    REPORT_REQUEST = "report.request"
    JITUPASNA_VIEW = "jitupasna.view"
    JITUPASNA_MANAGE = "jitupasna.manage"
    JITUPASNA_INPUT = "jitupasna.input"
    LOGISTICS_VIEW = "logistics.view"
    STOCK_POST = "logistics.stock_post"
    LOGISTICS_REQUEST = "logistics.request"
    LOGISTICS_DECIDE = "logistics.decide"
    LOGISTICS_DISPATCH = "logistics.dispatch"
    LOGISTICS_RECEIVE = "logistics.receive"
    DONATION_RECORD = "logistics.donation_record"
    LOCATION_MANAGE = "logistics.location_manage"
    HEALTH_VIEW = "health.view"
    HEALTH_RECORD = "health.record"
    ACCESS_VIEW = "access.view"
    ACCESS_RECORD = "access.record"


# The role map: one table per role, every permission named. A change shows in the snapshot test of the whole
# role x permission matrix (tests/accounts/role_matrix.txt). *Where* each role may use them is scoping.py's business.

# Provincial staff (Dinsos Provinsi, BPBD coordination): everything, province-wide.
STAF_PROVINSI = frozenset(Perm)

# Kabupaten/kota officers: field work in their own kabupaten/kota. Reference data; shelters, headcounts, evacuees
# (NIK on the detail page) and psychosocial sessions; disasters read, field reports written, needs and 3W kept;
# their own PMKS clients (specific personal data, UU 27/2022: no merge, import, export or data-subject report);
# KSB units and TAGANA members with trainings and deployments; meetings they are invited to or that concern them;
# BMKG warnings and reports of what they can see; Jitupasna input while open; health posts and access status;
# their warehouses, requests to the province and receipts (deciding and dispatching stay with the province).
PETUGAS_KABKOTA = frozenset(
    {
        Perm.REGION_VIEW,
        Perm.AGENCY_VIEW,
        Perm.SHELTER_VIEW,
        Perm.SHELTER_CREATE,
        Perm.SHELTER_CHANGE,
        Perm.OCCUPANCY_RECORD,
        Perm.EVACUEE_VIEW,
        Perm.EVACUEE_CHANGE,
        Perm.EVACUEE_VIEW_NIK,
        Perm.LDP_VIEW,
        Perm.LDP_RECORD,
        Perm.DISASTER_VIEW,
        Perm.FIELDREPORT_VIEW,
        Perm.FIELDREPORT_CREATE,
        Perm.NEED_VIEW,
        Perm.NEED_MANAGE,
        Perm.ACTIVITY_VIEW,
        Perm.ACTIVITY_MANAGE,
        Perm.PMKS_VIEW,
        Perm.PMKS_VIEW_NIK,
        Perm.PMKS_CHANGE,
        Perm.VOLUNTEER_VIEW,
        Perm.VOLUNTEER_VIEW_PERSONAL,
        Perm.VOLUNTEER_CHANGE,
        Perm.VOLUNTEER_IMPORT,
        Perm.TRAINING_MANAGE,
        Perm.DEPLOYMENT_MANAGE,
        Perm.MEETING_VIEW,
        Perm.ACTION_ITEM_UPDATE,
        Perm.DOCUMENT_INPUT_SUBMIT,
        Perm.WARNING_VIEW,
        Perm.REPORT_VIEW,
        Perm.REPORT_REQUEST,
        Perm.JITUPASNA_VIEW,
        Perm.JITUPASNA_INPUT,
        Perm.HEALTH_VIEW,
        Perm.HEALTH_RECORD,
        Perm.ACCESS_VIEW,
        Perm.ACCESS_RECORD,
        Perm.LOGISTICS_VIEW,
        Perm.STOCK_POST,
        Perm.LOGISTICS_REQUEST,
        Perm.LOGISTICS_RECEIVE,
        Perm.DONATION_RECORD,
        Perm.LOCATION_MANAGE,
    }
)

# Kabupaten/kota coordinators (koordinator kab/kota: the head of the Dinsos kab/kota or their delegate): everything a
# kabupaten/kota officer does, plus the first approval level of field reports written in their kabupaten/kota (the
# province verifies after them, unless a disaster runs with one level).
KOORDINATOR_KABKOTA = PETUGAS_KABKOTA | {Perm.FIELDREPORT_APPROVE}

# Cluster coordinators (a cluster's lead agency, province-wide for their clusters): shelter changes, headcounts and
# psychosocial sessions but no evacuee NIK; needs and 3W of their clusters; the verified picture of disasters;
# volunteers' non-personal fields; the meetings of their clusters, which they run; warnings and reports; Jitupasna
# input; their cluster's health or access figures; stock seen province-wide and requests for a shelter. No PMKS.
KOORDINATOR_KLASTER = frozenset(
    {
        Perm.REGION_VIEW,
        Perm.AGENCY_VIEW,
        Perm.SHELTER_VIEW,
        Perm.SHELTER_CHANGE,
        Perm.OCCUPANCY_RECORD,
        Perm.EVACUEE_VIEW,
        Perm.LDP_VIEW,
        Perm.LDP_RECORD,
        Perm.DISASTER_VIEW,
        Perm.FIELDREPORT_VIEW,
        Perm.NEED_VIEW,
        Perm.NEED_MANAGE,
        Perm.ACTIVITY_VIEW,
        Perm.ACTIVITY_MANAGE,
        Perm.VOLUNTEER_VIEW,
        Perm.MEETING_VIEW,
        Perm.MEETING_MANAGE,
        Perm.ACTION_ITEM_UPDATE,
        Perm.DOCUMENT_INPUT_SUBMIT,
        Perm.WARNING_VIEW,
        Perm.REPORT_VIEW,
        Perm.REPORT_REQUEST,
        Perm.JITUPASNA_VIEW,
        Perm.JITUPASNA_INPUT,
        Perm.HEALTH_VIEW,
        Perm.HEALTH_RECORD,
        Perm.ACCESS_VIEW,
        Perm.ACCESS_RECORD,
        Perm.LOGISTICS_VIEW,
        Perm.LOGISTICS_REQUEST,
    }
)

# Read-only API clients (partners, other government systems): what can be published, never named people
# (no evacuees, PMKS clients, volunteers' personal fields or meetings' participants).
API_CLIENT = frozenset(
    {
        Perm.REGION_VIEW,
        Perm.AGENCY_VIEW,
        Perm.SHELTER_VIEW,
        Perm.LDP_VIEW,
        Perm.DISASTER_VIEW,
        Perm.FIELDREPORT_VIEW,
        Perm.NEED_VIEW,
        Perm.ACTIVITY_VIEW,
        Perm.VOLUNTEER_VIEW,
        Perm.REPORT_VIEW,
        Perm.JITUPASNA_VIEW,
        Perm.HEALTH_VIEW,
        Perm.ACCESS_VIEW,
        Perm.LOGISTICS_VIEW,
    }
)

# Roles bound to exactly one kabupaten/kota (``User.kabkota``); scoping.py limits them to it.
KABKOTA_ROLES = frozenset({Role.PETUGAS_KABKOTA, Role.KOORDINATOR_KABKOTA})

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.STAF_PROVINSI: STAF_PROVINSI,
    Role.PETUGAS_KABKOTA: PETUGAS_KABKOTA,
    Role.KOORDINATOR_KABKOTA: KOORDINATOR_KABKOTA,
    Role.KOORDINATOR_KLASTER: KOORDINATOR_KLASTER,
    Role.API_CLIENT: API_CLIENT,
}


def role_matrix() -> str:
    """The whole role x permission matrix as text, one permission a line (the snapshot the tests compare)."""
    roles = list(Role)
    lines = ["permission".ljust(28) + " ".join(role.value for role in roles)]
    for perm in Perm:
        marks = [
            "x".center(len(role.value)) if perm in ROLE_PERMISSIONS[role] else ".".center(len(role.value))
            for role in roles
        ]
        lines.append(perm.value.ljust(28) + " ".join(marks))
    return "\n".join(lines) + "\n"


def permissions_of(user) -> frozenset[Perm]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Perm)
    return ROLE_PERMISSIONS.get(user.role, frozenset())


def has_perm(user, perm: Perm) -> bool:
    return perm in permissions_of(user)


def require_perm(user, perm: Perm) -> None:
    """Raise PermissionDenied (403) with a message in the user's language when the role lacks ``perm``."""
    if not has_perm(user, perm):
        raise PermissionDenied(_("Your role is not allowed to do this."))
