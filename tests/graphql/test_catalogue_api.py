"""The public catalogue API answers Saleor-shaped queries with our products, prices and OCOP ratings."""

import pytest
from graphene import relay

from tests.storefront import catalogue_data

pytestmark = pytest.mark.django_db

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
      isAvailableForPurchase
      producer { name }
      ocopRating { stars decisionNumber expiresOn }
    } }
  }
}
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue(db):
    return catalogue_data.shopper_catalogue()


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
    assert shown[catalogue["tra_sam"].slug]["isAvailableForPurchase"] is False
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
    result = run(client, PRODUCTS, first=20, filter={"ocopStars": 4, "maximalPrice": 140000})
    assert set(names(result)) == {
        "Nước mắm Cửa Khe Hai Hiền",
        "Nước mắm làng Bích Họa",
        "Bánh tráng lề Địch Yên",
        "Nước cốt chanh Thu Vân",
    }


@pytest.mark.parametrize("size", [12, 48])
def test_a_page_costs_the_same_queries_whatever_its_size(client, size, django_assert_num_queries):
    group = catalogue_data.category("Thực phẩm", "thuc-pham")
    maker = catalogue_data.producer("HTX Mẫu")
    for n in range(size):
        catalogue_data.product(name=f"Nước mắm mẫu {n:02d}", group=group, maker=maker, stars=4)
    # channel check, count, page, variants, media, certificates, VAT rate
    with django_assert_num_queries(7):
        result = run(client, PRODUCTS, first=size)
    assert len(result["data"]["products"]["edges"]) == size


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "You must provide a `first` or `last` value"),
        ({"first": 5, "channel": "khong-co"}, "does not exist"),
        ({"first": 5, "filter": {"categories": ["not-an-id"]}}, "Invalid category ID"),
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
    assert garbage["errors"][0]["message"] == "Invalid product ID: garbage."
    groups = run(client, "{ categories(first: 10, level: 0) { totalCount edges { node { name level } } } }")
    assert groups["data"]["categories"]["totalCount"] == 4
    assert {e["node"]["level"] for e in groups["data"]["categories"]["edges"]} == {0}


def test_channels_list(client):
    result = run(client, "{ channels { slug currencyCode } }")
    slugs = [channel["slug"] for channel in result["data"]["channels"]]
    assert slugs[0] == "sieu-thi-hcm"
    assert len(slugs) == 5
    assert {channel["currencyCode"] for channel in result["data"]["channels"]} == {"VND"}
