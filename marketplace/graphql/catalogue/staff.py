"""Staff-only catalogue fields in Saleor's shapes: channel listings, margins, units ordered and revenue.

Every resolver here first marks the answer as not cacheable (the catalogue's answer cache is keyed by the query
text, not by the viewer) and then asks for a manager. Listings and sales are read once for every product read
together (`api_batch`), so a page of products costs the same few statements whatever its size.
"""

from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal

import graphene
from django.utils import timezone
from graphene import relay

from marketplace.channels import selectors as channel_selectors
from marketplace.graphql.addresses import AddressInput
from marketplace.graphql.auth import require_manager
from marketplace.graphql.catalogue import response_cache
from marketplace.graphql.core import Money, TaxedMoney, TaxedMoneyRange
from marketplace.orders import selectors as order_selectors

CURRENCY = "VND"  # every channel sells in VND (a database constraint says so)


def staff_only(info, permissions: str = "MANAGE_PRODUCTS") -> None:
    response_cache.not_cacheable(info)
    require_manager(info, permissions)


class ReportingPeriod(graphene.Enum):
    TODAY = "TODAY"
    THIS_MONTH = "THIS_MONTH"


class MoneyRange(graphene.ObjectType):
    start = graphene.Field(Money)
    stop = graphene.Field(Money)


class Margin(graphene.ObjectType):
    start = graphene.Int()
    stop = graphene.Int()


def margin_percent(price: int | None, cost: int | None) -> int | None:
    """Gross margin in whole percent of the price, rounded half up; none without a cost or with a zero price."""
    if cost is None or not price:
        return None
    return int((Decimal(price - cost) * 100 / Decimal(price)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_PREORDER_GONE = (
    "Preorder is deprecated and will be removed. Model pre-sales with regular stock instead: create the planned "
    "quantity in a warehouse, or set `trackInventory` to false to sell without a stock limit."
)


class PreorderThreshold(graphene.ObjectType):
    quantity = graphene.Int(deprecation_reason=_PREORDER_GONE)
    sold_units = graphene.Int(required=True, deprecation_reason=_PREORDER_GONE)


class ProductVariantChannelListing(graphene.ObjectType):
    channel = graphene.Field("marketplace.graphql.channels.ChannelNode", required=True)
    price = graphene.Field(Money)
    cost_price = graphene.Field(Money)
    prior_price = graphene.Field(Money, description="Always null: we keep no earlier price.")
    margin = graphene.Int()
    preorder_threshold = graphene.Field(PreorderThreshold, deprecation_reason=_PREORDER_GONE)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_price(root, info):
        return Money.of(root.price_amount, CURRENCY)

    @staticmethod
    def resolve_cost_price(root, info):
        return None if root.cost_price_amount is None else Money.of(root.cost_price_amount, CURRENCY)

    @staticmethod
    def resolve_prior_price(root, info):
        return None

    @staticmethod
    def resolve_margin(root, info):
        return margin_percent(root.price_amount, root.cost_price_amount)

    @staticmethod
    def resolve_preorder_threshold(root, info):
        return None


class ProductChannelListing(graphene.ObjectType):
    publication_date = graphene.Date(deprecation_reason="Use the `publishedAt` field to fetch the publication date.")
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    channel = graphene.Field("marketplace.graphql.channels.ChannelNode", required=True)
    visible_in_listings = graphene.Boolean(required=True)
    available_for_purchase = graphene.Date(
        deprecation_reason="Use the `availableForPurchaseAt` field to fetch the available for purchase date."
    )
    available_for_purchase_at = graphene.DateTime()
    discounted_price = graphene.Field(Money)
    purchase_cost = graphene.Field(MoneyRange)
    margin = graphene.Field(Margin)
    is_available_for_purchase = graphene.Boolean()
    pricing = graphene.Field(
        "marketplace.graphql.catalogue.types.ProductPricingInfo", address=graphene.Argument(AddressInput)
    )

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_publication_date(root, info):
        return root.published_at.date() if root.published_at else None

    @staticmethod
    def resolve_available_for_purchase_at(root, info):
        return root.published_at if root.is_published else None

    @staticmethod
    def resolve_available_for_purchase(root, info):
        return root.published_at.date() if root.is_published and root.published_at else None

    @staticmethod
    def resolve_is_available_for_purchase(root, info):
        return root.is_published and (root.published_at is None or root.published_at <= timezone.now())

    @staticmethod
    def resolve_discounted_price(root, info):
        prices = [listing.price_amount for listing in _channel_prices(root)]
        return Money.of(min(prices), CURRENCY) if prices else None

    @staticmethod
    def resolve_purchase_cost(root, info):
        costs = [each.cost_price_amount for each in _channel_prices(root) if each.cost_price_amount is not None]
        if not costs:
            return None
        return MoneyRange(start=Money.of(min(costs), CURRENCY), stop=Money.of(max(costs), CURRENCY))

    @staticmethod
    def resolve_margin(root, info):
        margins = [margin_percent(each.price_amount, each.cost_price_amount) for each in _channel_prices(root)]
        margins = [each for each in margins if each is not None]
        return Margin(start=min(margins), stop=max(margins)) if margins else None

    @staticmethod
    def resolve_pricing(root, info, address=None):
        from marketplace.graphql.catalogue.types import ProductPricingInfo, vat_rate

        prices = [listing.price_amount for listing in _channel_prices(root)]
        if not prices:
            return None
        rate = vat_rate(info)
        price_range = TaxedMoneyRange(
            start=TaxedMoney.from_gross(min(prices), rate, CURRENCY),
            stop=TaxedMoney.from_gross(max(prices), rate, CURRENCY),
        )
        return ProductPricingInfo(
            on_sale=False, display_gross_prices=True, price_range=price_range, price_range_undiscounted=price_range
        )


def _channel_prices(listing) -> list:
    """The price listings of the listing's product's variants in the listing's channel (read with the batch)."""
    return [
        each
        for listings in _variant_listings(listing.api_product).values()
        for each in listings
        if each.product_id == listing.product_id and each.channel_id == listing.channel_id
    ]


def _batch(product) -> list:
    return getattr(product, "api_batch", None) or [product]


def _variant_listings(product) -> dict:
    loaded = getattr(product, "api_variant_listings", None)
    if loaded is None:
        products = _batch(product)
        if product not in products:
            products = [*products, product]
        loaded = channel_selectors.variant_listings({each.pk for each in products})
        for each in products:
            each.api_variant_listings = loaded
    return loaded


def product_channel_listings(info, product) -> list:
    staff_only(info)
    loaded = getattr(product, "api_product_listings", None)
    if loaded is None:
        products = _batch(product)
        if product not in products:
            products = [*products, product]
        loaded = channel_selectors.product_listings({each.pk for each in products})
        for each in products:
            each.api_product_listings = loaded
    listings = loaded.get(product.pk, [])
    for listing in listings:
        listing.api_product = product
    return listings


def variant_channel_listings(info, variant) -> list:
    staff_only(info, "AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER")
    return _variant_listings(variant.product).get(variant.pk, [])


def variant_margin(info, variant) -> int | None:
    staff_only(info)
    slug = getattr(variant.product, "api_channel", None)
    for listing in _variant_listings(variant.product).get(variant.pk, []):
        if listing.channel.slug == slug:
            return margin_percent(listing.price_amount, listing.cost_price_amount)
    return None


def period_start(period):
    """The local midnight that opens the period (Asia/Ho_Chi_Minh); None (no period): ever."""
    value = getattr(period, "value", period)
    if value is None:
        return None
    today = timezone.localdate()
    day = today if value == "TODAY" else today.replace(day=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def _sales(variant, since) -> tuple[int, int, int] | None:
    product = variant.product
    slug = getattr(product, "api_channel", None)
    if slug is None:
        return None
    key = (slug, since)
    memo = getattr(product, "api_sales", None)
    if memo is None or key not in memo or variant.pk not in memo[key]:
        products = _batch(product)
        ids = {item.pk for each in products for item in getattr(each, "sellable_variants", ())} | {variant.pk}
        found = order_selectors.variant_sales(ids, channel_slug=slug, since=since)
        memo = {**(memo or {}), key: found}
        for each in (*products, product):
            each.api_sales = memo
    return memo[key][variant.pk]


def variant_quantity_ordered(info, variant) -> int | None:
    staff_only(info)
    sales = _sales(variant, None)
    return None if sales is None else sales[0]


def variant_revenue(info, variant, period=None):
    staff_only(info)
    sales = _sales(variant, period_start(period))
    if sales is None:
        return None
    _, gross, vat = sales
    return TaxedMoney.of(gross, vat, CURRENCY)


def tax_class(info):
    """No tax classes here: one VAT rate, kept by the date it applies from, for every product."""
    staff_only(info, "AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP")
    return None
