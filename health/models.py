from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.choices import Sex
from banten_dinsos.core.models import TimeStampedModel

# Health posts, consultations and signals belong to the Kesehatan cluster (SK BNPB 173/2014; Dinas Kesehatan leads).
HEALTH_CLUSTERS = ("kesehatan",)


class Complaint(models.Model):
    """A presenting complaint counted at health posts (ISPA, diare, ...); reference data editable in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_psychosocial = models.BooleanField(
        _("psychosocial"), default=False, help_text=_("Cases can be referred to the LDP psychosocial services.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self):
        return self.name


class AgeGroup(models.TextChoices):
    BALITA = "balita", _("Under 5")
    ANAK = "anak", _("5–14 years")
    DEWASA = "dewasa", _("15–59 years")
    LANSIA = "lansia", _("60 years and over")


class PostKind(models.TextChoices):
    FIXED = "tetap", _("Fixed post")
    MOBILE = "keliling", _("Mobile team")


class OrganisationKind(models.TextChoices):
    PUSKESMAS = "puskesmas", _("Puskesmas")
    HOSPITAL = "rumah_sakit", _("Hospital")
    PMI = "pmi", _("PMI (Indonesian Red Cross)")
    DINKES = "dinkes", _("Dinas Kesehatan")
    OTHER = "lainnya", _("Other organisation")


class HealthPost(TimeStampedModel):
    """A health post (pos kesehatan), fixed or mobile, at a shelter or in a desa, serving one disaster."""

    disaster = models.ForeignKey(
        "clusters.Disaster", verbose_name=_("disaster event"), on_delete=models.PROTECT, related_name="health_posts"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices, default=PostKind.FIXED)
    shelter = models.ForeignKey(
        "shelters.Shelter",
        verbose_name=_("shelter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="health_posts",
        help_text=_("Leave empty for a post in a desa outside a shelter."),
    )
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "desa"},
        related_name="+",
    )
    # Derived from the desa by the service, so scoping and grouping need no join.
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    organisation_kind = models.CharField(_("run by"), max_length=15, choices=OrganisationKind.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    doctors = models.PositiveSmallIntegerField(_("doctors on duty"), default=0)
    nurses = models.PositiveSmallIntegerField(_("nurses on duty"), default=0)
    midwives = models.PositiveSmallIntegerField(_("midwives on duty"), default=0)
    other_staff = models.PositiveSmallIntegerField(_("other staff on duty"), default=0)
    displaced_served = models.PositiveIntegerField(
        _("displaced people served"),
        null=True,
        blank=True,
        help_text=_("For a post outside a shelter: the displaced population it serves (rates per 1,000 use it)."),
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # Kept by the services in the same transaction as the consultations and signals they sum, so cluster status
    # reads one GROUP BY over posts (``manage.py rebuild_health_totals`` recomputes them).
    consultations_total = models.PositiveIntegerField(_("consultations so far"), default=0, editable=False)
    referrals_total = models.PositiveIntegerField(_("referrals so far"), default=0, editable=False)
    signals_open = models.PositiveSmallIntegerField(_("open signals"), default=0, editable=False)
    last_reported_on = models.DateField(_("last day reported"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["kabkota_id", "name", "id"]
        verbose_name = _("health post")
        verbose_name_plural = _("health posts")
        indexes = [models.Index(fields=["disaster", "kabkota"], name="healthpost_disaster_kk_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="healthpost_closed_after_opened",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("health:post-detail", args=[self.pk])

    @property
    def staff_on_duty(self) -> int:
        return self.doctors + self.nurses + self.midwives + self.other_staff

    def displaced_population(self) -> int | None:
        """The displaced people this post serves: the shelter's latest headcount, else the figure entered."""
        if self.shelter_id and self.shelter.current_total:
            return self.shelter.current_total
        return self.displaced_served


class Consultation(TimeStampedModel):
    """One day's consultations at one health post: the total, counts by complaint × age × sex, and outcomes."""

    post = models.ForeignKey(
        HealthPost, verbose_name=_("health post"), on_delete=models.PROTECT, related_name="consultations"
    )
    date = models.DateField(_("date"))
    # Copied from the post, so lists and GROUP BYs by disaster and kabupaten/kota need no join.
    disaster = models.ForeignKey(
        "clusters.Disaster", on_delete=models.PROTECT, editable=False, related_name="+", verbose_name=_("disaster")
    )
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    total = models.PositiveIntegerField(_("consultations"))
    referrals = models.PositiveIntegerField(_("referred to hospital"), default=0)
    referred_ldp = models.PositiveIntegerField(_("referred to LDP psychosocial support"), default=0)
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    pregnant_women = models.PositiveIntegerField(_("pregnant women served"), default=0)
    infants = models.PositiveIntegerField(_("infants served"), default=0)
    disabled = models.PositiveIntegerField(_("people with disabilities served"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-date", "post_id"]
        verbose_name = _("daily consultations")
        verbose_name_plural = _("daily consultations")
        constraints = [models.UniqueConstraint(fields=["post", "date"], name="consultation_one_per_post_day")]
        indexes = [models.Index(fields=["disaster", "date"], name="consult_disaster_date_idx")]

    def __str__(self):
        return f"{self.post} {self.date:%Y-%m-%d}"


class ConsultationCount(models.Model):
    """How many consultations of one day were for one complaint, in one age group and sex."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("daily consultations"), on_delete=models.CASCADE, related_name="counts"
    )
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="counts"
    )
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        ordering = ["complaint__position", "age_group", "sex"]
        verbose_name = _("consultation count")
        verbose_name_plural = _("consultation counts")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "complaint", "age_group", "sex"], name="consultation_count_unique_cell"
            )
        ]

    def __str__(self):
        return f"{self.complaint} {self.age_group} {self.sex}: {self.count}"


class ThresholdRule(models.TextChoices):
    RATE = "rate_per_1000", _("Cases per day above a rate per 1,000 displaced people")
    MULTIPLE_OF_MEAN = "multiple_of_mean", _("Cases per day more than a multiple of the mean of the previous days")
    ANY_CASE = "any_case", _("At least this many cases in a day (suspected notifiable disease)")


class Threshold(models.Model):
    """An early-warning rule for one complaint at one post; reference data (the values are to be checked by Dinkes).

    ``rate_per_1000``: a signal when cases ÷ displaced × 1,000 is *above* ``value``.
    ``multiple_of_mean``: a signal when cases are *above* ``value`` × the mean of the previous ``window_days`` days
    (all of them reported). ``any_case``: a signal when cases are *at least* ``value``.
    ``min_cases``: no signal below this many cases, so one case after quiet days does not raise an alarm.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="thresholds"
    )
    rule = models.CharField(_("rule"), max_length=20, choices=ThresholdRule.choices)
    value = models.DecimalField(
        _("threshold value"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    window_days = models.PositiveSmallIntegerField(
        _("previous days"), default=3, help_text=_("For the multiple-of-mean rule: how many previous days.")
    )
    min_cases = models.PositiveIntegerField(_("minimum cases"), default=1)
    severity = models.CharField(_("severity"), max_length=10, default="Severe")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["complaint__position", "code"]
        verbose_name = _("early-warning threshold")
        verbose_name_plural = _("early-warning thresholds")

    def __str__(self):
        return self.name


class SignalState(models.TextChoices):
    OPEN = "terbuka", _("Open")
    CLOSED = "ditutup", _("Closed")


class Signal(TimeStampedModel):
    """A threshold crossed at one post: raised (and alerted) once, then kept open while the rule keeps firing."""

    threshold = models.ForeignKey(
        Threshold, verbose_name=_("threshold"), on_delete=models.PROTECT, related_name="signals"
    )
    post = models.ForeignKey(
        HealthPost, verbose_name=_("health post"), on_delete=models.PROTECT, related_name="signals"
    )
    disaster = models.ForeignKey(
        "clusters.Disaster", verbose_name=_("disaster"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=SignalState.choices, default=SignalState.OPEN)
    first_date = models.DateField(_("first day"))
    last_date = models.DateField(_("latest day"))
    days = models.PositiveSmallIntegerField(_("days above the threshold"), default=1)
    # The figures that raised it (cases, displaced, rate or mean, previous days), kept as they were.
    figures = models.JSONField(_("figures"), default=dict)
    alert_id = models.PositiveBigIntegerField(_("alert"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    close_note = models.CharField(_("closing note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-last_date", "-id"]
        verbose_name = _("early-warning signal")
        verbose_name_plural = _("early-warning signals")
        constraints = [
            # One open signal per rule and post: the rule firing again the next day extends it, it does not re-alert.
            models.UniqueConstraint(
                fields=["threshold", "post"],
                condition=models.Q(state="terbuka"),
                name="signal_one_open_per_threshold_post",
            )
        ]

    def __str__(self):
        return f"{self.threshold} — {self.post} ({self.first_date:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("health:signal-list") + f"#signal-{self.pk}"
