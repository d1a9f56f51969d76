"""Reads for the point of sale: who may act at which kiosk, discount caps, the Z report."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from inventory.models import Stock, Warehouse
from inventory.pos.models import (
    CashMovement,
    CashSession,
    DiscountLimit,
    Sale,
    SaleLine,
    SalePayment,
    SaleReturn,
    StockVarianceAlert,
)
from inventory.selectors import gift_set_parts
from inventory.selectors import may_act_at as may_act_at
from marketplace.catalogue.models import Product, ProductMedia, ProductVariant
from marketplace.catalogue.search import EXACT_TONE_BOOST, NAME_PREFIX_BOOST, parse_query, search_products
from marketplace.catalogue.templatetags.catalogue_images import thumbnail_url
from marketplace.channels.models import ProductVariantChannelListing
from marketplace.core.text import plain_key

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)
TILE_PHOTO_SIZE = 128  # the till's product tiles


def kiosks_for(user) -> QuerySet[Warehouse]:
    """The kiosks a user may open the till of, in a stable order."""
    kiosks = Warehouse.objects.filter(kind=Warehouse.Kind.KIOSK, is_active=True, pos_profile__isnull=False)
    if user.is_manager:
        return kiosks.order_by("pk")
    if user.role == user.Role.KIOSK_STAFF:
        return kiosks.filter(pk=user.kiosk_id)
    return kiosks.none()


def visible_sales(user) -> QuerySet[Sale]:
    """Sales a user may see: those of the kiosks they may act at. Anything else is answered 404 by the pages."""
    return Sale.objects.filter(kiosk__in=kiosks_for(user))


def visible_cash_sessions(user) -> QuerySet[CashSession]:
    return CashSession.objects.filter(kiosk__in=kiosks_for(user))


def max_discount_percent(kiosk_id: int) -> Decimal:
    """The kiosk's own cap if a manager set one, else the global cap, else no discount at all."""
    limits = dict(
        DiscountLimit.objects.filter(Q(kiosk_id=kiosk_id) | Q(kiosk__isnull=True)).values_list(
            "kiosk_id", "max_percent"
        )
    )
    return discount_cap(limits.get(kiosk_id), limits.get(None))


def discount_cap(kiosk_cap: Decimal | None, global_cap: Decimal | None) -> Decimal:
    """The rule of max_discount_percent on the two caps read (None: not set)."""
    if kiosk_cap is not None:
        return kiosk_cap
    return global_cap if global_cap is not None else Decimal(0)


def discount_cap_subqueries(kiosk_id: int) -> dict[str, Subquery]:
    """`kiosk_cap` and `global_cap` as subqueries, to read the caps inside another statement (see discount_cap)."""
    return {
        "kiosk_cap": Subquery(DiscountLimit.objects.filter(kiosk_id=kiosk_id).values("max_percent")[:1]),
        "global_cap": Subquery(DiscountLimit.objects.filter(kiosk__isnull=True).values("max_percent")[:1]),
    }


def open_cash_sessions(kiosk_id: int) -> QuerySet[CashSession]:
    """The kiosk's open session (one at most: a database constraint)."""
    return CashSession.objects.filter(kiosk_id=kiosk_id, closed_at__isnull=True)


def open_cash_session(kiosk_id: int) -> CashSession | None:
    return open_cash_sessions(kiosk_id).first()


def local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The UTC instants a local (Asia/Ho_Chi_Minh) day starts and ends at, end excluded."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=LOCAL_TZ)
    return start, start + datetime.timedelta(days=1)


def expected_cash(session: CashSession) -> int:
    """What the drawer should hold: float + cash taken for sales (net of change) − cash refunds + cash in − out."""
    cash_sales = SalePayment.objects.filter(sale__cash_session=session, method=SalePayment.Method.CASH).aggregate(
        total=Sum("amount")
    )["total"]
    cash_refunds = SaleReturn.objects.filter(cash_session=session, refund_method=SalePayment.Method.CASH).aggregate(
        total=Sum("refund_amount")
    )["total"]
    moves = session.cash_movements.aggregate(
        cash_in=Sum("amount", filter=Q(kind=CashMovement.Kind.IN)),
        cash_out=Sum("amount", filter=Q(kind=CashMovement.Kind.OUT)),
    )
    return (
        session.opening_float
        + (cash_sales or 0)
        - (cash_refunds or 0)
        + (moves["cash_in"] or 0)
        - (moves["cash_out"] or 0)
    )


@dataclass
class ZReport:
    """The end-of-day figures of one kiosk for one local day."""

    kiosk: Warehouse
    day: datetime.date
    sale_count: int = 0
    subtotal_amount: int = 0
    discount_amount: int = 0
    total_amount: int = 0
    vat_amount: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    items: list[dict] = field(default_factory=list)
    return_count: int = 0
    refund_amount: int = 0
    refunds_by_method: dict[str, int] = field(default_factory=dict)
    cash_in: int = 0
    cash_out: int = 0
    sessions: list[CashSession] = field(default_factory=list)

    @property
    def net_amount(self) -> int:
        return self.total_amount - self.refund_amount

    @property
    def cash_difference(self) -> int:
        return sum(session.difference or 0 for session in self.sessions)


def z_report(kiosk: Warehouse, day: datetime.date) -> ZReport:
    """Sales, payments by method, items, returns, discounts and cash differences of a kiosk's local day.

    A sale belongs to the day it was made on (its created_at), even if an offline till synced it later; a cash
    session belongs to the day it closed on.
    """
    start, end = local_day_bounds(day)
    report = ZReport(kiosk=kiosk, day=day)
    sales = Sale.objects.filter(kiosk=kiosk, created_at__gte=start, created_at__lt=end)
    totals = sales.aggregate(
        count=Count("pk"),
        subtotal=Sum("subtotal_amount"),
        discount=Sum("discount_amount"),
        total=Sum("total_amount"),
        vat=Sum("vat_amount"),
    )
    report.sale_count = totals["count"]
    report.subtotal_amount = totals["subtotal"] or 0
    report.discount_amount = totals["discount"] or 0
    report.total_amount = totals["total"] or 0
    report.vat_amount = totals["vat"] or 0
    report.by_method = dict(
        SalePayment.objects.filter(sale__in=sales)
        .values("method")
        .annotate(total=Sum("amount"))
        .values_list("method", "total")
    )
    report.items = list(
        SaleLine.objects.filter(sale__in=sales)
        .values("sku", "product_name")
        .annotate(quantity=Sum("quantity"), total=Sum("total_amount"))
        .order_by("-quantity", "sku")
    )
    returns = SaleReturn.objects.filter(sale__kiosk=kiosk, created_at__gte=start, created_at__lt=end)
    return_totals = returns.aggregate(count=Count("pk"), refund=Sum("refund_amount"))
    report.return_count = return_totals["count"]
    report.refund_amount = return_totals["refund"] or 0
    report.refunds_by_method = dict(
        returns.values("refund_method").annotate(total=Sum("refund_amount")).values_list("refund_method", "total")
    )
    moves = CashMovement.objects.filter(session__kiosk=kiosk, created_at__gte=start, created_at__lt=end).aggregate(
        cash_in=Sum("amount", filter=Q(kind=CashMovement.Kind.IN)),
        cash_out=Sum("amount", filter=Q(kind=CashMovement.Kind.OUT)),
    )
    report.cash_in = moves["cash_in"] or 0
    report.cash_out = moves["cash_out"] or 0
    report.sessions = list(
        CashSession.objects.filter(kiosk=kiosk, closed_at__gte=start, closed_at__lt=end).order_by("closed_at")
    )
    return report


def variants_by_code(codes: list[str]) -> dict[str, ProductVariant]:
    """Variants found by barcode or SKU, keyed by the code as typed (one query for a whole delivery note)."""
    wanted = {code for code in codes if code}
    if not wanted:
        return {}
    found = {}
    for variant in ProductVariant.objects.filter(Q(barcode__in=wanted) | Q(sku__in=wanted)).select_related("product"):
        for code in (variant.barcode, variant.sku):
            if code in wanted:
                found[code] = variant
    return found


def sales_of_day(kiosk: Warehouse, day: datetime.date) -> QuerySet[Sale]:
    """The receipts of a kiosk's local day, newest first: where staff find a sale to reprint or take back."""
    start, end = local_day_bounds(day)
    return Sale.objects.filter(kiosk=kiosk, created_at__gte=start, created_at__lt=end).only(
        "pk", "receipt_number", "created_at", "total_amount"
    )


def open_variance_alerts(kiosk: Warehouse) -> QuerySet[StockVarianceAlert]:
    return StockVarianceAlert.objects.filter(kiosk=kiosk, resolved_at__isnull=True).select_related("variant__product")


def find_variants_for_till(*, channel_id: int, query: str, kiosk_id: int | None = None, limit: int = 20) -> list[dict]:
    """What the till's scan/search field finds: an exact barcode or SKU first, else products by name without
    diacritics ("nuoc mam" finds "Nước mắm"), ranked by `till_rank`. Only variants priced in the kiosk's channel
    can be sold there.

    The catalogue's search index finds the matches; the order is `till_rank`'s, a rule the till's JavaScript
    (static/pos/search.js) applies to its stored catalogue, so a search ranks the same offline as online.
    """
    query = query.strip()
    if not query:
        return []
    listings = _till_listings(channel_id)
    exact = list(listings.filter(Q(variant__barcode=query) | Q(variant__sku__iexact=query))[:limit])
    if exact:
        return _till_items(exact, kiosk_id)
    terms = parse_query(query)
    matching = search_products(Product.objects.exclude(status=Product.Status.REJECTED), terms).filter(
        variants__channel_listings__channel_id=channel_id
    )
    found = listings.filter(variant__product__in=matching.values("pk"))
    ranked = sorted(found, key=lambda listing: till_rank(terms, listing.variant))
    return _till_items(ranked[:limit], kiosk_id)


def till_rank(terms, variant: ProductVariant) -> tuple:
    """The till's order of search results, best first: the catalogue search's two boosts (the query's exact
    diacritics as whole words; the name starting with the query), then by name, then the product's own variant
    order. static/pos/search.js implements the same rule for selling offline.
    """
    product = variant.product
    boost = 0.0
    if f" {terms.tone} " in f" {product.search_tone} ":
        boost += EXACT_TONE_BOOST
    if product.search_plain.startswith(terms.plain):
        boost += NAME_PREFIX_BOOST
    return (-boost, plain_key(product.name), product.pk, variant.sort_order, variant.pk)


def _till_listings(channel_id: int) -> QuerySet[ProductVariantChannelListing]:
    return ProductVariantChannelListing.objects.filter(channel_id=channel_id).select_related(
        "variant__product__category"
    )


def _till_items(listings, kiosk_id: int | None) -> list[dict]:
    """Listings as the till needs them, with each product's first photo and the stock at the kiosk (2 queries)."""
    listings = list(listings)
    product_ids = {listing.variant.product_id for listing in listings}
    photos = {}
    for media in ProductMedia.objects.filter(product_id__in=product_ids).order_by("-sort_order", "-pk"):
        photos[media.product_id] = media.pk  # the last one written is the first in (sort_order, pk) order
    stock = {}
    if kiosk_id is not None:
        # A gift set shows the boxes assembled ahead on the shelf plus as many sets as its parts there make (one
        # query more, only when sets are listed).
        sets = gift_set_parts([listing.variant_id for listing in listings if listing.variant.product.is_gift_set])
        part_ids = {part.pk for parts in sets.values() for part, _units in parts}
        stock = dict(
            Stock.objects.filter(
                warehouse_id=kiosk_id, product_variant_id__in={listing.variant_id for listing in listings} | part_ids
            ).values_list("product_variant_id", "quantity")
        )
        for set_id, parts in sets.items():
            made = min((max(stock.get(part.pk, 0), 0) // units for part, units in parts), default=0)
            stock[set_id] = max(stock.get(set_id, 0), 0) + made
    return [
        till_item(
            listing.variant,
            listing.price_amount,
            photo=photos.get(listing.variant.product_id),
            stock=stock.get(listing.variant_id, 0) if kiosk_id is not None else None,
        )
        for listing in listings
    ]


def till_item(
    variant: ProductVariant, price_amount: int, *, photo: int | None = None, stock: int | None = None
) -> dict:
    """A variant as the till's JavaScript needs it (also what it keeps offline): price, photo, group, stock at the
    kiosk, and the product's search keys for searching offline."""
    product = variant.product
    name = product.name
    if variant.name:
        name = f"{name} – {variant.name}"
    return {
        "id": variant.pk,
        "sku": variant.sku,
        "barcode": variant.barcode,
        "name": name,
        "price": price_amount,
        "product": product.pk,
        "order": variant.sort_order,
        "group": product.category.name,
        "thumb": thumbnail_url(photo, TILE_PHOTO_SIZE) if photo else "",
        "stock": stock,
        "plain": product.search_plain,
        "tone": product.search_tone,
        "nameKey": plain_key(product.name),
    }


def till_catalogue(channel_id: int, kiosk_id: int | None = None) -> list[dict]:
    """Every variant priced in the channel, for a till to keep and sell from while the network is down."""
    listings = _till_listings(channel_id).order_by("variant__product__name", "variant__sort_order", "variant__pk")
    return _till_items(listings, kiosk_id)


def kiosk_favourites(kiosk_id: int, *, days: int = 30, limit: int = 12) -> list[int]:
    """The kiosk's best sellers of the last `days` days (units sold), as variant ids: the till's "Bán chạy" tiles."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        SaleLine.objects.filter(sale__kiosk_id=kiosk_id, sale__created_at__gte=since)
        .values("variant_id")
        .annotate(sold=Sum("quantity"))
        .order_by("-sold", "variant_id")
        .values_list("variant_id", flat=True)[:limit]
    )
