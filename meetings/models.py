from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.models import TimeStampedModel
from banten_dinsos.core.storage import private_storage

WIB = ZoneInfo("Asia/Jakarta")


def today_wib() -> date:
    """Today's date in Banten (WIB), whatever timezone the request or worker runs in."""
    return timezone.localdate(timezone=WIB)


def get_meeting_storage():
    """The private storage (``STORAGES["private"]``); the name stays because migrations refer to it."""
    return private_storage()


class MeetingKind(models.TextChoices):
    RAKOR = "rakor", _("Coordination meeting (rapat koordinasi)")
    FGD = "fgd", _("Focus group discussion (FGD)")
    KUNKER = "kunjungan_kerja", _("Working visit (kunjungan kerja)")
    PENYUSUNAN_DOKUMEN = "penyusunan_dokumen", _("Document drafting meeting (rapat penyusunan dokumen)")
    SIMULASI = "simulasi", _("Simulation or drill (simulasi/gladi)")
    LAINNYA = "lainnya", _("Other meeting")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "terjadwal", _("Scheduled")
    CANCELLED = "dibatalkan", _("Cancelled")


class Meeting(TimeStampedModel):
    """A coordination meeting (rakor, FGD, working visit, drafting meeting, drill) with its attendance and minutes."""

    kind = models.CharField(_("kind of meeting"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("purpose"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    chair = models.CharField(
        _("chair"), max_length=200, help_text=_("Name or position of whoever chairs it, e.g. Gubernur Banten.")
    )
    organizer = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("organising agency"),
        on_delete=models.PROTECT,
        related_name="organized_meetings",
    )
    disaster = models.ForeignKey(
        "clusters.Disaster",
        verbose_name=_("disaster event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    clusters = models.ManyToManyField(
        "clusters.Cluster", verbose_name=_("clusters"), blank=True, related_name="meetings"
    )
    concerned_kabkota = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("kabupaten/kota concerned"),
        blank=True,
        limit_choices_to={"level": "kabkota"},
        related_name="meetings",
        help_text=_("Officers of these kabupaten/kota see the meeting even when they are not invited."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)
    # iCalendar SEQUENCE: raised whenever the time, place or status changes, so calendars replace the old copy.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    minutes_summary = models.TextField(_("minutes summary"), blank=True)
    minutes_updated_at = models.DateTimeField(_("minutes last changed"), null=True, blank=True, editable=False)
    minutes_pdf = models.FileField(
        _("minutes PDF"), storage=get_meeting_storage, upload_to="meetings/minutes/", blank=True, editable=False
    )
    minutes_pdf_sha256 = models.CharField(_("minutes PDF checksum (SHA-256)"), max_length=64, blank=True)
    # Fingerprint of the data the stored PDF was built from: an unchanged meeting is not rebuilt.
    minutes_pdf_source = models.CharField(max_length=64, blank=True, editable=False)
    minutes_pdf_built_at = models.DateTimeField(_("minutes PDF built at"), null=True, blank=True, editable=False)
    minutes_pdf_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        indexes = [
            models.Index(fields=["starts_at"], name="meeting_starts_idx"),
            models.Index(fields=["kind", "starts_at"], name="meeting_kind_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_url=""),
                name="meeting_has_place_or_link",
                violation_error_message=_("Give the place of the meeting, or an online meeting link."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def held_on(self) -> date:
        """The meeting's date in WIB."""
        return timezone.localtime(self.starts_at, WIB).date()

    @property
    def minutes_pdf_pending(self) -> bool:
        return bool(self.minutes_pdf_requested_at) and (
            self.minutes_pdf_built_at is None or self.minutes_pdf_requested_at > self.minutes_pdf_built_at
        )


class AgendaItem(models.Model):
    """One item on a meeting's agenda, with the points the minutes record under it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("coordination meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("agenda item"), max_length=255)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    minutes_points = models.TextField(_("points discussed"), blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_position_unique",
                violation_error_message=_("Two agenda items cannot have the same place in the order."),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Decision(models.Model):
    """A decision (kesepakatan/keputusan) recorded in a meeting's minutes; action items follow from it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("coordination meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:80]


class ParticipantGroup(models.TextChoices):
    GOVERNMENT = "pemerintah", _("Government staff")
    KSB = "ksb", _("KSB officers (pengurus KSB)")
    TAGANA = "tagana", _("TAGANA members")
    PARTNER = "mitra", _("Partners (PMI, NGO, companies, media)")
    COMMUNITY = "masyarakat", _("Community members")
    OTHER = "lainnya", _("Other participants")


class AttendanceStatus(models.TextChoices):
    NOT_RECORDED = "belum_dicatat", _("Not recorded")
    PRESENT = "hadir", _("Present")
    REPRESENTED = "diwakili", _("Represented")
    ABSENT = "tidak_hadir", _("Absent")


ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED)


class Participant(models.Model):
    """An agency or person invited to a meeting (or who came uninvited: a walk-in), with their attendance.

    Three shapes: an invited agency (``agency`` only), a portal user (``user``), or a person without an account
    (``name`` with organisation, position, kabupaten/kota and phone). The kabupaten/kota is stored, resolved once
    from the person or agency, so the counts people quote group on one column.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("coordination meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("role or position"), max_length=200, blank=True)
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": "kabkota"},
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    group = models.CharField(
        _("participant group"), max_length=20, choices=ParticipantGroup.choices, default=ParticipantGroup.GOVERNMENT
    )
    is_walk_in = models.BooleanField(
        _("walk-in"), default=False, help_text=_("Came without an invitation; recorded when attendance was taken.")
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.NOT_RECORDED
    )
    represented_by = models.CharField(_("represented by"), max_length=200, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["meeting", "attendance"], name="participant_attendance_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(agency__isnull=False) | ~models.Q(name=""),
                name="participant_has_identity",
                violation_error_message=_("Choose an agency or a portal user, or write the person's name."),
            ),
            models.CheckConstraint(
                condition=~models.Q(attendance="diwakili") | ~models.Q(represented_by=""),
                name="participant_represented_by_named",
                violation_error_message=_("Write the name of whoever represented the participant."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="participant_user_once",
                violation_error_message=_("This person is already on the list of participants."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "agency"],
                condition=models.Q(user__isnull=True, name=""),
                name="participant_agency_invited_once",
                violation_error_message=_("This agency has already been invited."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_agency_invitation(self) -> bool:
        return self.user_id is None and not self.name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id:
            return str(self.user)
        return str(self.agency)

    @property
    def organisation_label(self) -> str:
        if self.agency_id:
            return self.agency.name
        return self.organisation

    @property
    def attended(self) -> bool:
        return self.attendance in ATTENDED


class ActionItemStatus(models.TextChoices):
    OPEN = "terbuka", _("Open (to do)")
    IN_PROGRESS = "dikerjakan", _("In progress")
    DONE = "selesai", _("Done")
    DROPPED = "dibatalkan", _("Dropped")


CLOSED_ACTION_STATUSES = (ActionItemStatus.DONE, ActionItemStatus.DROPPED)


class ActionItemQuerySet(models.QuerySet):
    def overdue(self, today: date | None = None):
        """Due before today (WIB) and neither done nor dropped."""
        return self.filter(due_on__lt=today or today_wib()).exclude(status__in=CLOSED_ACTION_STATUSES)


class ActionItem(TimeStampedModel):
    """A follow-up (tindak lanjut) of a meeting: what an agency must do by a date, and how far it has got."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("coordination meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    title = models.CharField(_("action"), max_length=255)
    description = models.TextField(_("details"), blank=True)
    owner_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("owner agency"), on_delete=models.PROTECT, related_name="action_items"
    )
    owner_person = models.CharField(_("person responsible"), max_length=200, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_action_items",
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Set by the alert pipeline when it has sent the day's reminder, so an owner is reminded at most once a day.
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_item_status_due_idx"),
            models.Index(fields=["owner_agency", "status"], name="actionitem_owner_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | models.Q(status="selesai"),
                name="action_item_completed_only_when_done",
                violation_error_message=_("Only a done action item has a completion date."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:action-item-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_ACTION_STATUSES

    def is_overdue_on(self, today: date) -> bool:
        return not self.is_closed and self.due_on < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(today_wib())

    @property
    def days_overdue(self) -> int:
        return max((today_wib() - self.due_on).days, 0) if not self.is_closed else 0


class ActionItemProgress(models.Model):
    """A dated progress note on an action item, with the status it left the item in."""

    action_item = models.ForeignKey(
        ActionItem, verbose_name=_("action item"), on_delete=models.CASCADE, related_name="progress_notes"
    )
    noted_on = models.DateField(_("date"))
    note = models.TextField(_("progress note"))
    status = models.CharField(_("status"), max_length=20, choices=ActionItemStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-noted_on", "-id"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self):
        return f"{self.noted_on}: {self.note[:60]}"


DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods"]


class InputRound(TimeStampedModel):
    """A draft document (e.g. the Jitupasna draft) opened for written input from named agencies until a deadline.

    A round may belong to a meeting or stand alone, so other modules can open rounds on their own documents.
    """

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("coordination meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="input_rounds",
    )
    title = models.CharField(_("draft document"), max_length=255)
    description = models.TextField(_("what input is asked for"), blank=True)
    document = models.FileField(
        _("draft file"),
        storage=get_meeting_storage,
        upload_to="meetings/drafts/",
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )
    document_url = models.URLField(_("link to the draft"), max_length=500, blank=True)
    deadline = models.DateTimeField(_("deadline for input"))
    agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("agencies asked for input"), related_name="input_rounds"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = _("document input round")
        verbose_name_plural = _("document input rounds")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:input-round-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_past_deadline(self) -> bool:
        return timezone.now() > self.deadline


class DocumentInput(models.Model):
    """One agency's written input on a draft document in an input round; input after the deadline is marked late."""

    round = models.ForeignKey(
        InputRound, verbose_name=_("document input round"), on_delete=models.CASCADE, related_name="inputs"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="document_inputs"
    )
    text = models.TextField(_("input"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("sent at"), default=timezone.now)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        ordering = ["round", "submitted_at", "id"]
        verbose_name = _("document input")
        verbose_name_plural = _("document inputs")
        indexes = [models.Index(fields=["round", "agency"], name="docinput_round_agency_idx")]

    def __str__(self):
        return f"{self.agency} @ {self.submitted_at:%Y-%m-%d %H:%M}"


# The details of a meeting its organisers change (forms, serializers and the services take the same fields).
MEETING_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "chair",
    "organizer",
    "disaster",
)
