from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.choices import Sex
from banten_dinsos.core.models import TimeStampedModel

# ---------------------------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------------------------


class Skill(models.Model):
    """A volunteer skill from the reference list (psikososial/LDP, dapur umum, SAR air ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------------------------
# KSB (Kampung Siaga Bencana)
# ---------------------------------------------------------------------------------------------------------------


class KsbStatus(models.TextChoices):
    ACTIVE = "aktif", _("Active")
    LOW = "kurang_aktif", _("Barely active")
    INACTIVE = "tidak_aktif", _("Inactive")


class KsbUnit(TimeStampedModel):
    """A Kampung Siaga Bencana: the community disaster-response body of one desa/kelurahan (Permensos 128/2011)."""

    name = models.CharField(_("name"), max_length=150)
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "desa"},
        related_name="+",
    )
    # Derived from the desa by the service, so scoping by kabupaten/kota needs no join. Indexed by (kabkota, status).
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
        db_index=False,
    )
    decree_number = models.CharField(_("founding decree (SK) number"), max_length=120, blank=True)
    decree_date = models.DateField(_("founding decree (SK) date"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("number of members"), default=0)
    hazards = models.ManyToManyField(
        "clusters.DisasterType", verbose_name=_("hazards faced"), blank=True, related_name="+"
    )
    last_activity_on = models.DateField(_("last activity on"), null=True, blank=True)
    last_activity = models.CharField(_("last activity"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=KsbStatus.choices, default=KsbStatus.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["kabkota_id", "name"]
        verbose_name = _("KSB unit")
        verbose_name_plural = _("KSB units")
        indexes = [models.Index(fields=["kabkota", "status"], name="ksb_unit_kabkota_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["desa", "name"], name="ksb_unit_unique_name_in_desa"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ksb_volunteers:ksb-detail", args=[self.pk])


class KsbOfficerRole(models.TextChoices):
    CHAIR = "ketua", _("Chair (ketua)")
    SECRETARY = "sekretaris", _("Secretary (sekretaris)")
    TREASURER = "bendahara", _("Treasurer (bendahara)")
    COORDINATOR = "koordinator_bidang", _("Section coordinator (koordinator bidang)")


# Roles that a unit has at most one of.
SINGLE_OFFICER_ROLES = (KsbOfficerRole.CHAIR, KsbOfficerRole.SECRETARY, KsbOfficerRole.TREASURER)


class KsbOfficer(models.Model):
    """An officer (pengurus) of a KSB unit with their role; some represent the unit in the provincial KSB forum."""

    unit = models.ForeignKey(KsbUnit, verbose_name=_("KSB unit"), on_delete=models.CASCADE, related_name="officers")
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=KsbOfficerRole.choices)
    section = models.CharField(
        _("section"), max_length=100, blank=True, help_text=_("For section coordinators, e.g. logistics.")
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    in_forum = models.BooleanField(_("in the provincial KSB forum"), default=False)

    class Meta:
        ordering = ["unit_id", "role", "full_name"]
        verbose_name = _("KSB officer")
        verbose_name_plural = _("KSB officers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "role"],
                condition=models.Q(role__in=["ketua", "sekretaris", "bendahara"]),
                name="ksb_officer_one_per_single_role",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"


class LumbungItemKind(models.TextChoices):
    RUBBER_BOAT = "perahu_karet", _("Rubber boat")
    TENT = "tenda", _("Tent")
    GENERATOR = "genset", _("Generator")
    LIFE_JACKET = "pelampung", _("Life jacket")
    CAMP_BED = "velbed", _("Camp bed")
    TARPAULIN = "terpal", _("Tarpaulin")
    BLANKET = "selimut", _("Blanket")
    KITCHEN_SET = "peralatan_dapur", _("Public kitchen equipment")
    RADIO = "radio_komunikasi", _("Two-way radio")
    MEGAPHONE = "megafon", _("Megaphone")
    FIRST_AID_KIT = "kotak_p3k", _("First aid kit")
    OTHER = "lainnya", _("Other")


class ItemCondition(models.TextChoices):
    GOOD = "baik", _("Good")
    LIGHT_DAMAGE = "rusak_ringan", _("Lightly damaged")
    HEAVY_DAMAGE = "rusak_berat", _("Badly damaged")


class LumbungItem(models.Model):
    """One kind of equipment or stock in a KSB unit's logistics store (lumbung), with quantity and condition."""

    unit = models.ForeignKey(KsbUnit, verbose_name=_("KSB unit"), on_delete=models.CASCADE, related_name="lumbung")
    kind = models.CharField(_("item"), max_length=20, choices=LumbungItemKind.choices)
    description = models.CharField(_("description"), max_length=150, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    condition = models.CharField(_("condition"), max_length=15, choices=ItemCondition.choices)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "kind", "condition"]
        verbose_name = _("logistics store item")
        verbose_name_plural = _("logistics store (lumbung)")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "description", "condition"], name="lumbung_item_unique_per_condition"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} × {self.quantity} ({self.get_condition_display()})"


class StakeholderKind(models.TextChoices):
    CSR = "csr", _("Company (CSR)")
    PMI = "pmi", _("Indonesian Red Cross (PMI)")
    MEDIA = "media", _("Media")
    NGO = "lsm", _("Non-governmental organisation")
    GOVERNMENT = "pemerintah", _("Government office")
    UNIVERSITY = "perguruan_tinggi", _("University")
    OTHER = "lainnya", _("Other")


class KsbStakeholder(models.Model):
    """An organisation supporting a KSB unit (company CSR, PMI, media, NGO) and what it provides."""

    unit = models.ForeignKey(KsbUnit, verbose_name=_("KSB unit"), on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=StakeholderKind.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency in the registry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provides = models.CharField(_("what it provides"), max_length=255)
    since = models.DateField(_("supporting since"), null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "name"]
        verbose_name = _("KSB stakeholder")
        verbose_name_plural = _("KSB stakeholders")

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------------------------
# TAGANA members
# ---------------------------------------------------------------------------------------------------------------


class Availability(models.TextChoices):
    STANDBY = "siaga", _("On standby (siaga)")
    DEPLOYED = "bertugas", _("Deployed")
    UNAVAILABLE = "berhalangan", _("Unavailable")
    INACTIVE = "nonaktif", _("Inactive")


class TaganaMember(TimeStampedModel):
    """A TAGANA (Taruna Siaga Bencana) volunteer with their Kemensos member number, home kabupaten/kota and skills."""

    member_number = models.CharField(_("member number (Nomor Induk Anggota)"), max_length=30, unique=True)
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Indexed by (kabkota, availability), which also serves every lookup by kabupaten/kota alone.
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("home kabupaten/kota"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "kabkota"},
        related_name="+",
        db_index=False,
    )
    availability = models.CharField(
        _("availability"), max_length=12, choices=Availability.choices, default=Availability.STANDBY
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("TAGANA member")
        verbose_name_plural = _("TAGANA members")
        indexes = [
            # The availability search: members of one kabupaten/kota who are not marked unavailable or inactive.
            models.Index(fields=["kabkota", "availability"], name="tagana_kabkota_avail_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.member_number})"

    def get_absolute_url(self):
        return reverse("ksb_volunteers:member-detail", args=[self.pk])


class MemberSkill(models.Model):
    """A skill a member holds until ``valid_until``: certified by a training, or recorded on the roster."""

    member = models.ForeignKey(TaganaMember, on_delete=models.CASCADE, related_name="member_skills")
    # Indexed by (skill, valid_until, member): the availability search's way in.
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Empty: recorded on the roster without a certificate date, or a certificate that never expires.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    participation = models.ForeignKey(
        "TrainingParticipation", null=True, blank=True, on_delete=models.CASCADE, related_name="skills_granted"
    )

    class Meta:
        ordering = ["skill__position", "skill__name"]
        verbose_name = _("member skill")
        verbose_name_plural = _("member skills")
        indexes = [
            # The availability search starts from the skill and its validity, then joins the member by key.
            models.Index(fields=["skill", "valid_until", "member"], name="member_skill_search_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "skill"],
                condition=models.Q(participation__isnull=True),
                name="member_skill_one_roster_entry",
            ),
            models.UniqueConstraint(fields=["participation", "skill"], name="member_skill_one_per_certificate"),
        ]

    def __str__(self):
        return str(self.skill)


# ---------------------------------------------------------------------------------------------------------------
# Trainings and exercises
# ---------------------------------------------------------------------------------------------------------------


class TrainingKind(models.TextChoices):
    TRAINING = "pelatihan", _("Training (pelatihan)")
    SIMULATION = "simulasi", _("Simulation (simulasi)")
    DRILL = "gladi", _("Drill (gladi)")


class Training(TimeStampedModel):
    """A training, simulation or drill: where and when, who organised it, and which skills it certifies."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=TrainingKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    # The kabupaten/kota where it was held: the scope of this record. Indexed by (kabkota, -starts_on).
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "kabkota"},
        related_name="+",
        db_index=False,
    )
    organiser = models.CharField(_("organiser"), max_length=200)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills certified"), blank=True, related_name="+")
    certificate_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the certificate does not expire."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training or exercise")
        verbose_name_plural = _("trainings and exercises")
        indexes = [models.Index(fields=["kabkota", "-starts_on"], name="training_kabkota_start_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="training_ends_after")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ksb_volunteers:training-detail", args=[self.pk])


class TrainingParticipation(models.Model):
    """A member's participation in a training, with the certificate it earned and when that expires."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(
        TaganaMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="participations"
    )
    passed = models.BooleanField(_("certified"), default=True)
    certificate_number = models.CharField(_("certificate number"), max_length=80, blank=True)
    certificate_expires_on = models.DateField(_("certificate expires on"), null=True, blank=True)

    class Meta:
        ordering = ["training_id", "member__full_name"]
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        constraints = [
            models.UniqueConstraint(fields=["training", "member"], name="training_participant_once"),
        ]

    def __str__(self):
        return f"{self.member} · {self.training}"


# ---------------------------------------------------------------------------------------------------------------
# Deployments
# ---------------------------------------------------------------------------------------------------------------


class DeploymentRole(models.TextChoices):
    ASSESSMENT = "assessment", _("Rapid assessment")
    EVACUATION = "evakuasi", _("Evacuation")
    PUBLIC_KITCHEN = "dapur_umum", _("Public kitchen (dapur umum)")
    SHELTER = "shelter", _("Shelter management")
    PSYCHOSOCIAL = "psikososial", _("Psychosocial support (LDP)")
    LOGISTICS = "logistik", _("Logistics")
    REGISTRATION = "pendataan", _("Registering victims")
    WATER_RESCUE = "sar_air", _("Water search and rescue")
    FIRST_AID = "p3k", _("First aid")
    COORDINATION = "koordinasi", _("Post coordinator")


class DeploymentStatus(models.TextChoices):
    ACTIVE = "bertugas", _("On assignment")
    ENDED = "selesai", _("Ended")
    CANCELLED = "dibatalkan", _("Cancelled")


class Deployment(TimeStampedModel):
    """A TAGANA member or a KSB unit assigned to a disaster, optionally at a shelter or LDP post, for a time window."""

    # The foreign keys below are reached through the composite indexes in Meta, not one index each.
    disaster = models.ForeignKey(
        "clusters.Disaster",
        verbose_name=_("disaster event"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    member = models.ForeignKey(
        TaganaMember,
        verbose_name=_("TAGANA member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deployments",
        db_index=False,
    )
    ksb_unit = models.ForeignKey(
        KsbUnit, verbose_name=_("KSB unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="deployments"
    )
    shelter = models.ForeignKey(
        "shelters.Shelter",
        verbose_name=_("shelter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    ldp_post = models.ForeignKey(
        "shelters.LdpPost",
        verbose_name=_("LDP post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    role = models.CharField(_("role"), max_length=15, choices=DeploymentRole.choices)
    start_at = models.DateTimeField(_("from"))
    end_at = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty: until further notice."))
    status = models.CharField(
        _("status"), max_length=12, choices=DeploymentStatus.choices, default=DeploymentStatus.ACTIVE
    )
    # The home kabupaten/kota of the member or unit, and where the site is: officers of either see the assignment.
    kabkota = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, editable=False, related_name="+", db_index=False
    )
    site_kabkota = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    report = models.TextField(_("assignment report"), blank=True)
    report_submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-start_at", "-id"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        indexes = [
            models.Index(fields=["member", "start_at"], name="deployment_member_start_idx"),
            models.Index(fields=["shelter", "start_at"], name="deployment_shelter_start_idx"),
            models.Index(fields=["ldp_post", "start_at"], name="deployment_post_start_idx"),
            models.Index(fields=["kabkota", "status"], name="deployment_kabkota_status_idx"),
            models.Index(fields=["disaster", "status"], name="deployment_disaster_status_idx"),
        ]
        # No double-booking: on PostgreSQL the exclusion constraint "deployment_no_double_booking" (migration 0002,
        # btree_gist) refuses two overlapping, not cancelled assignments of one member, however many requests race.
        # It is not declared here because SQLite, used by `make run`, would have to rebuild the table with it.
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(member__isnull=False) & models.Q(ksb_unit__isnull=True))
                | (models.Q(member__isnull=True) & models.Q(ksb_unit__isnull=False)),
                name="deployment_member_xor_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(end_at__isnull=True) | models.Q(end_at__gt=models.F("start_at")),
                name="deployment_ends_after_start",
            ),
        ]

    def __str__(self):
        who = self.member or self.ksb_unit
        return f"{who} · {self.get_role_display()} · {self.start_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("ksb_volunteers:deployment-detail", args=[self.pk])

    @property
    def site(self):
        return self.shelter or self.ldp_post


# ---------------------------------------------------------------------------------------------------------------
# Roster imports
# ---------------------------------------------------------------------------------------------------------------


class RosterImport(models.Model):
    """One upload of a TAGANA roster file: how many rows were created, updated or refused, and why (no values kept)."""

    file_name = models.CharField(_("file"), max_length=255)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("members added"), default=0)
    rows_updated = models.PositiveIntegerField(_("members updated"), default=0)
    rows_failed = models.PositiveIntegerField(_("rows refused"), default=0)
    # [{"row": 7, "column": "nik", "message": "..."}]: row numbers and reasons only, never the values.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    kabkota = models.ForeignKey("regions.Region", null=True, on_delete=models.PROTECT, editable=False, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("ksb_volunteers:import-detail", args=[self.pk])
