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

import contextvars
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


# While a part is built: the catalogue version it is keyed on and how long it may be kept, for `kept`.
_building: contextvars.ContextVar[tuple[int, int] | None] = contextvars.ContextVar("storefront_building", default=None)


def keeping() -> bool:
    """Whether a part is being built under a catalogue version (so `kept` keeps what it computes)."""
    return _building.get() is not None


def _kept_key(version: int, name: str, key) -> str:
    text = json.dumps([version, timezone.localdate().isoformat(), name, key], default=str)
    return "storefront-kept:" + hashlib.sha256(text.encode()).hexdigest()


def kept_value(name: str, key):
    """What `kept(name, key, …)` would find without computing it, None if nothing."""
    building = _building.get()
    return None if building is None else storefront_cache().get(_kept_key(building[0], name, key))


def is_kept(name: str, key) -> bool:
    """Whether `kept(name, key, …)` would find its value without computing it."""
    return kept_value(name, key) is not None


def kept(name: str, key, compute: Callable[[], object]):
    """A piece of a part that other parts share (a group's producer list, a listing's counts for all its pages),
    kept under the same catalogue version and life as the part being built, so that a deep page, another sort or
    another page size of a listing already seen skips the statements that do not depend on the page. Computed
    afresh outside a part's build (cache disabled, no version). `key` must hold everything the value depends on
    besides the catalogue version and the day; never a value that depends on stock."""
    building = _building.get()
    if building is None:
        return compute()
    version, life = building
    cache_key = _kept_key(version, name, key)
    cache = storefront_cache()
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, life)
    return value


def _build(build: Callable[[], Part], version: int, life: int) -> Part:
    token = _building.set((version, life) if life > 0 else None)
    try:
        return build()
    finally:
        _building.reset(token)


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
    life = cache.default_timeout
    if next_publication is not None:
        life = min(life, int((next_publication - now).total_seconds()))
    part = _build(build, version, life)
    if life > 0:
        cache.set(key, part, life)
    return part


# The marker between a kept card's two pieces, where the product_card tag puts the "Hết hàng" mark.
CARD_STOCK_MARK = "<!--stock-->"
CARDS_CACHE_ALIAS = "storefront-cards"


def cards_cache():
    return caches[CARDS_CACHE_ALIAS]


def card_facts(product) -> list:
    """Everything a card shows but its stock marks (templatetags.storefront._card_body reads nothing
    else): a card is kept under these facts, so a changed price, name, photo, badge or producer is a new key and a
    kept card is never stale, whatever the catalogue version."""
    media = product.first_media[0] if product.first_media else None
    producer = product.producer
    return [
        product.pk,
        product.slug,
        product.name,
        product.price_from,
        product.ocop_stars,
        product.is_startup,
        product.cnnt_level,
        product.is_gift_set,
        product.origin_place,
        media.pk if media else None,
        media.alt if media else None,
        producer.name,
        producer.ward,
        producer.province,
    ]


def card(product, high: bool, render: Callable[[], str]) -> tuple[str, str]:
    """A product card's catalogue facts (link, photo, badges, name, price, producer, place) as the two pieces
    around its stock mark, kept in the `storefront-cards` cache under those facts (card_facts), the language and
    whether its photo loads at once: a first view of a listing renders only the cards not seen with these facts,
    even after a catalogue change (which moves the version for every product when one changed). `render()` gives
    the card's HTML with CARD_STOCK_MARK between its pieces. The stock marks are never kept: the product_card tag
    adds them from the row's live `available`. Not kept when the storefront cache is off (`ENABLED`)."""
    if not ENABLED:
        return _card_pieces(render())
    text = json.dumps([get_language(), high, card_facts(product)], default=str)
    key = "storefront-card:" + hashlib.sha256(text.encode()).hexdigest()
    cache = cards_cache()
    pieces = cache.get(key)
    if pieces is None:
        pieces = _card_pieces(render())
        cache.set(key, pieces)
    return pieces


def _card_pieces(html: str) -> tuple[str, str]:
    head, _mark, meta = html.partition(CARD_STOCK_MARK)
    return head, meta
