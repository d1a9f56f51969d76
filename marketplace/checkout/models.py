"""Carts and checkouts (Saleor's Checkout and CheckoutLine) and the delivery methods of a channel."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import DeliveryAddress, language_code_constraint, language_code_field


def _reads_english() -> bool:
    return (get_language() or "").startswith("en")


class ShippingMethod(models.Model):
    """A way to deliver in a channel, with its price and the order subtotal from which delivery is free."""

    channel = models.ForeignKey(
        "channels.Channel", verbose_name=_("kênh bán"), on_delete=models.CASCADE, related_name="shipping_methods"
    )
    name = models.CharField(_("tên"), max_length=120)
    slug = models.SlugField(_("mã"), max_length=60)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    # English for shoppers reading in English (the API's ShippingMethod.translation); empty: not translated.
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=120, blank=True)
    description_en = models.CharField(_("mô tả (tiếng Anh)"), max_length=255, blank=True)
    price_amount = models.BigIntegerField(_("phí giao hàng (₫)"))
    free_shipping_threshold_amount = models.BigIntegerField(_("miễn phí giao cho đơn từ (₫)"), null=True, blank=True)
    minimum_delivery_days = models.PositiveSmallIntegerField(_("giao sớm nhất (ngày)"), default=1)
    maximum_delivery_days = models.PositiveSmallIntegerField(_("giao muộn nhất (ngày)"), default=3)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phương thức giao hàng")
        verbose_name_plural = _("phương thức giao hàng")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "slug"], name="shipping_method_slug_per_channel"),
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="shipping_price_not_negative"),
            models.CheckConstraint(
                condition=Q(free_shipping_threshold_amount__isnull=True) | Q(free_shipping_threshold_amount__gte=0),
                name="shipping_threshold_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(maximum_delivery_days__gte=models.F("minimum_delivery_days")),
                name="shipping_delivery_days_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def shown_name(self) -> str:
        """The name on the shop's pages: the English one on English pages where it is given, else the Vietnamese."""
        return self.name_en if self.name_en and _reads_english() else self.name

    @property
    def shown_description(self) -> str:
        return self.description_en if self.description_en and _reads_english() else self.description

    def price_for_subtotal(self, subtotal: int) -> int:
        threshold = self.free_shipping_threshold_amount
        return 0 if threshold is not None and subtotal >= threshold else self.price_amount


class Checkout(DeliveryAddress):
    """A shopper's cart and, once they give contact and delivery details, their checkout (Saleor's Checkout).

    A guest's checkout is found by its token (kept in the session); a signed-in shopper's by their account.
    """

    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("mã giỏ hàng"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_change = models.DateTimeField(_("thay đổi lúc"), auto_now=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkouts",
    )
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.PROTECT, related_name="checkouts", verbose_name=_("kênh bán")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    customer_note = models.CharField(_("ghi chú cho người giao"), max_length=255, blank=True)
    shipping_method = models.ForeignKey(
        ShippingMethod,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkouts",
        verbose_name=_("cách giao hàng"),
    )
    reserved_until = models.DateTimeField(_("giữ hàng đến"), null=True, blank=True)
    # The shopper's language (Saleor's Checkout.languageCode); the order placed from it keeps it.
    language_code = language_code_field()

    class Meta:
        verbose_name = _("giỏ hàng")
        verbose_name_plural = _("giỏ hàng")
        ordering = ["-last_change"]
        constraints = [
            # One open cart per account and channel: signing in merges a guest's cart into it.
            models.UniqueConstraint(
                fields=["user", "channel"], condition=Q(user__isnull=False), name="checkout_one_per_user_channel"
            ),
            language_code_constraint("checkout_language_known"),
        ]

    def __str__(self):
        return str(self.token)


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines", verbose_name=_("giỏ hàng"))
    variant = models.ForeignKey(
        "catalogue.ProductVariant", on_delete=models.CASCADE, related_name="checkout_lines", verbose_name=_("phân loại")
    )
    quantity = models.PositiveIntegerField(_("số lượng"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("lúc thêm"))

    class Meta:
        verbose_name = _("dòng giỏ hàng")
        verbose_name_plural = _("dòng giỏ hàng")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkout_line_variant_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkout_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.variant_id} × {self.quantity}"
