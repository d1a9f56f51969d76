"""Pagination: 24 per page by default, up to 48 on request, filters kept in the page links."""

import pytest
from django.urls import reverse

from marketplace.catalogue import search, selectors
from marketplace.catalogue.models import Product
from marketplace.catalogue.selectors import SORTS, ListingFilters


def names(response):
    return [p.name for p in response.context["page"].object_list]


def test_pagination_defaults_to_24_and_allows_up_to_48(client, many_products):
    url = reverse("storefront:category", args=["thuc-pham"])
    first = client.get(url)
    assert len(names(first)) == 24
    assert first.context["page"].paginator.num_pages == 2
    assert 'rel="next"' in first.content.decode()
    second = client.get(url, {"page": "2"})
    assert len(names(second)) == 24
    assert not set(names(first)) & set(names(second))
    assert len(names(client.get(url, {"per_page": "48"}))) == 48
    assert len(names(client.get(url, {"per_page": "49"}))) == 24


def test_pagination_links_keep_filters(client, many_products):
    response = client.get(reverse("storefront:category", args=["thuc-pham"]), {"sort": "price_asc", "per_page": "12"})
    assert "sort=price_asc&amp;per_page=12&amp;page=2" in response.content.decode()


def _walk(client, url, params, pages):
    return [name for page in range(1, pages + 1) for name in names(client.get(url, {**params, "page": page}))]


def test_kept_pages_show_the_listing_in_the_same_order_as_computed_ones(client, many_products):
    """Pages read through the kept order (storefront_theme/views.py, `_paged`) are the pages the sorted OFFSET
    gives: every product once, in the listing's order, for every sort."""
    from storefront_theme import caching

    url = reverse("storefront:category", args=["thuc-pham"])
    for sort in ("relevance", "price_asc", "price_desc", "newest", "name"):
        params = {"sort": sort, "per_page": "12"}
        kept = _walk(client, url, params, 4)
        caching.ENABLED = False
        try:
            computed = _walk(client, url, params, 4)
        finally:
            caching.ENABLED = True
        assert kept == computed, sort
        assert len(set(kept)) == 48


def test_a_price_change_reorders_kept_pages_at_once(client, many_products):
    from marketplace.catalogue.services import set_variant_price
    from tests.storefront import catalogue_data

    url = reverse("storefront:category", args=["thuc-pham"])
    params = {"sort": "price_asc", "per_page": "12"}
    before = _walk(client, url, params, 4)
    dearest = Product.objects.get(name=before[-1])
    for variant in dearest.variants.all():
        set_variant_price(variant=variant, channel=catalogue_data.online_channel(), price_amount=1_000)
    after = _walk(client, url, params, 4)
    assert after[0] == dearest.name
    assert sorted(after) == sorted(before)


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("query", [None, "nuoc mam"])
def test_a_page_in_the_second_half_is_read_as_the_top_of_the_reversed_order(many_products, sort, query):
    """Listing reads a page nearer the end than the start through the reversed order, turned back: the same
    products in the same order as the listing's ordered ids, for every sort and for a search's rank."""
    group = selectors.category_by_slug("thuc-pham")
    if query:
        base = search.search_products(selectors.listed_products(), search.parse_query(query))
        listing = selectors.listing_products(ListingFilters(), sort, base=base)
    else:
        listing = selectors.listing_products(ListingFilters(category=group), sort)
    ordered = listing.ordered_ids()
    assert len(ordered) == listing.count() == 48
    for start, stop in ((24, 36), (30, 47), (36, 48), (40, 60)):
        assert [row.pk for row in listing[start:stop]] == ordered[start:stop], (start, stop)


def test_the_first_view_of_a_last_page_keeps_no_order(client, many_products, django_assert_num_queries):
    """The last page first (nothing kept): its ids alone, in as many statements as page 1 (tests/storefront/
    test_queries.py), the listing's last products; a page of the first half then reads and keeps the order."""
    from tests.storefront.test_queries import FIRST_DEEP_PAGE_QUERIES, LISTING_QUERIES

    url = reverse("storefront:category", args=["thuc-pham"])
    with django_assert_num_queries(LISTING_QUERIES):
        last = client.get(url, {"per_page": "12", "page": "4"}).context["page"].object_list
    ordered = selectors.listing_products(ListingFilters(category=selectors.category_by_slug("thuc-pham"))).ordered_ids()
    assert [row.pk for row in last] == ordered[36:]
    with django_assert_num_queries(FIRST_DEEP_PAGE_QUERIES):
        assert [row.pk for row in client.get(url, {"per_page": "12", "page": "2"}).context["page"].object_list] == (
            ordered[12:24]
        )


def test_a_kind_s_second_half_is_read_from_its_own_count(many_products):
    """With a kind chosen the listing's count is the kind's (every third product holds a CNNT recognition): the
    reversed read starts from that count."""
    filters = ListingFilters(category=selectors.category_by_slug("thuc-pham"), kind=selectors.KIND_RURAL_INDUSTRY)
    listing = selectors.listing_products(filters, "price_desc")
    ordered = listing.ordered_ids()
    assert len(ordered) == listing.count() == 16
    for start, stop in ((8, 16), (10, 15), (12, 24)):
        assert [row.pk for row in listing[start:stop]] == ordered[start:stop], (start, stop)
