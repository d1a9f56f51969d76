"""No N+1: every storefront page costs a fixed number of SQL queries, however many products it shows.

Listing pages (home, groups, search) read the catalogue version first (storefront_theme/caching.py); the counts
below are those of a first view, the listing part then comes from the cache (see the tests at the end).
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse, reverse_lazy

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.catalogue.services import set_variant_price
from marketplace.channels.models import Channel

# Category page: the catalogue version, the group, its subgroups, producers for the filter, count, page of
# products, their first photos.
LISTING_QUERIES = 7
# Search page: the catalogue version, producers and groups for the filters, count, page of products, photos.
SEARCH_QUERIES = 6
# Home: the catalogue version, 5★ products and photos, 4★ products and photos, group counts, groups.
HOME_QUERIES = 7
# Product page, first view: the catalogue version, the product, its variants, photos and certificates, then the
# variants' live prices and stock.
PRODUCT_QUERIES = 6
# Product page from the cache: the catalogue version and the live prices and stock.
CACHED_PRODUCT_QUERIES = 2


@pytest.mark.parametrize("per_page", [12, 48])
def test_listing_costs_the_same_for_12_and_48_products(client, many_products, django_assert_num_queries, per_page):
    with django_assert_num_queries(LISTING_QUERIES):
        response = client.get(reverse("storefront:category", args=["thuc-pham"]), {"per_page": per_page})
    assert len(response.context["page"].object_list) == per_page


@pytest.mark.parametrize("per_page", [12, 48])
def test_filtered_listing_costs_the_same(client, many_products, django_assert_num_queries, per_page):
    params = {"per_page": per_page, "stars": "3", "in_stock": "1", "price_min": "1000", "sort": "price_desc"}
    with django_assert_num_queries(LISTING_QUERIES):
        response = client.get(reverse("storefront:category", args=["thuc-pham"]), params)
    assert response.status_code == 200


@pytest.mark.parametrize("per_page", [12, 48])
def test_search_costs_the_same_for_12_and_48_products(client, many_products, django_assert_num_queries, per_page):
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(reverse("storefront:search"), {"q": "nuoc mam", "per_page": per_page})
    assert len(response.context["page"].object_list) == per_page


def test_home_query_count(client, many_products, django_assert_num_queries):
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("storefront:home"))
    assert len(response.context["five_star"]) == 8


@pytest.mark.parametrize("index", [0, 1, 47])
def test_product_page_query_count(client, many_products, django_assert_num_queries, index):
    url = reverse("storefront:product", args=[many_products[index].slug])
    with django_assert_num_queries(PRODUCT_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(CACHED_PRODUCT_QUERIES):
        again = client.get(url)
    assert again.status_code == 200


def test_product_page_reads_stock_live(client, many_products):
    """The product's facts are cached, its stock is not: goods received show at once."""
    product = next(
        p
        for p in many_products
        if "is-out" in client.get(reverse("storefront:product", args=[p.slug])).content.decode()
    )
    url = reverse("storefront:product", args=[product.slug])
    assert "Hết hàng" in client.get(url).content.decode()
    receive_goods(
        warehouse=Warehouse.objects.get(slug=locations.FULFILMENT_HCM),
        producer=product.producer,
        lines=[(product.variants.first(), 5)],
    )
    page = client.get(url).content.decode()
    assert "Còn hàng – giao tại TP. Hồ Chí Minh" in page


def _card_names(response) -> list[str]:
    return re.findall(r'class="card__name">([^<]*)<', response.content.decode())


def _price_texts(response) -> list[str]:
    return re.findall(r'class="card__price">([^<]*)<', response.content.decode())


LISTINGS = [
    # From the cache, each listing page costs one query: the catalogue version.
    (reverse_lazy("storefront:home"), {}, 1),
    (reverse_lazy("storefront:category", args=["thuc-pham"]), {"per_page": 48}, 1),
    (reverse_lazy("storefront:search"), {"q": "nuoc mam", "per_page": 48}, 1),
]


@pytest.mark.parametrize(("url", "params", "cached_queries"), LISTINGS)
def test_listing_parts_come_from_the_cache(
    client, many_products, django_assert_num_queries, url, params, cached_queries
):
    first = client.get(url, params)
    with django_assert_num_queries(cached_queries):
        again = client.get(url, params)
    assert _card_names(again) == _card_names(first) != []


@pytest.mark.parametrize(("url", "params", "cached_queries"), LISTINGS)
def test_a_price_change_shows_at_once(client, many_products, url, params, cached_queries):
    first = client.get(url, params)
    shown = next(p for p in many_products if p.name in _card_names(first))
    variant = shown.variants.first()
    channel = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    set_variant_price(variant=variant, channel=channel, price_amount=123_000)
    again = client.get(url, params)
    assert _price_texts(again)[_card_names(again).index(shown.name)] == "123.000 ₫"


def test_each_language_has_its_own_cached_part(client, many_products):
    url = reverse("storefront:home")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = client.get(url).content.decode()
    assert "OCOP 5 sao – tầm quốc gia" in vietnamese
    assert "OCOP 5 sao – tầm quốc gia" not in english
