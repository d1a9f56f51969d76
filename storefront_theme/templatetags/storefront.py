"""Template helpers for the shoppers' pages: money, OCOP badge, places. Photos: catalogue_images."""

import functools

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from marketplace.catalogue.images import snap_size
from marketplace.checkout.session import cart_quantity as session_cart_quantity
from marketplace.core.templatetags import money
from marketplace.producers.models import RuralIndustryRecognition
from storefront_theme import caching

register = template.Library()


register.filter("vnd", money.vnd)


# The cards, badges and their parts are written in Python: a card rendered through templates (the body, then the
# kind badges and OCOP badge as inclusion tags) took 0.33 ms, 8 ms of a page of 24 cards not seen before — a quarter
# of a group page's CPU on a shopper's walk through it (docs/performance.md, "Storefront pages").


@register.simple_tag
def ocop_badge(stars, size="small") -> str:
    """{% ocop_badge stars %}: the OCOP star badge; pass the stars of a certificate valid today (None shows nothing)."""
    if not stars:
        return ""
    label = ngettext("OCOP %(stars)d sao", "OCOP %(stars)d sao", stars) % {"stars": stars}
    return format_html(
        '<span class="ocop-badge ocop-badge--{}" title="{}"><span class="ocop-badge__mark">OCOP</span> '
        '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></span>',
        size,
        label,
        "★" * stars,
        label,
    )


@register.simple_tag
def kind_badges(product, size="small") -> str:
    """{% kind_badges product %}: the badges of the programme's three kinds, from a listing's or product_detail's
    annotations (catalogue.selectors.product_kind_expressions): OCOP stars, "Khởi nghiệp", "CNNT tiêu biểu" with
    its level. Only recognitions valid today give a badge."""
    stars, level = product.ocop_stars, product.cnnt_level
    if not (stars or product.is_startup or level):
        return ""
    startup = ""
    if product.is_startup:
        startup = format_html('<span class="kind-badge kind-badge--startup">{}</span>', gettext("Khởi nghiệp"))
    rural = ""
    if level:
        label = RuralIndustryRecognition.Level(level).label
        rural = format_html(
            '<span class="kind-badge kind-badge--cnnt" title="{}">{}<span class="visually-hidden"> {}</span></span>',
            gettext("Sản phẩm công nghiệp nông thôn tiêu biểu %(level)s") % {"level": label},
            gettext("CNNT tiêu biểu"),
            label,
        )
    return format_html(
        '<span class="kind-badges kind-badges--{}">{}{}{}</span>', size, ocop_badge(stars, size), startup, rural
    )


# The card's photo size (px), and what a product without a photo shows.
CARD_PHOTO_SIZE = 256
PLACEHOLDER_PHOTO = "storefront/img/placeholder.svg"


@functools.cache
def _card_url_stems(script_prefix: str, urlconf) -> tuple[str, str]:
    """The product page's URL and the card photo's thumbnail URL without their variable part, for the script prefix
    and URLconf that reverse() reads: two reverse() per new card were 40 µs of its 120 (a slug and an id need no
    quoting). tests/storefront/test_pages.py checks them against reverse()."""
    return reverse("storefront:product", args=["-"])[: -len("-/")], reverse("thumbnail", args=[0, 0])[: -len("0/0/")]


# How many cards of a page's first grid load at once (the first row at the widest grid).
EAGER_CARDS = 6


def _card_body(product, high: bool) -> str:
    """A card's catalogue facts, with caching.CARD_STOCK_MARK where the stock mark goes: nothing that
    caching.card_facts does not hold, and no stock. `high`: one of the first row of a page's first grid, loaded at
    once (lazy loading it showed empty boxes on a first visit)."""
    media = product.first_media[0] if product.first_media else None
    producer = gettext("Hộp quà từ nhiều chủ thể OCOP") if product.is_gift_set else product.producer.name
    where = place(product)
    product_stem, photo_stem = _card_url_stems(get_script_prefix(), get_urlconf())
    return format_html(
        '\n  <a class="card__link" href="{}">\n    <div class="card__image">\n      <img src="{}" alt="{}" width="256"'
        ' height="256" {} decoding="async">\n      <span class="card__badge">{}</span>\n    </div>\n'
        '    <h3 class="card__name">{}</h3>\n  </a>\n  <p class="card__price">{}</p>\n{}\n'
        '  <p class="card__meta"><span class="card__producer">{}</span>{}</p>\n',
        f"{product_stem}{product.slug}/",
        f"{photo_stem}{media.pk}/{snap_size(CARD_PHOTO_SIZE)}/" if media else static(PLACEHOLDER_PHOTO),
        (media.alt if media else "") or product.name,
        mark_safe('fetchpriority="high"' if high else 'loading="lazy"'),
        kind_badges(product),
        product.name,
        money.vnd(product.price_from),
        mark_safe(caching.CARD_STOCK_MARK),
        producer,
        format_html('<span class="card__place" title="{}">{}</span>', where, where) if where else "",
    )


@register.simple_tag
def product_card(product, eager=False, position=1):
    """{% product_card product eager forloop.counter %}: a listing's card. Its catalogue facts come kept under
    those facts and the language (caching.card); its stock marks ("card--out", "Hết hàng") are added here from
    the row's `available`, read with the page, so they are never older than the page's stock check."""
    high = bool(eager) and position <= EAGER_CARDS
    head, meta = caching.card(product, high, lambda: _card_body(product, high))
    out = product.available <= 0
    stock = format_html('\n  <p class="card__stock-out">{}</p>', gettext("Hết hàng")) if out else ""
    return format_html(
        '<article class="card{}">{}{}{}</article>', " card--out" if out else "", mark_safe(head), stock, mark_safe(meta)
    )


@register.simple_tag
def dotted(*parts) -> str:
    """{% dotted name phone email %}: the parts that are not empty, joined by " · " (no "An ·  · email" gaps)."""
    return " · ".join(str(part) for part in parts if part not in (None, ""))


@register.filter
def item(mapping, key):
    """{{ photos|item:product.pk }}: a dictionary's value for a key, None when it has none."""
    return mapping.get(key) if mapping else None


@register.filter
def first_or_none(items):
    return items[0] if items else None


@register.filter
def place(product):
    """Where a product comes from: its own origin text, else its producer's ward and province."""
    if product.origin_place:
        return product.origin_place
    producer = product.producer
    return ", ".join(part for part in (producer.ward, producer.province) if part)


@register.simple_tag(takes_context=True)
def cart_quantity(context) -> int:
    """{% cart_quantity as count %}: the item count for the header's cart icon, from the session (no query)."""
    request = context.get("request")
    return session_cart_quantity(request) if request is not None else 0


@register.simple_tag
def operator() -> dict:
    """{% operator as shop %}: who runs the shop (settings.XQ_OPERATOR): name, address, tax code, hotline…"""
    return settings.XQ_OPERATOR
