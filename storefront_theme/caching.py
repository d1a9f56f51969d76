"""The catalogue parts of the shoppers' pages, rendered once per catalogue version and kept in each process.

A listing page (home, a group, a search) is two things: its **part** — the cards, filters, counts and pagination,
the same for every shopper — and the **page around it** — header, cart count, account link, the language form
with its CSRF token — which is the shopper's own. The views render the part with `render_to_string` and no
request, so nothing of a shopper can reach it (no `request`, `user`, `csrf_token` or `messages` in its context),
keep it in the `storefront` cache (settings.CACHES) and render the page around it for every request.

A part's key holds the **catalogue version** (CatalogueVersion, moved by database triggers on every write to
products, variants, photos, groups, listings, prices, certificates, producers and kinds), the language, the local
day (a certificate stops giving its stars at midnight), the host and the path with its query string: a price
changed or a product hidden shows on the very next request. An entry lives at most until the next scheduled
listing goes live, and at most `TIMEOUT` seconds (60).

Stock is not in the version (a sale must not wait on a shared counter, nor empty the cache). A part remembers
whether each product it showed was in stock, and a hit is served only if the same holds now, checked in one
statement: a card never says "Hết hàng" of a product in stock, nor the reverse. What may lag, by up to `TIMEOUT`
seconds, is what a part computed from stock or sales without showing it per card: which products the "Còn hàng"
filter lists and its count, and the home page's best-sellers. The product page, the cart and checkout read price
and stock live, and allocation under row locks has the last word.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language

from marketplace.catalogue import selectors

CACHE_ALIAS = "storefront"
# Off only for measuring the computed path (bench/storefront.py --cold).
ENABLED = True


@dataclass
class Part:
    """A rendered catalogue part and what the page around it needs from it.

    `facts`: what the page around the part needs from the catalogue (a group for the title; a product for its buy
    box, with its gallery rendered); `in_stock`: product id -> whether the part showed it in stock (`showing`).
    """

    html: str = ""
    facts: dict = field(default_factory=dict)
    in_stock: dict[int, bool] = field(default_factory=dict)

    def showing(self, products: Iterable) -> "Part":
        """Remember the stock marks of these cards (products annotated with `available` by the listing)."""
        self.in_stock.update({product.pk: product.available > 0 for product in products})
        return self


def storefront_cache():
    return caches[CACHE_ALIAS]


def _key(request, version: int) -> str:
    text = json.dumps(
        [version, get_language(), timezone.localdate().isoformat(), request.get_host(), request.get_full_path()]
    )
    return "storefront-part:" + hashlib.sha256(text.encode()).hexdigest()


def _stock_unchanged(part: Part) -> bool:
    if not part.in_stock:
        return True
    _variants, units = selectors.stock_now(selectors.storefront_channel_slug(), (), list(part.in_stock))
    return all((units[pk] > 0) == shown for pk, shown in part.in_stock.items())


def cached_part(request, build: Callable[[], Part]) -> Part:
    """The part of this request's page: from the cache if the catalogue and the stock marks it showed are
    unchanged, else built by `build()` (which may raise Http404: nothing is kept then) and kept.

    One statement on a hit (the version), two when the part shows cards (and their stock)."""
    if not ENABLED:
        return build()
    now = timezone.now()
    found = selectors.catalogue_version_and_next_publication(now)
    if found is None:  # no version row (a database flushed by a test): nothing to key on
        return build()
    version, next_publication = found
    cache, key = storefront_cache(), _key(request, version)
    part = cache.get(key)
    if part is not None and _stock_unchanged(part):
        return part
    part = build()
    life = cache.default_timeout
    if next_publication is not None:
        life = min(life, int((next_publication - now).total_seconds()))
    if life > 0:
        cache.set(key, part, life)
    return part
