from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.choices import Sex
from banten_dinsos.core.models import TimeStampedModel, latitude_field, longitude_field


class ShelterKind(models.TextChoices):
    SEKOLAH = "sekolah", _("School")
    MASJID = "masjid", _("Mosque or prayer house")
    BALAI_DESA = "balai_desa", _("Village hall")
    TENDA = "tenda", _("Tent camp")
    GEDUNG_PEMERINTAH = "gedung_pemerintah", _("Government building")
    LAINNYA = "lainnya", _("Other")


class ShelterStatus(models.TextChoices):
    PREPARED = "disiapkan", _("Prepared")
    OPEN = "dibuka", _("Open")
    CLOSED = "ditutup", _("Closed")


class SphereState(models.TextChoices):
    OK = "ok", _("Meets the standard")
    WARNING = "warning", _("Close to the limit")
    BREACH = "breach", _("Below the minimum standard")
    NO_DATA = "no_data", _("No headcount yet")


class Shelter(TimeStampedModel):
    """A place where displaced people shelter (tempat pengungsian), located in one desa/kelurahan."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ShelterKind.choices)
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "desa"},
        related_name="+",
    )
    # Stored (derived from the desa by the service) so scoping and grouping by kabupaten/kota need no join.
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    capacity = models.PositiveIntegerField(_("capacity (people)"), validators=[MaxValueValidator(100_000)])
    covered_area_m2 = models.DecimalField(
        _("covered living area (m²)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    latrines = models.PositiveIntegerField(_("latrines"), default=0)
    water_points = models.PositiveIntegerField(_("water points"), default=0)
    water_litres_per_day = models.PositiveIntegerField(_("water supplied (litres/day)"), default=0)
    has_public_kitchen = models.BooleanField(_("public kitchen (dapur umum)"), default=False)
    is_accessible = models.BooleanField(_("accessible for people with disabilities"), default=False)
    managing_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("managing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ShelterStatus.choices, default=ShelterStatus.PREPARED)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    disasters = models.ManyToManyField(
        "clusters.Disaster", verbose_name=_("disasters served"), blank=True, related_name="shelters"
    )
    # The latest headcount, kept here by the occupancy service so lists, maps and the dashboard need no subquery.
    current_total = models.PositiveIntegerField(_("people now"), default=0, editable=False)
    current_observed_at = models.DateTimeField(_("counted at"), null=True, blank=True, editable=False)
    # Worst state over the Sphere indicators, recomputed whenever figures or thresholds change.
    sphere_state = models.CharField(
        _("Sphere state"), max_length=10, choices=SphereState.choices, default=SphereState.NO_DATA, editable=False
    )
    # Optimistic concurrency: every change increments it; a change based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["kabkota_id", "name"]
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        indexes = [
            models.Index(fields=["kabkota", "status"], name="shelter_kabkota_status_idx"),
            models.Index(fields=["sphere_state"], name="shelter_sphere_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="shelter_closed_after_opened",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("shelters:detail", args=[self.pk])


class SphereIndicator(models.TextChoices):
    SPACE_PER_PERSON = "space_per_person", _("Covered living space per person (m²)")
    PEOPLE_PER_LATRINE = "people_per_latrine", _("People per latrine")
    PEOPLE_PER_WATER_POINT = "people_per_water_point", _("People per water point")
    WATER_PER_PERSON = "water_per_person", _("Water per person per day (litres)")
    OCCUPANCY = "occupancy", _("Occupancy against capacity (%)")


class SphereThreshold(models.Model):
    """An editable minimum standard for one shelter indicator, with the margin that counts as a warning."""

    indicator = models.CharField(_("indicator"), max_length=30, choices=SphereIndicator.choices, unique=True)
    # True when more is better (space, water); False when less is better (people per latrine, occupancy).
    higher_is_better = models.BooleanField(_("higher is better"))
    limit = models.DecimalField(_("minimum standard"), max_digits=8, decimal_places=2)
    warning_limit = models.DecimalField(
        _("warning from"),
        max_digits=8,
        decimal_places=2,
        help_text=_("Still within the standard but close to it: shown as a warning."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["indicator"]
        verbose_name = _("Sphere threshold")
        verbose_name_plural = _("Sphere thresholds")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(higher_is_better=True, warning_limit__gte=models.F("limit")))
                | (models.Q(higher_is_better=False, warning_limit__lte=models.F("limit"))),
                name="sphere_warning_inside_standard",
            )
        ]

    def __str__(self):
        return self.get_indicator_display()


class OccupancyCount(models.Model):
    """One headcount of a shelter at a moment, with its breakdown; the latest one is the current figure."""

    shelter = models.ForeignKey(Shelter, verbose_name=_("shelter"), on_delete=models.PROTECT, related_name="counts")
    observed_at = models.DateTimeField(_("counted at"))
    total = models.PositiveIntegerField(_("people"), validators=[MaxValueValidator(50_000)])
    male = models.PositiveIntegerField(_("male"), default=0)
    female = models.PositiveIntegerField(_("female"), default=0)
    balita = models.PositiveIntegerField(_("under five (balita)"), default=0)
    anak = models.PositiveIntegerField(_("children 5–17"), default=0)
    dewasa = models.PositiveIntegerField(_("adults 18–59"), default=0)
    lansia = models.PositiveIntegerField(_("older people 60+ (lansia)"), default=0)
    pregnant_or_nursing = models.PositiveIntegerField(_("pregnant or nursing women"), default=0)
    disabled = models.PositiveIntegerField(_("people with disabilities"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)
    # Client-generated, so a phone that resends the same headcount creates it once.
    idempotency_key = models.UUIDField(_("idempotency key"), null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-observed_at", "-id"]
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        indexes = [models.Index(fields=["shelter", "-observed_at"], name="occupancy_shelter_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(male__lte=models.F("total") - models.F("female")), name="occupancy_sexes_fit_total"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    balita__lte=models.F("total") - models.F("anak") - models.F("dewasa") - models.F("lansia")
                ),
                name="occupancy_ages_fit_total",
            ),
        ]

    def __str__(self):
        return f"{self.shelter} · {self.total} @ {self.observed_at:%Y-%m-%d %H:%M}"


class EvacueeStatus(models.TextChoices):
    CHECKED_IN = "di_pengungsian", _("In a shelter")
    CHECKED_OUT = "keluar", _("Checked out")


class Evacuee(TimeStampedModel):
    """A displaced person registered individually, grouped by family card (No. KK), with where they shelter now."""

    full_name = models.CharField(_("full name"), max_length=150)
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True)
    no_kk = models.CharField(_("family card number (No. KK)"), max_length=16, blank=True, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    origin_desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("home desa/kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": "desa"},
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_pregnant = models.BooleanField(_("pregnant"), default=False)
    is_nursing = models.BooleanField(_("nursing mother"), default=False)
    has_disability = models.BooleanField(_("has a disability"), default=False)
    is_chronically_ill = models.BooleanField(_("chronic illness"), default=False)
    is_unaccompanied_child = models.BooleanField(_("unaccompanied or separated child"), default=False)
    shelter = models.ForeignKey(
        Shelter, verbose_name=_("shelter"), null=True, blank=True, on_delete=models.PROTECT, related_name="evacuees"
    )
    # The kabupaten/kota of the shelter that registered or holds them: the scope of this record.
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    status = models.CharField(_("status"), max_length=15, choices=EvacueeStatus.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("evacuee")
        verbose_name_plural = _("evacuees")
        indexes = [models.Index(fields=["kabkota", "status"], name="evacuee_kabkota_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["nik"], condition=models.Q(nik__isnull=False), name="evacuee_unique_nik"),
            models.CheckConstraint(
                condition=models.Q(status="keluar") | models.Q(shelter__isnull=False), name="evacuee_in_shelter"
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("shelters:evacuee-detail", args=[self.pk])


class MovementKind(models.TextChoices):
    CHECK_IN = "masuk", _("Check-in")
    TRANSFER = "pindah", _("Transfer")
    CHECK_OUT = "keluar", _("Check-out")


class EvacueeMovement(models.Model):
    """One check-in, transfer or check-out of an evacuee: the full history of where they sheltered."""

    evacuee = models.ForeignKey(Evacuee, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    from_shelter = models.ForeignKey(
        Shelter, verbose_name=_("from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_shelter = models.ForeignKey(
        Shelter, verbose_name=_("to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("evacuee movement")
        verbose_name_plural = _("evacuee movements")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class LdpPostKind(models.TextChoices):
    FIXED = "tetap", _("Fixed post")
    MOBILE = "keliling", _("Mobile service")


class LdpPost(TimeStampedModel):
    """A psychosocial support (LDP) post, fixed or mobile, serving one area and possibly a shelter."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=LdpPostKind.choices)
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "desa"},
        related_name="+",
    )
    kabkota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, editable=False, related_name="+")
    shelter = models.ForeignKey(
        Shelter, verbose_name=_("shelter"), null=True, blank=True, on_delete=models.PROTECT, related_name="ldp_posts"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("LDP post")
        verbose_name_plural = _("LDP posts")

    def __str__(self):
        return self.name


class LdpSessionKind(models.TextChoices):
    PFA = "pfa", _("Psychological first aid")
    COUNSELLING = "konseling", _("Counselling")
    PLAY = "terapi_bermain", _("Play therapy / child-friendly space")
    PSYCHOEDUCATION = "psikoedukasi", _("Psychoeducation")
    GROUP = "kelompok", _("Group activity")


class LdpProvider(models.TextChoices):
    TAGANA = "tagana", _("TAGANA")
    SOCIAL_WORKER = "peksos", _("Social worker")
    PSYCHOLOGIST = "psikolog", _("Psychologist")
    COUNSELLOR = "konselor", _("Counsellor")
    TKSK = "tksk", _("TKSK")
    PKH = "pkh", _("PKH facilitator")


class LdpSession(models.Model):
    """A psychosocial support session delivered at a shelter or LDP post, with how many people it reached."""

    shelter = models.ForeignKey(
        Shelter, verbose_name=_("shelter"), null=True, blank=True, on_delete=models.PROTECT, related_name="ldp_sessions"
    )
    post = models.ForeignKey(
        LdpPost, verbose_name=_("LDP post"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    kabkota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, editable=False, related_name="+")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind of support"), max_length=20, choices=LdpSessionKind.choices)
    provider = models.CharField(_("provider"), max_length=10, choices=LdpProvider.choices)
    providers_count = models.PositiveSmallIntegerField(_("workers present"), default=1)
    reached_children_male = models.PositiveIntegerField(_("boys reached"), default=0)
    reached_children_female = models.PositiveIntegerField(_("girls reached"), default=0)
    reached_adult_male = models.PositiveIntegerField(_("men reached"), default=0)
    reached_adult_female = models.PositiveIntegerField(_("women reached"), default=0)
    reached_older = models.PositiveIntegerField(_("older people reached"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("LDP session")
        verbose_name_plural = _("LDP sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shelter__isnull=False) | models.Q(post__isnull=False), name="ldp_session_has_place"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"

    @property
    def reached_total(self):
        return (
            self.reached_children_male
            + self.reached_children_female
            + self.reached_adult_male
            + self.reached_adult_female
            + self.reached_older
        )


class ReferralStatus(models.TextChoices):
    REFERRED = "dirujuk", _("Referred")
    ACCEPTED = "diterima", _("Accepted")
    COMPLETED = "selesai", _("Completed")
    DECLINED = "ditolak", _("Declined")


class LdpReferral(models.Model):
    """A referral from an LDP session to a professional service, and what came of it (no names kept here)."""

    session = models.ForeignKey(LdpSession, on_delete=models.PROTECT, related_name="referrals")
    referred_to = models.CharField(_("referred to"), max_length=150)
    people = models.PositiveSmallIntegerField(_("people referred"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("LDP referral")
        verbose_name_plural = _("LDP referrals")

    def __str__(self):
        return self.referred_to
