"""The fields a storefront generated from Saleor's schema queries beyond the catalogue, cart and checkout basics:
an account's checkouts, an order's confirmation (authorize status, discounts, gift cards, invoices), the staff's
order history, a checkout app's payment summary, product types, attributes and metadata. Each operation under
operations/ is validated against both schemas by its folder's tests; here they run over HTTP and what we have
no data for must answer empty, never invented."""

import pytest
from graphene import relay

from marketplace.accounts.models import User
from marketplace.accounts.services import create_user
from marketplace.catalogue.models import Category
from marketplace.catalogue.services import edit_variant
from marketplace.checkout.services import add_to_checkout, create_checkout
from marketplace.payments.models import PaymentMethod
from tests.graphql.checkout_api import send, sign_in
from tests.graphql.operations import operation
from tests.storefront import catalogue_data

pytestmark = pytest.mark.django_db

PASSWORD = "Ca-phe-sua-da-2026"
COD = str(PaymentMethod.CASH_ON_DELIVERY.label)


def gid(kind, key):
    return relay.Node.to_global_id(kind, key)


def run(client, folder, name, **variables):
    response = client.post(
        "/graphql/", {"query": operation(folder, name), "variables": variables}, content_type="application/json"
    )
    assert response.status_code == 200, response.content[:500]
    return response.json()


def data(client, folder, name, **variables):
    body = run(client, folder, name, **variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


@pytest.fixture
def shopper(db):
    return create_user(email="lan@example.com", password=PASSWORD, role=User.Role.SHOPPER, first_name="Lan")


@pytest.fixture
def manager(db):
    return create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER, first_name="Quản lý")


def test_an_account_finds_its_open_checkout_in_a_channel(client, shopper, channel, variant):
    checkout = create_checkout(channel=channel, user=shopper)
    add_to_checkout(checkout, variant=variant, quantity=2, user=shopper)
    sign_in(client, shopper)
    me = data(client, "account", "AccountCheckouts", channel=channel.slug, first=10)["me"]
    assert me["checkoutIds"] == [gid("Checkout", checkout.pk)]
    assert me["checkoutTokens"] == [str(checkout.pk)]
    assert me["checkout"] == {"id": gid("Checkout", checkout.pk)}
    page = me["checkouts"]
    assert page["totalCount"] == 1
    [node] = [edge["node"] for edge in page["edges"]]
    assert node["channel"]["slug"] == channel.slug
    assert node["quantity"] == 2
    assert node["lines"][0]["variant"]["id"] == gid("ProductVariant", variant.pk)
    # Nothing kept, nothing invented.
    assert me["avatar"] is None and me["metadata"] == [] and me["metafield"] is None and me["externalReference"] is None

    elsewhere = data(client, "account", "AccountCheckouts", channel="kenh-khac", first=10)["me"]
    assert elsewhere["checkoutIds"] == [] and elsewhere["checkouts"]["totalCount"] == 0
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert data(client, "account", "AccountCheckouts", channel=channel.slug, first=10) == {"me": None}
    sign_in(client, shopper)
    hostile = client.post(
        "/graphql/",
        {"query": operation("account", "AccountCheckouts"), "variables": {"channel": "a\x00", "first": 10}},
        content_type="application/json",
    )
    assert hostile.status_code == 400  # refused before running (marketplace.graphql.limits)
    assert "NUL" in hostile.json()["errors"][0]["message"]


def test_an_order_confirmation_answers_what_a_checkout_app_reads(client, shopper, variant, place_order):
    order = place_order([(variant, 2)], email=shopper.email, user=shopper)
    sign_in(client, shopper)
    confirmed = data(client, "account", "OrderConfirmation", id=gid("Order", order.token))["order"]
    assert confirmed["number"] == str(order.number)
    # Cash on delivery: nothing authorized or charged yet.
    assert (confirmed["authorizeStatus"], confirmed["chargeStatus"], confirmed["isPaid"]) == ("NONE", "NONE", False)
    assert confirmed["totalAuthorized"] == {"amount": 0.0, "currency": "VND"}
    assert confirmed["totalRefunded"]["amount"] == confirmed["totalCaptured"]["amount"] == 0
    assert confirmed["undiscountedShippingPrice"]["amount"] == order.shipping_price_amount
    assert confirmed["user"] == {"id": gid("User", shopper.pk), "email": shopper.email}
    assert confirmed["discounts"] == confirmed["giftCards"] == confirmed["invoices"] == []
    assert confirmed["voucherCode"] is None and confirmed["discount"] is None and confirmed["discountName"] is None
    assert confirmed["metadata"] == confirmed["privateMetadata"] == [] and confirmed["metafields"] == {}
    assert confirmed["shippingAddress"]["metadata"] == []
    [line] = confirmed["lines"]
    assert (line["isGift"], line["unitDiscountValue"], line["unitDiscountType"]) == (False, 0, None)
    assert line["undiscountedUnitPrice"]["gross"]["amount"] == line["unitPrice"]["gross"]["amount"]
    assert line["totalPrice"]["gross"]["amount"] == order.lines.get().total_price_amount
    assert line["variant"]["metafields"] == {} and line["metafield"] is None


def test_order_history_and_payments_are_the_staffs(client, shopper, manager, variant, place_order):
    place_order([(variant, 1)], email=shopper.email, user=shopper)
    sign_in(client, shopper)
    refused = run(client, "account", "StaffOrderHistory", first=10)
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert "MANAGE_ORDERS" in refused["errors"][0]["message"]

    place_order([(variant, 1)], email=manager.email, user=manager)
    sign_in(client, manager)
    [edge] = data(client, "account", "StaffOrderHistory", first=10)["me"]["orders"]["edges"]
    assert edge["node"]["user"] == {"email": manager.email}
    assert [event["type"] for event in edge["node"]["events"]][0] == "PLACED"
    # Cash on delivery opens one transaction, nothing charged until the courier collects.
    assert [(t["name"], t["chargedAmount"]["amount"]) for t in edge["node"]["transactions"]] == [(COD, 0)]


def test_the_staffs_order_history_costs_the_same_for_any_page_size(
    client, manager, variant, place_order, django_assert_num_queries
):
    sign_in(client, manager)
    place_order([(variant, 1)], email=manager.email, user=manager)
    # The token's account, the count, the page, lines, photos, parcels, events with their users, transactions.
    with django_assert_num_queries(8) as one:
        assert len(data(client, "account", "StaffOrderHistory", first=20)["me"]["orders"]["edges"]) == 1
    for _ in range(3):
        place_order([(variant, 1)], email=manager.email, user=manager)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(data(client, "account", "StaffOrderHistory", first=20)["me"]["orders"]["edges"]) == 4


def test_a_checkout_app_sees_no_promotion_gift_card_or_metadata(client, shopper, channel, variant):
    checkout = create_checkout(channel=channel, user=shopper)
    add_to_checkout(checkout, variant=variant, quantity=1, user=shopper)
    sign_in(client, shopper)
    summary = send(client, "CheckoutPaymentSummary", id=gid("Checkout", checkout.pk))["checkout"]
    assert summary["giftCards"] == [] and summary["voucherCode"] is None and summary["translatedDiscountName"] is None
    assert summary["metadata"] == summary["privateMetadata"] == [] and summary["metafields"] == {}
    assert summary["metafield"] is None
    assert summary["lines"][0]["priorUnitPrice"] is None and summary["lines"][0]["metadata"] == []
    assert summary["user"]["checkoutIds"] == [gid("Checkout", checkout.pk)]


@pytest.fixture
def catalogue(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return catalogue_data.shopper_catalogue()


def test_product_types_and_attributes(client, catalogue, django_assert_num_queries):
    food = catalogue["hoa_tien"].category.parent or catalogue["hoa_tien"].category
    variables = {"first": 50, "channel": "sieu-thi-hcm", "typeId": gid("ProductType", food.pk), "slug": "ocop-stars"}
    with django_assert_num_queries(1):  # the categories, once for both product-type fields; the stars are fixed
        answer = data(client, "catalogue", "ProductTypesAndAttributes", **variables)
    types = answer["productTypes"]
    assert types["totalCount"] == 4
    names = {edge["node"]["name"] for edge in types["edges"]}
    assert names == {"Dược liệu", "Thủ công mỹ nghệ", "Thực phẩm", "Đồ uống"}
    assert answer["productType"] == {"name": "Thực phẩm"}
    assert answer["attributes"]["totalCount"] == 9
    stars = answer["attribute"]
    assert (stars["id"], stars["name"], stars["inputType"]) == (
        gid("Attribute", "ocop-stars"),
        "Hạng sao OCOP",
        "DROPDOWN",
    )
    assert stars["withChoices"] is True
    assert [edge["node"]["slug"] for edge in stars["choices"]["edges"]] == ["3-sao", "4-sao", "5-sao"]

    def attribute(slug):
        return data(client, "catalogue", "ProductTypesAndAttributes", **variables | {"slug": slug})["attribute"]

    assert attribute("ocop-group")["choices"]["totalCount"] == 4
    origin = attribute("origin")
    assert origin["withChoices"] is False and origin["choices"] is None  # free text: no predefined values
    packs = attribute("pack-size")["choices"]
    assert packs["totalCount"] >= 1 and all(edge["node"]["name"] for edge in packs["edges"])

    found = data(client, "catalogue", "ProductTypesAndAttributes", **variables | {"search": "sao", "first": 1})
    assert [edge["node"]["slug"] for edge in found["attributes"]["edges"]] == ["ocop-stars"]
    spices = gid("ProductType", Category.objects.get(slug="gia-vi").pk)
    subgroup = data(client, "catalogue", "ProductTypesAndAttributes", **variables | {"typeId": spices})
    assert subgroup["productType"] is None  # a subgroup is no product type
    for bad in ("x", gid("Category", 1), "QXR0cmlidXRlOg=="):
        refused = run(client, "catalogue", "ProductTypesAndAttributes", **variables | {"typeId": bad})
        assert refused["errors"] and "Traceback" not in str(refused)
    bad_attribute = client.post(
        "/graphql/", {"query": '{ attribute(id: "////") { slug } }'}, content_type="application/json"
    ).json()
    assert bad_attribute["errors"][0]["message"] == "Invalid Attribute ID: ////."


def test_metadata_is_empty_on_products_variants_categories_and_types(client, catalogue):
    manager = create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER)
    edit_variant(variant=catalogue["saphraton"].variants.get(), user=manager, weight_grams=120)
    product = data(client, "catalogue", "ProductMetadata", slug=catalogue["saphraton"].slug, channel="sieu-thi-hcm")
    product = product["product"]
    assert product["metadata"] == product["privateMetadata"] == []
    assert product["metafield"] is None and product["privateMetafield"] is None and product["metafields"] == {}
    assert product["category"]["metafields"] == {} and product["productType"]["metafields"] == {}
    assert [(v["metadata"], v["metafields"], v["privateMetafields"]) for v in product["variants"]] == [([], {}, {})]
    # A weight is the pack's, in grams; the product has none of its own, nor a purchase date we keep.
    assert product["variants"][0]["weight"] == {"unit": "G", "value": 120.0}
    assert product["weight"] is None and product["availableForPurchase"] is None
