"""No N+1: every storefront page costs a fixed number of SQL queries, however many products it shows."""

import pytest
from django.urls import reverse

# A first view (the part not kept yet, storefront_theme/caching.py) costs the catalogue version and the page's own
# queries. Category page: the group, its subgroups, producers for the filter, count (with the kind counts), page of
# products, their first photos.
LISTING_QUERIES = 1 + 6
# Search page: producers and groups for the filters, count (with the kind counts), page of products, their photos.
SEARCH_QUERIES = 1 + 5
# Home: best-sellers (none sold here: no photos to fetch), startup products and photos, 5★ products and photos,
# 4★ products and photos, group counts, groups. With sales, the best-sellers' photos are one query more
# (tests/storefront/test_home.py).
HOME_QUERIES = 1 + 9
# Product page: the product (with its startup profile), its photos, certificates, CNNT recognitions, and its
# variants with their prices and stock (read live on every view).
PRODUCT_QUERIES = 1 + 4 + 1
# Every later view, whatever the page: the catalogue version, and the stock of the products on the cards (a listing)
# or the variants with their prices and stock (a product page).
CACHED_PAGE_QUERIES = 2
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
    path = reverse("storefront:product", args=[many_products[index].slug])
    with django_assert_num_queries(PRODUCT_QUERIES):
        response = client.get(path)
    assert response.status_code == 200
    with django_assert_num_queries(CACHED_PRODUCT_QUERIES):
        assert client.get(path).content.count(b'name="variant_id"') == 1


@pytest.mark.parametrize("path", ["/", "/nhom/thuc-pham/?per_page=48", "/tim-kiem/?q=nuoc+mam&per_page=48&page=1"])
def test_a_kept_listing_costs_the_same_for_any_number_of_cards(client, many_products, django_assert_num_queries, path):
    client.get(path)
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        assert client.get(path).status_code == 200
