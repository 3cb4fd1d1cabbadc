from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.choices import Sex
from banten_dinsos.core.models import TimeStampedModel
from banten_dinsos.core.storage import private_storage


def get_private_storage():
    """The private storage (``STORAGES["private"]``); the name stays because migrations refer to it."""
    return private_storage()


class PmksType(models.Model):
    """One of the 26 types of people in need of social welfare services (PMKS/PPKS, Permensos 8/2012)."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    # Which 20 of the 26 types are the province's is not published: the flag is edited here, not in code.
    provincial_authority = models.BooleanField(_("provincial authority"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("PMKS type")
        verbose_name_plural = _("PMKS types")

    def __str__(self):
        return f"{self.number}. {self.name}"


class ClientStatus(models.TextChoices):
    ACTIVE = "aktif", _("Active")
    IN_REHABILITATION = "dalam_rehabilitasi", _("In rehabilitation")
    TERMINATED = "terminasi", _("Terminated")
    DECEASED = "meninggal", _("Deceased")
    MOVED = "pindah", _("Moved away")


class DataSource(models.TextChoices):
    DTKS = "dtks", _("DTKS/DTSEN")
    FIELD_ASSESSMENT = "asesmen", _("Field assessment")
    REFERRAL = "rujukan", _("Referral")


class Client(TimeStampedModel):
    """A person registered as needing social welfare services (a PMKS client), identified by one NIK."""

    nik = models.CharField(_("NIK"), max_length=16)
    no_kk = models.CharField(_("family card number (No. KK)"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=150)
    # Upper-case name with single spaces: indexed for "name starts with" search and the duplicates view.
    name_key = models.CharField(_("name key"), max_length=150, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "desa"},
        related_name="+",
        db_index=False,  # covered by the varchar_pattern_ops index below, which also serves prefix filters
    )
    # Stored (derived from the desa by the services) so scoping and statistics need no join. Its integrity comes
    # from a CHECK (the first five characters of the desa code) instead of a foreign key: stronger (it cannot
    # disagree with the desa) and without a per-row key look-up, which bulk imports would pay 223,142 times.
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
        db_index=False,  # covered by the composite indexes below
        db_constraint=False,
    )
    address = models.CharField(_("address (street, RT/RW)"), max_length=255, blank=True)
    types = models.ManyToManyField(
        PmksType, verbose_name=_("PMKS types"), through="ClientPmksType", related_name="clients"
    )
    status = models.CharField(_("status"), max_length=20, choices=ClientStatus.choices, default=ClientStatus.ACTIVE)
    source = models.CharField(_("data source"), max_length=10, choices=DataSource.choices)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
        db_index=False,
    )
    last_import = models.ForeignKey(
        "ImportJob",
        verbose_name=_("last import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
        db_index=False,
        db_constraint=False,  # informational link; import jobs are never deleted
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("PMKS client")
        verbose_name_plural = _("PMKS clients")
        constraints = [
            models.UniqueConstraint(
                fields=["nik"],
                name="pmks_client_nik_unique",
                violation_error_message=_("A client with this NIK is already registered."),
            ),
            models.CheckConstraint(condition=models.Q(nik__regex=r"^[0-9]{16}$"), name="pmks_client_nik_16_digits"),
            models.CheckConstraint(
                condition=models.Q(kabkota_id=Left("desa_id", 5)), name="pmks_client_kabkota_of_desa"
            ),
        ]
        # Each index costs every bulk import; these five serve the list (keyset on id, by kab/kota, by desa or
        # kecamatan prefix, by name prefix). A status or source filter rides on them; the duplicates view groups
        # name and birth date with one scan.
        indexes = [
            models.Index(fields=["kabkota", "id"], name="pmks_client_kab_id_idx"),
            models.Index(fields=["desa"], name="pmks_client_desa_like_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["name_key"], name="pmks_client_name_like_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("pmks_registry:client-detail", args=[self.pk])


class ClientPmksType(models.Model):
    """That a client belongs to one PMKS type (a client may belong to several)."""

    # No database foreign keys on this link table: PostgreSQL checks them row by row, 2.7 s of every 223,142-row
    # import (bench/pmks_import.py). Rows are only written by the services and the import, which take the client
    # from the client table and check the type against PmksType; Django cascades a client's deletion to its links
    # and PmksType rows are never deleted (PROTECT, no delete in the admin).
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="type_links", db_index=False, db_constraint=False
    )
    pmks_type = models.ForeignKey(
        PmksType, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )

    class Meta:
        verbose_name = _("client PMKS type")
        verbose_name_plural = _("client PMKS types")
        constraints = [
            models.UniqueConstraint(fields=["client", "pmks_type"], name="pmks_client_type_unique"),
            models.CheckConstraint(
                condition=models.Q(pmks_type__gte=1, pmks_type__lte=99), name="pmks_client_type_number_range"
            ),
        ]
        indexes = [models.Index(fields=["pmks_type", "client"], name="pmks_type_client_idx")]

    def __str__(self):
        return f"{self.client_id}:{self.pmks_type_id}"


class ClientStatusChange(models.Model):
    """A change of a client's status, kept so the history of a case can be followed."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from status"), max_length=20, choices=ClientStatus.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=ClientStatus.choices)
    changed_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.client_id}: {self.from_status} → {self.to_status}"


class ServiceKind(models.TextChoices):
    SOCIAL_REHABILITATION = "rehabilitasi_sosial", _("Social rehabilitation")
    FOOD_AID = "bantuan_sembako", _("Staple food aid (sembako)")
    CASH_AID = "bantuan_tunai", _("Cash assistance")
    INSTITUTIONAL_CARE = "layanan_panti", _("Residential care (panti)")
    PSYCHOSOCIAL_SUPPORT = "ldp", _("Psychosocial support (LDP)")
    ASSISTIVE_DEVICE = "alat_bantu", _("Assistive device")
    OTHER = "lainnya", _("Other")


class ClientService(models.Model):
    """Aid or a service a client received (bantuan or layanan), from which agency, and for how much."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("kind"), max_length=25, choices=ServiceKind.choices)
    provided_on = models.DateField(_("date"))
    provider = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("provider agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount (Rp)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-provided_on", "-id"]
        verbose_name = _("service received")
        verbose_name_plural = _("services received")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="pmks_service_amount_positive"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.provided_on}"


class Panti(TimeStampedModel):
    """A residential social-care institution (panti sosial) with a number of places."""

    name = models.CharField(_("name"), max_length=200)
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "desa"},
        related_name="+",
    )
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (residents)"), validators=[MaxValueValidator(10_000)])
    served_types = models.ManyToManyField(PmksType, verbose_name=_("PMKS types served"), blank=True, related_name="+")
    managing_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("managing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("panti sosial")
        verbose_name_plural = _("panti sosial")
        constraints = [models.UniqueConstraint(fields=["name", "desa"], name="pmks_panti_name_desa_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("pmks_registry:panti-detail", args=[self.pk])


class Placement(models.Model):
    """A client's stay in a panti sosial: admission, and discharge once it ends."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="placements")
    panti = models.ForeignKey(
        Panti, verbose_name=_("panti sosial"), on_delete=models.PROTECT, related_name="placements"
    )
    admitted_on = models.DateField(_("admitted on"))
    admission_reason = models.CharField(_("reason for admission"), max_length=255)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(_("reason for discharge"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["-admitted_on", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(discharged_on__isnull=True),
                name="pmks_one_open_placement_per_client",
                violation_error_message=_("This client is already staying in a panti."),
            ),
            models.CheckConstraint(
                condition=models.Q(discharged_on__isnull=True) | models.Q(discharged_on__gte=models.F("admitted_on")),
                name="pmks_placement_discharged_after_admitted",
            ),
        ]
        indexes = [
            models.Index(
                fields=["panti"], condition=models.Q(discharged_on__isnull=True), name="pmks_placement_open_idx"
            )
        ]

    def __str__(self):
        return f"{self.client_id} @ {self.panti_id} {self.admitted_on}"


class ClientMerge(models.Model):
    """A duplicate client record folded into the one that is kept; its NIK is remembered for access requests."""

    kept = models.ForeignKey(Client, verbose_name=_("kept client"), on_delete=models.CASCADE, related_name="merges")
    merged_client_id = models.BigIntegerField(_("merged record id"))
    merged_nik = models.CharField(_("NIK of the merged record"), max_length=16, db_index=True)
    merged_name = models.CharField(_("name of the merged record"), max_length=150)
    reason = models.CharField(_("reason"), max_length=255)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("client merge")
        verbose_name_plural = _("client merges")

    def __str__(self):
        return f"{self.merged_client_id} → {self.kept_id}"


class ImportStatus(models.TextChoices):
    QUEUED = "antri", _("Queued")
    RUNNING = "berjalan", _("Running")
    DONE = "selesai", _("Finished")
    FAILED = "gagal", _("Failed")


class ImportJob(models.Model):
    """One bulk import of PMKS clients from a CSV or XLSX file, with its progress and outcome."""

    # Empty for an import started on the server with ``manage.py import_pmks`` without --user.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="pmks/imports/", storage=get_private_storage, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    source = models.CharField(_("data source"), max_length=10, choices=DataSource.choices)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    # The language of the person who uploaded the file: the error report is written in it.
    language = models.CharField(_("language"), max_length=10, default="id")
    processed_rows = models.PositiveIntegerField(_("rows read"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_count = models.PositiveIntegerField(_("clients created"), default=0)
    updated_count = models.PositiveIntegerField(_("clients updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("clients unchanged"), default=0)
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    error_report = models.FileField(
        _("error report"), upload_to="pmks/import-errors/", storage=get_private_storage, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Renewed every few seconds by the worker running the job: a lease that has run out means that worker died.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Taken by each run that claims the job: a worker whose lease was taken over finds it changed and stops.
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    # The file's rows through this row number are checked and kept in ImportChunk, committed: a run taking the job
    # over resumes after it. ``encoding`` is the one those rows were read in (CSV).
    checkpoint_row = models.PositiveIntegerField(_("rows kept for a resume, through row"), default=0)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    resumed_from_row = models.PositiveIntegerField(_("resumed from row"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("PMKS import")
        verbose_name_plural = _("PMKS imports")

    def __str__(self):
        return f"#{self.pk} {self.original_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("pmks_registry:import-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class ImportChunk(models.Model):
    """Checked rows of a running import, committed chunk by chunk with the job's checkpoint so that a run taking
    over from a dead worker resumes after them; merged into the clients in one transaction and then removed."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="+", db_index=False)
    seq = models.PositiveIntegerField(_("number"))
    last_row = models.PositiveIntegerField(_("through row"))
    processed = models.PositiveIntegerField(_("rows read"), default=0)
    valid = models.PositiveIntegerField(_("valid rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    # The good rows in COPY text format (see import_save) and the errors as CSV lines (row, column, reason).
    rows = models.TextField(_("rows"), blank=True)
    errors = models.TextField(_("errors"), blank=True)

    class Meta:
        verbose_name = _("PMKS import chunk")
        verbose_name_plural = _("PMKS import chunks")
        constraints = [models.UniqueConstraint(fields=["job", "seq"], name="pmks_import_chunk_unique")]

    def __str__(self):
        return f"#{self.job_id}/{self.seq} → {self.last_row}"


# The ``pmks_type`` of the ClientCount rows that count clients rather than client–type links.
CLIENT_ROW = 0


class ClientCount(models.Model):
    """How many clients (``pmks_type`` 0) and client–type links a kabupaten/kota holds per status and month of
    registration (WIB): kept by the services and the import in their own transaction, read by the statistics and
    the dashboard instead of a GROUP BY over every client."""

    kabkota = models.CharField(_("kabupaten/kota"), max_length=13)
    # 0: the clients themselves; 1–99: links to that PMKS type (a client of two types counts once in each).
    pmks_type = models.PositiveSmallIntegerField(_("PMKS type"))
    status = models.CharField(_("status"), max_length=20, choices=ClientStatus.choices)
    month = models.DateField(_("month registered"))
    n = models.IntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("PMKS count")
        verbose_name_plural = _("PMKS counts")
        constraints = [
            models.UniqueConstraint(fields=["kabkota", "pmks_type", "status", "month"], name="pmks_count_cell_unique")
        ]

    def __str__(self):
        return f"{self.kabkota} {self.pmks_type} {self.status} {self.month:%Y-%m}: {self.n}"


class DuplicateCandidate(models.Model):
    """How many clients of one kabupaten/kota share a name and birth date, kept only for the name and birth date
    pairs that two or more clients share somewhere in Banten (possible duplicates, for the duplicates page)."""

    name_key = models.CharField(_("name key"), max_length=150)
    birth_date = models.DateField(_("birth date"))
    kabkota = models.CharField(_("kabupaten/kota"), max_length=13)
    n = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["name_key", "birth_date", "kabkota"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["name_key", "birth_date", "kabkota"], name="pmks_duplicate_key_unique")
        ]
        indexes = [models.Index(fields=["kabkota", "name_key", "birth_date"], name="pmks_duplicate_kab_idx")]

    def __str__(self):
        return f"{self.name_key} {self.birth_date} {self.kabkota}: {self.n}"
