"""The rendered listing parts of the storefront (home, group pages, search), kept in the "storefront" cache.

A part is keyed by the catalogue version (raised by every catalogue write, see
marketplace.catalogue.services.version), the language and the page's address with its query string, so a
changed product, price, photo or certificate shows on the next request. The page around the part (header with
the cart, the CSRF token of the language form) is rendered for every request. Stock is not in the key: the
"out of stock" mark of a card may lag by the cache's TIMEOUT (settings.CACHES); product pages, the cart and
checkout read stock live, so nobody is sold what is gone.
"""

import hashlib

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from marketplace.catalogue.selectors import catalogue_version

CACHE_ALIAS = "storefront"


def fragment_key(request, name: str) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"sf:{name}:{catalogue_version()}:{get_language()}:{address}"


def cached_parts(request, name: str, build) -> dict:
    """What `build()` returns (a dict of rendered parts and plain values; called only when not cached), cached for
    this request's address, language and catalogue version."""
    cache = caches[CACHE_ALIAS]
    key = fragment_key(request, name)
    parts = cache.get(key)
    if parts is None:
        parts = build()
        cache.set(key, parts)
    return parts


def render_part(request, template: str, context: dict) -> SafeString:
    return mark_safe(render_to_string(template, context, request))  # noqa: S308 - our own template's output


def cached_part(request, template: str, context) -> SafeString:
    """`template` rendered with `context()` (called only when the part is not cached), cached for this request's
    address, language and catalogue version."""
    return cached_parts(request, template, lambda: {"html": render_part(request, template, context())})["html"]
