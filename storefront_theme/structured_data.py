"""schema.org Product data for search engines, as JSON-LD."""

import json

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from marketplace.catalogue import selectors
from marketplace.catalogue.templatetags.catalogue_images import thumbnail_url
from marketplace.producers.models import RuralIndustryRecognition

# The same escapes as Django's json_script: the JSON can never close the <script> element it sits in.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def product_json_ld(request, product) -> str:
    """A schema.org Product with its offers in VND, ready to place inside <script type="application/ld+json">."""
    prices = [variant.price for variant in product.sellable_variants]
    in_stock = any(variant.available > 0 for variant in product.sellable_variants)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description,
        "sku": product.sellable_variants[0].sku if product.sellable_variants else None,
        "url": request.build_absolute_uri(reverse("storefront:product", args=[product.slug])),
        "image": [request.build_absolute_uri(thumbnail_url(media, 1024)) for media in product.gallery],
        "brand": {"@type": "Brand", "name": product.producer.name},
        "category": product.category.name,
        "offers": {
            "@type": "AggregateOffer",
            "priceCurrency": "VND",
            "lowPrice": min(prices) if prices else None,
            "highPrice": max(prices) if prices else None,
            "offerCount": len(prices),
            "availability": "https://schema.org/InStock" if in_stock else "https://schema.org/OutOfStock",
        },
    }
    properties, awards = _kinds(product)
    if properties:
        data["additionalProperty"] = properties
    if awards:
        data["award"] = awards
    cleaned = {key: value for key, value in data.items() if value not in (None, "", [])}
    return mark_safe(json.dumps(cleaned, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def _kinds(product) -> tuple[list[dict], list[str]]:
    """The product's kinds as schema.org properties, and its recognitions valid today as `award` texts.

    Expects product_detail's product: `ocop_stars`, `certificates`, `rural_industry` and the producer's startup
    profile. Expired recognitions are not awards any more and are left out.
    """
    properties, awards = [], []
    if product.ocop_stars:
        properties.append({"@type": "PropertyValue", "name": "OCOP", "value": product.ocop_stars})
        certificate, _valid = selectors.certificate_to_show(product)
        awards.append(
            _("Sản phẩm OCOP %(stars)d sao (Quyết định %(number)s, %(authority)s)")
            % {"stars": certificate.stars, "number": certificate.decision_number, "authority": certificate.authority}
        )
    startup = selectors.startup_profile_of(product)
    if startup is not None:
        properties.append({"@type": "PropertyValue", "name": _("Khởi nghiệp"), "value": startup.project_name})
    for recognition, valid in selectors.rural_industry_to_show(product):
        if valid:
            awards.append(
                _("Sản phẩm công nghiệp nông thôn tiêu biểu %(level)s năm %(year)s (Quyết định %(number)s)")
                % {
                    "level": recognition.get_level_display(),
                    "year": recognition.year,
                    "number": recognition.decision_number,
                }
            )
    if product.cnnt_level:
        level = RuralIndustryRecognition.Level(product.cnnt_level).label
        properties.append({"@type": "PropertyValue", "name": _("CNNT tiêu biểu"), "value": str(level)})
    return properties, awards
