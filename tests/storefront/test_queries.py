"""No N+1: every storefront page costs a fixed number of SQL queries, however many products it shows."""

import pytest
from django.urls import reverse

# A first view (the part not kept yet, storefront_theme/caching.py) costs the catalogue version and the page's own
# queries. Category page: the group, its subgroups, the count with the kind counts and the producer ids (one
# statement, selectors.listing_base_facts), the producers by id, the page's ids (the sorted listing cut to the page:
# planned far faster alone than wrapped in the rows' annotations), those products by id, their first photos.
LISTING_QUERIES = 1 + 7
# A filtered listing landed on first: the same number, the producers read alone (the counts are its own).
FILTERED_LISTING_QUERIES = LISTING_QUERIES
# Search page: the count with the kind counts and the producer ids, the producers by id, groups for the filter, the
# page's ids, those products, their photos.
SEARCH_QUERIES = 1 + 6
# Home: best-sellers' ids (with their units sold), startup products' ids, the 5★ and 4★ products' ids (one
# statement), every card's row by id (one statement for the four lists), their photos, the groups with their counts
# (one statement). Sales or none, the same number (tests/storefront/test_home.py): 12 before the lists shared their
# rows' statements and the groups came with their counts.
HOME_QUERIES = 1 + 6
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
    with django_assert_num_queries(FILTERED_LISTING_QUERIES):
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


# Paging through a listing already seen: the producer list and the counts are kept per catalogue version after
# page 1 (storefront_theme/views.py, caching.kept); the first deep page reads the listing's ordered ids once (instead
# of the sorted OFFSET) and keeps them, so every later page is its rows by id and their photos. The group with its
# subgroups (a search: the groups for its filter) is kept the same way (two statements fewer, one for a search).
# Catalogue version, ordered ids, page of products, their photos:
FIRST_DEEP_PAGE_QUERIES = 1 + 3
# Version, page of products, photos:
LATER_PAGE_QUERIES = 1 + 2
# Search: version, ordered ids, page, photos; later pages without the ids.
FIRST_DEEP_SEARCH_PAGE_QUERIES = 1 + 3
LATER_SEARCH_PAGE_QUERIES = 1 + 2


def test_paging_through_a_group_reads_its_producers_counts_and_order_once(
    client, many_products, django_assert_num_queries
):
    url = reverse("storefront:category", args=["thuc-pham"])
    with django_assert_num_queries(LISTING_QUERIES):
        client.get(url, {"per_page": 12})
    with django_assert_num_queries(FIRST_DEEP_PAGE_QUERIES):
        assert len(client.get(url, {"per_page": 12, "page": 2}).context["page"].object_list) == 12
    for page in (3, 4):
        with django_assert_num_queries(LATER_PAGE_QUERIES):
            assert len(client.get(url, {"per_page": 12, "page": page}).context["page"].object_list) == 12
    # Another page size of the same listing shares its kept order and counts.
    with django_assert_num_queries(LATER_PAGE_QUERIES):
        assert len(client.get(url, {"per_page": 24, "page": 2}).context["page"].object_list) == 24


def test_paging_through_a_search_reads_its_producers_counts_and_order_once(
    client, many_products, django_assert_num_queries
):
    url = reverse("storefront:search")
    with django_assert_num_queries(SEARCH_QUERIES):
        client.get(url, {"q": "nuoc mam", "per_page": 12})
    with django_assert_num_queries(FIRST_DEEP_SEARCH_PAGE_QUERIES):
        assert len(client.get(url, {"q": "nuoc mam", "per_page": 12, "page": 2}).context["page"].object_list) == 12
    with django_assert_num_queries(LATER_SEARCH_PAGE_QUERIES):
        assert len(client.get(url, {"q": "nuoc mam", "per_page": 12, "page": 3}).context["page"].object_list) == 12


def test_in_stock_listings_keep_nothing_that_follows_stock(client, many_products, django_assert_num_queries):
    """ "Còn hàng" counts and order follow stock, which the catalogue version does not cover: always read."""
    url = reverse("storefront:category", args=["thuc-pham"])
    client.get(url, {"per_page": 12, "in_stock": "1"})
    # Version, count, the page's ids (sorted with OFFSET), its rows, photos; the group, the base's counts and
    # producers are kept.
    with django_assert_num_queries(1 + 4):
        client.get(url, {"per_page": 12, "in_stock": "1", "page": 2})


def test_a_filtered_listing_after_its_group_reads_only_its_count_and_page(
    client, many_products, django_assert_num_queries
):
    url = reverse("storefront:category", args=["thuc-pham"])
    client.get(url)
    # Version, its count, the page's ids, its rows, photos: the group and the producers are kept with the base.
    with django_assert_num_queries(1 + 4):
        response = client.get(url, {"stars": "4", "price_min": "1000"})
    assert response.status_code == 200
    assert len(list(response.context["form"].fields["producer"].choices)) > 1
