"""No N+1: every storefront page costs a fixed number of SQL queries, however many products it shows."""

import pytest
from django.urls import reverse

# Category page: the group, its subgroups, producers for the filter, count, page of products, their first photos.
LISTING_QUERIES = 6
# Search page: producers and groups for the filters, count, page of products, their first photos.
SEARCH_QUERIES = 5
# Home: best-sellers (none sold here: no photos to fetch), 5★ products and photos, 4★ products and photos, group
# counts, groups. With sales, the best-sellers' photos are one query more (tests/storefront/test_home.py).
HOME_QUERIES = 7
# Product page: the product, its variants, photos and certificates.
PRODUCT_QUERIES = 4


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
    with django_assert_num_queries(PRODUCT_QUERIES):
        response = client.get(reverse("storefront:product", args=[many_products[index].slug]))
    assert response.status_code == 200
