"""Payments as Saleor's TransactionItem (what a payment method holds for an order) and TransactionEvent (its
history). Amounts are whole đồng; the item's amounts are the sum of its successful events.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    CASH_ON_DELIVERY = "cod", _("Thanh toán khi nhận hàng (COD)")
    STRIPE = "stripe", _("Thẻ (Stripe)")
    VIETQR = "vietqr", _("Chuyển khoản VietQR")


class TransactionItem(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("mã giao dịch"))
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="transactions", verbose_name=_("đơn hàng")
    )
    name = models.CharField(_("tên"), max_length=120)
    method = models.CharField(_("phương thức"), max_length=12, choices=PaymentMethod.choices)
    psp_reference = models.CharField(_("mã giao dịch cổng thanh toán"), max_length=128, blank=True)
    currency = models.CharField(_("tiền tệ"), max_length=3, default="VND")
    authorized_amount = models.BigIntegerField(_("đã cấp phép (₫)"), default=0)
    charged_amount = models.BigIntegerField(_("đã thu (₫)"), default=0)
    charge_pending_amount = models.BigIntegerField(_("đang chờ thu (₫)"), default=0)
    refunded_amount = models.BigIntegerField(_("đã hoàn (₫)"), default=0)
    canceled_amount = models.BigIntegerField(_("đã hủy (₫)"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    modified_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    authorized_amount__gte=0,
                    charged_amount__gte=0,
                    charge_pending_amount__gte=0,
                    refunded_amount__gte=0,
                    canceled_amount__gte=0,
                ),
                name="transaction_amounts_not_negative",
            ),
            models.UniqueConstraint(
                fields=["method", "psp_reference"], condition=~Q(psp_reference=""), name="transaction_psp_unique"
            ),
        ]

    def __str__(self):
        return self.name


class TransactionEvent(models.Model):
    class Type(models.TextChoices):
        """Saleor's TransactionEventTypeEnum values used so far, in lower case."""

        CHARGE_REQUEST = "charge_request", _("Yêu cầu thu tiền")
        CHARGE_SUCCESS = "charge_success", _("Đã thu tiền")
        CHARGE_FAILURE = "charge_failure", _("Thu tiền thất bại")
        REFUND_SUCCESS = "refund_success", _("Đã hoàn tiền")
        CANCEL_SUCCESS = "cancel_success", _("Đã hủy")
        INFO = "info", _("Thông tin")

    transaction = models.ForeignKey(
        TransactionItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("giao dịch")
    )
    type = models.CharField(max_length=24, choices=Type.choices, verbose_name=_("loại"))
    amount = models.BigIntegerField(default=0, verbose_name=_("số tiền"))
    psp_reference = models.CharField(max_length=128, blank=True, verbose_name=_("mã của cổng thanh toán"))
    message = models.CharField(max_length=512, blank=True, verbose_name=_("ghi chú"))
    # Webhooks and retries carry a key; the same key never records an event twice.
    idempotency_key = models.CharField(
        max_length=128, null=True, blank=True, unique=True, verbose_name=_("khoá chống trùng")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("lúc tạo"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("người tạo")
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="transaction_event_amount_nonneg")]
        verbose_name = _("sự kiện giao dịch")
        verbose_name_plural = _("các sự kiện giao dịch")

    def __str__(self):
        return f"{self.type} {self.amount}"


class BankTransferAccount(models.Model):
    """The bank account a channel's shoppers pay into by VietQR transfer, and how long an unpaid order waits."""

    channel = models.OneToOneField(
        "channels.Channel", on_delete=models.CASCADE, related_name="bank_transfer_account", verbose_name=_("kênh bán")
    )
    bank_bin = models.CharField(_("mã BIN ngân hàng"), max_length=6)
    bank_name = models.CharField(_("ngân hàng"), max_length=120)
    account_number = models.CharField(_("số tài khoản"), max_length=19)
    account_holder = models.CharField(_("chủ tài khoản"), max_length=120)
    payment_window_hours = models.PositiveSmallIntegerField(_("giữ đơn chờ chuyển khoản (giờ)"), default=24)
    is_active = models.BooleanField(_("đang nhận chuyển khoản"), default=True)

    class Meta:
        verbose_name = _("tài khoản nhận chuyển khoản")
        verbose_name_plural = _("tài khoản nhận chuyển khoản")
        constraints = [
            models.CheckConstraint(condition=Q(bank_bin__regex=r"^\d{6}$"), name="bank_transfer_bin_six_digits"),
            models.CheckConstraint(
                condition=Q(account_number__regex=r"^[0-9A-Za-z]{1,19}$"), name="bank_transfer_account_number"
            ),
            models.CheckConstraint(condition=Q(payment_window_hours__gt=0), name="bank_transfer_window_positive"),
        ]

    def __str__(self):
        return f"{self.bank_name} {self.account_number}"


class BankNotification(models.Model):
    """Every signed notification of an incoming transfer the bank sent, kept as received.

    One naming a transfer order is matched to it on arrival; the others wait, unmatched, for a manager, who matches
    one to an order (marketplace.payments.services.match_bank_notification) or sets it aside as not the shop's.
    """

    class Status(models.TextChoices):
        UNMATCHED = "unmatched", _("Chưa khớp đơn")
        MATCHED = "matched", _("Đã khớp đơn")
        IGNORED = "ignored", _("Bỏ qua")

    reference = models.CharField(_("mã giao dịch ngân hàng"), max_length=100, unique=True)
    amount = models.BigIntegerField(_("số tiền (₫)"))
    description = models.CharField(_("nội dung chuyển khoản"), max_length=500, blank=True)
    payload = models.TextField(_("nội dung thông báo gốc"))
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.UNMATCHED)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("đơn hàng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_notifications",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo chuyển khoản")
        verbose_name_plural = _("thông báo chuyển khoản")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="bank_notification_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="matched", order__isnull=False) | (~Q(status="matched") & Q(order__isnull=True)),
                name="bank_notification_order_iff_matched",
            ),
        ]

    def __str__(self):
        return self.reference
