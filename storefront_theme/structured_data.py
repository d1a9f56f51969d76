"""schema.org Product data for search engines, as JSON-LD."""

import json

from django.urls import reverse
from django.utils.safestring import mark_safe

from marketplace.catalogue.templatetags.catalogue_images import thumbnail_url

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
    if product.ocop_stars:
        data["additionalProperty"] = [{"@type": "PropertyValue", "name": "OCOP", "value": product.ocop_stars}]
    cleaned = {key: value for key, value in data.items() if value not in (None, "", [])}
    return mark_safe(json.dumps(cleaned, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308
