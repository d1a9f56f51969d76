"""The stock ledger: locations, balances and the movements between them.

Stock moves only from one location to another (double entry, as in Odoo): goods arrive from the virtual
supplier location, leave to the virtual customer or loss location, and travel through a transit location.
Stock rows cache the balance of each (variant, physical location); the ledger command checks them against the
sum of movements. Movements are append-only: a database trigger refuses UPDATE and DELETE.
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
        indexes = [models.Index(fields=["product_variant", "source", "destination"], name="movement_variant_places")]

    def __str__(self):
        return f"{self.quantity} × {self.product_variant}: {self.source} → {self.destination}"
