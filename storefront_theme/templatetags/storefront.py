"""Template helpers for the shoppers' pages: money, OCOP badge, places. Photos: catalogue_images."""

from django import template
from django.utils.translation import ngettext

from marketplace.core.templatetags import money
from marketplace.producers.models import RuralIndustryRecognition

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
