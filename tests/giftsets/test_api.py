"""The GraphQL API lists a set's parts (Product.giftSetParts, an extension beside producer and ocopRating) and its
isAvailable / stockAvailability filters count a set by the boxes its parts make and the boxes assembled ahead."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.services import assemble_gift_sets

pytestmark = pytest.mark.django_db

LISTING = """query ($channel: String!, $filter: ProductFilterInput) {
  products(first: 20, channel: $channel, filter: $filter) { edges { node { name isAvailable %s } } }
}"""


def _post(client, query, variables):
    response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def _names(client, channel, flt, fields=""):
    data = _post(client, LISTING % fields, {"channel": channel.slug, "filter": flt})
    return sorted(edge["node"]["name"] for edge in data["products"]["edges"])


SET = "Hộp quà Tết xứ Quảng"
PARTS = ["Bánh tráng Hải An", "Nước mắm làng Bích Họa", "Trà rừng Cù Lao Chàm"]


def test_the_available_filters_count_a_set_whose_parts_make_a_box(client, gift_set, stocked, online):
    # HCMC: 3 tea, 10 fish sauce, 2 rice paper make 2 boxes; the set has no stock row of its own.
    assert _names(client, online, {"isAvailable": True}) == sorted([SET, *PARTS])
    assert _names(client, online, {"stockAvailability": "IN_STOCK"}) == sorted([SET, *PARTS])
    assert _names(client, online, {"isAvailable": False}) == []
    assert _names(client, online, {"stockAvailability": "OUT_OF_STOCK"}) == []


def test_a_set_whose_parts_make_no_box_is_out_of_stock(client, gift_set, parts, online, producers, fulfilment):
    from inventory.services import receive_goods

    # Tea and fish sauce but no rice paper: no box can be made.
    receive_goods(warehouse=fulfilment, producer=producers["tea"], lines=[(parts["tea"], 3)])
    receive_goods(warehouse=fulfilment, producer=producers["fish"], lines=[(parts["fish"], 4)])
    assert SET not in _names(client, online, {"isAvailable": True})
    assert _names(client, online, {"isAvailable": False}) == sorted([SET, "Bánh tráng Hải An"])
    assert _names(client, online, {"stockAvailability": "OUT_OF_STOCK"}) == sorted([SET, "Bánh tráng Hải An"])


def test_boxes_assembled_ahead_keep_a_set_available_when_its_parts_make_none(
    client, gift_set, parts, stocked, kiosk_channel, hoi_an, manager
):
    # Hội An: 5 tea, 9 fish sauce, 10 rice paper; 4 boxes assembled leave 1, 1, 6: the parts make none.
    assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=4, user=manager)
    assert SET in _names(client, kiosk_channel, {"isAvailable": True})
    query = """query ($slug: String!, $channel: String!) {
      product(slug: $slug, channel: $channel) { isAvailable variants { sku quantityAvailable } }
    }"""
    product = _post(client, query, {"slug": gift_set.product.slug, "channel": kiosk_channel.slug})["product"]
    assert product == {"isAvailable": True, "variants": [{"sku": "QT-TET", "quantityAvailable": 4}]}


def test_a_set_lists_its_parts_and_a_plain_product_none(client, gift_set, parts, stocked, online):
    query = """query ($slug: String!, $channel: String!) {
      product(slug: $slug, channel: $channel) { giftSetParts { variantId sku name productSlug quantity } }
    }"""
    data = _post(client, query, {"slug": gift_set.product.slug, "channel": online.slug})
    assert data["product"]["giftSetParts"] == [
        {
            "variantId": _global_id("ProductVariant", parts[name].pk),
            "sku": parts[name].sku,
            "name": parts[name].product.name,
            "productSlug": parts[name].product.slug,
            "quantity": units,
        }
        for name, units in (("tea", 1), ("fish", 2), ("paper", 1))
    ]
    data = _post(client, query, {"slug": parts["tea"].product.slug, "channel": online.slug})
    assert data["product"]["giftSetParts"] is None


def test_the_parts_cost_one_query_for_a_whole_page_and_none_when_not_asked(client, gift_set, stocked, online):
    def statements(fields):
        with CaptureQueriesContext(connection) as queries:
            _names(client, online, {}, fields)
        return len(queries)

    statements("slug")  # warm the per-process caches; each query text below is answered afresh (no cached answer)
    without = statements("")
    with_parts = statements("giftSetParts { sku quantity }")
    assert with_parts == without + 1
    assert statements("giftSetParts { sku quantity }") == 2  # then the answer cache serves it as any other


def _global_id(kind, pk):
    import base64

    return base64.b64encode(f"{kind}:{pk}".encode()).decode()
