"""Careful reads of the catalogue for the storefront (and the GraphQL API, which shares the building blocks).

Every listing (home, group page, search) goes through `listing_products`, which returns a `Listing` that
Django's Paginator counts and slices: one COUNT, then one query for the page's ids (the sorted listing cut to the
page), one for those products by id with their lowest channel price, their available quantity in the channel's
warehouses and their current OCOP stars computed by subqueries, plus one query for the first photo of each. A page
costs the same number of queries whether it shows 12 products or 48. The counts and the page's ids are read from
`ListedProduct` (`listed_products`), one narrow row per listed product and channel kept by database triggers, with
the group, producer, lowest price and search keys a listing filters and sorts on; stock and certificates are
compared with the stock and the day when the statement runs (EXISTS, hashed id lists), never stored.

The channel is looked up by slug inside the statements rather than fetched first, which saves a query per page.
"""

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from inventory.models import Stock
from inventory.selectors import SELLABLE_AT_PLACE, channel_warehouse_ids
from marketplace.catalogue import search
from marketplace.catalogue.models import (
    CatalogueVersion,
    Category,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    GiftSetComponent,
    ListedProduct,
    Product,
    ProductMedia,
    ProductVariant,
)
from marketplace.channels.models import Channel, ProductChannelListing, ProductVariantChannelListing
from marketplace.core.statements import (
    MARKER_ID,
    MARKER_IDS,
    MARKER_MOMENT,
    MARKER_TEXT,
    ModelRows,
    Statement,
    among,
    kept,
)
from marketplace.orders.models import OrderStatus
from marketplace.producers.models import (
    OcopCertificate,
    Producer,
    RuralIndustryRecognition,
    StartupProfile,
    valid_on_q,
)


def catalogue_version() -> int:
    """The current catalogue version (CatalogueVersion, raised by database triggers): one cheap read."""
    return CatalogueVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def storefront_channel_slug() -> str:
    return settings.STOREFRONT_CHANNEL_SLUG


def _today() -> datetime.date:
    # A certificate's validity is counted in the shopper's local day (Asia/Ho_Chi_Minh), not in UTC.
    return timezone.localdate()


def _channel_id(channel_slug: str) -> Subquery:
    """The channel's id as an uncorrelated subquery: PostgreSQL computes it once per statement (an InitPlan),
    so the per-product subqueries below compare ids instead of joining the channel table for every row."""
    return Subquery(Channel.objects.filter(slug=channel_slug).values("pk")[:1])


def visible_products(
    *, channel_slug: str | None = None, in_listings: bool = True, moment: datetime.datetime | None = None
) -> QuerySet[Product]:
    """Published products with a published listing in the channel (not yet published ones stay hidden) at `moment`
    (now when not given).

    in_listings=False also admits products hidden from listings but reachable by their own page.
    """
    channel_slug = channel_slug or storefront_channel_slug()
    listing = ProductChannelListing.objects.filter(
        product=OuterRef("pk"), channel_id=_channel_id(channel_slug), is_published=True
    ).filter(Q(published_at__isnull=True) | Q(published_at__lte=moment or timezone.now()))
    if in_listings:
        listing = listing.filter(visible_in_listings=True)
    return Product.objects.filter(Exists(listing), status=Product.Status.PUBLISHED)


def listed_products(
    *, channel_slug: str | None = None, moment: datetime.datetime | None = None
) -> QuerySet[ListedProduct]:
    """The products the channel's listings show now (or at `moment`), as ListedProduct rows (`product_id` names the
    product): the same products as visible_products() priced in the channel (the row exists while the product, its
    listing and a price allow it; its listing's publication time is compared here)."""
    return ListedProduct.objects.filter(
        Q(published_at__isnull=True) | Q(published_at__lte=moment or timezone.now()),
        channel_id=_channel_id(channel_slug or storefront_channel_slug()),
    )


def _available_sum(stocks: QuerySet[Stock], group_by: str) -> Coalesce:
    """Sum of what can still be sold (on hand minus allocated, never below zero per location)."""
    return Coalesce(
        Subquery(
            stocks.order_by().values(group_by).annotate(total=Sum(SELLABLE_AT_PLACE)).values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _valid_certificates(today: datetime.date, ref: str = "pk") -> QuerySet[OcopCertificate]:
    return OcopCertificate.objects.filter(valid_on_q(today), product=OuterRef(ref))


def _valid_rural_industry(today: datetime.date, ref: str = "pk") -> QuerySet[RuralIndustryRecognition]:
    return RuralIndustryRecognition.objects.filter(valid_on_q(today), product=OuterRef(ref))


# The programme's three kinds of product. A product may be of several kinds at once, or of none.
KIND_STARTUP = "startup"
KIND_OCOP = "ocop"
KIND_RURAL_INDUSTRY = "cnnt"
KINDS = (KIND_STARTUP, KIND_OCOP, KIND_RURAL_INDUSTRY)


def product_kind_expressions(ref: str = "pk", today: datetime.date | None = None) -> dict:
    """The kind facts of the product that `ref` names in the outer query, as annotations:

    - `is_startup`: its producer is a startup project (has a StartupProfile);
    - `ocop_stars`: the best star rating among its published OCOP certificates valid today, else NULL;
    - `cnnt_level`: the highest level (RuralIndustryRecognition.Level) among its published rural-industry
      recognitions valid today, else NULL.

    `ref` reaches the product from the outer rows: "pk" for products, "variant__product" for order lines or
    "product_variant__product" for stock movements, so a report can group its sales by kind in one query.
    Expired and unapproved recognitions never count.
    """
    today = today or _today()
    producer_ref = "producer" if ref == "pk" else f"{ref}__producer"
    return {
        "is_startup": Exists(StartupProfile.objects.filter(producer=OuterRef(producer_ref))),
        "ocop_stars": current_stars_subquery(today, ref),
        "cnnt_level": Subquery(
            _valid_rural_industry(today, ref).order_by("-level", "-decision_date").values("level")[:1],
            output_field=IntegerField(),
        ),
    }


def product_kinds(products: QuerySet[Product], today: datetime.date | None = None) -> QuerySet[Product]:
    """Products annotated with their kinds (see product_kind_expressions) — the one definition of "which kind is
    this product" that the storefront, the API and the managers' reports share. Use kinds_of() on each row."""
    return products.annotate(**product_kind_expressions(today=today))


def kinds_of(row) -> list[str]:
    """The kinds (KINDS codes) of a row annotated by product_kinds or product_kind_expressions."""
    flags = {
        KIND_STARTUP: bool(getattr(row, "is_startup", False)),
        KIND_OCOP: getattr(row, "ocop_stars", None) is not None,
        KIND_RURAL_INDUSTRY: getattr(row, "cnnt_level", None) is not None,
    }
    return [kind for kind in KINDS if flags[kind]]


def of_kind(kind: str, ref: str = "pk", today: datetime.date | None = None) -> Exists:
    """A filter: the product `ref` names is of that kind today (a semi-join, cheap on large listings)."""
    today = today or _today()
    if kind == KIND_STARTUP:
        producer_ref = "producer" if ref == "pk" else f"{ref}__producer"
        return Exists(StartupProfile.objects.filter(producer=OuterRef(producer_ref)))
    if kind == KIND_OCOP:
        return Exists(_valid_certificates(today, ref))
    if kind == KIND_RURAL_INDUSTRY:
        return Exists(_valid_rural_industry(today, ref))
    raise ValueError(f"unknown product kind: {kind}")


def _kind_members(kind: str, today: datetime.date, ref: str = "pk") -> Q:
    """Products of that kind as membership in an uncorrelated id list (`ref` names the product's id: "product_id"
    on ListedProduct). Inside an aggregate's FILTER PostgreSQL hashes such a list once, where a correlated EXISTS
    would run once per product."""
    if kind == KIND_STARTUP:
        return Q(producer_id__in=StartupProfile.objects.values("producer_id"))
    model = OcopCertificate if kind == KIND_OCOP else RuralIndustryRecognition
    return Q(**{f"{ref}__in": model.objects.filter(valid_on_q(today)).values("product_id")})


def kind_counts(products: QuerySet[Product], today: datetime.date | None = None) -> dict[str, int]:
    """How many of `products` are of each kind, in one query: {kind: count}."""
    today = today or _today()
    return products.order_by().aggregate(**{kind: Count("pk", filter=_kind_members(kind, today)) for kind in KINDS})


# OcopCertificate.stars is 3, 4 or 5 (the ocop_stars_3_to_5 constraint).
OCOP_STAR_RANKS = (5, 4, 3)


def current_stars_hashed(today: datetime.date | None = None, ref: str = "pk") -> Case:
    """The same value as current_stars_subquery for the outer product (`ref` its id), for computing it on thousands
    of rows (the sort key of a listing): one uncorrelated id list per rank, which PostgreSQL hashes once, instead of
    a certificate lookup and sort per product (0.017 ms × 9,500 products of a group)."""
    today = today or _today()
    valid = OcopCertificate.objects.filter(valid_on_q(today))
    return Case(
        *(
            When(Q(**{f"{ref}__in": valid.filter(stars=stars).values("product_id")}), then=Value(stars))
            for stars in OCOP_STAR_RANKS
        ),
        default=None,
        output_field=IntegerField(),
    )


def current_stars_subquery(today: datetime.date, ref: str = "pk") -> Subquery:
    """The highest star rating among the product's certificates valid today; NULL when none is."""
    return Subquery(
        _valid_certificates(today, ref).order_by("-stars", "-decision_date").values("stars")[:1],
        output_field=IntegerField(),
    )


def _channel_prices(channel_slug: str) -> QuerySet[ProductVariantChannelListing]:
    """The outer product's variant prices in the channel (for use inside a subquery)."""
    return ProductVariantChannelListing.objects.filter(
        variant__product=OuterRef("pk"), channel_id=_channel_id(channel_slug)
    )


def _channel_stocks(channel_slug: str, ref: str = "pk") -> QuerySet[Stock]:
    """The outer product's (`ref`) stock rows in the warehouses the channel sells from (for use inside a subquery)."""
    return Stock.objects.filter(
        product_variant__product=OuterRef(ref), warehouse_id__in=channel_warehouse_ids(channel_slug=channel_slug)
    )


def _price_from(channel_slug: str) -> Subquery:
    """The lowest price of the product's variants in the channel."""
    return Subquery(
        _channel_prices(channel_slug)
        .order_by()
        .values("variant__product")
        .annotate(lowest=Min("price_amount"))
        .values("lowest"),
        output_field=IntegerField(),
    )


def _gift_sets_available(channel_slug: str, gift_set_ref: str) -> Coalesce:
    """How many of the outer gift set the channel's warehouses can still make: its scarcest part's sellable units
    over the part's units per set (the same rule as inventory.selectors.available_quantity_for_channel)."""
    part_units = _available_sum(
        Stock.objects.filter(
            product_variant=OuterRef("component"), warehouse_id__in=channel_warehouse_ids(channel_slug=channel_slug)
        ),
        "product_variant",
    )
    sets = (
        GiftSetComponent.objects.filter(gift_set=OuterRef(gift_set_ref), component__track_inventory=True)
        .order_by()
        .values("gift_set")
        .annotate(sets=Min(ExpressionWrapper(part_units / F("quantity"), output_field=IntegerField())))
        .values("sets")
    )
    return Coalesce(Subquery(sets, output_field=IntegerField()), Value(0))


def _available(channel_slug: str) -> CombinedExpression:
    """What the channel's warehouses can still sell of the product, all variants together (a gift set: the boxes
    assembled ahead there plus the sets its parts can make). The stock sum is written once, outside the CASE: the
    statement is shorter and compiles in half the time (the listing's rows and the kept parts' stock check compile it
    on every page)."""
    gift_sets = Case(
        When(is_gift_set=True, then=_gift_sets_available(channel_slug, "pk")),
        default=Value(0),
        output_field=IntegerField(),
    )
    return _available_sum(_channel_stocks(channel_slug), "product_variant__product") + gift_sets


def _priced_in(channel_slug: str) -> Q:
    """The product has at least one variant priced in the channel, as membership in an uncorrelated id list.

    PostgreSQL hashes the channel's priced products once (one pass over the variant prices) instead of probing
    the variants and their prices for every product, which took 90–210 ms of a 9,500-product group's count and
    page statements (docs/performance.md, "Storefront pages"); on a single product it still uses the indexes."""
    priced = ProductVariant.objects.filter(channel_listings__channel_id=_channel_id(channel_slug))
    return Q(pk__in=priced.values("product_id"))


SALE_FACTS = ("price_from", "available", "ocop_stars", "is_startup", "cnnt_level")


def annotate_sale_facts(
    products: QuerySet[Product],
    channel_slug: str,
    facts: tuple[str, ...] = SALE_FACTS,
    *,
    producer: bool = True,
    today: datetime.date | None = None,
) -> QuerySet[Product]:
    """Add the sale facts (price_from, available, and the kinds: ocop_stars, is_startup, cnnt_level) the queryset
    lacks, and join the group and (unless `producer` is False) the producer.

    `facts` limits the annotation to those named: listings annotate only what their filters and sort need on every
    matching product and the rest on the rows of one page. Products without any price in the channel cannot be
    bought and are left out.
    """
    wanted = [name for name in facts if name not in products.query.annotations]
    kinds = product_kind_expressions(today=today) if {"ocop_stars", "is_startup", "cnnt_level"} & set(wanted) else {}
    expressions = {
        "price_from": lambda: _price_from(channel_slug),
        "available": lambda: _available(channel_slug),
        "ocop_stars": lambda: kinds["ocop_stars"],
        "is_startup": lambda: kinds["is_startup"],
        "cnnt_level": lambda: kinds["cnnt_level"],
    }
    missing = {name: expressions[name]() for name in wanted}
    joined = ("producer", "category") if producer else ("category",)
    return products.annotate(**missing).filter(_priced_in(channel_slug)).select_related(*joined)


# Querysets that hold no data, only the shape of their statement (their subqueries read prices, stock and
# certificates each time they run), and whose building (the nested subqueries of the sale facts) costs more CPU than
# running them: built once per key and cloned for every caller, never handed out themselves.
_SHAPES_MAX = 64
_LISTING_ROWS: dict[tuple[str, datetime.date], QuerySet[Product]] = {}


def _built_once(shapes: dict, key, build: Callable[[], QuerySet]) -> QuerySet:
    built = shapes.get(key)
    if built is None:
        if len(shapes) >= _SHAPES_MAX:
            shapes.clear()
        built = shapes[key] = build()
    return built.all()


def listing_rows(channel_slug: str, today: datetime.date | None = None) -> QuerySet[Product]:
    """Products with their listing facts (see annotate_sale_facts): the rows of a listing's page, to filter by id
    (their photos: first_photos). The shape is built once per channel and day (the kinds compare certificates with
    the day: yesterday's shape would still show a certificate that expired at midnight)."""
    today = today or _today()
    return _built_once(
        _LISTING_ROWS,
        (channel_slug, today),
        lambda: annotate_sale_facts(Product.objects.all(), channel_slug, today=today),
    )


_ROWS_BY_ID: dict = {}


def listing_rows_by_id(product_ids: list[int], channel_slug: str, today: datetime.date | None = None) -> list[Product]:
    """listing_rows(channel_slug, today).filter(pk__in=product_ids), in no order, through its statement compiled
    once per channel and day (core.statements.ModelRows, kept like listing_rows' shape): Django built that SQL again
    for every page, 2 of the 4.5 ms of CPU of reading a page's rows. The same rows, fields and sale facts
    (tests/storefront/test_listing_rows.py): each product with its producer and group, and its live price,
    stock and kinds, as a statement run now computes them."""
    today = today or _today()

    def build():
        rows = listing_rows(channel_slug, today).filter(pk__in=among(MARKER_IDS))
        # The page puts them in its own order.
        return ModelRows(rows.order_by(), related=("producer", "category"), ids=MARKER_IDS)

    return kept(_ROWS_BY_ID, (channel_slug, today), build).run(ids=list(product_ids))


@functools.cache
def _first_photos_statement() -> Statement:
    photos = ProductMedia.objects.filter(product_id__in=among(MARKER_IDS))
    return Statement(photos.order_by("product_id", "sort_order", "pk").distinct("product_id"), ids=MARKER_IDS)


def first_photos(product_ids) -> dict[int, ProductMedia]:
    """Each of these products' first photo (by sort order), in one statement. DISTINCT ON rather than a sliced
    Prefetch, whose window function was compiled for every page (2 ms of CPU against 1 ms); the statement itself
    compiled once (core.statements), its rows read as the photos' fields by name (a raw queryset)."""
    photos = _first_photos_statement().raw(ids=list(product_ids))
    return {photo.product_id: photo for photo in photos}


@dataclass(frozen=True)
class ListingFilters:
    """Shopper's filters, already validated by the face (the view): anything invalid arrives here as None."""

    stars: int | None = None
    producer: str | None = None
    category: Category | None = None
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    kind: str | None = None  # one of KINDS


SORTS = ("relevance", "price_asc", "price_desc", "newest", "name")


def rated_at_least(stars: int) -> Exists:
    """The product holds a certificate of at least `stars` stars valid today."""
    return Exists(_valid_certificates(_today()).filter(stars__gte=stars))


def _listed_rated_at_least(stars: int) -> Q:
    """rated_at_least for ListedProduct rows, as membership in an uncorrelated (hashed) id list."""
    valid = OcopCertificate.objects.filter(valid_on_q(_today()), stars__gte=stars)
    return Q(product_id__in=valid.values("product_id"))


def apply_filters(
    products: QuerySet[ListedProduct], filters: ListingFilters, *, channel_slug: str | None = None
) -> QuerySet[ListedProduct]:
    """Narrow a listing (ListedProduct rows); `stars` means "at least this many stars, valid today".

    The price is the row's lowest price in the channel; stars and kinds are hashed id lists of what is valid today;
    in stock (a semi-join) when some warehouse of the channel has a unit not yet allocated.
    """
    channel_slug = channel_slug or storefront_channel_slug()
    if filters.category is not None:
        products = products.filter(in_category_tree(filters.category))
    if filters.stars is not None:
        products = products.filter(_listed_rated_at_least(filters.stars))
    if filters.producer:
        products = products.filter(producer__slug=filters.producer)
    if filters.kind in KINDS:
        products = products.filter(_kind_members(filters.kind, _today(), "product_id"))
    if filters.price_min is not None:
        products = products.filter(price_from__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(price_from__lte=filters.price_max)
    if filters.in_stock:
        in_stock = _channel_stocks(channel_slug, "product_id").filter(quantity__gt=F("quantity_allocated"))
        products = products.filter(Exists(in_stock))
    return products


# Orders of ListedProduct rows (`product_id` is the product's id).
_ORDERINGS = {
    "search": ("-search_rank", "name", "product_id"),
    "featured": ("-is_featured", F("ocop_stars").desc(nulls_last=True), "name", "product_id"),
    "price_asc": ("price_from", "name", "product_id"),
    "price_desc": ("-price_from", "name", "product_id"),
    "newest": ("-created_at", "-product_id"),
    "name": ("name", "product_id"),
}


def _ordering(products: QuerySet[Product], sort: str) -> str:
    """The ordering a sort asks for: relevance (or anything unknown) is the rank in a search, else featured first."""
    if sort in SORTS and sort != "relevance":
        return sort
    return "search" if "search_rank" in products.query.annotations else "featured"


def apply_sort(products: QuerySet[ListedProduct], sort: str) -> QuerySet[ListedProduct]:
    """Order a listing by one of SORTS (the featured order compares the stars valid today)."""
    ordering = _ordering(products, sort)
    if ordering == "featured":
        products = products.annotate(ocop_stars=current_stars_hashed(ref="product_id"))
    return products.order_by(*_ORDERINGS[ordering])


def in_category_tree(category: Category) -> Q:
    """A group and its subgroups (OCOP groups have two levels: group, subgroup).

    An id list from an uncorrelated subquery lets PostgreSQL use the (status, category) index, which an OR
    across the join to the category table would not.
    """
    return Q(category_id__in=Category.objects.filter(Q(pk=category.pk) | Q(parent_id=category.pk)).values("pk"))


class Listing:
    """A filtered, sorted listing that Django's Paginator can count and slice.

    `keyed` and `unkinded` are ListedProduct rows (listed_products): the filters and the sort read the row's
    facts, and only the stars of the default order are computed for every matching product (hashed id lists of
    the certificates valid today); the card facts and the photo are computed for the rows of one page: the page's
    product ids are read first (the sorted listing cut by LIMIT/OFFSET), then their products by id with live
    price, stock and stars (listing_rows).

    Counting is one aggregate over the listing without its kind filter (`unkinded`): it gives the total and, in
    the same statement, how many products each kind would show (kind_counts), for the kind filter's labels. With
    a kind chosen, the listing's count is that kind's.
    """

    def __init__(
        self,
        keyed: QuerySet[ListedProduct],
        channel_slug: str,
        unkinded: QuerySet[ListedProduct] | None = None,
        kind: str | None = None,
        *,
        carried: tuple[str, ...] = (),
    ):
        self.keyed = keyed
        # Annotations of `keyed` the page's rows keep (read with their ids: the rows by id do not compute them).
        self.carried = carried
        self.channel_slug = channel_slug
        self.unkinded = keyed if unkinded is None else unkinded
        self.kind = kind
        self._counts: dict[str, int] | None = None
        self._ids: Callable[[], list[int]] | None = None

    @classmethod
    def known(cls, counts: dict[str, int], ids: list[int], channel_slug: str, kind: str | None = None) -> "Listing":
        """A listing whose counts and ordered ids a face kept (all_counts and ordered_ids of the same listing, same
        filters, sort and catalogue): its pages are its rows by id, so its filtered, sorted statements need not be
        built (a tenth of the CPU of such a page)."""
        listing = cls(Product.objects.none(), channel_slug, kind=kind if kind in KINDS else None)
        return listing.counts_known(counts).ids_from(lambda: ids)

    def all_counts(self) -> dict[str, int]:
        """The total without the kind filter and each kind's count, in one statement (computed once): what
        kind_counts() and count() read. A face may keep it and hand it back with `counts_known`."""
        if self._counts is None:
            today = _today()
            # Counting product_id (the same count as pk) lets PostgreSQL read the covering index alone.
            self._counts = self.unkinded.order_by().aggregate(
                total=Count("product_id"),
                **{kind: Count("product_id", filter=_kind_members(kind, today, "product_id")) for kind in KINDS},
            )
        return self._counts

    def counts_known(self, counts: dict[str, int]) -> "Listing":
        """Use counts an earlier all_counts() of the same listing gave (same filters, same catalogue): no COUNT."""
        self._counts = counts
        return self

    def kind_counts(self) -> dict[str, int]:
        """{kind: how many products choosing it shows}, the other filters kept; computed once, with the count."""
        counts = self.all_counts()
        return {kind: counts[kind] for kind in KINDS}

    def count(self) -> int:
        counts = self.all_counts()
        return counts[self.kind] if self.kind in KINDS else counts["total"]

    def __len__(self) -> int:
        return self.count()

    def ordered_ids(self) -> list[int]:
        """Every product id of the listing in its order, in one statement (sorting the whole listing, as a deep
        page's OFFSET does anyway). A face may keep it and hand it back with `ids_known`: then any page of the
        listing is one lookup of its rows by id."""
        return list(self.keyed.values_list("product_id", flat=True))

    def ids_from(self, ids: Callable[[], list[int]]) -> "Listing":
        """Read pages through `ids()`: what an earlier ordered_ids() of the same listing gave (same filters, sort
        and catalogue), or ordered_ids() itself. Called only when a page is read, after the paginator has checked
        the page number."""
        self._ids = ids
        return self

    def __getitem__(self, index: slice) -> list[Product]:
        if not isinstance(index, slice):
            raise TypeError("A listing is read a page at a time: slice it.")
        if self._ids is not None:
            return self._rows_by_id(self._ids()[index], {})
        # The page's ids first (the filtered, sorted statement alone, cut by LIMIT/OFFSET), then their rows by id:
        # one statement more, but PostgreSQL planned the single statement that wraps the rows' annotations around
        # that id subquery in 11–22 ms against 1–2.5 ms for the two (docs/performance.md, "Storefront pages").
        found = self._page_ids(index.start or 0, index.stop)
        carried = {row["product_id"]: {name: row[name] for name in self.carried} for row in found}
        return self._rows_by_id([row["product_id"] for row in found], carried)

    def _page_ids(self, start: int, stop: int | None) -> list[dict]:
        """The ids (and carried annotations) of rows start to stop in the listing's order. A page nearer the end is
        read as the top of the reversed order (every ordering ends with the product id, so the order is total and
        its reverse exact), then turned back: PostgreSQL keeps the LIMIT's few rows while it scans, where an OFFSET
        near the end sorts the whole listing (the last page of 9,484 products: docs/performance.md)."""
        if stop is not None:
            total = self.count()
            stop = min(stop, total)
            if start > total - stop:
                rows = self.keyed.reverse().values("product_id", *self.carried)[total - stop : total - start]
                return list(rows)[::-1]
        return list(self.keyed.values("product_id", *self.carried)[start:stop])

    def _rows_by_id(self, wanted: list[int], carried: dict[int, dict]) -> list[Product]:
        """These products' rows with their listing facts, in the order of `wanted` (no sort nor OFFSET: the order
        is the listing's), each with its `carried` annotations and `first_media`, a list of at most one photo; no
        statement for none. A product no longer priced in the channel since its id was read is left out."""
        rows = {row.pk: row for row in listing_rows_by_id(wanted, self.channel_slug)} if wanted else {}
        photos = first_photos(list(rows)) if rows else {}
        ordered = [rows[pk] for pk in wanted if pk in rows]
        for row in ordered:
            row.first_media = [photos[row.pk]] if row.pk in photos else []
            for name, value in carried.get(row.pk, {}).items():
                setattr(row, name, value)
        return ordered

    def __iter__(self):
        return iter(self[:])


def listing_products(
    filters: ListingFilters | None = None,
    sort: str = "relevance",
    base: QuerySet[ListedProduct] | None = None,
    *,
    channel_slug: str | None = None,
) -> Listing:
    """The storefront listing: the channel's listed products (or `base`, ListedProduct rows of listed_products),
    filtered and sorted. Paginate the result; its kind_counts() label the kind filter at no extra query."""
    channel_slug = channel_slug or storefront_channel_slug()
    filters = filters or ListingFilters()
    products = base if base is not None else listed_products(channel_slug=channel_slug)
    kind = filters.kind if filters.kind in KINDS else None
    unkinded = apply_filters(products, replace(filters, kind=None), channel_slug=channel_slug)
    filtered = unkinded.filter(_kind_members(kind, _today(), "product_id")) if kind else unkinded
    return Listing(apply_sort(filtered, sort), channel_slug, unkinded, kind)


def listing_kind_counts(
    filters: ListingFilters | None = None,
    base: QuerySet[ListedProduct] | None = None,
    *,
    channel_slug: str | None = None,
) -> dict[str, int]:
    """For the kind filter: how many products the listing would show with each kind chosen, the other filters
    kept (one query). Pages that paginate a listing read its kind_counts() instead, computed with its count."""
    return listing_products(filters, base=base, channel_slug=channel_slug).kind_counts()


def startup_projects() -> list[StartupProfile]:
    """Startup projects having at least one visible product, flagships first, for the startup page."""
    order = {StartupProfile.Status.FLAGSHIP: 0, StartupProfile.Status.INCUBATING: 1, StartupProfile.Status.GRADUATED: 2}
    profiles = list(
        StartupProfile.objects.filter(producer__in=visible_products().order_by().values("producer_id")).select_related(
            "producer"
        )
    )
    return sorted(profiles, key=lambda profile: (order[profile.status], profile.project_name))


# Best-sellers count the units sold over this many days, online and at the kiosks.
BEST_SELLER_DAYS = 90


# What the home page's statements below share, written once: a listed row (`listed`) shown now in the channel (as
# listed_products), and a certificate valid today (as valid_on_q, published: one expiring today no longer counts).
_LISTED_NOW_SQL = """listed.channel_id = (SELECT id FROM channels_channel WHERE slug = %(channel)s)
        AND (listed.published_at IS NULL OR listed.published_at <= %(now)s)"""
_VALID_CERTIFICATE_SQL = (
    "is_published AND decision_date <= %(today)s AND (expires_on IS NULL OR expires_on > %(today)s)"
)

# The statement behind _best_seller_units: the period's sale lines (online orders not canceled or expired, kiosk
# sales; returns are few and do not change a ranking) summed per product once, then those products' listed rows.
# Written as SQL: the ORM's two correlated sums per product, compiled twice (selected and filtered), were 8 ms of
# the home page's CPU (docs/performance.md, "Storefront pages").
_BEST_SELLERS_SQL = f"""
SELECT listed.product_id, sold.units FROM (
    SELECT variant.product_id, sum(line.quantity) AS units FROM (
        SELECT online.variant_id, online.quantity FROM orders_orderline online
        JOIN orders_order ON orders_order.id = online.order_id
        WHERE orders_order.created_at >= %(since)s AND orders_order.status <> ALL(%(not_sold)s)
        UNION ALL
        SELECT kiosk.variant_id, kiosk.quantity FROM pos_saleline kiosk
        JOIN pos_sale ON pos_sale.id = kiosk.sale_id
        WHERE pos_sale.created_at >= %(since)s
    ) line
    JOIN catalogue_productvariant variant ON variant.id = line.variant_id
    GROUP BY variant.product_id
) sold
JOIN catalogue_listedproduct listed ON listed.product_id = sold.product_id
WHERE sold.units > 0 AND {_LISTED_NOW_SQL}
ORDER BY sold.units DESC, listed.name, listed.product_id
LIMIT %(limit)s
"""


def _best_seller_units(channel_slug: str, limit: int, days: int = BEST_SELLER_DAYS) -> dict[int, int]:
    """{product id: units sold over the last `days` days} of the `limit` listed products that sold the most, most
    sold first, in one statement. Products that sold nothing are left out."""
    now = timezone.now()
    params = {
        "since": now - datetime.timedelta(days=days),
        "not_sold": [OrderStatus.CANCELED.value, OrderStatus.EXPIRED.value],
        "channel": channel_slug,
        "now": now,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(_BEST_SELLERS_SQL, params)
        return dict(cursor.fetchall())


# The statement behind _best_rated_ids. It starts from the certificates valid today (a few thousand rows, against
# the channel's 19,195 listed rows the id-list filters scanned: docs/performance.md, "Storefront pages"), takes each
# product's best rank, then its listed row through the (product) index, and keeps the first `limit` of each rank in
# the featured order (within a rank the stars are equal: featured first, then by name).
_BEST_RATED_SQL = f"""
SELECT product_id, stars FROM (
    SELECT listed.product_id, best.stars, row_number() OVER (
        PARTITION BY best.stars ORDER BY listed.is_featured DESC, listed.name, listed.product_id
    ) AS position
    FROM (
        SELECT product_id, max(stars) AS stars FROM producers_ocopcertificate WHERE {_VALID_CERTIFICATE_SQL}
        GROUP BY product_id
    ) best
    JOIN catalogue_listedproduct listed ON listed.product_id = best.product_id
    WHERE best.stars = ANY(%(ranks)s) AND {_LISTED_NOW_SQL}
) ranked
WHERE position <= %(limit)s
ORDER BY stars DESC, position
"""


def _best_rated_ids(channel_slug: str, ranks: tuple[int, ...], limit: int) -> dict[int, list[int]]:
    """{stars: ids}: for each rank, the first `limit` listed products (featured first, then by name) whose best
    certificate valid today (as valid_on_q: one expiring today no longer counts) has exactly that many stars; one
    statement for every rank."""
    found: dict[int, list[int]] = {rank: [] for rank in ranks}
    params = {"today": _today(), "ranks": list(ranks), "channel": channel_slug, "now": timezone.now(), "limit": limit}
    with connection.cursor() as cursor:
        cursor.execute(_BEST_RATED_SQL, params)
        for product_id, stars in cursor.fetchall():
            found[stars].append(product_id)
    return found


# The statement behind _startup_ids: the startups' products from their producers (a few, through the products'
# producer index), not every listed row of the channel tested against the startups' producers (7–8.5 ms on 20,000
# products); the same products as the listings' startup kind, in the featured order (featured, the best stars valid
# today, name). Written as SQL: built through the listing's ORM sort it was 3 ms of the home page's CPU.
_STARTUP_PRODUCTS_SQL = f"""
SELECT listed.product_id FROM catalogue_listedproduct listed
WHERE listed.product_id IN (
        SELECT product.id FROM catalogue_product product
        JOIN producers_startupprofile startup ON startup.producer_id = product.producer_id
    )
    AND {_LISTED_NOW_SQL}
ORDER BY listed.is_featured DESC,
    (SELECT max(stars) FROM producers_ocopcertificate WHERE product_id = listed.product_id AND {_VALID_CERTIFICATE_SQL})
        DESC NULLS LAST,
    listed.name, listed.product_id
LIMIT %(limit)s
"""


def _startup_ids(channel_slug: str, limit: int) -> list[int]:
    """The first `limit` listed products of startup projects in the featured order, in one statement."""
    params = {"channel": channel_slug, "now": timezone.now(), "today": _today(), "limit": limit}
    with connection.cursor() as cursor:
        cursor.execute(_STARTUP_PRODUCTS_SQL, params)
        return [product_id for (product_id,) in cursor.fetchall()]


@dataclass(frozen=True)
class HomeLists:
    """The home page's product lists, each a list of listing rows (listing_rows, with `first_media`)."""

    best_sellers: list[Product]  # each with `units_sold`
    startups: list[Product]
    five_star: list[Product]
    four_star: list[Product]


def home_lists(*, startups: int, limit: int = 8) -> HomeLists:
    """The visible products that sold the most over BEST_SELLER_DAYS (online and at the kiosks), `startups` products
    of startup projects, and the products whose best certificate valid today has 5 and 4 stars (featured first):
    their ids in three statements, then every card's row by id and its photo in two (one product in two lists is
    read once)."""
    channel_slug = storefront_channel_slug()
    units = _best_seller_units(channel_slug, limit)
    startup_ids = _startup_ids(channel_slug, startups)
    rated = _best_rated_ids(channel_slug, (5, 4), limit)
    wanted = list(dict.fromkeys([*units, *startup_ids, *rated[5], *rated[4]]))
    carried = {pk: {"units_sold": sold} for pk, sold in units.items()}
    rows = {row.pk: row for row in Listing(ListedProduct.objects.none(), channel_slug)._rows_by_id(wanted, carried)}

    def of(ids) -> list[Product]:
        return [rows[pk] for pk in ids if pk in rows]

    return HomeLists(best_sellers=of(units), startups=of(startup_ids), five_star=of(rated[5]), four_star=of(rated[4]))


# The statement behind top_groups_with_counts: every group and subgroup with a count of its own listed rows, one
# range of the covering index (channel, group) each, no join nor sort (as SQL: 1.5 ms less CPU than the ORM's
# correlated subquery, built for every first view of the home page).
_GROUPS_WITH_OWN_COUNTS_SQL = f"""
SELECT category.*, (
    SELECT count(*) FROM catalogue_listedproduct listed WHERE listed.category_id = category.id AND {_LISTED_NOW_SQL}
) AS own_count
FROM catalogue_category category
ORDER BY category.sort_order, category.name
"""


def top_groups_with_counts() -> list[Category]:
    """Top-level OCOP groups (in the groups' order), each with `product_count`: its listed products (visible in
    listings and priced in the channel, as its page counts them) including its subgroups', in one statement."""
    params = {"channel": storefront_channel_slug(), "now": timezone.now()}
    categories = list(Category.objects.raw(_GROUPS_WITH_OWN_COUNTS_SQL, params))
    groups = [category for category in categories if category.parent_id is None]
    # Subgroups folded into their parent here (a join to the parents cost the statement a sort: 7.5 → 3.3 ms on
    # 20,000 analyzed products, docs/performance.md, "Storefront pages").
    totals = {group.pk: 0 for group in groups}
    for category in categories:
        totals[category.parent_id or category.pk] += category.own_count
    for group in groups:
        group.product_count = totals[group.pk]
    return groups


def groups_for_filter() -> list[Category]:
    """Every group followed by its subgroups, parents joined, for a group filter."""
    categories = list(Category.objects.select_related("parent"))

    def position(category: Category) -> tuple:
        top = category.parent or category
        return (top.sort_order, top.name, top.pk, category.parent_id is not None, category.sort_order, category.name)

    return sorted(categories, key=position)


def category_by_slug(slug: str) -> Category:
    """The group or subgroup with this slug, its parent joined and its subgroups prefetched; 404 if missing."""
    return get_object_or_404(
        Category.objects.select_related("parent").prefetch_related(
            Prefetch("children", queryset=Category.objects.order_by("sort_order", "name"))
        ),
        slug=slug,
    )


def listing_base_facts(products: QuerySet[ListedProduct], today: datetime.date | None = None) -> QuerySet:
    """What a listing's filters need from its base (a group's listed products, a search's matches: ListedProduct
    rows), in one statement of one row: `total` and each kind's count (Listing.all_counts of the unfiltered
    listing) and `producer_ids`, the producers having one of them (for the producer filter: producers_by_ids).
    Reading the base once instead of once for the producers and once for the counts saves a scan of the group.

    A values() queryset rather than aggregate(), so that its statement can be compiled once (group_base_facts,
    search_base_facts): the constant `one` it is "grouped" by groups nothing (Django leaves a constant out of GROUP
    BY: no GROUP BY, one row even for an empty base)."""
    today = today or _today()
    return (
        products.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(
            total=Count("product_id"),
            **{kind: Count("product_id", filter=_kind_members(kind, today, "product_id")) for kind in KINDS},
            producer_ids=ArrayAgg("producer_id", distinct=True, default=Value([])),
        )
    )


# The base facts' statements of a group and of a search, kept compiled per channel and day (the kinds compare the
# certificates with it): the group's id or the search's tsquery and the moment bound at each run.
_BASE_FACTS: dict = {}


def _kept_base_facts(kind: str, narrowed: Callable[[QuerySet, Any], QuerySet], marker, value) -> dict:
    channel_slug, today = storefront_channel_slug(), _today()

    def build():
        products = narrowed(listed_products(channel_slug=channel_slug, moment=MARKER_MOMENT), marker)
        return Statement(listing_base_facts(products, today), moment=MARKER_MOMENT, value=marker)

    [facts] = kept(_BASE_FACTS, (kind, channel_slug, today), build).mappings(moment=timezone.now(), value=value)
    del facts["one"]
    return facts


def group_base_facts(group: Category) -> dict:
    """listing_base_facts of the group's listed products (with its subgroups'), through a statement kept compiled:
    building and compiling the aggregate (the kinds' conditions) cost 3 ms of CPU of the group's first view."""
    return _kept_base_facts(
        "group", lambda products, pk: products.filter(in_category_tree(Category(pk=pk))), MARKER_ID, group.pk
    )


def search_base_facts(terms: search.SearchTerms) -> dict:
    """listing_base_facts of the products matching the terms (search.matching: the counts need no rank), through a
    statement kept compiled, the terms' tsquery bound at each run."""
    return _kept_base_facts("search", search.matching, MARKER_TEXT, search.tsquery(terms))


# The statements of an unfiltered group's first page of ids, kept compiled per channel, day, sort and page size.
_FIRST_PAGE_IDS: dict = {}


def group_first_page_ids(group: Category, sort: str, size: int) -> list[int]:
    """The first `size` product ids of the group's unfiltered listing in this sort (listing_products' statement of
    page 1), through a statement kept compiled, the group's id and the moment bound at each run: building and
    compiling the sorted listing cost 2.7 ms of CPU of the group's first view."""
    channel_slug, today = storefront_channel_slug(), _today()
    sort = sort if sort in SORTS else "relevance"

    def build():
        products = listed_products(channel_slug=channel_slug, moment=MARKER_MOMENT)
        base = products.filter(in_category_tree(Category(pk=MARKER_ID)))
        keyed = listing_products(ListingFilters(), sort, base=base, channel_slug=channel_slug).keyed
        return Statement(keyed.values_list("product_id")[:size], moment=MARKER_MOMENT, value=MARKER_ID)

    statement = kept(_FIRST_PAGE_IDS, (channel_slug, today, sort, size), build)
    return [pk for (pk,) in statement.rows(moment=timezone.now(), value=group.pk)]


def producers_by_ids(ids) -> list[Producer]:
    """These producers by name (their id, slug and name only), for the producer filter; no query for none."""
    if not ids:
        return []
    return list(Producer.objects.filter(pk__in=ids).only("pk", "slug", "name").order_by("name"))


def producers_in(products: QuerySet) -> QuerySet[Producer]:
    """Producers having at least one of these products, for the producer filter."""
    return (
        Producer.objects.filter(pk__in=products.order_by().values("producer_id"))
        .only("pk", "slug", "name")
        .order_by("name")
    )


# The statement of one product's sellable variants, compiled once per channel slug.
_SELLABLE_VARIANTS_OF: dict[str, Statement] = {}


def sellable_variants(product_id: int, *, channel_slug: str | None = None) -> list[ProductVariant]:
    """The product's variants priced in the channel, each with `price` and `available`, in one query (read live
    by the product page, whose other parts are cached). The statement is compiled once per channel (2 ms of CPU of
    a product page when built each time: core.statements), its rows read as the variants' fields and the two facts
    by name."""
    channel_slug = channel_slug or storefront_channel_slug()
    statement = kept(
        _SELLABLE_VARIANTS_OF,
        channel_slug,
        lambda: Statement(_sellable_variants(channel_slug).filter(product_id__in=among(MARKER_IDS)), ids=MARKER_IDS),
    )
    return statement.raw(ids=[product_id])


def sellable_variants_prefetch(channel_slug: str) -> Prefetch:
    """Prefetch `sellable_variants`: the variants priced in the channel, each with `price` and `available`."""
    return Prefetch("variants", queryset=_sellable_variants(channel_slug), to_attr="sellable_variants")


def _variant_available(channel_slug: str) -> Case:
    """What the channel's warehouses can still sell of the outer variant (a gift set's: the boxes assembled ahead
    there plus the sets its parts can make)."""
    variant_stocks = Stock.objects.filter(
        product_variant=OuterRef("pk"), warehouse_id__in=channel_warehouse_ids(channel_slug=channel_slug)
    )
    return Case(
        When(
            product__is_gift_set=True,
            then=_gift_sets_available(channel_slug, "product_id") + _available_sum(variant_stocks, "product_variant"),
        ),
        default=_available_sum(variant_stocks, "product_variant"),
        output_field=IntegerField(),
    )


# The variants' shape (the gift-set rule, the stock sums), built once per channel slug (see _built_once).
_SELLABLE_VARIANTS: dict[str, QuerySet[ProductVariant]] = {}


def _sellable_variants(channel_slug: str) -> QuerySet[ProductVariant]:
    return _built_once(_SELLABLE_VARIANTS, channel_slug, lambda: _build_sellable_variants(channel_slug))


def _build_sellable_variants(channel_slug: str) -> QuerySet[ProductVariant]:
    variants = (
        ProductVariant.objects.annotate(
            price=Subquery(
                ProductVariantChannelListing.objects.filter(
                    variant=OuterRef("pk"), channel_id=_channel_id(channel_slug)
                ).values("price_amount")[:1],
                output_field=IntegerField(),
            ),
            available=_variant_available(channel_slug),
        )
        .filter(price__isnull=False)
        .order_by("sort_order", "pk")
    )
    return variants


def gallery_prefetch() -> Prefetch:
    """Prefetch `gallery`: every photo of the product in display order."""
    return Prefetch("media", queryset=ProductMedia.objects.order_by("sort_order", "pk"), to_attr="gallery")


def certificates_prefetch() -> Prefetch:
    """Prefetch `certificates`: every OCOP certificate of the product, newest first (see certificate_to_show)."""
    return Prefetch(
        "ocop_certificates", queryset=OcopCertificate.objects.order_by("-decision_date", "-pk"), to_attr="certificates"
    )


def gift_set_parts_prefetch() -> Prefetch:
    """Prefetch `gift_set_parts`: a gift set's parts in the set's order, each with its variant and product (one
    query for a page; a plain product gets an empty list)."""
    return Prefetch(
        "set_components",
        queryset=GiftSetComponent.objects.select_related("component__product").order_by("sort_order", "pk"),
        to_attr="gift_set_parts",
    )


def rural_industry_prefetch() -> Prefetch:
    """Prefetch `rural_industry`: every approved rural-industry recognition, highest level first."""
    return Prefetch(
        "rural_industry_recognitions",
        queryset=RuralIndustryRecognition.objects.order_by("-level", "-decision_date", "-pk"),
        to_attr="rural_industry",
    )


# The facts of a product page that only a catalogue write changes (so the page may keep them per catalogue version).
PRODUCT_PAGE_FACTS = ("ocop_stars", "is_startup", "cnnt_level")


def product_detail(slug: str, *, channel_slug: str | None = None) -> Product:
    """One visible product (priced in the channel) with the facts its page shows, in four queries; 404 otherwise.

    Adds the kinds (`ocop_stars`, `is_startup`, `cnnt_level`) as listings do; `gallery` all photos;
    `certificates` all certificates, newest first; `rural_industry` its rural-industry recognitions; the producer's
    startup profile joined (`producer.startup_profile` when it is a startup project). Not the price nor the stock:
    the page reads them live with `sellable_variants`.
    """
    channel_slug = channel_slug or storefront_channel_slug()
    products = annotate_sale_facts(
        visible_products(channel_slug=channel_slug, in_listings=False), channel_slug, facts=PRODUCT_PAGE_FACTS
    ).select_related("category__parent", "producer__startup_profile")
    # The search keys are the widest columns and the page does not show them.
    products = products.defer("search_vector", "search_tone", "search_plain")
    return get_object_or_404(
        products.prefetch_related(gallery_prefetch(), certificates_prefetch(), rural_industry_prefetch()),
        slug=slug,
    )


def gift_set_contents(product: Product, today: datetime.date | None = None) -> list[GiftSetComponent]:
    """What is in a gift set, in the set's order: each part with its variant and product, and `ocop_stars`, the
    part's best OCOP rating valid today (None without one). One query; a plain product's page never asks."""
    return list(
        product.set_components.select_related("component__product")
        .annotate(ocop_stars=current_stars_subquery(today or _today(), "component__product"))
        .order_by("sort_order", "pk")
    )


def certificate_to_show(product: Product, today: datetime.date | None = None) -> tuple[OcopCertificate | None, bool]:
    """The certificate the product page shows and whether it is valid today.

    The best valid one wins; with none valid, the latest expired one is shown as expired (without the badge).
    Expects `product.certificates` from `product_detail`.
    """
    today = today or _today()
    valid = [c for c in product.certificates if c.is_valid_on(today)]
    if valid:
        return max(valid, key=lambda c: (c.stars, c.decision_date)), True
    return (product.certificates[0] if product.certificates else None), False


def visible_collections(*, channel_slug: str | None = None) -> QuerySet:
    """Collections published in the channel now (a publication date in the future keeps one hidden until then)."""
    listing = CollectionChannelListing.objects.filter(
        collection=OuterRef("pk"),
        channel_id=_channel_id(channel_slug or storefront_channel_slug()),
        channel__is_active=True,
        is_published=True,
    ).filter(Q(published_at__isnull=True) | Q(published_at__lte=timezone.now()))
    return Collection.objects.filter(Exists(listing))


def visible_collections_of(product_ids, *, channel_slug: str | None = None) -> QuerySet:
    """The collections published in the channel now that hold any of the products, one row per (collection,
    product) with the product's id as `api_product_id`, in the collections' own order: one statement for a whole
    page of products."""
    return (
        visible_collections(channel_slug=channel_slug)
        .filter(collection_products__product_id__in=list(product_ids))
        .annotate(api_product_id=F("collection_products__product_id"))
        .order_by("sort_order", "name", "pk")
    )


def in_collection(products: QuerySet[Product], collection) -> QuerySet[Product]:
    """The products of a collection, each annotated with its place in it (`collection_position`)."""
    entries = CollectionProduct.objects.filter(collection=collection)
    return products.filter(pk__in=entries.values("product_id")).annotate(
        collection_position=Subquery(entries.filter(product=OuterRef("pk")).values("sort_order")[:1])
    )


# The public API's reads. The GraphQL face pages by keyset (see marketplace/graphql/catalogue/pagination.py) on
# these querysets; the sale facts are subqueries of the page query, computed for the rows of the page only
# unless the order compares them.


def catalogue_version_subquery() -> Coalesce:
    """CatalogueVersion.number as an uncorrelated subquery (0 before the first write)."""
    return Coalesce(Subquery(CatalogueVersion.objects.filter(pk=1).values("number")[:1]), Value(0))


def active_channel_with_version(channel_slug: str) -> QuerySet[Channel]:
    """The active channel of that slug (no row when there is none), with the catalogue version as `version`: both
    in one statement."""
    return Channel.objects.filter(slug=channel_slug, is_active=True).annotate(version=catalogue_version_subquery())


# A cached count also waits for the time to pass (a listing's published_at, a certificate's expiry): at most this
# long, in seconds.
COUNT_CACHE_SECONDS = 60


def cached_count(products: QuerySet[Product] | Callable[[], QuerySet[Product]], key: tuple) -> int:
    """products.count(), kept in the cache under `key`, which must hold the catalogue version and every argument
    the queryset was built from. Only for querysets that do not depend on stock (the version does not cover it).
    `products` may be a function building the queryset, then called only when the count is not kept."""
    cache_key = "catalogue-count:" + hashlib.sha256(repr(key).encode()).hexdigest()
    count = cache.get(cache_key)
    if count is None:
        count = (products() if callable(products) else products).count()
        cache.set(cache_key, count, COUNT_CACHE_SECONDS)
    return count


# The search keys are the widest columns and no answer of the API shows them.
UNREAD_BY_THE_API = ("search_vector", "search_tone", "search_plain")


def api_products(
    channel_slug: str,
    *,
    in_listings: bool = True,
    certificates: bool = False,
    gift_set_parts: bool = False,
    facts: tuple[str, ...] = SALE_FACTS,
    producer: bool = True,
    moment: datetime.datetime | None = None,
    variants_and_photos: bool = True,
) -> QuerySet[Product]:
    """Visible products in the channel with their sale facts (those named in `facts`: a caller that shows no
    other leaves the rest out, which the page statement then neither computes nor plans), group (and its parent),
    producer (unless `producer` is False), the variants priced in the channel (`sellable_variants`) and photos
    (`gallery`) unless `variants_and_photos` is False (the caller reads them itself), and, when asked, certificates
    (`certificates`) and a gift set's parts (`gift_set_parts`); visible at `moment` (now when not given)."""
    visible = visible_products(channel_slug=channel_slug, in_listings=in_listings, moment=moment)
    products = (
        annotate_sale_facts(visible, channel_slug, facts, producer=producer)
        .select_related("category__parent")
        .defer(*UNREAD_BY_THE_API)
    )
    prefetches = [sellable_variants_prefetch(channel_slug), gallery_prefetch()] if variants_and_photos else []
    if certificates:
        prefetches.append(certificates_prefetch())
    if gift_set_parts:
        prefetches.append(gift_set_parts_prefetch())
    return products.prefetch_related(*prefetches)


def api_variants(channel_slug: str) -> QuerySet[ProductVariant]:
    """Variants priced in the channel, of products visible there (by their own page), with `price` and
    `available` as sellable_variants_prefetch gives them."""
    visible = visible_products(channel_slug=channel_slug, in_listings=False)
    return sellable_variants_prefetch(channel_slug).queryset.filter(product__in=visible.values("pk"))


def catalogue_version_and_next_publication(now: datetime.datetime) -> tuple[int, datetime.datetime | None] | None:
    """CatalogueVersion.number and the earliest moment after `now` at which a scheduled listing goes live (None
    when none is scheduled), in one statement; None when the version row is missing (a flushed test database).
    Every storefront page asks it first: its text is written once (built through the ORM it cost 1 ms of CPU per
    page, a tenth of a kept page's)."""
    with connection.cursor() as cursor:
        cursor.execute(_version_and_next_publication_sql(), [now, now])
        return cursor.fetchone()


@functools.cache
def _version_and_next_publication_sql() -> str:
    # A collection going live changes Product.collections and the collections' lists as much. LEAST ignores NULLs.
    upcoming = "(SELECT published_at FROM {} WHERE published_at > %s ORDER BY published_at LIMIT 1)"
    return (
        f"SELECT number, LEAST({upcoming.format(ProductChannelListing._meta.db_table)}, "
        f"{upcoming.format(CollectionChannelListing._meta.db_table)}) "
        f"FROM {CatalogueVersion._meta.db_table} WHERE {CatalogueVersion._meta.pk.column} = 1"
    )


def stock_now(channel_slug: str, variant_ids, product_ids) -> tuple[dict[int, int], dict[int, int]]:
    """What the channel can sell now, per variant and per product (all its variants), by the listings' own rule
    (a gift set: the sets its parts can make): two statements at most."""
    variants, products = {}, {}
    if variant_ids:
        rows = (
            ProductVariant.objects.filter(pk__in=variant_ids)
            .annotate(units=_variant_available(channel_slug))
            .values_list("pk", "units")
        )
        variants = dict.fromkeys(variant_ids, 0) | dict(rows)
    if product_ids:
        rows = (
            Product.objects.filter(pk__in=product_ids)
            .annotate(units=_available(channel_slug))
            .values_list("pk", "units")
        )
        products = dict.fromkeys(product_ids, 0) | dict(rows)
    return variants, products


def startup_profile_of(product: Product) -> StartupProfile | None:
    """The startup project behind the product (from product_detail's join), or None."""
    return getattr(product.producer, "startup_profile", None)


def rural_industry_to_show(product: Product, today: datetime.date | None = None):
    """The product page's rural-industry recognitions as (recognition, valid today) pairs, valid ones first.

    Expects `product.rural_industry` from product_detail. An expired one is listed as expired, never badged.
    """
    today = today or _today()
    rows = [(recognition, recognition.is_valid_on(today)) for recognition in product.rural_industry]
    return sorted(rows, key=lambda row: not row[1])
