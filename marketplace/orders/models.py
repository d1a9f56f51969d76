"""Orders (Saleor's Order, OrderLine, OrderEvent, Fulfillment); the stock they hold is inventory.Allocation.

Amounts are whole đồng and include VAT; each line keeps the unit price and VAT rate it was sold at, so a later
price or tax change never rewrites a past order.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models import RecordedGiftSetPart
from marketplace.core.models import DeliveryAddress, language_code_constraint, language_code_field

# Order numbers come from this PostgreSQL sequence (created in migration 0001): short, sequential and never
# reused, even when the transaction that drew a number rolls back (the number is then skipped, not given again).
ORDER_NUMBER_SEQUENCE = "orders_order_number_seq"


class OrderStatus(models.TextChoices):
    """Saleor's OrderStatus values, in lower case."""

    DRAFT = "draft", _("Nháp")
    UNCONFIRMED = "unconfirmed", _("Chờ xác nhận")
    UNFULFILLED = "unfulfilled", _("Chờ giao")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("Đã giao một phần")
    PARTIALLY_RETURNED = "partially_returned", _("Trả lại một phần")
    RETURNED = "returned", _("Đã trả lại")
    FULFILLED = "fulfilled", _("Đã giao")
    CANCELED = "canceled", _("Đã hủy")
    EXPIRED = "expired", _("Hết hạn")


class OrderChargeStatus(models.TextChoices):
    """Saleor's OrderChargeStatusEnum: how much of the total has been paid."""

    NONE = "none", _("Chưa thanh toán")
    PARTIAL = "partial", _("Thanh toán một phần")
    FULL = "full", _("Đã thanh toán")
    OVERCHARGED = "overcharged", _("Thanh toán thừa")


class Order(DeliveryAddress):
    number = models.PositiveIntegerField(_("số đơn"), unique=True, editable=False)
    # The private link a guest follows from the confirmation email; never shown elsewhere.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("mã tra cứu"))
    created_at = models.DateTimeField(_("đặt lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    status = models.CharField(
        _("trạng thái"), max_length=24, choices=OrderStatus.choices, default=OrderStatus.UNFULFILLED
    )
    charge_status = models.CharField(
        _("thanh toán"), max_length=12, choices=OrderChargeStatus.choices, default=OrderChargeStatus.NONE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    user_email = models.EmailField(_("email"))
    user_phone = models.CharField(_("số điện thoại"), max_length=20)
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.PROTECT, related_name="orders", verbose_name=_("kênh bán")
    )
    # The checkout an order was placed from: unique, so completing the same checkout twice cannot make two orders.
    checkout_token = models.UUIDField(null=True, blank=True, unique=True, editable=False, verbose_name=_("mã giỏ hàng"))
    customer_note = models.CharField(_("ghi chú cho người giao"), max_length=255, blank=True)
    shipping_method = models.ForeignKey(
        "checkout.ShippingMethod",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("cách giao hàng"),
    )
    shipping_method_name = models.CharField(_("phương thức giao hàng"), max_length=120)
    # The method's English name when the order was placed (ShippingMethod.name_en), for pages read in English;
    # empty when it had none.
    shipping_method_name_en = models.CharField(
        _("phương thức giao hàng (tiếng Anh)"), max_length=120, blank=True, default="", db_default=""
    )
    currency = models.CharField(max_length=3, default="VND", verbose_name=_("tiền tệ"))
    subtotal_amount = models.BigIntegerField(_("tiền hàng (₫)"))
    shipping_price_amount = models.BigIntegerField(_("phí giao hàng (₫)"))
    shipping_vat_rate = models.DecimalField(_("thuế suất phí giao (%)"), max_digits=5, decimal_places=2)
    total_amount = models.BigIntegerField(_("tổng cộng (₫)"))
    vat_amount = models.BigIntegerField(_("trong đó thuế GTGT (₫)"))
    total_charged_amount = models.BigIntegerField(_("đã thu (₫)"), default=0)
    # The shopper's language when they placed it, from their checkout (Saleor's Order.languageCodeEnum).
    language_code = language_code_field()

    class Meta:
        verbose_name = _("đơn hàng")
        verbose_name_plural = _("đơn hàng")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subtotal_amount__gte=0, shipping_price_amount__gte=0, total_charged_amount__gte=0),
                name="order_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total_amount=F("subtotal_amount") + F("shipping_price_amount")),
                name="order_total_is_subtotal_plus_shipping",
            ),
            models.CheckConstraint(
                condition=Q(vat_amount__gte=0, vat_amount__lte=F("total_amount")), name="order_vat_within_total"
            ),
            language_code_constraint("order_language_known"),
        ]
        indexes = [
            # The managers' dashboard counts the money still to chase (reports.selectors.orders_to_chase): the
            # few orders not paid in full that wait for a transfer or were handed over (and perhaps partly or
            # wholly sent back since), read from the index alone.
            models.Index(
                fields=["id"],
                include=["status", "total_amount", "total_charged_amount"],
                condition=~Q(charge_status__in=["full", "overcharged"])
                & Q(status__in=["unconfirmed", "fulfilled", "partially_fulfilled", "partially_returned", "returned"]),
                name="order_money_to_chase",
            ),
        ]

    def __str__(self):
        return f"#{self.number}"

    @property
    def shown_shipping_method_name(self) -> str:
        """The delivery method's name on the shop's pages: the English one on English pages where it was given,
        else the Vietnamese (as ShippingMethod.shown_name)."""
        english = (get_language() or "").startswith("en")
        return self.shipping_method_name_en if english and self.shipping_method_name_en else self.shipping_method_name

    @property
    def is_open(self) -> bool:
        return self.status in (OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("đơn hàng"))
    variant = models.ForeignKey(
        "catalogue.ProductVariant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_lines",
        verbose_name=_("phân loại"),
    )
    product_name = models.CharField(_("sản phẩm"), max_length=386)
    variant_name = models.CharField(_("quy cách"), max_length=255, blank=True)
    product_sku = models.CharField(_("SKU"), max_length=64)
    quantity = models.PositiveIntegerField(_("số lượng"))
    quantity_fulfilled = models.PositiveIntegerField(_("đã giao"), default=0)
    # Units the customer sent back (orders.services.return_order_lines), never more than were delivered.
    quantity_returned = models.PositiveIntegerField(_("đã trả lại"), default=0)
    unit_price_amount = models.BigIntegerField(_("đơn giá gồm VAT (₫)"))
    vat_rate = models.DecimalField(_("thuế suất (%)"), max_digits=5, decimal_places=2)
    total_price_amount = models.BigIntegerField(_("thành tiền (₫)"))
    vat_amount = models.BigIntegerField(_("trong đó thuế GTGT (₫)"))

    class Meta:
        verbose_name = _("dòng đơn hàng")
        verbose_name_plural = _("dòng đơn hàng")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(quantity_fulfilled__lte=F("quantity")), name="order_line_fulfilled_within_quantity"
            ),
            models.CheckConstraint(
                condition=Q(quantity_returned__lte=F("quantity_fulfilled")),
                name="order_line_returned_within_fulfilled",
                violation_error_message=_("Không thể trả lại nhiều hơn số đã giao."),
            ),
            models.CheckConstraint(
                condition=Q(total_price_amount=F("unit_price_amount") * F("quantity")),
                name="order_line_total_is_unit_times_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.product_sku} × {self.quantity}"

    @property
    def quantity_unfulfilled(self) -> int:
        return self.quantity - self.quantity_fulfilled

    @property
    def quantity_returnable(self) -> int:
        return self.quantity_fulfilled - self.quantity_returned


class Fulfillment(models.Model):
    """One parcel handed to the carrier (Saleor's Fulfillment), numbered within its order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfillments", verbose_name=_("đơn hàng"))
    fulfillment_order = models.PositiveSmallIntegerField(verbose_name=_("lần giao thứ"))
    tracking_number = models.CharField(_("mã vận đơn"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("lúc tạo"))

    class Meta:
        ordering = ["fulfillment_order"]
        constraints = [models.UniqueConstraint(fields=["order", "fulfillment_order"], name="fulfillment_order_unique")]
        verbose_name = _("lần giao hàng")
        verbose_name_plural = _("các lần giao hàng")

    def __str__(self):
        return f"{self.order_id}-{self.fulfillment_order}"


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(
        Fulfillment, on_delete=models.CASCADE, related_name="lines", verbose_name=_("lần giao")
    )
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="fulfillment_lines", verbose_name=_("dòng đơn hàng")
    )
    # Empty for goods whose stock is not tracked: nothing left a warehouse's balance.
    stock = models.ForeignKey(
        "inventory.Stock",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fulfillment_lines",
        verbose_name=_("tồn kho"),
    )
    quantity = models.PositiveIntegerField(verbose_name=_("số lượng"))

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="fulfillment_line_quantity_positive")]
        verbose_name = _("dòng giao hàng")
        verbose_name_plural = _("các dòng giao hàng")

    def __str__(self):
        return f"{self.order_line_id} × {self.quantity}"


class OrderEvent(models.Model):
    """The history of an order (Saleor's OrderEvent); `parameters` holds what the type needs to be told."""

    class Type(models.TextChoices):
        PLACED = "placed", _("Đặt hàng")
        CONFIRMED = "confirmed", _("Xác nhận đơn")
        CANCELED = "canceled", _("Hủy đơn")
        EXPIRED = "expired", _("Hết hạn thanh toán")
        EMAIL_SENT = "email_sent", _("Đã gửi email")
        ORDER_MARKED_AS_PAID = "order_marked_as_paid", _("Đánh dấu đã thanh toán")
        ORDER_FULLY_PAID = "order_fully_paid", _("Đã thanh toán đủ")
        PAYMENT_REFUNDED = "payment_refunded", _("Đã hoàn tiền")
        FULFILLMENT_FULFILLED_ITEMS = "fulfillment_fulfilled_items", _("Đã giao hàng")
        FULFILLMENT_RETURNED = "fulfillment_returned", _("Khách trả hàng")
        FULFILLMENT_REFUNDED = "fulfillment_refunded", _("Đã hoàn tiền hàng trả lại")
        TRACKING_UPDATED = "tracking_updated", _("Cập nhật mã vận đơn")
        TRANSACTION_EVENT = "transaction_event", _("Giao dịch thanh toán")
        NOTE_ADDED = "note_added", _("Ghi chú")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("đơn hàng"))
    date = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("thời điểm"))
    type = models.CharField(max_length=40, choices=Type.choices, verbose_name=_("sự kiện"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("người thực hiện")
    )
    parameters = models.JSONField(default=dict, blank=True, verbose_name=_("chi tiết"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("sự kiện đơn hàng")
        verbose_name_plural = _("lịch sử đơn hàng")

    def __str__(self):
        return self.get_type_display()


class OrderLineGiftSetPart(RecordedGiftSetPart):
    """A part of the gift set ordered on an order line, as it was when the order was placed (see
    RecordedGiftSetPart)."""

    order_line = models.ForeignKey(
        OrderLine, on_delete=models.CASCADE, related_name="gift_set_parts", verbose_name=_("dòng đơn hàng")
    )

    class Meta(RecordedGiftSetPart.Meta):
        verbose_name = _("thành phần hộp quà đã đặt")
        verbose_name_plural = _("thành phần hộp quà đã đặt")
        constraints = [
            *RecordedGiftSetPart.Meta.constraints,
            models.UniqueConstraint(fields=["order_line", "variant"], name="order_line_gift_set_part_unique"),
        ]


class OrderReturn(models.Model):
    """Goods of a delivered order sent back by the customer (Saleor's returned fulfillment), refunded at the price
    paid; each line points at the order line it reverses. Written only by orders.services.return_order_lines."""

    class Status(models.TextChoices):
        """Saleor's FulfillmentStatus names: returned, the refund still to pay; refunded and returned."""

        RETURNED = "returned", _("Đã trả lại, chờ hoàn tiền")
        REFUNDED_AND_RETURNED = "refunded_and_returned", _("Đã trả lại và hoàn tiền")

    class RefundMethod(models.TextChoices):
        CARD = "card", _("Hoàn về thẻ (Stripe)")
        BANK_TRANSFER = "transfer", _("Chuyển khoản cho khách")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="returns", verbose_name=_("đơn hàng"))
    # Numbered within its order, as parcels are.
    return_order = models.PositiveSmallIntegerField(verbose_name=_("lần trả thứ"))
    status = models.CharField(_("trạng thái"), max_length=24, choices=Status.choices, default=Status.RETURNED)
    restocked = models.BooleanField(_("nhập lại kho"))
    refund_method = models.CharField(_("hoàn tiền bằng"), max_length=8, choices=RefundMethod.choices)
    refund_amount = models.BigIntegerField(_("tiền hoàn (₫)"))
    refund_reference = models.CharField(_("mã hoàn tiền"), max_length=100, blank=True)
    reason = models.CharField(_("lý do"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhận hàng trả")
    )
    created_at = models.DateTimeField(_("thời điểm"), db_index=True)

    class Meta:
        verbose_name = _("phiếu trả hàng trực tuyến")
        verbose_name_plural = _("phiếu trả hàng trực tuyến")
        ordering = ["order", "return_order"]
        constraints = [
            models.UniqueConstraint(fields=["order", "return_order"], name="order_return_number_unique"),
            models.CheckConstraint(condition=Q(refund_amount__gte=0), name="order_return_refund_not_negative"),
        ]

    def __str__(self):
        return f"{self.order}-T{self.return_order}"


class OrderReturnLine(models.Model):
    order_return = models.ForeignKey(
        OrderReturn, on_delete=models.PROTECT, related_name="lines", verbose_name=_("phiếu trả hàng")
    )
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="return_lines", verbose_name=_("dòng đơn hàng")
    )
    quantity = models.PositiveIntegerField(_("số lượng"))
    refund_amount = models.BigIntegerField(_("tiền hoàn (₫)"))

    class Meta:
        verbose_name = _("dòng trả hàng trực tuyến")
        verbose_name_plural = _("dòng trả hàng trực tuyến")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_return_line_quantity_positive"),
            models.CheckConstraint(condition=Q(refund_amount__gte=0), name="order_return_line_refund_not_negative"),
            models.UniqueConstraint(fields=["order_return", "order_line"], name="order_return_line_once"),
        ]

    def __str__(self):
        return f"{self.order_line} × {self.quantity}"
