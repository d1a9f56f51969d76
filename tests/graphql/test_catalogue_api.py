"""The public catalogue API answers Saleor-shaped queries with our products, prices and OCOP ratings."""

import pytest
from graphene import relay

from tests.storefront import catalogue_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PRODUCTS = """
query Products($first: Int, $after: String, $search: String, $channel: String, $filter: ProductFilterInput,
               $sortBy: ProductOrder) {
  products(first: $first, after: $after, search: $search, channel: $channel, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name slug
      category { name slug level }
      thumbnail(size: 200) { url alt }
      pricing { priceRange { start { gross { amount currency fractionDigits } net { amount } tax { amount } }
                              stop { gross { amount } } } }
      variants { sku quantityAvailable pricing { price { gross { amount } } } }
      isAvailable isAvailableForPurchase
      producer { name }
      ocopRating { stars decisionNumber expiresOn }
    } }
  }
}
"""


def run(client, query, **variables):
    response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    assert response.status_code in (200, 400)
    return response.json()


def names(result):
    return [edge["node"]["name"] for edge in result["data"]["products"]["edges"]]


def test_search_without_diacritics_ranks_and_prices_like_saleor(client, catalogue):
    result = run(client, PRODUCTS, first=10, search="nuoc mam")
    assert "errors" not in result
    assert set(names(result)) == {"Nước mắm Cửa Khe Hai Hiền", "Nước mắm làng Bích Họa"}
    node = next(
        e["node"] for e in result["data"]["products"]["edges"] if e["node"]["slug"] == catalogue["cua_khe"].slug
    )
    start = node["pricing"]["priceRange"]["start"]
    # 95.000 ₫ includes 8 % VAT: 7.037 ₫ of tax (95000 × 8 / 108, rounded half up), 87.963 ₫ net.
    assert start["gross"] == {"amount": 95000.0, "currency": "VND", "fractionDigits": 0}
    assert start["tax"]["amount"] == 7037.0
    assert start["net"]["amount"] == 87963.0
    assert node["pricing"]["priceRange"]["stop"]["gross"]["amount"] == 150000.0
    assert [v["pricing"]["price"]["gross"]["amount"] for v in node["variants"]] == [150000.0, 95000.0]
    assert node["variants"][0]["quantityAvailable"] == 10
    assert node["ocopRating"]["stars"] == 4
    assert node["thumbnail"]["url"].startswith("http://testserver/thumbnail/")
    assert node["thumbnail"]["url"].endswith("/256/")


def test_expired_certificate_gives_no_rating_and_drafts_never_show(client, catalogue):
    result = run(client, PRODUCTS, first=50)
    shown = {e["node"]["slug"]: e["node"] for e in result["data"]["products"]["edges"]}
    assert catalogue["draft"].slug not in shown
    assert catalogue["kiosk_only"].slug not in shown
    assert shown[catalogue["banh_trang_hai_an"].slug]["ocopRating"] is None
    # Saleor's meanings: isAvailable is "purchasable and in stock", isAvailableForPurchase "the channel sells it".
    assert shown[catalogue["tra_sam"].slug]["isAvailable"] is False
    assert shown[catalogue["tra_sam"].slug]["isAvailableForPurchase"] is True
    assert result["data"]["products"]["totalCount"] == len(shown) == 10


def test_kiosk_channel_shows_its_own_listing(client, catalogue):
    result = run(client, PRODUCTS, first=10, channel="kiosk-hoi-an")
    assert names(result) == ["Nước mắm chỉ bán ở ki-ốt"]


def test_pages_follow_cursors_without_overlap(client, catalogue):
    first = run(client, PRODUCTS, first=4, sortBy={"field": "NAME", "direction": "ASC"})
    page = first["data"]["products"]
    assert page["pageInfo"]["hasNextPage"] is True
    second = run(
        client, PRODUCTS, first=4, after=page["pageInfo"]["endCursor"], sortBy={"field": "NAME", "direction": "ASC"}
    )
    together = names(first) + names(second)
    assert len(set(together)) == 8
    assert together == sorted(together)


def test_filters_by_stars_and_price(client, catalogue):
    result = run(client, PRODUCTS, first=20, filter={"ocopStars": 4, "minimalPrice": {"lte": 140000}})
    assert set(names(result)) == {
        "Nước mắm Cửa Khe Hai Hiền",
        "Nước mắm làng Bích Họa",
        "Bánh tráng lề Địch Yên",
        "Nước cốt chanh Thu Vân",
    }


@pytest.mark.parametrize("size", [4, 32, 100])
def test_a_page_costs_the_same_queries_whatever_its_size(client, size, django_assert_num_queries):
    group = catalogue_data.category("Thực phẩm", "thuc-pham")
    maker = catalogue_data.producer("HTX Mẫu")
    for n in range(size):
        catalogue_data.product(name=f"Nước mắm mẫu {n:02d}", group=group, maker=maker, stars=4)
    # catalogue version (answer cache), channel with the VAT rate, count, page, variants, media, certificates
    with django_assert_num_queries(7):
        result = run(client, PRODUCTS, first=size)
    assert len(result["data"]["products"]["edges"]) == size


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "You must provide a `first` or `last` value"),
        ({"first": 5, "channel": "khong-co"}, "does not exist"),
        ({"first": 5, "filter": {"categories": ["not-an-id"]}}, "Invalid Category ID"),
    ],
)
def test_bad_arguments_are_errors_not_crashes(client, catalogue, variables, message):
    result = run(client, PRODUCTS, **variables)
    assert result["data"]["products"] is None
    assert message in result["errors"][0]["message"]


def test_a_page_larger_than_100_is_refused_before_it_runs(client, catalogue):
    # tests/graphql/test_api_limits.py checks every way of asking; the limit is marketplace.graphql.limits'.
    result = run(client, PRODUCTS, first=500)
    assert "data" not in result
    assert "from 0 to 100" in result["errors"][0]["message"]


def test_product_by_slug_or_id_and_categories(client, catalogue):
    product = catalogue["saphraton"]
    by_slug = run(client, "query($s: String){ product(slug: $s) { id name media { url alt } } }", s=product.slug)
    node = by_slug["data"]["product"]
    assert node["name"] == "Sâm Ngọc Linh SAPHRATON"
    assert len(node["media"]) == 2
    by_id = run(client, "query($i: ID){ product(id: $i) { slug } }", i=node["id"])
    assert by_id["data"]["product"]["slug"] == product.slug
    draft_id = relay.Node.to_global_id("Product", catalogue["draft"].pk)
    assert run(client, "query($i: ID){ product(id: $i) { slug } }", i=draft_id)["data"]["product"] is None
    garbage = run(client, "query($i: ID){ product(id: $i) { slug } }", i="garbage")
    assert garbage["errors"][0]["message"] == "Invalid Product ID: garbage."
    groups = run(client, "{ categories(first: 10, level: 0) { totalCount edges { node { name level } } } }")
    assert groups["data"]["categories"]["totalCount"] == 4
    assert {e["node"]["level"] for e in groups["data"]["categories"]["edges"]} == {0}


def test_channels_list(client):
    result = run(client, "{ channels { slug currencyCode } }")
    slugs = [channel["slug"] for channel in result["data"]["channels"]]
    assert slugs[0] == "sieu-thi-hcm"
    assert len(slugs) == 5
    assert {channel["currencyCode"] for channel in result["data"]["channels"]} == {"VND"}


@pytest.mark.parametrize("size", [4, 32, 100])
def test_the_benchmarked_listing_costs_six_statements_then_five_with_the_count_cached(
    client, size, django_assert_num_queries
):
    """bench/api_catalogue.py's query (issue 9): category, thumbnail, price range, variants, quantityAvailable."""
    from bench.api_catalogue import LISTING

    group = catalogue_data.category("Thực phẩm", "thuc-pham")
    maker = catalogue_data.producer("HTX Mẫu")
    for n in range(size + 1):
        catalogue_data.product(name=f"Nước mắm mẫu {n:03d}", group=group, maker=maker, extra_prices=(50_000,))
    variables = {"first": size, "channel": "sieu-thi-hcm"}
    # catalogue version (answer cache), channel with the VAT rate, count, page, variants, media
    with django_assert_num_queries(6):
        first = run(client, LISTING, **variables)
    # the same catalogue version: the count comes from the cache
    with django_assert_num_queries(5):
        again = run(client, LISTING, **variables, after=first["data"]["products"]["pageInfo"]["endCursor"])
    assert first["data"]["products"]["totalCount"] == again["data"]["products"]["totalCount"] == size + 1
    assert len(first["data"]["products"]["edges"]) == size
    assert len(first["data"]["products"]["edges"][0]["node"]["variants"]) == 2
    assert len(again["data"]["products"]["edges"]) == 1


def _page_statement(queries, first: int = 20) -> str:
    """The statement of a page of `first` products: the one that reads one row more than the page (its LIMIT)."""
    return next(query["sql"] for query in queries if query["sql"].endswith(f"LIMIT {first + 1}"))


def test_the_page_statement_computes_only_the_sale_facts_the_operation_shows(
    client, catalogue, django_assert_num_queries
):
    """issue 9's listing shows no stock per product, no stars, no kind and no producer: its page statement reads
    none of them (the variants' own prices and stock come with the variants); asking for them brings them back,
    right, for the same number of statements."""
    from bench.api_catalogue import LISTING

    with django_assert_num_queries(6) as captured:
        plain = run(client, LISTING, first=20, channel="sieu-thi-hcm")
    page = _page_statement(captured.captured_queries)
    for table in ("inventory_stock", "producers_ocopcertificate", "producers_startupprofile", "producers_producer"):
        assert table not in page
    assert "errors" not in plain

    shown = """
    query($first: Int) { products(first: $first, sortBy: {field: RATING, direction: DESC}) { edges { node {
      slug isAvailable producer { name }
      attributes { attribute { slug } values { slug } }
      variants { sku quantityAvailable }
    } } } }
    """
    # version, channel, page, variants, photos: the listing's statements less its count
    with django_assert_num_queries(5) as captured:
        result = run(client, shown, first=20)
    page = _page_statement(captured.captured_queries)
    for table in ("inventory_stock", "producers_ocopcertificate", "producers_startupprofile", "producers_producer"):
        assert table in page
    assert "errors" not in result
    nodes = {edge["node"]["slug"]: edge["node"] for edge in result["data"]["products"]["edges"]}
    cua_khe = nodes[catalogue["cua_khe"].slug]
    stars = next(pair["values"] for pair in cua_khe["attributes"] if pair["attribute"]["slug"] == "ocop-stars")
    assert stars == [{"slug": "4-sao"}]
    assert cua_khe["producer"]["name"] == catalogue["cua_khe"].producer.name
    for node in nodes.values():
        assert node["isAvailable"] == any(variant["quantityAvailable"] > 0 for variant in node["variants"])
    # RATING sorts by the stars, which the page statement computes for it.
    first_stars = [
        next(pair["values"] for pair in node["attributes"] if pair["attribute"]["slug"] == "ocop-stars")
        for node in nodes.values()
    ]
    ranked = [int(values[0]["slug"][0]) if values else 0 for values in first_stars]
    assert ranked == sorted(ranked, reverse=True)


def test_a_filter_on_stars_computes_them_even_when_no_field_shows_them(client, catalogue):
    query = """
    query($filter: ProductFilterInput) { products(first: 20, filter: $filter) { edges { node { name } } } }
    """
    four = run(client, query, filter={"attributes": [{"slug": "ocop-stars", "values": ["4-sao"]}]})
    assert "errors" not in four
    assert "Nước mắm Cửa Khe Hai Hiền" in names(four)
    cheapest_first = run(
        client,
        "{ products(first: 20, sortBy: {field: PRICE, direction: ASC}) { edges { node { name "
        "pricing { priceRange { start { gross { amount } } } } } } } }",
    )
    lowest = [
        e["node"]["pricing"]["priceRange"]["start"]["gross"]["amount"]
        for e in cheapest_first["data"]["products"]["edges"]
    ]
    assert lowest == sorted(lowest) and len(lowest) > 3


def test_the_variants_queryset_is_built_once_per_channel_and_each_caller_gets_its_own(catalogue):
    from marketplace.catalogue import selectors

    first = selectors.sellable_variants_prefetch("sieu-thi-hcm").queryset
    second = selectors.sellable_variants_prefetch("sieu-thi-hcm").queryset
    assert first is not second and first.query is not second.query
    narrowed = first.filter(product=catalogue["cua_khe"])
    assert {variant.product_id for variant in narrowed} == {catalogue["cua_khe"].pk}
    # Narrowing and running one left the shared shape untouched: the next caller sees every channel variant.
    assert len(list(second)) > len(list(narrowed))
    assert all(variant.price is not None for variant in selectors.sellable_variants_prefetch("sieu-thi-hcm").queryset)
