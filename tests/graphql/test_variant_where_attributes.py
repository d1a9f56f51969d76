"""ProductVariantWhereInput.attributes (issue 12): variants filtered by their attributes (pack size, weight) as
Saleor 3.22 documents, sharing products' attribute conditions; bad input is an error or no match, never a 500."""

import pytest
from django.core.cache import cache

from marketplace.catalogue.services import create_variant, set_variant_price
from tests.graphql.test_saleor_operations import CHANNEL
from tests.storefront import catalogue_data

pytestmark = pytest.mark.django_db

QUERY = """query($where: ProductVariantWhereInput, $channel: String) {
  productVariants(first: 50, channel: $channel, where: $where) { edges { node { sku } } } }"""
PRODUCTS = """query($where: ProductWhereInput, $channel: String) {
  products(first: 20, channel: $channel, where: $where) { edges { node { slug } } } }"""


@pytest.fixture
def variants(db):
    """The shopper catalogue (each product a "Quy cách 1" variant, no weight) and two weighed jars of fish sauce."""
    cache.clear()
    products = catalogue_data.shopper_catalogue()
    fish_sauce = products["cua_khe"]
    for sku, name, grams in (("NM-500", "Chai 500 ml", 650), ("NM-HU", "Hũ sành 1 lít", 1300)):
        variant = create_variant(product=fish_sauce, sku=sku, name=name, weight_grams=grams)
        set_variant_price(variant=variant, channel=catalogue_data.online_channel(), price_amount=150_000)
    return products


def answer(client, where, query=QUERY):
    variables = {"where": where, "channel": CHANNEL}
    response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def skus(client, where) -> list[str]:
    result = answer(client, where)
    assert "errors" not in result, result["errors"]
    return sorted(edge["node"]["sku"] for edge in result["data"]["productVariants"]["edges"])


def test_pack_size_matches_by_value_slug_and_by_name(client, variants):
    assert skus(client, {"attributes": [{"slug": "pack-size", "value": {"slug": {"eq": "hu-sanh-1-lit"}}}]}) == [
        "NM-HU"
    ]
    by_names = {"slug": "pack-size", "value": {"name": {"oneOf": ["Chai 500 ml", "Hũ sành 1 lít"]}}}
    assert skus(client, {"attributes": [by_names]}) == ["NM-500", "NM-HU"]


def test_weight_matches_by_number_range_and_slug(client, variants):
    assert skus(client, {"attributes": [{"slug": "weight-grams", "value": {"numeric": {"eq": 650}}}]}) == ["NM-500"]
    heavy = {"slug": "weight-grams", "value": {"numeric": {"range": {"gte": 1000}}}}
    assert skus(client, {"attributes": [heavy]}) == ["NM-HU"]
    assert skus(client, {"attributes": [{"slug": "weight-grams", "value": {"slug": {"oneOf": ["1300"]}}}]}) == ["NM-HU"]
    # Only the two jars are weighed: the attribute's slug alone asks for variants that hold it.
    assert skus(client, {"attributes": [{"slug": "weight-grams"}]}) == ["NM-500", "NM-HU"]


def test_conditions_combine_with_each_other_and_with_or(client, variants):
    both = [
        {"slug": "pack-size", "value": {"name": {"oneOf": ["Chai 500 ml", "Hũ sành 1 lít"]}}},
        {"slug": "weight-grams", "value": {"numeric": {"range": {"lte": 1000}}}},
    ]
    assert skus(client, {"attributes": both}) == ["NM-500"]
    either = {"OR": [{"attributes": [both[1]]}, {"sku": {"eq": "NM-HU"}}]}
    assert skus(client, either) == ["NM-500", "NM-HU"]
    # A value without an attribute slug may match any variant attribute.
    assert skus(client, {"attributes": [{"value": {"slug": {"eq": "chai-500-ml"}}}]}) == ["NM-500"]


def test_values_no_variant_holds_match_nothing(client, variants):
    assert skus(client, {"attributes": [{"slug": "pack-size", "value": {"slug": {"eq": "thung-24-chai"}}}]}) == []
    assert skus(client, {"attributes": [{"slug": "weight-grams", "value": {"numeric": {"eq": 651}}}]}) == []
    # "²".isdigit() is True: a weight's slug must be ASCII digits.
    assert skus(client, {"attributes": [{"slug": "weight-grams", "value": {"slug": {"eq": "6²"}}}]}) == []
    # A variant carries no product attribute, no unknown one, no boolean, date or reference values.
    assert skus(client, {"attributes": [{"slug": "ocop-stars", "value": {"slug": {"eq": "5-sao"}}}]}) == []
    assert skus(client, {"attributes": [{"slug": "khong-co", "value": {"name": {"eq": "Chai 500 ml"}}}]}) == []
    assert skus(client, {"attributes": [{"slug": "pack-size", "value": {"boolean": True}}]}) == []
    assert skus(client, {"attributes": [{"slug": "pack-size", "value": {"reference": {"pageSlugs": {}}}}]}) == []


def test_more_than_one_value_field_is_the_clients_error(client, variants):
    two_kinds = {"slug": "weight-grams", "value": {"slug": {"eq": "650"}, "numeric": {"eq": 650}}}
    result = answer(client, {"attributes": [two_kinds]})
    assert result["data"]["productVariants"] is None
    assert result["errors"][0]["message"] == "Only one value input field is allowed in an attribute's `value`."


def test_products_find_a_pack_size_by_its_value_slug(client, variants):
    """The same condition, on products: a variant of the product holds the pack size."""
    where = {"attributes": [{"slug": "pack-size", "value": {"slug": {"eq": "hu-sanh-1-lit"}}}]}
    found = [edge["node"]["slug"] for edge in answer(client, where, PRODUCTS)["data"]["products"]["edges"]]
    assert found == [variants["cua_khe"].slug]


def test_a_superscript_digit_as_an_ocop_stars_name_matches_no_product(client, variants):
    where = {"attributes": [{"slug": "ocop-stars", "value": {"name": {"eq": "²"}}}]}
    result = answer(client, where, PRODUCTS)
    assert "errors" not in result, result["errors"]
    assert result["data"]["products"]["edges"] == []
