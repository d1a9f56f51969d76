"""Careful reads of the catalogue for the storefront.

Every listing (home, group page, search) goes through `listing_products`: one query for the page of products
with their lowest channel price, their available quantity in the channel's warehouses and their current OCOP
stars computed by subqueries, plus one query for the first photo of each. A page therefore costs the same
number of queries whether it shows 12 products or 48.

The channel is looked up by slug inside the subqueries rather than fetched first, which saves a query per page.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
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
)
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from inventory.models import Stock
from marketplace.catalogue.models import Category, Product, ProductMedia, ProductVariant
from marketplace.channels.models import ProductChannelListing, ProductVariantChannelListing
from marketplace.producers.models import OcopCertificate, Producer


def storefront_channel_slug() -> str:
    return settings.STOREFRONT_CHANNEL_SLUG


def _today() -> datetime.date:
    # A certificate's validity is counted in the shopper's local day (Asia/Ho_Chi_Minh), not in UTC.
    return timezone.localdate()


def visible_products(*, channel_slug: str | None = None, in_listings: bool = True) -> QuerySet[Product]:
    """Published products with a published listing in the channel (not yet published ones stay hidden).

    in_listings=False also admits products hidden from listings but reachable by their own page.
    """
    channel_slug = channel_slug or storefront_channel_slug()
    listing = ProductChannelListing.objects.filter(
        product=OuterRef("pk"), channel__slug=channel_slug, is_published=True
    ).filter(Q(published_at__isnull=True) | Q(published_at__lte=timezone.now()))
    if in_listings:
        listing = listing.filter(visible_in_listings=True)
    return Product.objects.filter(Exists(listing), status=Product.Status.PUBLISHED)


def _available_sum(stocks: QuerySet[Stock], group_by: str) -> Coalesce:
    """Sum of what can still be sold (on hand minus allocated, never below zero per location)."""
    return Coalesce(
        Subquery(
            stocks.order_by()
            .values(group_by)
            .annotate(total=Sum(Greatest(F("quantity") - F("quantity_allocated"), Value(0))))
            .values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def current_stars_subquery(today: datetime.date, ref: str = "pk") -> Subquery:
    """The highest star rating among the product's certificates valid today; NULL when none is."""
    return Subquery(
        OcopCertificate.objects.filter(product=OuterRef(ref), decision_date__lte=today, expires_on__gt=today)
        .order_by("-stars", "-decision_date")
        .values("stars")[:1],
        output_field=IntegerField(),
    )


def annotate_sale_facts(products: QuerySet[Product], channel_slug: str) -> QuerySet[Product]:
    """Add price_from, available and ocop_stars and join producer and group.

    Products without any price in the channel cannot be bought and are left out.
    """
    price_from = Subquery(
        ProductVariantChannelListing.objects.filter(variant__product=OuterRef("pk"), channel__slug=channel_slug)
        .order_by()
        .values("variant__product")
        .annotate(lowest=Min("price_amount"))
        .values("lowest"),
        output_field=IntegerField(),
    )
    stocks = Stock.objects.filter(product_variant__product=OuterRef("pk"), warehouse__channels__slug=channel_slug)
    return (
        products.annotate(
            price_from=price_from,
            available=_available_sum(stocks, "product_variant__product"),
            ocop_stars=current_stars_subquery(_today()),
        )
        .filter(price_from__isnull=False)
        .select_related("producer", "category")
    )


def annotate_for_listing(products: QuerySet[Product], *, channel_slug: str | None = None) -> QuerySet[Product]:
    """Listing facts (see annotate_sale_facts) plus `first_media`: a list of at most one photo."""
    return annotate_sale_facts(products, channel_slug or storefront_channel_slug()).prefetch_related(
        # A sliced Prefetch fetches only the first photo of each product, in one query for the whole page.
        Prefetch("media", queryset=ProductMedia.objects.order_by("sort_order", "pk")[:1], to_attr="first_media")
    )


@dataclass(frozen=True)
class ListingFilters:
    """Shopper's filters, already validated by the face (the view): anything invalid arrives here as None."""

    stars: int | None = None
    producer: str | None = None
    category: Category | None = None
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False


SORTS = ("relevance", "price_asc", "price_desc", "newest", "name")


def apply_filters(products: QuerySet[Product], filters: ListingFilters) -> QuerySet[Product]:
    """Narrow an annotated listing; `stars` means "at least this many stars, valid today"."""
    if filters.category is not None:
        products = products.filter(in_category_tree(filters.category))
    if filters.stars is not None:
        products = products.filter(ocop_stars__gte=filters.stars)
    if filters.producer:
        products = products.filter(producer__slug=filters.producer)
    if filters.price_min is not None:
        products = products.filter(price_from__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(price_from__lte=filters.price_max)
    if filters.in_stock:
        products = products.filter(available__gt=0)
    return products


def apply_sort(products: QuerySet[Product], sort: str) -> QuerySet[Product]:
    """Order a listing. "relevance" outside search puts featured and higher-rated products first."""
    orderings = {
        "price_asc": ("price_from", "name", "pk"),
        "price_desc": ("-price_from", "name", "pk"),
        "newest": ("-created_at", "-pk"),
        "name": ("name", "pk"),
    }
    if sort == "relevance" and "search_rank" in products.query.annotations:
        return products.order_by("-search_rank", "name", "pk")
    if sort in orderings:
        return products.order_by(*orderings[sort])
    return products.order_by("-is_featured", F("ocop_stars").desc(nulls_last=True), "name", "pk")


def in_category_tree(category: Category) -> Q:
    """A group and its subgroups (OCOP groups have two levels: group, subgroup)."""
    return Q(category=category) | Q(category__parent=category)


def listing_products(
    filters: ListingFilters | None = None, sort: str = "relevance", base: QuerySet[Product] | None = None
) -> QuerySet[Product]:
    """The storefront listing: visible products, annotated, filtered and sorted. Paginate the result."""
    products = annotate_for_listing(base if base is not None else visible_products())
    return apply_sort(apply_filters(products, filters or ListingFilters()), sort)


def featured_products(*, stars: int, limit: int = 8) -> list[Product]:
    """Products holding a valid certificate of exactly `stars` today, featured ones first."""
    products = annotate_for_listing(visible_products()).filter(ocop_stars=stars)
    return list(apply_sort(products, "relevance")[:limit])


def top_groups_with_counts() -> list[Category]:
    """Top-level OCOP groups, each with `product_count`: its visible products including its subgroups'."""
    counts: dict[int, int] = {}
    rows = (
        visible_products()
        .order_by()
        .values("category_id", "category__parent_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "category__parent_id", "n")
    )
    for category_id, parent_id, n in rows:
        top = parent_id or category_id
        counts[top] = counts.get(top, 0) + n
    groups = list(Category.objects.filter(parent__isnull=True))
    for group in groups:
        group.product_count = counts.get(group.pk, 0)
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


def producers_in(products: QuerySet[Product]) -> QuerySet[Producer]:
    """Producers having at least one of these products, for the producer filter."""
    return Producer.objects.filter(pk__in=products.order_by().values("producer_id")).order_by("name")


def sellable_variants_prefetch(channel_slug: str) -> Prefetch:
    """Prefetch `sellable_variants`: the variants priced in the channel, each with `price` and `available`."""
    variant_stocks = Stock.objects.filter(product_variant=OuterRef("pk"), warehouse__channels__slug=channel_slug)
    variants = (
        ProductVariant.objects.annotate(
            price=Subquery(
                ProductVariantChannelListing.objects.filter(variant=OuterRef("pk"), channel__slug=channel_slug).values(
                    "price_amount"
                )[:1],
                output_field=IntegerField(),
            ),
            available=_available_sum(variant_stocks, "product_variant"),
        )
        .filter(price__isnull=False)
        .order_by("sort_order", "pk")
    )
    return Prefetch("variants", queryset=variants, to_attr="sellable_variants")


def gallery_prefetch() -> Prefetch:
    """Prefetch `gallery`: every photo of the product in display order."""
    return Prefetch("media", queryset=ProductMedia.objects.order_by("sort_order", "pk"), to_attr="gallery")


def certificates_prefetch() -> Prefetch:
    """Prefetch `certificates`: every OCOP certificate of the product, newest first (see certificate_to_show)."""
    return Prefetch(
        "ocop_certificates", queryset=OcopCertificate.objects.order_by("-decision_date", "-pk"), to_attr="certificates"
    )


def product_detail(slug: str, *, channel_slug: str | None = None) -> Product:
    """One visible product with everything its page shows, in a fixed number of queries; 404 otherwise.

    Adds `price_from`, `available` and `ocop_stars` as listings do; `sellable_variants` are the variants
    priced in the channel, each with `price` and `available`; `gallery` all photos; `certificates` all
    certificates, newest first.
    """
    channel_slug = channel_slug or storefront_channel_slug()
    products = annotate_sale_facts(
        visible_products(channel_slug=channel_slug, in_listings=False), channel_slug
    ).select_related("category__parent")
    return get_object_or_404(
        products.prefetch_related(
            sellable_variants_prefetch(channel_slug),
            gallery_prefetch(),
            certificates_prefetch(),
        ),
        slug=slug,
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
