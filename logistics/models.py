"""Klaster Logistik: where relief goods are, what moved between which places, and who asked for what.

The ledger (``StockMove``) is append-only: a posted move is never changed, a mistake is corrected by a reversing move.
``StockBalance`` holds the stock on hand per location × item × batch, kept by the posting service in the same
transaction as the moves; the database refuses a negative balance and a trigger refuses any change to a posted move.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banten_dinsos.core.models import TimeStampedModel, latitude_field, longitude_field

QUANTITY = {"max_digits": 14, "decimal_places": 3}


class LocationKind(models.TextChoices):
    GUDANG_PROVINSI = "gudang_provinsi", _("Provincial warehouse")
    GUDANG_KABKOTA = "gudang_kabkota", _("Regency/city warehouse")
    LUMBUNG_KSB = "lumbung_ksb", _("KSB store (lumbung)")
    POSKO = "posko", _("Shelter (posko)")
    DESA = "desa", _("Village (desa/kelurahan)")
    SUPPLIER = "sumber", _("Supplier or donor")
    TRANSIT = "transit", _("In transit")
    ADJUSTMENT = "penyesuaian", _("Stock count adjustment")
    WRITE_OFF = "penghapusan", _("Write-off (expired, damaged, lost)")


# Places whose stock on hand is kept in the balance table; the others are where goods come from or go to.
STOCK_KINDS = frozenset(
    {LocationKind.GUDANG_PROVINSI, LocationKind.GUDANG_KABKOTA, LocationKind.LUMBUNG_KSB, LocationKind.TRANSIT}
)
WAREHOUSE_KINDS = frozenset({LocationKind.GUDANG_PROVINSI, LocationKind.GUDANG_KABKOTA, LocationKind.LUMBUNG_KSB})
# Where relief reaches people: moves into these are distributions, moves out of them are returns.
DISTRIBUTION_KINDS = frozenset({LocationKind.POSKO, LocationKind.DESA})
# Bookkeeping places the system keeps itself (one each, province level).
VIRTUAL_KINDS = frozenset({LocationKind.TRANSIT, LocationKind.ADJUSTMENT, LocationKind.WRITE_OFF})


class DonorType(models.TextChoices):
    GOVERNMENT = "pemerintah", _("Government (Kemensos, BNPB, ...)")
    COMPANY = "perusahaan", _("Company (CSR)")
    PMI = "pmi", _("PMI (Indonesian Red Cross)")
    COMMUNITY = "masyarakat", _("Community or individual")
    NGO = "lsm", _("NGO or international organisation")
    PROCUREMENT = "pengadaan", _("Procurement (purchase)")


class Location(TimeStampedModel):
    """A place goods are kept at, come from or go to: a warehouse, a KSB store, a shelter, a desa, a donor."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=LocationKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    # Derived from the region by the service; empty for province-level places, which only provincial users see.
    kabkota = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    shelter = models.OneToOneField(
        "shelters.Shelter",
        verbose_name=_("shelter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A string reference only: ksb_volunteers sits on the same layer, so no code of it is imported here.
    ksb_unit = models.OneToOneField(
        "ksb_volunteers.KsbUnit",
        verbose_name=_("KSB unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    donor_type = models.CharField(_("donor type"), max_length=12, choices=DonorType.choices, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [models.Index(fields=["kabkota", "kind"], name="logistics_loc_kab_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="sumber") | ~models.Q(donor_type=""), name="logistics_supplier_has_type"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("logistics:location-detail", args=[self.pk])

    @property
    def holds_stock(self) -> bool:
        return self.kind in STOCK_KINDS

    @property
    def is_warehouse(self) -> bool:
        return self.kind in WAREHOUSE_KINDS


class ItemCategory(models.TextChoices):
    FOOD = "pangan", _("Food")
    WATER = "air", _("Drinking water")
    SHELTER = "hunian", _("Shelter and bedding")
    CLOTHING = "sandang", _("Clothing")
    HYGIENE = "kebersihan", _("Hygiene")
    BABY = "bayi", _("Baby and child supplies")
    NON_MEDICAL = "obat_ringan", _("Simple remedies (non-medical)")
    KIT = "paket", _("Kits")
    EQUIPMENT = "peralatan", _("Equipment")


class Item(TimeStampedModel):
    """A kind of relief good in the catalogue (beras, selimut, family kit), counted in one unit."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(_("category"), max_length=20, choices=ItemCategory.choices)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. kg, dus, lembar, paket"))
    # Sacks, blankets and kits are counted whole; rice in kg or water in litres may be split.
    is_whole_unit = models.BooleanField(_("whole units only"), default=True)
    tracks_expiry = models.BooleanField(_("has expiry dates"), default=False)
    # Below this quantity in one warehouse the item is listed (and alerted) as low stock; 0 means no threshold.
    reorder_level = models.DecimalField(
        _("low-stock level per warehouse"), default=Decimal("0"), validators=[MinValueValidator(0)], **QUANTITY
    )
    unit_value = models.DecimalField(
        _("estimated value per unit (Rp)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return f"{self.name} ({self.unit})"


class KitComponent(models.Model):
    """One item and its quantity inside a kit (paket), e.g. a family kit holds 2 selimut and 1 tikar."""

    kit = models.ForeignKey(
        Item,
        verbose_name=_("kit"),
        on_delete=models.CASCADE,
        related_name="components",
        limit_choices_to={"category": "paket"},
    )
    component = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), validators=[MinValueValidator(Decimal("0.001"))], **QUANTITY)

    class Meta:
        ordering = ["kit", "component__name"]
        verbose_name = _("kit component")
        verbose_name_plural = _("kit components")
        constraints = [
            models.UniqueConstraint(fields=["kit", "component"], name="logistics_kit_component_once"),
            models.CheckConstraint(condition=~models.Q(kit=models.F("component")), name="logistics_kit_not_itself"),
        ]

    def __str__(self):
        return f"{self.kit.name}: {self.quantity} × {self.component.name}"


GENERAL_BATCH = "UMUM"


class Batch(models.Model):
    """A lot of one item, with its expiry date where goods expire; goods without lots share the batch "UMUM"."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="batches")
    code = models.CharField(_("batch code"), max_length=60)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["item", "expiry_date", "code"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="logistics_batch_code_per_item")]

    def __str__(self):
        if self.expiry_date:
            return f"{self.code} (ED {self.expiry_date:%d/%m/%Y})"
        return self.code


class MoveKind(models.TextChoices):
    RECEIPT = "penerimaan", _("Receipt (donation or procurement)")
    TRANSFER = "transfer", _("Transfer between warehouses")
    DISPATCH = "pengiriman", _("Dispatch (into transit)")
    DELIVERY = "serah_terima", _("Delivery (out of transit)")
    ISSUE = "penyaluran", _("Issue to a shelter or desa")
    RETURN = "pengembalian", _("Return to a warehouse")
    ADJUSTMENT = "penyesuaian", _("Adjustment after a stock count")
    WRITE_OFF = "penghapusan", _("Write-off (expired, damaged, lost)")
    REVERSAL = "pembalikan", _("Reversal of a move")


class StockMove(models.Model):
    """One posted movement of a quantity of an item (batch) from one location to another; never changed afterwards."""

    kind = models.CharField(_("kind"), max_length=15, choices=MoveKind.choices)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    # The composite indexes below serve every read; single-column indexes would only slow posting down.
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+", db_index=False)
    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    source = models.ForeignKey(
        Location, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    destination = models.ForeignKey(
        Location, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Copied from the two locations so scoping, distribution reports and the HXL export need no join.
    source_kabkota = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    destination_kabkota = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    disaster = models.ForeignKey(
        "clusters.Disaster",
        verbose_name=_("disaster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Most moves belong to no document: partial indexes (below) keep the empty ones out.
    request = models.ForeignKey(
        "logistics.StockRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="moves", db_index=False
    )
    dispatch = models.ForeignKey(
        "logistics.Dispatch", null=True, blank=True, on_delete=models.PROTECT, related_name="moves", db_index=False
    )
    donation = models.ForeignKey(
        "logistics.Donation", null=True, blank=True, on_delete=models.PROTECT, related_name="moves", db_index=False
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        indexes = [
            # Stock card: one item in one place, in time order, from either side.
            models.Index(fields=["source", "item", "posted_at"], name="logistics_mv_src_item_idx"),
            models.Index(fields=["destination", "item", "posted_at"], name="logistics_mv_dst_item_idx"),
            models.Index(fields=["destination_kabkota", "posted_at"], name="logistics_mv_dst_kab_idx"),
            models.Index(fields=["source_kabkota", "posted_at"], name="logistics_mv_src_kab_idx"),
            models.Index(
                fields=["disaster"], name="logistics_mv_disaster_idx", condition=models.Q(disaster__isnull=False)
            ),
            models.Index(
                fields=["request"], name="logistics_mv_request_idx", condition=models.Q(request__isnull=False)
            ),
            models.Index(
                fields=["dispatch"], name="logistics_mv_dispatch_idx", condition=models.Q(dispatch__isnull=False)
            ),
            models.Index(
                fields=["donation"], name="logistics_mv_donation_idx", condition=models.Q(donation__isnull=False)
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="logistics_move_quantity_positive"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("destination")), name="logistics_move_between_two_places"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="pembalikan", reverses__isnull=False)
                | (~models.Q(kind="pembalikan") & models.Q(reverses__isnull=True)),
                name="logistics_reversal_points_to_original",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}: {self.quantity} {self.item.unit} {self.item.name}"

    def get_absolute_url(self):
        return reverse("logistics:move-detail", args=[self.pk])


class StockBalance(models.Model):
    """The stock on hand of one item batch at one location: the sum of the ledger, kept ready by the posting service."""

    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="balances"
    )
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="+")
    # Copied from the location for scoping and grouping without a join; the expiry date for first-expiry-first-out.
    kabkota = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    quantity = models.DecimalField(_("on hand"), default=Decimal("0"), **QUANTITY)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["location", "item", "expiry_date"]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        indexes = [
            models.Index(fields=["kabkota", "item"], name="logistics_bal_kab_item_idx"),
            models.Index(fields=["item", "expiry_date"], name="logistics_bal_item_exp_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["location", "item", "batch"], name="logistics_balance_one_row"),
            # The last line of defence against overselling: no transaction can commit a negative stock.
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="logistics_balance_never_negative"),
        ]

    def __str__(self):
        return f"{self.location} · {self.item.name} · {self.batch.code}: {self.quantity}"


class RationRule(models.Model):
    """How much of an item one displaced person uses a day (e.g. 0.4 kg beras): the basis of days of cover."""

    item = models.OneToOneField(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="ration")
    per_person_per_day = models.DecimalField(
        _("per person per day"), max_digits=10, decimal_places=4, validators=[MinValueValidator(Decimal("0.0001"))]
    )
    # Below this many days of cover the item is listed (and alerted) as running low.
    alert_below_days = models.PositiveSmallIntegerField(_("alert below (days)"), default=3)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["item__name"]
        verbose_name = _("ration rule")
        verbose_name_plural = _("ration rules")
        constraints = [
            models.CheckConstraint(condition=models.Q(per_person_per_day__gt=0), name="logistics_ration_positive")
        ]

    def __str__(self):
        return f"{self.item.name}: {self.per_person_per_day} {self.item.unit}"


class RequestStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Waiting for a decision")
    APPROVED = "disetujui", _("Approved")
    PARTIAL = "disetujui_sebagian", _("Partly approved")
    REFUSED = "ditolak", _("Refused")
    DISPATCHED = "dikirim", _("Dispatched")
    RECEIVED = "diterima", _("Received")


OPEN_REQUEST_STATUSES = (RequestStatus.APPROVED, RequestStatus.PARTIAL, RequestStatus.DISPATCHED)


class StockRequest(TimeStampedModel):
    """A request (permintaan) of a kabupaten/kota or shelter to the province for relief goods for one disaster."""

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    disaster = models.ForeignKey(
        "clusters.Disaster", verbose_name=_("disaster"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.ForeignKey(
        Location, verbose_name=_("deliver to"), on_delete=models.PROTECT, related_name="requests"
    )
    kabkota = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    needs = models.ManyToManyField("clusters.Need", verbose_name=_("needs addressed"), blank=True, related_name="+")
    purpose = models.TextField(_("purpose"), blank=True)
    people_served = models.PositiveIntegerField(_("people to be served"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stock request")
        verbose_name_plural = _("stock requests")
        indexes = [models.Index(fields=["kabkota", "status"], name="logistics_req_kab_idx")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("logistics:request-detail", args=[self.pk])


class StockRequestLine(models.Model):
    """One item of a request: how much was asked, approved, sent and received."""

    request = models.ForeignKey(StockRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    quantity_requested = models.DecimalField(_("requested"), **QUANTITY)
    quantity_approved = models.DecimalField(_("approved"), null=True, blank=True, **QUANTITY)
    quantity_dispatched = models.DecimalField(_("dispatched"), default=Decimal("0"), **QUANTITY)
    quantity_received = models.DecimalField(_("received"), default=Decimal("0"), **QUANTITY)

    class Meta:
        ordering = ["request", "id"]
        verbose_name = _("request line")
        verbose_name_plural = _("request lines")
        constraints = [
            models.UniqueConstraint(fields=["request", "item"], name="logistics_request_item_once"),
            models.CheckConstraint(condition=models.Q(quantity_requested__gt=0), name="logistics_request_positive"),
            models.CheckConstraint(
                condition=models.Q(quantity_approved__isnull=True)
                | models.Q(quantity_approved__gte=0, quantity_approved__lte=models.F("quantity_requested")),
                name="logistics_approved_within_requested",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_dispatched__lte=models.F("quantity_approved"))
                | models.Q(quantity_dispatched=0),
                name="logistics_dispatched_within_approved",
            ),
        ]

    def __str__(self):
        return f"{self.request.number}: {self.item.name} {self.quantity_requested}"

    @property
    def remaining_to_dispatch(self) -> Decimal:
        return max((self.quantity_approved or Decimal("0")) - self.quantity_dispatched, Decimal("0"))


class RequestEvent(models.Model):
    """One step of a request's history: who did what, when."""

    request = models.ForeignKey(
        StockRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self):
        return f"{self.request.number}: {self.get_status_display()} @ {self.at:%Y-%m-%d %H:%M}"


class DispatchStatus(models.TextChoices):
    IN_TRANSIT = "dalam_perjalanan", _("In transit")
    RECEIVED = "diterima", _("Received in full")
    DISCREPANCY = "selisih", _("Received with differences")


class Dispatch(TimeStampedModel):
    """One shipment (surat jalan) of approved goods from a warehouse to the requester, confirmed on arrival."""

    number = models.CharField(_("delivery note number"), max_length=30, unique=True, editable=False)
    # Printed as a QR code on the delivery note: whoever receives the goods opens the confirmation with it.
    token = models.UUIDField(_("confirmation code"), default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        StockRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="dispatches"
    )
    source = models.ForeignKey(Location, verbose_name=_("from warehouse"), on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Location, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+")
    vehicle = models.CharField(_("vehicle / plate number"), max_length=60, blank=True)
    driver = models.CharField(_("driver"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DispatchStatus.choices, default=DispatchStatus.IN_TRANSIT
    )
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    receipt_note = models.TextField(_("receipt note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("logistics:dispatch-detail", args=[self.pk])


class DispatchLine(models.Model):
    """One batch of one item on a delivery note, with what arrived and what was short or damaged."""

    dispatch = models.ForeignKey(Dispatch, verbose_name=_("dispatch"), on_delete=models.CASCADE, related_name="lines")
    request_line = models.ForeignKey(StockRequestLine, on_delete=models.PROTECT, related_name="dispatch_lines")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("sent"), **QUANTITY)
    quantity_received = models.DecimalField(_("received"), null=True, blank=True, **QUANTITY)
    quantity_damaged = models.DecimalField(_("damaged"), null=True, blank=True, **QUANTITY)

    class Meta:
        ordering = ["dispatch", "id"]
        verbose_name = _("dispatch line")
        verbose_name_plural = _("dispatch lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="logistics_dispatch_line_positive"),
        ]

    def __str__(self):
        return f"{self.dispatch.number}: {self.quantity} {self.item.name}"

    @property
    def quantity_short(self) -> Decimal | None:
        if self.quantity_received is None:
            return None
        return self.quantity - self.quantity_received - (self.quantity_damaged or Decimal("0"))


class Donation(TimeStampedModel):
    """In-kind help received from a donor (company CSR, PMI, community, government), with its estimated value."""

    number = models.CharField(_("receipt number"), max_length=30, unique=True, editable=False)
    donor = models.ForeignKey(Location, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="donations")
    warehouse = models.ForeignKey(Location, verbose_name=_("received into"), on_delete=models.PROTECT, related_name="+")
    kabkota = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    disaster = models.ForeignKey(
        "clusters.Disaster",
        verbose_name=_("disaster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received on"))
    value_estimate = models.DecimalField(
        _("estimated value (Rp)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        constraints = [
            models.CheckConstraint(condition=models.Q(value_estimate__gte=0), name="logistics_donation_value_positive")
        ]

    def __str__(self):
        return f"{self.number} · {self.donor}"

    def get_absolute_url(self):
        return reverse("logistics:donation-detail", args=[self.pk])


class PostingKey(models.Model):
    """A client-chosen key of one posting, so a resent post (bad connection) is applied once."""

    key = models.UUIDField(_("idempotency key"), primary_key=True)
    action = models.CharField(_("action"), max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # A hash of what was posted: the same key with different content is refused, never silently replayed.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    object_id = models.BigIntegerField(_("object"), null=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("posting key")
        verbose_name_plural = _("posting keys")

    def __str__(self):
        return f"{self.key} → {self.action} #{self.object_id}"
