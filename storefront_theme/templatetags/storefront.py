"""Template helpers for the shoppers' pages: money, OCOP badge, places. Photos: catalogue_images."""

from django import template
from django.conf import settings
from django.utils.translation import ngettext

from marketplace.checkout.session import cart_quantity as session_cart_quantity
from marketplace.core.templatetags import money

register = template.Library()


register.filter("vnd", money.vnd)


@register.inclusion_tag("storefront/includes/ocop_badge.html")
def ocop_badge(stars, size="small"):
    """The OCOP star badge; pass the stars of a certificate valid today (None shows nothing)."""
    label = ngettext("OCOP %(stars)d sao", "OCOP %(stars)d sao", stars or 0) % {"stars": stars or 0}
    return {"stars": stars, "label": label, "size": size, "star_range": range(stars or 0)}


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
