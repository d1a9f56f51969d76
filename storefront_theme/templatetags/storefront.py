"""Template helpers for the shoppers' pages: money, OCOP badge, places. Photos: catalogue_images."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from marketplace.checkout.session import cart_quantity as session_cart_quantity
from marketplace.core.templatetags import money
from marketplace.producers.models import RuralIndustryRecognition
from storefront_theme import caching

register = template.Library()


register.filter("vnd", money.vnd)


@register.inclusion_tag("storefront/includes/ocop_badge.html")
def ocop_badge(stars, size="small"):
    """The OCOP star badge; pass the stars of a certificate valid today (None shows nothing)."""
    label = ngettext("OCOP %(stars)d sao", "OCOP %(stars)d sao", stars or 0) % {"stars": stars or 0}
    return {"stars": stars, "label": label, "size": size, "star_range": range(stars or 0)}


@register.inclusion_tag("storefront/includes/kind_badges.html")
def kind_badges(product, size="small"):
    """The badges of the programme's three kinds, from a listing's or product_detail's annotations
    (catalogue.selectors.product_kind_expressions): OCOP stars, "Khởi nghiệp", "CNNT tiêu biểu" with its level.
    Only recognitions valid today give a badge."""
    level = product.cnnt_level
    return {
        "stars": product.ocop_stars,
        "is_startup": product.is_startup,
        "cnnt_level": RuralIndustryRecognition.Level(level).label if level else None,
        "size": size,
    }


# How many cards of a page's first grid load at once (the first row at the widest grid).
EAGER_CARDS = 6


@register.simple_tag
def product_card(product, eager=False, position=1):
    """{% product_card product eager forloop.counter %}: a listing's card. Its catalogue facts come kept under
    those facts and the language (caching.card); its stock marks ("card--out", "Hết hàng") are added here from
    the row's `available`, read with the page, so they are never older than the page's stock check."""
    high = bool(eager) and position <= EAGER_CARDS
    head, meta = caching.card(
        product,
        high,
        lambda: render_to_string("storefront/includes/product_card_body.html", {"product": product, "high": high}),
    )
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
