"""Whole answers to catalogue-only queries, kept in Django's cache and never served stale.

A query is cached when every root field it selects is one of the catalogue's (products, product, productVariant,
productVariants, categories, category) and it answered without errors. Its key holds the query text, variables and
operation, the host (answers carry absolute URLs), the local day (certificates expire and VAT rates start on a
day) and the catalogue version (CatalogueVersion: bumped by triggers on every catalogue, price, certificate,
producer and VAT write), so any such write makes the next request compute afresh.

Stock is not in the version (a sale must not wait on a shared counter): the answer remembers every stock figure
it showed (quantityAvailable per variant, isAvailable per product) and a hit is served only if the same figures
hold now, checked in one or two statements. A filter that reads stock (isAvailable, stockAvailability) makes the
answer uncacheable. A scheduled listing going live ends the entry's life at that moment.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone
from graphql import OperationType, parse
from graphql.error import GraphQLError
from graphql.utilities import get_operation_ast

from marketplace.catalogue import selectors

CATALOGUE_ROOT_FIELDS = frozenset(
    {"products", "product", "productVariant", "productVariants", "categories", "category", "__typename"}
)
LONGEST_LIFE_SECONDS = 300
_REQUEST_ATTRIBUTE = "_catalogue_answer"


@dataclass
class StockShown:
    """The stock figures an answer showed, per channel: variant id -> units, product id -> in stock or not."""

    variants: dict[str, dict[int, int]] = field(default_factory=dict)
    products: dict[str, dict[int, bool]] = field(default_factory=dict)
    cacheable: bool = True


def _shown(request) -> StockShown | None:
    return getattr(request, _REQUEST_ATTRIBUTE, None)


def variant_stock_shown(info, channel_slug: str, variant_id: int, units: int) -> None:
    shown = _shown(info.context)
    if shown is not None:
        shown.variants.setdefault(channel_slug, {})[variant_id] = units


def product_stock_shown(info, channel_slug: str, product_id: int, in_stock: bool) -> None:
    shown = _shown(info.context)
    if shown is not None:
        shown.products.setdefault(channel_slug, {})[product_id] = in_stock


def not_cacheable(info) -> None:
    """The answer depends on something the cache cannot check (a filter on stock)."""
    shown = _shown(info.context)
    if shown is not None:
        shown.cacheable = False


def _catalogue_only(query: str, operation_name: str | None) -> bool:
    try:
        document = parse(query)
    except GraphQLError:
        return False
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return False
    return all(
        selection.kind == "field" and selection.name.value in CATALOGUE_ROOT_FIELDS
        for selection in operation.selection_set.selections
    )


def _key(request, query: str, variables, operation_name, version: int) -> str:
    text = json.dumps(
        [query, variables, operation_name, request.build_absolute_uri("/"), timezone.localdate().isoformat(), version],
        sort_keys=True,
        default=str,
    )
    return "catalogue-answer:" + hashlib.sha256(text.encode()).hexdigest()


def cached_answer(request, query: str | None, variables, operation_name):
    """The cached data for this request if it still holds, else None (and the request is set up to store its own)."""
    if not query or not _catalogue_only(query, operation_name):
        return None
    now = timezone.now()
    found = selectors.catalogue_version_and_next_publication(now)
    if found is None:
        return None
    version, publication = found
    key = _key(request, query, variables, operation_name, version)
    entry = cache.get(key)
    if entry is not None and _stock_unchanged(entry["stock"]):
        return entry["data"]
    life = (
        LONGEST_LIFE_SECONDS
        if publication is None
        else min(LONGEST_LIFE_SECONDS, int((publication - now).total_seconds()))
    )
    request._catalogue_answer_key = (key, life)
    setattr(request, _REQUEST_ATTRIBUTE, StockShown())
    return None


def _stock_unchanged(shown: StockShown) -> bool:
    for channel_slug in {*shown.variants, *shown.products}:
        variants, products = selectors.stock_now(
            channel_slug, list(shown.variants.get(channel_slug, ())), list(shown.products.get(channel_slug, ()))
        )
        in_stock = {pk: units > 0 for pk, units in products.items()}
        if variants != shown.variants.get(channel_slug, {}) or in_stock != shown.products.get(channel_slug, {}):
            return False
    return True


def keep_answer(request, result) -> None:
    """Store a fresh answer of a cacheable request."""
    shown, (key, life) = _shown(request), getattr(request, "_catalogue_answer_key", (None, 0))
    if shown is None or key is None or not shown.cacheable or result is None or result.errors:
        return
    if life > 0:
        cache.set(key, {"data": result.data, "stock": shown}, life)
