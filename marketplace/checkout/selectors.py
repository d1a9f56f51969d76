"""Reads for carts and checkouts: prices in the channel, availability, the VAT rate of the day, totals.

Rounding rule (the project's one rule, marketplace.core.money): prices include VAT; a line's total is unit price
× quantity, and the VAT it contains is computed once per line from that total, rounded half up to the đồng. The
order's VAT is the sum of its lines' VAT and the delivery fee's VAT.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone

from inventory.selectors import available_quantity_for_channel
from marketplace.catalogue.models import Product, ProductMedia
from marketplace.channels.models import ProductVariantChannelListing
from marketplace.checkout.models import Checkout, CheckoutLine, ShippingMethod
from marketplace.core.money import vat_included
from marketplace.taxes.selectors import vat_rate_on


@dataclass(frozen=True)
class LineInfo:
    line: CheckoutLine
    unit_price: int | None  # None: the variant is no longer sold in the channel
    available: int
    vat_rate: Decimal

    @property
    def variant(self):
        return self.line.variant

    @property
    def quantity(self) -> int:
        return self.line.quantity

    @property
    def total(self) -> int:
        return (self.unit_price or 0) * self.line.quantity

    @property
    def vat(self) -> int:
        return vat_included(self.total, self.vat_rate)

    @property
    def is_sellable(self) -> bool:
        return self.unit_price is not None

    @property
    def is_available(self) -> bool:
        return not self.variant.track_inventory or self.line.quantity <= self.available


@dataclass(frozen=True)
class CheckoutTotals:
    lines: list[LineInfo]
    vat_rate: Decimal
    subtotal: int
    shipping_method: ShippingMethod | None
    shipping_price: int
    shipping_vat: int

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping_price

    @property
    def vat(self) -> int:
        return sum(info.vat for info in self.lines) + self.shipping_vat

    @property
    def quantity(self) -> int:
        return sum(info.quantity for info in self.lines)


def local_today() -> datetime.date:
    return timezone.localdate()  # TIME_ZONE is Asia/Ho_Chi_Minh: the VAT rate changes at local midnight


def checkout_lines(checkout: Checkout) -> list[CheckoutLine]:
    """The lines with variant, product and `channel_price`, the variant's price in the checkout's channel (None if
    not priced there), in one query."""
    price = ProductVariantChannelListing.objects.filter(variant=OuterRef("variant_id"), channel_id=checkout.channel_id)
    return list(
        checkout.lines.select_related("variant__product")
        .annotate(channel_price=Subquery(price.values("price_amount")[:1]))
        .order_by("created_at", "pk")
    )


def _unit_price(line: CheckoutLine) -> int | None:
    if line.variant.product.status != Product.Status.PUBLISHED:
        return None
    return line.channel_price


def checkout_totals(
    checkout: Checkout, *, day: datetime.date | None = None, with_availability: bool = True
) -> CheckoutTotals:
    """Prices, availability and totals of a checkout as they stand now (three queries; two without availability,
    which placing the order does not need: the allocation under row locks has the last word)."""
    vat_rate = vat_rate_on(day or local_today())
    lines = checkout_lines(checkout)
    available = (
        available_quantity_for_channel([line.variant_id for line in lines], checkout.channel_id)
        if with_availability
        else {}
    )
    infos = [LineInfo(line, _unit_price(line), available.get(line.variant_id, 0), vat_rate) for line in lines]
    subtotal = sum(info.total for info in infos)
    method = checkout.shipping_method
    shipping_price = method.price_for_subtotal(subtotal) if method is not None and infos else 0
    return CheckoutTotals(
        lines=infos,
        vat_rate=vat_rate,
        subtotal=subtotal,
        shipping_method=method,
        shipping_price=shipping_price,
        shipping_vat=vat_included(shipping_price, vat_rate),
    )


def shipping_methods_for(checkout: Checkout) -> list[ShippingMethod]:
    return list(ShippingMethod.objects.filter(channel_id=checkout.channel_id, is_active=True))


def shipping_methods_by_channel(channel_ids) -> dict[int, list[ShippingMethod]]:
    """The active shipping methods of each channel named, in one query (the API's Order.shippingMethods for a page
    of orders)."""
    methods = {channel_id: [] for channel_id in channel_ids}
    for method in ShippingMethod.objects.filter(channel_id__in=methods, is_active=True):
        methods[method.channel_id].append(method)
    return methods


def _checkouts():
    return Checkout.objects.select_related("channel", "shipping_method", "user")


def checkout_by_token(token) -> Checkout | None:
    """A checkout as it stands now, with what the API's Checkout shows (for the caller that already checked access)."""
    return _checkouts().filter(pk=token).first()


def checkouts_of(user, channel_slug: str | None = None):
    """An account's open checkouts, the last changed first: one per channel (checkout_one_per_user_channel)."""
    checkouts = _checkouts().filter(user=user).order_by("-last_change", "pk")
    return checkouts.filter(channel__slug=channel_slug) if channel_slug is not None else checkouts


def checkout_for_customer(token, user) -> Checkout | None:
    """The checkout `token` names, if the caller may use it: a guest checkout by whoever holds its token (the token
    is the secret, as Saleor's), an account's checkout by that account only."""
    checkouts = _checkouts().filter(pk=token)
    if user is not None and user.is_authenticated:
        return checkouts.filter(Q(user__isnull=True) | Q(user=user)).first()
    return checkouts.filter(user__isnull=True).first()


def cart_item_count(*, user) -> int:
    """How many items a signed-in shopper's carts hold (the header's cart icon, noted when they sign in)."""
    return CheckoutLine.objects.filter(checkout__user=user).aggregate(count=Sum("quantity"))["count"] or 0


def line_photos(totals: CheckoutTotals) -> dict[int, int]:
    """The first published photo of each product in the cart, as {product id: photo id}, in one query."""
    product_ids = {info.variant.product_id for info in totals.lines}
    if not product_ids:
        return {}
    photos = (
        ProductMedia.objects.filter(product_id__in=product_ids, is_published=True)
        .order_by("product_id", "sort_order", "pk")
        .distinct("product_id")
        .values_list("product_id", "pk")
    )
    return dict(photos)
