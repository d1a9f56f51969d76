"""Search ignores diacritics, treats "hoà" and "hòa" alike and ranks exact diacritics first."""

import pytest
from django.urls import reverse

from marketplace.catalogue import search, selectors
from marketplace.catalogue.search import MAX_QUERY_LENGTH, parse_query


def results(query):
    matches = search.search_products(selectors.listed_products(), parse_query(query))
    return [p.name for p in selectors.listing_products(base=matches)]


def page_names(client, **params):
    response = client.get(reverse("storefront:search"), params)
    assert response.status_code == 200
    return [p.name for p in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sam ngoc linh", {"Sâm Ngọc Linh SAPHRATON", "Trà túi lọc sâm Ngọc Linh"}),
        ("nuoc mam", {"Nước mắm Cửa Khe Hai Hiền", "Nước mắm làng Bích Họa"}),
        ("cao lau", {"Mì Cao Lầu Tô Văn Bình"}),
        ("banh trang", {"Bánh tráng lề Địch Yên", "Bánh tráng Hải An"}),
        ("NƯỚC MẮM", {"Nước mắm Cửa Khe Hai Hiền", "Nước mắm làng Bích Họa"}),
        ("banh tr", {"Bánh tráng lề Địch Yên", "Bánh tráng Hải An"}),
    ],
)
def test_queries_without_diacritics_find_what_a_shopper_expects(catalogue, query, expected):
    assert set(results(query)) == expected


def test_name_match_ranks_before_a_match_elsewhere(catalogue):
    # Both contain "sâm Ngọc Linh"; the one whose name starts with it comes first.
    assert results("sam ngoc linh")[0] == "Sâm Ngọc Linh SAPHRATON"


def test_hoa_with_either_tone_placement_gives_the_same_ranking(catalogue):
    assert results("hoà") == results("hòa")
    assert results("hòa")[0] == "Gạo hữu cơ Hòa Tiến"


def test_exact_diacritics_rank_first(catalogue):
    plain = results("hoa")
    assert set(plain) == {"Gạo hữu cơ Hòa Tiến", "Trà hoa vàng", "Nước mắm làng Bích Họa"}
    assert plain[0] == "Trà hoa vàng"
    assert results("họa")[0] == "Nước mắm làng Bích Họa"


def test_hidden_products_are_never_found(catalogue):
    names = results("nuoc mam")
    assert "Nước mắm nháp chưa duyệt" not in names
    assert "Nước mắm chỉ bán ở ki-ốt" not in names


def test_search_page_lists_results_in_rank_order(client, catalogue):
    assert page_names(client, q="hoa")[0] == "Trà hoa vàng"
    assert page_names(client, q="nuoc mam", sort="price_asc") == ["Nước mắm Cửa Khe Hai Hiền", "Nước mắm làng Bích Họa"]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "%_'\"&|():*", "---___"])
def test_empty_or_junk_query_shows_a_helpful_empty_state(client, catalogue, query):
    response = client.get(reverse("storefront:search"), {"q": query})
    assert response.status_code == 200
    assert "page" not in response.context
    assert "Gõ tên sản phẩm" in response.content.decode()


def test_query_is_shown_back_escaped(client, catalogue):
    response = client.get(reverse("storefront:search"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert" not in body


def test_no_match_suggests_groups(client, catalogue):
    response = client.get(reverse("storefront:search"), {"q": "zzzxxq"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "Không tìm thấy sản phẩm nào" in response.content.decode()
    assert reverse("storefront:category", args=["thuc-pham"]) in response.content.decode()


def test_very_long_query_is_cut_not_failed(client, catalogue):
    query = "nước mắm " * 200
    assert len(parse_query(query).text) <= MAX_QUERY_LENGTH
    response = client.get(reverse("storefront:search"), {"q": query})
    assert response.status_code == 200


def test_search_applies_listing_filters(client, catalogue):
    assert page_names(client, q="nuoc", group="do-uong") == ["Nước cốt chanh Thu Vân"]
    assert page_names(client, q="nuoc mam", price_max="140000") == [
        "Nước mắm Cửa Khe Hai Hiền",
        "Nước mắm làng Bích Họa",
    ]
    assert page_names(client, q="nuoc mam", price_min="100000") == ["Nước mắm làng Bích Họa"]
