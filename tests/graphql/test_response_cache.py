"""Catalogue answers are cached, and never shown stale: a catalogue write, a price or a stock change shows at once."""

import pytest
from django.core.cache import cache

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.catalogue.services import set_variant_price
from tests.storefront import catalogue_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LISTING = """
query List($channel: String, $where: ProductWhereInput) {
  products(first: 20, channel: $channel, where: $where) {
    totalCount
    edges { node { slug isAvailable pricing { priceRange { start { gross { amount } } } }
                   variants { sku quantityAvailable } } }
  }
}
"""


@pytest.fixture
def catalogue(db):
    cache.clear()
    return catalogue_data.shopper_catalogue()


def run(client, query=LISTING, **variables):
    response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    assert response.status_code == 200
    result = response.json()
    assert "errors" not in result, result["errors"]
    return result["data"]


def node(data, slug):
    return next(edge["node"] for edge in data["products"]["edges"] if edge["node"]["slug"] == slug)


def test_a_repeated_query_is_answered_from_the_cache_after_checking_stock(client, catalogue, django_assert_num_queries):
    first = run(client)
    # catalogue version, stock of the variants shown, stock of the products shown
    with django_assert_num_queries(3):
        assert run(client) == first


def test_stock_received_or_sold_shows_at_once(client, catalogue, django_assert_max_num_queries):
    tea = catalogue["tra_sam"]
    before = node(run(client), tea.slug)
    assert before["isAvailable"] is False
    assert before["variants"][0]["quantityAvailable"] == 0
    warehouse = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    receive_goods(warehouse=warehouse, producer=tea.producer, lines=[(tea.variants.get(), 7)])
    after = node(run(client), tea.slug)
    assert after["isAvailable"] is True
    assert after["variants"][0]["quantityAvailable"] == 7


def test_a_price_edit_shows_at_once(client, catalogue):
    lime = catalogue["chanh"]
    assert node(run(client), lime.slug)["pricing"]["priceRange"]["start"]["gross"]["amount"] == 55000.0
    set_variant_price(variant=lime.variants.get(), channel=catalogue_data.online_channel(), price_amount=59_000)
    assert node(run(client), lime.slug)["pricing"]["priceRange"]["start"]["gross"]["amount"] == 59000.0


def test_stock_filters_and_other_root_fields_are_never_cached(client, catalogue, django_assert_num_queries):
    in_stock = {"stockAvailability": "IN_STOCK"}
    run(client, where=in_stock)
    with django_assert_num_queries(6):  # computed afresh, count included (the VAT rate comes with the channel)
        run(client, where=in_stock)
    mixed = "{ channels { slug } products(first: 2) { totalCount } }"
    run(client, mixed)
    with django_assert_num_queries(5):  # channels, channel and version, page, variants, media
        run(client, mixed)
