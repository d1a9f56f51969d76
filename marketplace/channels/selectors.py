"""Reads of channels and their listings: where a product is published and what each variant costs and sells for,
which channels have orders."""

from django.db.models import F

from marketplace.channels.models import ProductChannelListing, ProductVariantChannelListing
from marketplace.orders.models import Order


def product_listings(product_ids) -> dict[int, list[ProductChannelListing]]:
    """Each product's listings in every channel, with the channel, in one statement."""
    found: dict[int, list[ProductChannelListing]] = {pk: [] for pk in product_ids}
    rows = ProductChannelListing.objects.filter(product_id__in=found).select_related("channel").order_by("channel_id")
    for listing in rows:
        found[listing.product_id].append(listing)
    return found


def variant_listings(product_ids) -> dict[int, list[ProductVariantChannelListing]]:
    """The price listings of every variant of the products, keyed by variant, with the channel and the variant's
    product id (`product_id`), in one statement."""
    found: dict[int, list[ProductVariantChannelListing]] = {}
    rows = (
        ProductVariantChannelListing.objects.filter(variant__product_id__in=list(product_ids))
        .annotate(product_id=F("variant__product_id"))
        .select_related("channel")
        .order_by("variant_id", "channel_id")
    )
    for listing in rows:
        found.setdefault(listing.variant_id, []).append(listing)
    return found


def channels_with_orders(channel_ids) -> set[int]:
    """Which of the channels have any order at all (whatever its status), in one statement."""
    return set(Order.objects.filter(channel_id__in=list(channel_ids)).values_list("channel_id", flat=True).distinct())
