"""The kiosk point of sale: sales, payments, returns, cash sessions and the settings a manager controls.

Saleor has no point of sale, so the names here are plain English. Every sale, line, payment and return carries
the UUID the till generated for it, under a UNIQUE constraint: a till that syncs the same sale twice (a retry
after a lost answer, an offline queue replayed) records it once.

Amounts are whole đồng. Prices include VAT; the VAT rate a sale was made at is copied onto it, because rates
are data that change with time (marketplace.taxes), and a receipt must keep saying what it said on the day.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models import RecordedGiftSetPart

KIOSK_ONLY = {"kind": "kiosk"}


class KioskProfile(models.Model):
    """What the till of one kiosk needs: its channel (prices), the seller on its receipts, its receipt series.

    The row doubles as the receipt counter: a sale locks it (SELECT … FOR UPDATE) to take the next number, so
    numbers in a series are sequential and never reused.
    """

    kiosk = models.OneToOneField(
        "inventory.Warehouse",
        verbose_name=_("ki-ốt"),
        on_delete=models.PROTECT,
        related_name="pos_profile",
        limit_choices_to=KIOSK_ONLY,
    )
    channel = models.ForeignKey(
        "channels.Channel", verbose_name=_("kênh bán"), on_delete=models.PROTECT, related_name="pos_profiles"
    )
    receipt_prefix = models.CharField(_("ký hiệu hoá đơn"), max_length=4, unique=True)
    last_receipt_number = models.PositiveIntegerField(_("số hoá đơn cuối"), default=0)
    seller_name = models.CharField(_("tên người bán"), max_length=255)
    seller_tax_code = models.CharField(_("mã số thuế người bán"), max_length=14)
    seller_address = models.CharField(_("địa chỉ người bán"), max_length=255)
    seller_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    # Where VietQR payments at this kiosk go; empty means the till does not offer VietQR.
    bank_bin = models.CharField(_("mã BIN ngân hàng"), max_length=6, blank=True)
    bank_account = models.CharField(_("số tài khoản nhận VietQR"), max_length=19, blank=True)

    class Meta:
        verbose_name = _("thiết lập ki-ốt")
        verbose_name_plural = _("thiết lập ki-ốt")
        constraints = [
            models.CheckConstraint(condition=Q(receipt_prefix__regex=r"^[A-Z]{2,4}$"), name="kiosk_receipt_prefix")
        ]

    def __str__(self):
        return f"{self.kiosk} ({self.receipt_prefix})"


class DiscountLimit(models.Model):
    """The largest discount a cashier may give, set by a manager: per kiosk, or for all (kiosk empty)."""

    kiosk = models.ForeignKey(
        "inventory.Warehouse",
        verbose_name=_("ki-ốt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=KIOSK_ONLY,
    )
    max_percent = models.DecimalField(_("chiết khấu tối đa (%)"), max_digits=5, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("người sửa")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("lúc sửa"))

    class Meta:
        verbose_name = _("giới hạn chiết khấu")
        verbose_name_plural = _("giới hạn chiết khấu")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_percent__gte=0) & Q(max_percent__lte=100), name="discount_limit_range"
            ),
            # One row per kiosk and one global row (kiosk empty): NULLS NOT DISTINCT makes the empty kiosk unique too.
            models.UniqueConstraint(fields=["kiosk"], nulls_distinct=False, name="discount_limit_one_per_kiosk"),
        ]

    def __str__(self):
        return f"{self.kiosk or _('Mọi ki-ốt')}: {self.max_percent} %"


class CashSession(models.Model):
    """A shift at one till: the cash drawer from its opening float to the closing count.

    At most one session is open per kiosk. Expected cash is worked out when the session closes (float + cash
    sales − change − cash refunds + cash in − cash out); the difference against the count is kept for the Z report.
    """

    kiosk = models.ForeignKey(
        "inventory.Warehouse",
        on_delete=models.PROTECT,
        related_name="cash_sessions",
        limit_choices_to=KIOSK_ONLY,
        verbose_name=_("ki-ốt"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người mở ca")
    )
    opened_at = models.DateTimeField(_("mở ca lúc"))
    opening_float = models.BigIntegerField(_("tiền đầu ca (₫)"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("người đóng ca"),
    )
    closed_at = models.DateTimeField(_("đóng ca lúc"), null=True, blank=True)
    expected_cash = models.BigIntegerField(_("tiền mặt theo sổ (₫)"), null=True, blank=True)
    counted_cash = models.BigIntegerField(_("tiền mặt đếm được (₫)"), null=True, blank=True)
    difference = models.BigIntegerField(_("chênh lệch (₫)"), null=True, blank=True)
    closing_note = models.CharField(_("ghi chú đóng ca"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ca thu ngân")
        verbose_name_plural = _("ca thu ngân")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kiosk"], condition=Q(closed_at__isnull=True), name="cash_session_one_open"
            ),
            models.CheckConstraint(condition=Q(opening_float__gte=0), name="cash_session_float_not_negative"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | (
                    Q(counted_cash__gte=0)
                    & Q(expected_cash__isnull=False)
                    & Q(difference=F("counted_cash") - F("expected_cash"))
                ),
                name="cash_session_closed_counted",
            ),
        ]

    def __str__(self):
        return f"{self.kiosk_id} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CashMovement(models.Model):
    """Cash put into or taken out of the drawer for a reason other than a sale (change fund, paying a courier)."""

    class Kind(models.TextChoices):
        IN = "in", _("Nộp tiền vào két")
        OUT = "out", _("Rút tiền khỏi két")

    session = models.ForeignKey(
        CashSession, on_delete=models.PROTECT, related_name="cash_movements", verbose_name=_("ca thu ngân")
    )
    kind = models.CharField(_("loại"), max_length=3, choices=Kind.choices)
    amount = models.BigIntegerField(_("số tiền (₫)"))
    reason = models.CharField(_("lý do"), max_length=255)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("nhân viên")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("lúc ghi"))

    class Meta:
        verbose_name = _("thu chi tiền mặt")
        verbose_name_plural = _("thu chi tiền mặt")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cash_movement_amount_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="cash_movement_reason_required"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class Sale(models.Model):
    """One sale at a kiosk counter, with its receipt number and the totals printed on the receipt."""

    kiosk = models.ForeignKey(
        "inventory.Warehouse",
        on_delete=models.PROTECT,
        related_name="sales",
        limit_choices_to=KIOSK_ONLY,
        verbose_name=_("ki-ốt"),
    )
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.PROTECT, related_name="sales", verbose_name=_("kênh bán")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pos_sales", verbose_name=_("nhân viên")
    )
    cash_session = models.ForeignKey(
        CashSession,
        on_delete=models.PROTECT,
        related_name="sales",
        null=True,
        blank=True,
        verbose_name=_("ca thu ngân"),
    )
    client_uuid = models.UUIDField(unique=True, verbose_name=_("mã máy bán hàng"))
    receipt_number = models.CharField(_("số hoá đơn"), max_length=16, unique=True)
    lookup_code = models.CharField(_("mã tra cứu"), max_length=12, unique=True)
    subtotal_amount = models.BigIntegerField(_("tiền hàng (₫)"))
    discount_amount = models.BigIntegerField(_("chiết khấu (₫)"))
    total_amount = models.BigIntegerField(_("tổng thanh toán (₫)"))
    vat_rate_percent = models.DecimalField(_("thuế suất GTGT (%)"), max_digits=5, decimal_places=2)
    vat_amount = models.BigIntegerField(_("tiền thuế GTGT (₫)"))
    sale_discount_percent = models.DecimalField(_("chiết khấu cả đơn (%)"), max_digits=5, decimal_places=2)
    paid_amount = models.BigIntegerField(_("khách trả (₫)"))
    change_amount = models.BigIntegerField(_("tiền thừa (₫)"))
    # When the customer paid, as the till saw it (an offline sale syncs later); recorded_at is when it arrived.
    created_at = models.DateTimeField(_("thời điểm bán"), db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("lúc ghi nhận"))

    class Meta:
        verbose_name = _("hoá đơn bán lẻ")
        verbose_name_plural = _("hoá đơn bán lẻ")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kiosk", "created_at"], name="sale_kiosk_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(subtotal_amount__gte=0)
                & Q(discount_amount__gte=0)
                & Q(total_amount=F("subtotal_amount") - F("discount_amount"))
                & Q(total_amount__gte=0),
                name="sale_totals_add_up",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount=F("total_amount") + F("change_amount")) & Q(change_amount__gte=0),
                name="sale_paid_in_full",
            ),
        ]

    def __str__(self):
        return self.receipt_number

    @property
    def amount_before_vat(self) -> int:
        return self.total_amount - self.vat_amount


class SaleLine(models.Model):
    """One item on a sale. Names and prices are copied: the receipt must not change when the catalogue does.

    quantity_returned grows with each return and may never exceed quantity: the database holds that line.
    """

    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="lines", verbose_name=_("hoá đơn"))
    client_uuid = models.UUIDField(unique=True, verbose_name=_("mã máy bán hàng"))
    variant = models.ForeignKey(
        "catalogue.ProductVariant", on_delete=models.PROTECT, related_name="+", verbose_name=_("phân loại")
    )
    product_name = models.CharField(_("tên hàng"), max_length=520)
    sku = models.CharField(_("SKU"), max_length=64)
    quantity = models.PositiveIntegerField(_("số lượng"))
    quantity_returned = models.PositiveIntegerField(_("đã trả lại"), default=0)
    unit_price = models.BigIntegerField(_("đơn giá (₫)"))
    discount_percent = models.DecimalField(_("chiết khấu dòng (%)"), max_digits=5, decimal_places=2)
    discount_amount = models.BigIntegerField(_("chiết khấu (₫)"))
    total_amount = models.BigIntegerField(_("thành tiền (₫)"))
    vat_rate_percent = models.DecimalField(_("thuế suất GTGT (%)"), max_digits=5, decimal_places=2)
    vat_amount = models.BigIntegerField(_("tiền thuế GTGT (₫)"))

    class Meta:
        verbose_name = _("dòng hoá đơn")
        verbose_name_plural = _("dòng hoá đơn")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="sale_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(quantity_returned__lte=F("quantity")), name="sale_line_returns_within_sold"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0)
                & Q(discount_amount__gte=0)
                & Q(total_amount=F("unit_price") * F("quantity") - F("discount_amount"))
                & Q(total_amount__gte=0),
                name="sale_line_amounts_add_up",
            ),
        ]

    def __str__(self):
        return f"{self.product_name} × {self.quantity}"

    @property
    def gross_amount(self) -> int:
        return self.unit_price * self.quantity

    @property
    def quantity_returnable(self) -> int:
        return self.quantity - self.quantity_returned


class SalePayment(models.Model):
    """How (part of) a sale was paid. For cash, what the customer handed over and the change given back."""

    class Method(models.TextChoices):
        CASH = "cash", _("Tiền mặt")
        CARD = "card", _("Thẻ")
        VIETQR = "vietqr", _("VietQR")

    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="payments", verbose_name=_("hoá đơn"))
    client_uuid = models.UUIDField(unique=True, verbose_name=_("mã máy bán hàng"))
    method = models.CharField(_("hình thức"), max_length=8, choices=Method.choices)
    amount = models.BigIntegerField(_("số tiền (₫)"))
    tendered = models.BigIntegerField(_("khách đưa (₫)"))
    change = models.BigIntegerField(_("tiền thừa (₫)"))
    terminal_reference = models.CharField(_("mã giao dịch"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("thanh toán")
        verbose_name_plural = _("thanh toán")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(change__gte=0) & Q(tendered=F("amount") + F("change")),
                name="sale_payment_change_adds_up",
            ),
            models.CheckConstraint(condition=Q(method="cash") | Q(change=0), name="sale_payment_change_only_cash"),
            models.CheckConstraint(
                condition=~Q(method="card") | ~Q(terminal_reference=""), name="sale_payment_card_reference"
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} {self.amount}"


class SaleReturn(models.Model):
    """Goods brought back to the kiosk that sold them, refunded; each line points at the line it reverses."""

    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="returns", verbose_name=_("hoá đơn"))
    client_uuid = models.UUIDField(unique=True, verbose_name=_("mã máy bán hàng"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("nhân viên")
    )
    cash_session = models.ForeignKey(
        CashSession,
        on_delete=models.PROTECT,
        related_name="returns",
        null=True,
        blank=True,
        verbose_name=_("ca thu ngân"),
    )
    refund_method = models.CharField(
        _("hoàn tiền bằng"), max_length=8, choices=SalePayment.Method.choices, default=SalePayment.Method.CASH
    )
    refund_amount = models.BigIntegerField(_("tiền hoàn (₫)"))
    reason = models.CharField(_("lý do"), max_length=255)
    created_at = models.DateTimeField(_("thời điểm"), db_index=True)

    class Meta:
        verbose_name = _("phiếu trả hàng")
        verbose_name_plural = _("phiếu trả hàng")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(refund_amount__gte=0), name="sale_return_refund_positive")]

    def __str__(self):
        return f"{self.sale} − {self.refund_amount}"


class SaleReturnLine(models.Model):
    sale_return = models.ForeignKey(
        SaleReturn, on_delete=models.PROTECT, related_name="lines", verbose_name=_("phiếu trả hàng")
    )
    sale_line = models.ForeignKey(
        SaleLine, on_delete=models.PROTECT, related_name="return_lines", verbose_name=_("dòng hoá đơn")
    )
    quantity = models.PositiveIntegerField(_("số lượng"))
    refund_amount = models.BigIntegerField(_("tiền hoàn (₫)"))

    class Meta:
        verbose_name = _("dòng trả hàng")
        verbose_name_plural = _("dòng trả hàng")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="sale_return_line_quantity_positive"),
            models.CheckConstraint(condition=Q(refund_amount__gte=0), name="sale_return_line_refund_positive"),
            models.UniqueConstraint(fields=["sale_return", "sale_line"], name="sale_return_line_once"),
        ]

    def __str__(self):
        return f"{self.sale_line} × {self.quantity}"


class StockVarianceAlert(models.Model):
    """A kiosk sold more of an item than its books say it holds: the count on the shelf needs checking.

    One alert stays open per item and kiosk until someone resolves it (usually with a stock count).
    """

    kiosk = models.ForeignKey(
        "inventory.Warehouse",
        on_delete=models.PROTECT,
        related_name="variance_alerts",
        limit_choices_to=KIOSK_ONLY,
        verbose_name=_("ki-ốt"),
    )
    variant = models.ForeignKey(
        "catalogue.ProductVariant", on_delete=models.PROTECT, related_name="+", verbose_name=_("phân loại")
    )
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="variance_alerts", verbose_name=_("hoá đơn"))
    balance = models.IntegerField(_("tồn theo sổ khi phát hiện"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("lúc phát hiện"))
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("lúc xử lý"))

    class Meta:
        verbose_name = _("cảnh báo lệch tồn")
        verbose_name_plural = _("cảnh báo lệch tồn")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kiosk", "variant"], condition=Q(resolved_at__isnull=True), name="variance_alert_one_open"
            )
        ]

    def __str__(self):
        return f"{self.kiosk_id}/{self.variant_id}: {self.balance}"


class SaleLineGiftSetPart(RecordedGiftSetPart):
    """A part of the gift set sold on a receipt line, as it was when the line sold (see RecordedGiftSetPart)."""

    sale_line = models.ForeignKey(
        SaleLine, on_delete=models.PROTECT, related_name="gift_set_parts", verbose_name=_("dòng hoá đơn")
    )

    class Meta(RecordedGiftSetPart.Meta):
        verbose_name = _("thành phần hộp quà đã bán")
        verbose_name_plural = _("thành phần hộp quà đã bán")
        constraints = [
            *RecordedGiftSetPart.Meta.constraints,
            models.UniqueConstraint(fields=["sale_line", "variant"], name="sale_line_gift_set_part_unique"),
        ]
