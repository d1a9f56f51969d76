"""The stock ledger: locations, balances and the movements between them.

Stock moves only from one location to another (double entry, as in Odoo): goods arrive from the virtual
supplier location, leave to the virtual customer or loss location, and travel through a transit location.
Stock rows cache the balance of each (variant, physical location); the ledger command checks them against the
sum of movements. Movements are append-only: a database trigger refuses UPDATE and DELETE.

Stock held for online shoppers lives here too, as in Saleor's warehouse app: a Reservation while a checkout is
under review, an Allocation once the order is placed (inventory.allocation writes both).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import PostReformAddress


class Warehouse(PostReformAddress):
    """A stock location (Saleor's Warehouse), physical or virtual."""

    class Kind(models.TextChoices):
        FULFILMENT = "fulfilment", _("Kho giao hàng")
        KIOSK = "kiosk", _("Ki-ốt")
        SUPPLIER = "supplier", _("Nhà cung cấp (ảo)")
        CUSTOMER = "customer", _("Khách hàng (ảo)")
        LOSS = "loss", _("Hao hụt/điều chỉnh (ảo)")
        TRANSIT = "transit", _("Đang vận chuyển (ảo)")
        ASSEMBLY = "assembly", _("Đóng hộp quà (ảo)")

    PHYSICAL_KINDS = (Kind.FULFILMENT, Kind.KIOSK)

    name = models.CharField(_("tên"), max_length=250)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("địa điểm kho")
        verbose_name_plural = _("địa điểm kho")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def is_physical(self) -> bool:
        return self.kind in self.PHYSICAL_KINDS


class Stock(models.Model):
    """The balance of one variant at one physical location (Saleor's Stock).

    quantity is what is on the shelf; quantity_allocated what online orders have claimed but not yet taken.
    Only a kiosk may go below zero: its counter never refuses goods a customer holds in hand.
    """

    warehouse = models.ForeignKey(Warehouse, verbose_name=_("kho"), on_delete=models.PROTECT, related_name="stocks")
    product_variant = models.ForeignKey(
        "catalogue.ProductVariant", verbose_name=_("quy cách sản phẩm"), on_delete=models.PROTECT, related_name="stocks"
    )
    quantity = models.IntegerField(_("tồn"), default=0)
    quantity_allocated = models.IntegerField(_("đã giữ cho đơn"), default=0)
    allow_negative = models.BooleanField(_("được phép âm"), default=False, editable=False)

    class Meta:
        verbose_name = _("tồn kho")
        verbose_name_plural = _("tồn kho")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product_variant"], name="stock_unique_per_location"),
            models.CheckConstraint(condition=Q(quantity_allocated__gte=0), name="stock_allocated_not_negative"),
            models.CheckConstraint(
                condition=Q(allow_negative=True) | Q(quantity__gte=F("quantity_allocated")),
                name="stock_allocated_within_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.product_variant} @ {self.warehouse}"

    @property
    def quantity_available(self) -> int:
        return self.quantity - self.quantity_allocated


class StockMovement(models.Model):
    """One append-only move of a quantity of a variant from one location to another."""

    class Reason(models.TextChoices):
        RECEIPT = "receipt", _("Nhập hàng từ chủ thể")
        SALE = "sale", _("Bán hàng")
        RETURN = "return", _("Khách trả hàng")
        TRANSFER = "transfer", _("Điều chuyển")
        ADJUSTMENT = "adjustment", _("Điều chỉnh")
        COUNT = "count", _("Kiểm kê")
        FULFILMENT = "fulfilment", _("Giao đơn trực tuyến")
        ASSEMBLY = "assembly", _("Đóng hộp quà")
        DISASSEMBLY = "disassembly", _("Tháo hộp quà")

    product_variant = models.ForeignKey(
        "catalogue.ProductVariant",
        verbose_name=_("quy cách sản phẩm"),
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    source = models.ForeignKey(
        Warehouse, verbose_name=_("nơi đi"), on_delete=models.PROTECT, related_name="movements_out"
    )
    destination = models.ForeignKey(
        Warehouse, verbose_name=_("nơi đến"), on_delete=models.PROTECT, related_name="movements_in"
    )
    quantity = models.PositiveIntegerField(_("số lượng"))
    reason = models.CharField(_("lý do"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    reference = models.CharField(_("chứng từ"), max_length=64, blank=True)
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_movements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("phiếu chuyển kho")
        verbose_name_plural = _("sổ kho")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="movement_quantity_positive"),
            models.CheckConstraint(condition=~Q(source=F("destination")), name="movement_between_two_places"),
        ]
        indexes = [
            models.Index(fields=["product_variant", "source", "destination"], name="movement_variant_places"),
            # The dashboard's days of cover add up the last 30 days' goods out and back per place
            # (reports.selectors.stock_by_location) from this index alone, without visiting the ledger's rows.
            models.Index(
                fields=["created_at"],
                include=["reason", "quantity", "source", "destination"],
                condition=Q(reason__in=["sale", "fulfilment", "return"]),
                name="movement_out_and_back_by_time",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_variant}: {self.source} → {self.destination}"


class DocumentSequence(models.Model):
    """The last number given in one series of stock documents ("CK-HA" for transfers out of Hội An).

    Numbers are taken inside the document's transaction (inventory.services.next_document_number): the row stays
    locked until it commits, and a refused document rolls its number back, so a series has no gaps and no reuse.
    """

    series = models.CharField(_("ký hiệu"), max_length=16, unique=True)
    last_number = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("dãy số chứng từ")
        verbose_name_plural = _("dãy số chứng từ")

    def __str__(self):
        return f"{self.series}: {self.last_number}"


class StockTransfer(models.Model):
    """Goods sent from one physical place to another in two steps: shipped (into transit), then received."""

    class Status(models.TextChoices):
        SHIPPED = "shipped", _("Đang vận chuyển")
        RECEIVED = "received", _("Đã nhận")

    number = models.CharField(_("số phiếu"), max_length=24, unique=True)
    origin = models.ForeignKey(Warehouse, verbose_name=_("nơi đi"), on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Warehouse, verbose_name=_("nơi đến"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.SHIPPED)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    shipped_at = models.DateTimeField(_("gửi lúc"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    discrepancy_reason = models.CharField(_("lý do chênh lệch"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phiếu điều chuyển")
        verbose_name_plural = _("phiếu điều chuyển")
        ordering = ["-shipped_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(origin=F("destination")), name="transfer_between_two_places"),
            models.CheckConstraint(
                condition=Q(status="shipped", received_at__isnull=True, received_by__isnull=True)
                | Q(status="received", received_at__isnull=False, received_by__isnull=False),
                name="transfer_received_when_status_says",
            ),
        ]

    def __str__(self):
        return self.number


class StockTransferLine(models.Model):
    transfer = models.ForeignKey(
        StockTransfer, on_delete=models.PROTECT, related_name="lines", verbose_name=_("phiếu chuyển kho")
    )
    product_variant = models.ForeignKey(
        "catalogue.ProductVariant", verbose_name=_("quy cách sản phẩm"), on_delete=models.PROTECT, related_name="+"
    )
    quantity_shipped = models.PositiveIntegerField(_("số lượng gửi"))
    quantity_received = models.PositiveIntegerField(_("số lượng nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("dòng điều chuyển")
        verbose_name_plural = _("dòng điều chuyển")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity_shipped__gt=0), name="transfer_line_shipped_positive"),
            models.UniqueConstraint(fields=["transfer", "product_variant"], name="transfer_line_once_per_variant"),
        ]

    def __str__(self):
        return f"{self.product_variant} × {self.quantity_shipped}"

    @property
    def discrepancy(self) -> int | None:
        """Received minus shipped: negative when goods went missing on the way."""
        if self.quantity_received is None:
            return None
        return self.quantity_received - self.quantity_shipped


class StockCount(models.Model):
    """A stock count at one place: expected quantities taken when it starts, counted ones entered, then posted.

    Posting moves each difference to or from the loss location; the count stays as the document behind them.
    At most one count is open per place.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Đang kiểm")
        POSTED = "posted", _("Đã ghi sổ")

    number = models.CharField(_("số phiếu"), max_length=24, unique=True)
    warehouse = models.ForeignKey(Warehouse, verbose_name=_("kho"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người bắt đầu"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi sổ"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    posted_at = models.DateTimeField(_("ghi sổ lúc"), null=True, blank=True)
    reason = models.CharField(_("lý do chênh lệch"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phiếu kiểm kê")
        verbose_name_plural = _("phiếu kiểm kê")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse"], condition=Q(status="open"), name="stock_count_one_open"),
            models.CheckConstraint(
                condition=Q(status="open", posted_at__isnull=True) | Q(status="posted", posted_at__isnull=False),
                name="stock_count_posted_when_status_says",
            ),
        ]

    def __str__(self):
        return self.number


class StockCountLine(models.Model):
    """One item of a count: what the books said when the count started, and what was found (None: not counted)."""

    count = models.ForeignKey(
        StockCount, on_delete=models.PROTECT, related_name="lines", verbose_name=_("phiếu kiểm kê")
    )
    product_variant = models.ForeignKey(
        "catalogue.ProductVariant", verbose_name=_("quy cách sản phẩm"), on_delete=models.PROTECT, related_name="+"
    )
    expected_quantity = models.IntegerField(_("tồn theo sổ"))
    counted_quantity = models.PositiveIntegerField(_("đếm được"), null=True, blank=True)

    class Meta:
        verbose_name = _("dòng kiểm kê")
        verbose_name_plural = _("dòng kiểm kê")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["count", "product_variant"], name="stock_count_line_once_per_variant")
        ]

    def __str__(self):
        return f"{self.product_variant}: {self.expected_quantity} / {self.counted_quantity}"

    @property
    def difference(self) -> int | None:
        if self.counted_quantity is None:
            return None
        return self.counted_quantity - self.expected_quantity


class LowStockThreshold(models.Model):
    """Below or at this balance an item at a place is low and shows on the alert list and the managers' digest."""

    warehouse = models.ForeignKey(
        Warehouse,
        verbose_name=_("kho"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind__in": Warehouse.PHYSICAL_KINDS},
    )
    product_variant = models.ForeignKey(
        "catalogue.ProductVariant", verbose_name=_("quy cách sản phẩm"), on_delete=models.CASCADE, related_name="+"
    )
    minimum_quantity = models.PositiveIntegerField(_("mức tồn tối thiểu"))

    class Meta:
        verbose_name = _("ngưỡng sắp hết hàng")
        verbose_name_plural = _("ngưỡng sắp hết hàng")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product_variant"], name="low_stock_threshold_once"),
            models.CheckConstraint(condition=Q(minimum_quantity__gt=0), name="low_stock_threshold_positive"),
        ]

    def __str__(self):
        return f"{self.product_variant} @ {self.warehouse}: {self.minimum_quantity}"


class LowStockDigest(models.Model):
    """The record that a local day's low-stock email went out: the command sends at most one per day."""

    day = models.DateField(_("ngày"), unique=True)
    sent_at = models.DateTimeField(_("gửi lúc"))
    recipient_count = models.PositiveIntegerField(_("số người nhận"))
    alert_count = models.PositiveIntegerField(_("số mặt hàng sắp hết"))

    class Meta:
        verbose_name = _("bản tin sắp hết hàng")
        verbose_name_plural = _("bản tin sắp hết hàng")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}"


class Allocation(models.Model):
    """Units of an order line held at one Stock row (they count in Stock.quantity_allocated until shipped)."""

    order_line = models.ForeignKey(
        "orders.OrderLine", on_delete=models.CASCADE, related_name="allocations", verbose_name=_("dòng đơn hàng")
    )
    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("tồn kho"))
    quantity_allocated = models.PositiveIntegerField(default=0, verbose_name=_("số lượng đã phân bổ"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order_line", "stock"], name="allocation_line_stock_unique")]
        verbose_name = _("phân bổ hàng")
        verbose_name_plural = _("các phân bổ hàng")

    def __str__(self):
        return f"{self.order_line_id} @ {self.stock_id}: {self.quantity_allocated}"


class Reservation(models.Model):
    """Units of a checkout line held at a Stock row for a short while (Saleor's Reservation).

    While a shopper reviews their order, others cannot take these units; past reserved_until the hold simply
    stops counting, so an abandoned cart never needs cleaning up to free its stock.
    """

    checkout_line = models.ForeignKey(
        "checkout.CheckoutLine", on_delete=models.CASCADE, related_name="reservations", verbose_name=_("dòng giỏ hàng")
    )
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="reservations", verbose_name=_("tồn kho"))
    quantity_reserved = models.PositiveIntegerField(verbose_name=_("số lượng giữ"))
    reserved_until = models.DateTimeField(db_index=True, verbose_name=_("giữ đến"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkout_line", "stock"], name="reservation_line_stock_unique"),
            models.CheckConstraint(condition=Q(quantity_reserved__gt=0), name="reservation_quantity_positive"),
        ]
        verbose_name = _("giữ hàng")
        verbose_name_plural = _("các lượt giữ hàng")

    def __str__(self):
        return f"{self.checkout_line_id} @ {self.stock_id}: {self.quantity_reserved}"
