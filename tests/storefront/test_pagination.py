"""Pagination: 24 per page by default, up to 48 on request, filters kept in the page links."""

from django.urls import reverse


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
