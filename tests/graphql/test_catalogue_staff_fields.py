"""Saleor's staff-only catalogue fields: Product/ProductVariant.channelListings, taxClass, ProductVariant.margin,
quantityOrdered and revenue — their values, who may read them, that an answer holding them is never replayed from
the answer cache to another viewer, and that a page of products reads them in a constant number of statements."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphene import relay

from marketplace.accounts.services import create_user
from marketplace.channels.models import ProductVariantChannelListing
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.orders.models import OrderStatus
from marketplace.payments.models import PaymentMethod

pytestmark = pytest.mark.django_db

STAFF_VARIANT = """query($id: ID!, $channel: String, $period: ReportingPeriod) {
  productVariant(id: $id, channel: $channel) {
    sku margin quantityOrdered revenue(period: $period) { gross { amount } net { amount } tax { amount } }
    channelListings { id channel { slug } price { amount currency } costPrice { amount } priorPrice { amount }
      margin preorderThreshold { quantity } }
    product { taxClass { id } productType { taxClass { id } }
      channelListings { id isPublished visibleInListings publishedAt channel { slug } discountedPrice { amount }
        purchaseCost { start { amount } stop { amount } } margin { start stop } isAvailableForPurchase
        pricing { priceRange { start { gross { amount } } } } } } } }"""

PAGE = """query($first: Int) { products(first: $first, channel: "sieu-thi-hcm") { edges { node {
  taxClass { id } channelListings { channel { slug } margin { start stop } discountedPrice { amount } }
  variants { margin quantityOrdered revenue(period: THIS_MONTH) { gross { amount } }
    channelListings { price { amount } costPrice { amount } } } } } } }"""


def post(client, text, *, refused_ok=False, **variables):
    response = client.post("/graphql/", {"query": text, "variables": variables}, content_type="application/json")
    assert response.status_code in ((200, 400) if refused_ok else (200,))
    return response.json()


@pytest.fixture
def manager(db):
    return create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager")


@pytest.fixture
def sold(channel, variant, fill_details):
    """Two orders for the variant (3 and 2 units) and a cancelled one (4 units) that counts nothing."""
    ProductVariantChannelListing.objects.filter(variant=variant, channel=channel).update(cost_price_amount=90_000)
    buyer = create_user(email="lan@example.com", password="mat-khau-dai-1", role="shopper")
    orders = []
    for quantity in (3, 2, 4):
        checkout = create_checkout(channel=channel, user=buyer)
        add_to_checkout(checkout, variant=variant, quantity=quantity, user=buyer)
        fill_details(checkout, email=buyer.email)
        orders.append(complete_checkout(checkout, user=buyer, payment_method=PaymentMethod.CASH_ON_DELIVERY))
    type(orders[2]).objects.filter(pk=orders[2].pk).update(status=OrderStatus.CANCELED)
    cache.clear()
    return orders


def test_a_manager_reads_listings_margin_units_and_revenue(client, manager, channel, variant, sold):
    client.force_login(manager)
    variant_id = relay.Node.to_global_id("ProductVariant", variant.pk)
    result = post(client, STAFF_VARIANT, id=variant_id, channel=channel.slug, period="THIS_MONTH")
    assert "errors" not in result, result["errors"]
    shown = result["data"]["productVariant"]
    lines = [line for order in sold[:2] for line in order.lines.all()]
    gross, vat = sum(line.total_price_amount for line in lines), sum(line.vat_amount for line in lines)
    assert gross == 5 * 120_000
    assert shown["margin"] == 25  # (120 000 − 90 000) / 120 000
    assert shown["quantityOrdered"] == 5  # the cancelled order's 4 units count nothing
    assert shown["revenue"] == {"gross": {"amount": gross}, "net": {"amount": gross - vat}, "tax": {"amount": vat}}
    listing = shown["channelListings"]
    assert [(each["channel"]["slug"], each["price"], each["costPrice"], each["margin"]) for each in listing] == [
        (channel.slug, {"amount": 120_000, "currency": "VND"}, {"amount": 90_000}, 25)
    ]
    assert listing[0]["priorPrice"] is None and listing[0]["preorderThreshold"] is None
    product = shown["product"]
    assert product["taxClass"] is None and product["productType"]["taxClass"] is None
    [published] = product["channelListings"]
    assert published["channel"]["slug"] == channel.slug
    assert (published["isPublished"], published["visibleInListings"], published["isAvailableForPurchase"]) == (
        True,
        True,
        True,
    )
    assert published["discountedPrice"] == {"amount": 120_000}
    assert published["purchaseCost"] == {"start": {"amount": 90_000}, "stop": {"amount": 90_000}}
    assert published["margin"] == {"start": 25, "stop": 25}
    assert published["pricing"]["priceRange"]["start"]["gross"]["amount"] == 120_000

    today = post(client, STAFF_VARIANT, id=variant_id, channel=channel.slug, period="TODAY")["data"]
    assert today["productVariant"]["revenue"]["gross"]["amount"] == gross


@pytest.mark.parametrize("who", ["anonymous", "shopper"])
def test_shoppers_are_refused_every_staff_field(client, channel, variant, who):
    if who == "shopper":
        client.force_login(create_user(email="khach@example.com", password="mat-khau-dai-1", role="shopper"))
    variant_id = relay.Node.to_global_id("ProductVariant", variant.pk)
    result = post(client, STAFF_VARIANT, id=variant_id, channel=channel.slug)
    refused = {tuple(error["path"][1:]) for error in result["errors"]}
    assert {error["extensions"]["exception"]["code"] for error in result["errors"]} == {"PermissionDenied"}
    assert refused == {
        ("margin",),
        ("quantityOrdered",),
        ("revenue",),
        ("channelListings",),
        ("product", "taxClass"),
        ("product", "productType", "taxClass"),
        ("product", "channelListings"),
    }
    shown = result["data"]["productVariant"]
    assert shown["sku"] == variant.sku and shown["margin"] is None and shown["channelListings"] is None


def test_a_managers_answer_is_never_replayed_to_an_anonymous_viewer(client, manager, variant, sold):
    client.force_login(manager)
    first = post(client, PAGE, first=5)
    assert "errors" not in first and first == post(client, PAGE, first=5)
    assert any(v["quantityOrdered"] == 5 for e in first["data"]["products"]["edges"] for v in e["node"]["variants"])
    client.logout()
    replay = post(client, PAGE, first=5)
    assert replay["errors"] and {e["extensions"]["exception"]["code"] for e in replay["errors"]} == {"PermissionDenied"}
    for edge in replay["data"]["products"]["edges"]:
        assert edge["node"]["channelListings"] is None
        assert all(v["margin"] is None and v["revenue"] is None for v in edge["node"]["variants"])


def test_a_page_of_products_reads_the_staff_fields_in_constant_statements(client, manager, make_variant):
    for number in range(8):
        make_variant(f"Sản phẩm {number}", sku=f"SP-{number}", price=10_000 + number)
    client.force_login(manager)
    counts = []
    for first in (2, 8):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            result = post(client, PAGE, first=first)
        assert "errors" not in result, result["errors"]
        assert len(result["data"]["products"]["edges"]) == first
        counts.append(len(queries))
    # Product listings, variant listings, and the sales of the whole page once per period asked (ever, this month).
    assert counts == [10, 10]


@pytest.mark.parametrize("period", ["YESTERDAY", 3, "", None])
def test_a_bad_period_is_an_error_as_data(client, manager, variant, period):
    client.force_login(manager)
    variant_id = relay.Node.to_global_id("ProductVariant", variant.pk)
    text = """query($id: ID!, $p: ReportingPeriod) {
      productVariant(id: $id, channel: "sieu-thi-hcm") { revenue(period: $p) { gross { amount } } } }"""
    result = post(client, text, refused_ok=True, id=variant_id, p=period)
    if period is None:
        assert result["data"]["productVariant"]["revenue"] == {"gross": {"amount": 0}}
    else:
        assert result["errors"] and result.get("data") is None
