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
    FIELDREPORT_VERIFY = "fieldreport.verify"
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


_READ = {Perm.REGION_VIEW, Perm.AGENCY_VIEW, Perm.SHELTER_VIEW, Perm.LDP_VIEW}
# Field work on shelters: headcounts, evacuee registration and moves, psychosocial sessions.
_SHELTER_FIELD_WORK = {
    Perm.OCCUPANCY_RECORD,
    Perm.EVACUEE_VIEW,
    Perm.EVACUEE_CHANGE,
    Perm.EVACUEE_VIEW_NIK,
    Perm.LDP_RECORD,
}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.STAF_PROVINSI: frozenset(Perm),
    Role.PETUGAS_KABKOTA: frozenset(_READ | _SHELTER_FIELD_WORK | {Perm.SHELTER_CREATE, Perm.SHELTER_CHANGE}),
    Role.KOORDINATOR_KLASTER: frozenset(
        _READ | {Perm.SHELTER_CHANGE, Perm.OCCUPANCY_RECORD, Perm.EVACUEE_VIEW, Perm.LDP_RECORD}
    ),
    Role.API_CLIENT: frozenset(_READ),
}

# Disasters, field reports, needs and 3W: every role reads; officers report in their kabupaten/kota,
# coordinators keep the needs and activities of their clusters, staf provinsi (every Perm) manages and verifies.
_DISASTER_READ = {Perm.DISASTER_VIEW, Perm.FIELDREPORT_VIEW, Perm.NEED_VIEW, Perm.ACTIVITY_VIEW}
_CLUSTER_WORK = {Perm.NEED_MANAGE, Perm.ACTIVITY_MANAGE}
for _role, _extra in {
    Role.PETUGAS_KABKOTA: _DISASTER_READ | _CLUSTER_WORK | {Perm.FIELDREPORT_CREATE},
    Role.KOORDINATOR_KLASTER: _DISASTER_READ | _CLUSTER_WORK,
    Role.API_CLIENT: _DISASTER_READ,
}.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _extra

# PMKS clients (specific personal data, UU 27/2022): least privilege. Officers keep their own kabupaten/kota's
# clients (whole NIK on the detail page); merging, bulk import, exports and data-subject reports stay with
# staf provinsi. Cluster coordinators and read-only API clients get no access to clients at all.
ROLE_PERMISSIONS[Role.PETUGAS_KABKOTA] |= {Perm.PMKS_VIEW, Perm.PMKS_VIEW_NIK, Perm.PMKS_CHANGE}

# KSB and TAGANA volunteers: officers keep their own kabupaten/kota's units, members, trainings and deployments
# (personal data included); coordinators of the volunteers' clusters and API clients read non-personal fields only.
ROLE_PERMISSIONS[Role.PETUGAS_KABKOTA] |= {
    Perm.VOLUNTEER_VIEW,
    Perm.VOLUNTEER_VIEW_PERSONAL,
    Perm.VOLUNTEER_CHANGE,
    Perm.VOLUNTEER_IMPORT,
    Perm.TRAINING_MANAGE,
    Perm.DEPLOYMENT_MANAGE,
}
ROLE_PERMISSIONS[Role.KOORDINATOR_KLASTER] |= {Perm.VOLUNTEER_VIEW}
ROLE_PERMISSIONS[Role.API_CLIENT] |= {Perm.VOLUNTEER_VIEW}

# Coordination meetings: officers see the meetings they are invited to or that concern their kabupaten/kota, update
# the action items their agency owns and send their agency's input on drafts; coordinators also run the meetings of
# their clusters. Read-only API clients get none of it (participants are named people).
_MEETING_WORK = {Perm.MEETING_VIEW, Perm.ACTION_ITEM_UPDATE, Perm.DOCUMENT_INPUT_SUBMIT}
ROLE_PERMISSIONS[Role.PETUGAS_KABKOTA] |= _MEETING_WORK
ROLE_PERMISSIONS[Role.KOORDINATOR_KLASTER] |= _MEETING_WORK | {Perm.MEETING_MANAGE}

# Alerts and reports: everyone signed in gets their own notifications. Officers and coordinators read BMKG warnings
# and request reports of what they can see; API clients read reports. Webhooks and the delivery log stay with staf
# provinsi (NOTIFICATION_MANAGE), and so does turning a warning into a disaster event (DISASTER_MANAGE).
for _role in (Role.PETUGAS_KABKOTA, Role.KOORDINATOR_KLASTER):
    ROLE_PERMISSIONS[_role] |= {Perm.WARNING_VIEW, Perm.REPORT_VIEW, Perm.REPORT_REQUEST}
ROLE_PERMISSIONS[Role.API_CLIENT] |= {Perm.REPORT_VIEW}

# Jitupasna (post-disaster needs assessment): BPBD/staf provinsi draft, pre-fill, open and finalise it
# (JITUPASNA_MANAGE). While it is open, officers enter their own kabupaten/kota's figures and the users of the agency
# responsible for a sub-sector enter that sub-sector's (JITUPASNA_INPUT; the sub-sector and area rule is in
# jitupasna.selectors.can_enter). Read-only API clients read final assessments only.
ROLE_PERMISSIONS[Role.PETUGAS_KABKOTA] |= {Perm.JITUPASNA_VIEW, Perm.JITUPASNA_INPUT}
ROLE_PERMISSIONS[Role.KOORDINATOR_KLASTER] |= {Perm.JITUPASNA_VIEW, Perm.JITUPASNA_INPUT}
ROLE_PERMISSIONS[Role.API_CLIENT] |= {Perm.JITUPASNA_VIEW}

# Health posts, consultations and outbreak signals (Klaster Kesehatan) and access and basic services (Sarana dan
# Prasarana): officers record their own kabupaten/kota's; coordinators record their cluster's across the province
# (the area and cluster rule is in scoping: a Kesehatan member sees nothing of access status and the reverse).
# Neither gets evacuees' or PMKS clients' personal data from it. Read-only API clients read both.
for _role in (Role.PETUGAS_KABKOTA, Role.KOORDINATOR_KLASTER):
    ROLE_PERMISSIONS[_role] |= {Perm.HEALTH_VIEW, Perm.HEALTH_RECORD, Perm.ACCESS_VIEW, Perm.ACCESS_RECORD}
ROLE_PERMISSIONS[Role.API_CLIENT] |= {Perm.HEALTH_VIEW, Perm.ACCESS_VIEW}

# Logistics (buffer stock, requests, distribution): officers keep their own kabupaten/kota's warehouses and KSB stores
# (receipts, issues, counts, donations), request goods from the province and confirm what arrives; deciding on and
# dispatching requests stays with staf provinsi. Coordinators of the Logistik cluster see stock province-wide (scoping)
# and may request for a shelter; read-only API clients read stock and distributions.
ROLE_PERMISSIONS[Role.PETUGAS_KABKOTA] |= {
    Perm.LOGISTICS_VIEW,
    Perm.STOCK_POST,
    Perm.LOGISTICS_REQUEST,
    Perm.LOGISTICS_RECEIVE,
    Perm.DONATION_RECORD,
    Perm.LOCATION_MANAGE,
}
ROLE_PERMISSIONS[Role.KOORDINATOR_KLASTER] |= {Perm.LOGISTICS_VIEW, Perm.LOGISTICS_REQUEST}
ROLE_PERMISSIONS[Role.API_CLIENT] |= {Perm.LOGISTICS_VIEW}


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
