"""The order, account and checkout fields of Saleor's schema that a storefront's order-details and account pages read
beyond the basics: the order's language and its payments (our transactions in Saleor's older Payment shape), its
delivery methods and weight, the checkout's language (checkoutLanguageCodeUpdate), and what we have no data for
(vouchers, gift cards, stored cards, granted refunds, tax classes), which answers empty or null. The operations
are under operations/account/ and operations/checkout/, validated against both schemas by their folders' tests."""

import pytest
from django.conf import settings
from graphene import relay

from marketplace.accounts.models import User
from marketplace.accounts.services import create_user
from marketplace.catalogue.models import ProductVariant
from marketplace.checkout.models import Checkout
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout, merge_guest_checkout
from marketplace.graphql.schema import schema
from marketplace.payments.models import PaymentMethod
from marketplace.payments.services import record_cash_collected, record_transfer_received
from tests.graphql.checkout_api import operation as checkout_operation
from tests.graphql.checkout_api import sign_in
from tests.graphql.operations import operation, saleor_schema

pytestmark = pytest.mark.django_db

PASSWORD = "Ca-phe-sua-da-2026"


def gid(kind, key):
    return relay.Node.to_global_id(kind, key)


def post(client, query, **variables):
    response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def run(client, folder, name, **variables):
    return post(client, operation(folder, name), **variables)


def data(client, folder, name, **variables):
    body = run(client, folder, name, **variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def change_language(client, checkout, language_code):
    body = post(
        client,
        checkout_operation("CheckoutLanguageCodeUpdate"),
        id=gid("Checkout", checkout.pk),
        languageCode=language_code,
    )
    assert "errors" not in body, body["errors"]
    return body["data"]["checkoutLanguageCodeUpdate"]


@pytest.fixture
def shopper(db):
    return create_user(email="lan@example.com", password=PASSWORD, role=User.Role.SHOPPER, first_name="Lan")


@pytest.fixture
def other_shopper(db):
    return create_user(email="binh@example.com", password=PASSWORD, role=User.Role.SHOPPER, first_name="Bình")


@pytest.fixture
def manager(db):
    return create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER, first_name="Quản lý")


@pytest.fixture
def order_for(channel, fill_details):
    """A whole checkout (cart → details → placing) paid the given way, in the given language."""

    def place(user, lines, *, method=PaymentMethod.CASH_ON_DELIVERY, language_code="vi"):
        checkout = create_checkout(channel=channel, user=user, language_code=language_code)
        for variant, quantity in lines:
            add_to_checkout(checkout, variant=variant, quantity=quantity, user=user)
        fill_details(checkout, email=user.email)
        return complete_checkout(checkout, user=user, payment_method=method)

    return place


def test_an_order_details_page_reads_language_payment_delivery_and_weight(
    client, shopper, channel, variant, second_variant, order_for, standard_delivery
):
    ProductVariant.objects.filter(pk=variant.pk).update(weight_grams=500)  # the pack's weight, as the admin sets it
    order = order_for(shopper, [(variant, 2), (second_variant, 1)])
    sign_in(client, shopper)
    details = data(client, "account", "OrderPaymentDetails", id=gid("Order", order.token))["order"]

    assert (details["languageCode"], details["languageCodeEnum"]) == ("vi", "VI")
    assert (details["origin"], details["original"], details["canFinalize"]) == ("CHECKOUT", None, True)
    # Two packs of 500 g; the second variant's weight is unknown and counts nothing.
    assert details["weight"] == {"unit": "G", "value": 1000.0}
    # Cash on delivery: one payment, for the order's total, nothing charged yet; the staff may mark it paid.
    [payment] = details["payments"]
    [item] = order.transactions.all()
    assert payment["id"] == gid("Payment", item.token)
    assert (payment["gateway"], payment["paymentMethodType"]) == ("xq.payments.cod", "cash")
    assert (payment["chargeStatus"], payment["isActive"]) == ("NOT_CHARGED", True)
    assert payment["total"] == {"amount": order.total_amount, "currency": "VND"}
    assert payment["capturedAmount"] == {"amount": 0, "currency": "VND"}
    assert (payment["token"], payment["pspReference"], payment["creditCard"]) == ("", None, None)
    assert details["actions"] == ["MARK_AS_PAID"]
    # The channel's delivery methods; the one chosen at what the order paid for it.
    methods = {method["id"]: method for method in details["shippingMethods"]}
    chosen = methods[gid("ShippingMethod", standard_delivery.pk)]
    assert chosen["price"]["amount"] == order.shipping_price_amount and chosen["active"] is True
    assert len(methods) == channel.shipping_methods.filter(is_active=True).count() > 1
    # What we have no data for: empty or null, never invented.
    assert details["errors"] == [] and details["availableCollectionPoints"] == []
    assert details["voucher"] is None and details["voucherCode"] is None
    assert details["shippingTaxClass"] is None and details["shippingTaxClassName"] is None
    assert details["shippingTaxClassMetadata"] == []
    assert (details["taxExemption"], details["trackingClientId"]) == (False, "")
    assert [(line["discounts"], line["taxClass"], line["taxClassName"]) for line in details["lines"]] == [
        ([], None, None),
        ([], None, None),
    ]

    record_cash_collected(order)
    paid = data(client, "account", "OrderPaymentDetails", id=gid("Order", order.token))["order"]
    [payment] = paid["payments"]
    assert payment["chargeStatus"] == "FULLY_CHARGED"
    assert payment["capturedAmount"]["amount"] == order.total_amount
    assert paid["actions"] == []


def test_a_transfers_payment_waits_then_is_charged(client, shopper, variant, order_for, bank_account):
    order = order_for(shopper, [(variant, 1)], method=PaymentMethod.VIETQR)
    sign_in(client, shopper)
    [payment] = data(client, "account", "OrderPaymentDetails", id=gid("Order", order.token))["order"]["payments"]
    assert (payment["gateway"], payment["paymentMethodType"], payment["chargeStatus"]) == (
        "xq.payments.vietqr",
        "bank_transfer",
        "PENDING",
    )
    assert payment["total"]["amount"] == order.total_amount
    record_transfer_received(order, amount=order.total_amount - 1000, bank_reference="FT1")
    [payment] = data(client, "account", "OrderPaymentDetails", id=gid("Order", order.token))["order"]["payments"]
    assert payment["chargeStatus"] == "PARTIALLY_CHARGED"
    assert payment["total"]["amount"] == order.total_amount
    assert payment["capturedAmount"]["amount"] == order.total_amount - 1000


def test_the_checkouts_language_goes_with_its_order(client, shopper, channel, variant, fill_details):
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=variant, quantity=1)
    changed = change_language(client, checkout, "EN_US")
    assert changed["errors"] == []
    assert changed["checkout"]["languageCode"] == "EN"
    assert changed["checkout"]["voucher"] is None and changed["checkout"]["voucherCode"] is None
    assert changed["checkout"]["storedPaymentMethods"] == []
    # The shop speaks Vietnamese and English only: another language is the client's error, nothing changed.
    refused = change_language(client, checkout, "FR")
    assert [(error["field"], error["code"]) for error in refused["errors"]] == [("languageCode", "INVALID")]
    assert refused["checkout"] is None
    checkout.refresh_from_db()
    assert checkout.language_code == "en"

    fill_details(checkout, email="khach@example.com")
    order = complete_checkout(checkout)
    assert order.language_code == "en"
    guest = post(
        client, "query($token: UUID!) { orderByToken(token: $token) { languageCodeEnum } }", token=str(order.token)
    )
    assert guest["data"]["orderByToken"] == {"languageCodeEnum": "EN"}


def test_checkout_create_takes_saleors_language_code(client, channel, variant):
    query = """mutation($input: CheckoutCreateInput!) {
      checkoutCreate(input: $input) { checkout { id languageCode } errors { field code } }
    }"""
    lines = [{"variantId": gid("ProductVariant", variant.pk), "quantity": 1}]
    created = post(client, query, input={"channel": channel.slug, "lines": lines, "languageCode": "EN"})
    assert created["data"]["checkoutCreate"]["checkout"]["languageCode"] == "EN"
    plain = post(client, query, input={"channel": channel.slug, "lines": lines})
    assert plain["data"]["checkoutCreate"]["checkout"]["languageCode"] == "VI"
    refused = post(client, query, input={"channel": channel.slug, "lines": lines, "languageCode": "JA"})
    assert refused["data"]["checkoutCreate"] == {
        "checkout": None,
        "errors": [{"field": "languageCode", "code": "INVALID"}],
    }
    assert Checkout.objects.count() == 2


def test_a_cart_started_on_the_english_pages_is_english(client, channel, variant):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/gio-hang/them/", {"variant_id": variant.pk, "quantity": 1})
    assert response.status_code == 302
    assert Checkout.objects.get().language_code == "en"


def test_the_account_page_reads_gift_cards_stored_cards_checkouts_and_orders(
    client, shopper, channel, variant, order_for
):
    order = order_for(shopper, [(variant, 1)], language_code="en")
    cart = create_checkout(channel=channel, user=shopper)
    add_to_checkout(cart, variant=variant, quantity=1, user=shopper)
    sign_in(client, shopper)
    me = data(client, "account", "AccountPage", channel=channel.slug, first=10)["me"]
    assert me["email"] == shopper.email and me["languageCode"] == "VI"
    assert me["giftCards"] == {"totalCount": 0, "pageInfo": {"hasNextPage": False}, "edges": []}
    assert me["storedPaymentMethods"] == [] and me["storedPaymentSources"] == []
    assert me["assignedAttributes"] == []
    [node] = [edge["node"] for edge in me["checkouts"]["edges"]]
    assert node == {
        "id": gid("Checkout", cart.pk),
        "languageCode": "VI",
        "voucherCode": None,
        "voucher": None,
        "storedPaymentMethods": [],
    }
    [placed] = [edge["node"] for edge in me["orders"]["edges"]]
    assert (placed["number"], placed["languageCodeEnum"]) == (str(order.number), "EN")
    assert placed["payments"] == [
        {"gateway": "xq.payments.cod", "paymentMethodType": "cash", "chargeStatus": "NOT_CHARGED",
         "total": {"amount": order.total_amount}}
    ]  # fmt: skip


def test_the_account_page_costs_the_same_queries_for_any_number_of_orders(
    client, shopper, channel, variant, order_for, django_assert_num_queries
):
    order_for(shopper, [(variant, 1)])
    sign_in(client, shopper)
    # The token's account, the checkouts, the orders' count and page, their lines, photos, parcels, the channels'
    # delivery methods, the orders' payments.
    with django_assert_num_queries(9) as few:
        assert len(data(client, "account", "AccountPage", channel=channel.slug, first=20)["me"]["orders"]["edges"]) == 1
    for _ in range(4):
        order_for(shopper, [(variant, 1)])
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(data(client, "account", "AccountPage", channel=channel.slug, first=20)["me"]["orders"]["edges"]) == 5


def test_an_orders_payment_details_cost_fixed_queries(client, shopper, variant, order_for, django_assert_num_queries):
    order = order_for(shopper, [(variant, 1)])
    sign_in(client, shopper)
    # The account, the order, its lines, their photos, its parcels, the channel's delivery methods, its payments.
    with django_assert_num_queries(7):
        data(client, "account", "OrderPaymentDetails", id=gid("Order", order.token))


def test_another_shoppers_order_and_checkout_are_out_of_reach_through_the_new_fields(
    client, shopper, other_shopper, channel, variant, order_for
):
    theirs = order_for(other_shopper, [(variant, 1)])
    their_cart = create_checkout(channel=channel, user=other_shopper)
    add_to_checkout(their_cart, variant=variant, quantity=1, user=other_shopper)
    sign_in(client, shopper)
    assert data(client, "account", "OrderPaymentDetails", id=gid("Order", theirs.token)) == {"order": None}
    refused = change_language(client, their_cart, "EN")
    assert [(error["field"], error["code"]) for error in refused["errors"]] == [("id", "NOT_FOUND")]
    their_cart.refresh_from_db()
    assert their_cart.language_code == "vi"
    me = data(client, "account", "AccountPage", channel=channel.slug, first=10)["me"]
    assert me["orders"] == {"totalCount": 0, "edges": []} and me["checkouts"]["edges"] == []
    # Nor for a guest without the order's private token.
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert data(client, "account", "OrderPaymentDetails", id=gid("Order", theirs.token)) == {"order": None}
    assert change_language(client, their_cart, "EN")["errors"][0]["code"] == "NOT_FOUND"


def test_refund_totals_payment_internals_and_allocations_are_the_staffs(
    client, shopper, manager, variant, order_for, bank_account, fulfilment, django_assert_num_queries
):
    order_for(shopper, [(variant, 1)])
    sign_in(client, shopper)
    refused = run(client, "account", "StaffOrderPayments", first=10)
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert "MANAGE_ORDERS" in refused["errors"][0]["message"]
    for field in (
        "payments { customerIpAddress }",
        "payments { availableRefundAmount { amount } }",
        "payments { transactions { id } }",
        "lines { allocations { quantity } }",
    ):
        query = f"query($id: ID!) {{ order(id: $id) {{ {field} }} }}"
        body = post(client, query, id=gid("Order", shopper.orders.get().token))
        assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied", field

    order = order_for(manager, [(variant, 1)], method=PaymentMethod.VIETQR)
    sign_in(client, manager)
    # The token's account, the count, the page, lines, photos, parcels, the history the staff's page prefetches,
    # the lines' allocations (with their warehouses), the transactions, their events.
    with django_assert_num_queries(10) as one:
        [edge] = data(client, "account", "StaffOrderPayments", first=10)["me"]["orders"]["edges"]
    node = edge["node"]
    # The stock the order holds, where it is held.
    [line] = node["lines"]
    assert [(held["quantity"], held["warehouse"]["slug"]) for held in line["allocations"]] == [(1, fulfilment.slug)]
    assert node["grantedRefunds"] == []
    assert node["totalChargePending"]["amount"] == order.total_amount  # the transfer awaited
    for total in ("totalGrantedRefund", "totalRemainingGrant", "totalRefundPending", "totalAuthorizePending",
                  "totalCancelPending", "totalCanceled"):  # fmt: skip
        assert node[total]["amount"] == 0, total
    [payment] = node["payments"]
    assert payment["customerIpAddress"] is None and payment["actions"] == []
    assert payment["availableCaptureAmount"]["amount"] == payment["availableRefundAmount"]["amount"] == 0
    assert [(step["kind"], step["isSuccess"], step["amount"]["amount"]) for step in payment["transactions"]] == [
        ("PENDING", True, order.total_amount)
    ]
    record_transfer_received(order, amount=order.total_amount, bank_reference="FT2")
    for _ in range(3):
        order_for(manager, [(variant, 1)], method=PaymentMethod.VIETQR)
    with django_assert_num_queries(len(one.captured_queries)):
        edges = data(client, "account", "StaffOrderPayments", first=10)["me"]["orders"]["edges"]
    paid = edges[-1]["node"]
    assert paid["totalChargePending"]["amount"] == 0
    assert [step["kind"] for step in paid["payments"][0]["transactions"]] == ["PENDING", "CAPTURE"]


def test_signing_in_keeps_the_guest_carts_language(shopper, channel, variant):
    guest = create_checkout(channel=channel, language_code="en")
    add_to_checkout(guest, variant=variant, quantity=1)
    merged = merge_guest_checkout(guest=guest, user=shopper)
    assert (merged.user, merged.language_code) == (shopper, "en")


def test_hostile_language_and_channel_values_get_a_clear_error_never_a_500(client, shopper, channel, variant):
    checkout = create_checkout(channel=channel)
    for language_code in ("XX", "", "EN\x00", 7):
        response = client.post(
            "/graphql/",
            {
                "query": checkout_operation("CheckoutLanguageCodeUpdate"),
                "variables": {"id": gid("Checkout", checkout.pk), "languageCode": language_code},
            },
            content_type="application/json",
        )
        assert response.status_code in (200, 400), response.content[:300]
        assert "Traceback" not in response.content.decode() and response.json()["errors"], language_code
    checkout.refresh_from_db()
    assert checkout.language_code == "vi"
    sign_in(client, shopper)
    hostile = client.post(
        "/graphql/",
        {"query": operation("account", "AccountPage"), "variables": {"channel": "a\x00", "first": 10}},
        content_type="application/json",
    )
    assert hostile.status_code == 400 and "NUL" in hostile.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "type_name",
    [
        "Order",
        "OrderLine",
        "Checkout",
        "CheckoutLine",
        "Payment",
        "Address",
        "User",
        "UserPermission",
        "Group",
        "Permission",
        "CustomerEvent",
        "CustomerType",
        "CustomerOrderWhereInput",
        "AddressFilterInput",
        "PriceFilterInput",
        "IntFilterInput",
        "UUIDFilterInput",
        "MetadataFilterInput",
        "InvoiceFilterInput",
        "OrderStatusEnumFilterInput",
        "OrderChargeStatusEnumFilterInput",
        "OrderAuthorizeStatusEnumFilterInput",
        "CountryCodeEnumFilterInput",
    ],
)
def test_the_order_checkout_and_user_types_have_every_field_saleors_have(type_name):
    """A storefront (or a dashboard) generated from Saleor's schema may query any of these types' fields: each is
    here, with Saleor's type, nullability and arguments."""
    ours, theirs = schema.graphql_schema.type_map[type_name], saleor_schema().type_map[type_name]

    def shape(field):
        arguments = getattr(field, "args", {})  # an input type's fields have none
        return str(field.type), {name: str(argument.type) for name, argument in arguments.items()}

    assert {name: shape(field) for name, field in ours.fields.items() if name in theirs.fields} == {
        name: shape(field) for name, field in theirs.fields.items()
    }


# --- Parcels, payments' authors and the order's history (issue 12) ---------------------------------------------------

PARCELS = """
query Parcels($id: ID!) {
  order(id: $id) {
    fulfillments {
      fulfillmentOrder status statusDisplay trackingNumber reason reasonReference { id }
      shippingRefundedAmount { amount } totalRefundedAmount { amount }
      warehouse { slug externalReference address { companyName streetAddress1 city countryArea country { code } } }
      lines { id quantity reason orderLine { id productSku quantity } }
    }
  }
}
"""

MY_PARCELS = """
query MyParcels {
  me { orders(first: 20) { edges { node {
    number fulfillments { warehouse { slug } lines { quantity orderLine { productSku } } }
  } } } }
}
"""

STAFF_HISTORY = """
query StaffHistory {
  me { orders(first: 20) { edges { node {
    number
    events {
      type orderNumber email emailType amount quantity composedId paymentId paymentGateway transactionReference
      invoiceNumber oversoldItems relatedOrder { id } related { id } discount { value } reference app { id }
      shippingCostsIncluded lines { quantity } warehouse { slug } fulfilledItems { quantity orderLine { productSku } }
    }
    transactions {
      reason reasonReference { id } createdBy { ... on User { email } }
      paymentMethodDetails { __typename name }
      events { type reasonReference { id } createdBy { ... on User { email } } }
    }
    fulfillments { warehouse { stocks(first: 5) { totalCount edges { node { quantity productVariant { sku } } } } } }
  } } } }
}
"""  # fmt: skip

TRANSACTION_AUTHORS = """
mutation Authors($id: ID!) {
  transactionProcess(id: $id) {
    transaction {
      createdBy { __typename ... on User { email } }
      paymentMethodDetails { __typename name ... on CardPaymentMethodDetails { brand lastDigits } }
      reason reasonReference { id }
      events { type createdBy { ... on User { email } } reasonReference { id } }
    }
    errors { code }
  }
}
"""


@pytest.fixture
def shipped_for(order_for, manager):
    """An order placed and paid the given way, then handed to the carrier from the HCMC warehouse."""
    from marketplace.orders.services import fulfill_order

    def ship(user, lines, **kwargs):
        order = order_for(user, lines, **kwargs)
        fulfill_order(order, tracking_number="VN0001", user=manager)
        return order

    return ship


def test_a_shopper_reads_their_orders_parcels_with_lines_and_the_warehouse_they_left(
    client, shopper, variant, second_variant, shipped_for, fulfilment
):
    order = shipped_for(shopper, [(variant, 2), (second_variant, 1)])
    sign_in(client, shopper)
    [parcel] = post(client, PARCELS, id=gid("Order", order.token))["data"]["order"]["fulfillments"]

    assert (parcel["fulfillmentOrder"], parcel["status"], parcel["trackingNumber"]) == (1, "FULFILLED", "VN0001")
    assert parcel["statusDisplay"] == "Đã giao"
    # Refunds are the payment's, never a parcel's: nothing refunded, no reason.
    assert parcel["shippingRefundedAmount"] is parcel["totalRefundedAmount"] is parcel["reason"] is None
    assert parcel["reasonReference"] is None
    lines = {line["orderLine"]["productSku"]: line for line in parcel["lines"]}
    assert {sku: line["quantity"] for sku, line in lines.items()} == {"CT-NM-500": 2, "HA-BT-01": 1}
    shipped = order.lines.get(product_sku="CT-NM-500")
    assert lines["CT-NM-500"]["orderLine"] == {
        "id": gid("OrderLine", shipped.pk),
        "productSku": "CT-NM-500",
        "quantity": 2,
    }
    assert lines["CT-NM-500"]["id"] == gid("FulfillmentLine", shipped.fulfillment_lines.get().pk)
    warehouse = parcel["warehouse"]
    assert (warehouse["slug"], warehouse["externalReference"]) == (fulfilment.slug, None)
    assert warehouse["address"] == {
        "companyName": fulfilment.name,
        "streetAddress1": fulfilment.street_address,
        "city": fulfilment.ward,
        "countryArea": fulfilment.province,
        "country": {"code": "VN"},
    }


def test_another_shopper_reaches_no_parcel_and_no_warehouse_stock(client, shopper, other_shopper, variant, shipped_for):
    theirs = shipped_for(other_shopper, [(variant, 1)])
    sign_in(client, shopper)
    assert post(client, PARCELS, id=gid("Order", theirs.token))["data"] == {"order": None}
    assert post(client, MY_PARCELS)["data"]["me"]["orders"]["edges"] == []
    # A shopper's own parcel does not open the warehouse's stock either: that is the staff's.
    mine = shipped_for(shopper, [(variant, 1)])
    query = "query($id: ID!) { order(id: $id) { fulfillments { warehouse { stocks(first: 5) { totalCount } } } } }"
    refused = post(client, query, id=gid("Order", mine.token))
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert "MANAGE_PRODUCTS" in refused["errors"][0]["message"]


def test_the_parcels_of_a_page_of_orders_cost_the_same_queries_for_any_number_of_orders(
    client, shopper, variant, second_variant, shipped_for, django_assert_num_queries
):
    shipped_for(shopper, [(variant, 1)])
    sign_in(client, shopper)
    # The token's account, the orders' count and page, their lines, photos, parcels, the parcels' lines.
    with django_assert_num_queries(7) as few:
        assert len(post(client, MY_PARCELS)["data"]["me"]["orders"]["edges"]) == 1
    for _ in range(3):
        shipped_for(shopper, [(variant, 1), (second_variant, 2)])
    with django_assert_num_queries(len(few.captured_queries)):
        edges = post(client, MY_PARCELS)["data"]["me"]["orders"]["edges"]
    assert [len(edge["node"]["fulfillments"][0]["lines"]) for edge in edges] == [2, 2, 2, 1]


def test_a_return_is_a_returned_fulfillment_and_a_paid_one_refunded_and_returned(
    client, shopper, manager, variant, second_variant, shipped_for
):
    from marketplace.payments.services import refund_order_return, return_order

    order = shipped_for(shopper, [(variant, 2), (second_variant, 3)])
    record_cash_collected(order, user=manager)
    fish, paper = order.lines.order_by("pk")
    first = return_order(order, lines={fish: 1}, restock=True, reason="Chai bị nứt", user=manager)
    refund_order_return(first, user=manager, reference="FT2611300001")
    second = return_order(order, lines={fish: 1, paper: 2}, restock=False, reason="Đổi ý", user=manager)
    sign_in(client, shopper)

    query = PARCELS.replace("fulfillmentOrder", "id fulfillmentOrder created")
    parcel, refunded, owed = post(client, query, id=gid("Order", order.token))["data"]["order"]["fulfillments"]

    assert (parcel["fulfillmentOrder"], parcel["status"], len(parcel["lines"])) == (1, "FULFILLED", 2)
    assert (refunded["fulfillmentOrder"], refunded["status"], refunded["statusDisplay"]) == (
        2,
        "REFUNDED_AND_RETURNED",
        "Đã trả lại và hoàn tiền",
    )
    assert (owed["fulfillmentOrder"], owed["status"], owed["statusDisplay"]) == (
        3,
        "RETURNED",
        "Đã trả lại, chờ hoàn tiền",
    )
    assert refunded["totalRefundedAmount"] == {"amount": 120_000.0}
    assert owed["totalRefundedAmount"] is None  # owed, not yet paid
    assert (refunded["reason"], owed["reason"], owed["trackingNumber"], owed["warehouse"]) == (
        "Chai bị nứt",
        "Đổi ý",
        "",
        None,
    )
    assert owed["shippingRefundedAmount"] is owed["reasonReference"] is None
    assert [(line["quantity"], line["orderLine"]["id"], line["reason"]) for line in owed["lines"]] == [
        (1, gid("OrderLine", fish.pk), "Đổi ý"),
        (2, gid("OrderLine", paper.pk), "Đổi ý"),
    ]
    # The returns' IDs are never a parcel's, nor their lines' a parcel line's.
    ids = [each["id"] for each in (parcel, refunded, owed)]
    line_ids = [line["id"] for each in (parcel, refunded, owed) for line in each["lines"]]
    assert len(set(ids)) == 3 and len(set(line_ids)) == 5
    assert ids[1:] == [gid("Fulfillment", f"return-{first.pk}"), gid("Fulfillment", f"return-{second.pk}")]


def test_the_returns_of_a_page_of_orders_cost_two_queries_whatever_their_number(
    client, shopper, manager, variant, second_variant, shipped_for, django_assert_num_queries
):
    from marketplace.payments.services import return_order

    def shipped_and_returned():
        order = shipped_for(shopper, [(variant, 1), (second_variant, 2)])
        return_order(order, lines=dict.fromkeys(order.lines.all(), 1), restock=True, reason="Đổi ý", user=manager)

    shipped_and_returned()
    sign_in(client, shopper)
    # As the page of parcels (7, above), and the returns with their lines: two queries for the whole page.
    with django_assert_num_queries(7 + 2):
        post(client, MY_PARCELS)
    for _ in range(3):
        shipped_and_returned()
    shipped_for(shopper, [(variant, 1)])  # never returned
    with django_assert_num_queries(7 + 2):
        edges = post(client, MY_PARCELS)["data"]["me"]["orders"]["edges"]
    assert [len(edge["node"]["fulfillments"]) for edge in edges] == [1, 2, 2, 2, 2]


def test_a_shopper_sees_their_payments_method_and_author_but_not_the_staff_who_recorded_it(
    client, shopper, other_shopper, manager, variant, order_for
):
    order = order_for(shopper, [(variant, 1)])
    record_cash_collected(order, user=manager)
    item = order.transactions.get()
    sign_in(client, shopper)
    transaction = post(client, TRANSACTION_AUTHORS, id=gid("TransactionItem", item.token))["data"]
    transaction = transaction["transactionProcess"]["transaction"]
    assert transaction["createdBy"] == {"__typename": "User", "email": shopper.email}
    assert transaction["paymentMethodDetails"] == {
        "__typename": "OtherPaymentMethodDetails",
        "name": "Thanh toán khi nhận hàng (COD)",
    }
    assert transaction["reason"] is transaction["reasonReference"] is None
    # The cash was recorded by the staff: the shopper is not told who.
    assert [(event["type"], event["createdBy"]) for event in transaction["events"]][-1] == ("CHARGE_SUCCESS", None)
    # Another shopper holding the payment's ID learns no account from it; the order's transactions stay the staff's.
    sign_in(client, other_shopper)
    theirs = post(client, TRANSACTION_AUTHORS, id=gid("TransactionItem", item.token))["data"]["transactionProcess"]
    assert theirs["transaction"]["createdBy"] is None
    assert {event["createdBy"] for event in theirs["transaction"]["events"]} == {None}
    # The staff see both accounts.
    sign_in(client, manager)
    seen = post(client, TRANSACTION_AUTHORS, id=gid("TransactionItem", item.token))["data"]["transactionProcess"]
    assert seen["transaction"]["createdBy"] == {"__typename": "User", "email": shopper.email}
    assert seen["transaction"]["events"][-1]["createdBy"] == {"email": manager.email}
    sign_in(client, shopper)
    refused = post(client, "query($id: ID!) { order(id: $id) { transactions { id } } }", id=gid("Order", order.token))
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_the_staff_read_the_history_payments_authors_and_stock_for_a_fixed_number_of_queries(
    client, manager, variant, shipped_for, fulfilment, django_assert_num_queries
):
    from marketplace.orders.models import OrderEvent
    from marketplace.orders.services import send_order_email

    order = shipped_for(manager, [(variant, 2)])
    record_cash_collected(order, user=manager)
    send_order_email(order.pk, "fulfilled")
    sign_in(client, manager)
    # The token's account, the count, the page, lines, photos, parcels, the history, the transactions, the parcels'
    # lines, the transactions' events, the warehouse's stock count and page (the orders are the manager's own).
    with django_assert_num_queries(12) as one:
        [edge] = post(client, STAFF_HISTORY)["data"]["me"]["orders"]["edges"]
    node = edge["node"]
    events = {event["type"]: event for event in node["events"]}
    shipped = events["FULFILLMENT_FULFILLED_ITEMS"]
    assert (shipped["orderNumber"], shipped["composedId"], shipped["quantity"]) == (
        str(order.number), f"{order.number}-1", 2
    )  # fmt: skip
    assert shipped["fulfilledItems"] == [{"quantity": 2, "orderLine": {"productSku": "CT-NM-500"}}]
    assert shipped["warehouse"] == {"slug": fulfilment.slug}
    assert (events["EMAIL_SENT"]["email"], events["EMAIL_SENT"]["emailType"]) == (
        order.user_email, "FULFILLMENT_CONFIRMATION"
    )  # fmt: skip
    assert events["ORDER_FULLY_PAID"]["amount"] == order.total_amount
    # What our shop never records answers null, for every event.
    for event in node["events"]:
        never = ("invoiceNumber", "oversoldItems", "relatedOrder", "related", "discount", "reference", "app",
                 "shippingCostsIncluded", "lines", "paymentId", "paymentGateway", "transactionReference")  # fmt: skip
        for field in never:
            assert event[field] is None, (event["type"], field)
        if event["type"] not in ("EMAIL_SENT", "FULFILLMENT_FULFILLED_ITEMS"):
            assert event["email"] is event["emailType"] is event["composedId"] is event["fulfilledItems"] is None
    [payment] = node["transactions"]
    assert payment["createdBy"] == {"email": manager.email}  # the order's account opened it
    assert payment["paymentMethodDetails"] == {"__typename": "OtherPaymentMethodDetails",
                                               "name": "Thanh toán khi nhận hàng (COD)"}  # fmt: skip
    assert payment["events"][-1] == {"type": "CHARGE_SUCCESS", "reasonReference": None,
                                     "createdBy": {"email": manager.email}}  # fmt: skip
    [stock] = [edge["node"] for edge in node["fulfillments"][0]["warehouse"]["stocks"]["edges"]]
    assert stock["productVariant"]["sku"] == "CT-NM-500" and stock["quantity"] == 18
    assert OrderEvent.objects.filter(order=order, type="fulfillment_fulfilled_items").count() == 1

    for _ in range(3):
        more = shipped_for(manager, [(variant, 1)])
        record_cash_collected(more, user=manager)
    with django_assert_num_queries(len(one.captured_queries)):
        edges = post(client, STAFF_HISTORY)["data"]["me"]["orders"]["edges"]
    assert len(edges) == 4
    assert {edge["node"]["transactions"][0]["events"][-1]["createdBy"]["email"] for edge in edges} == {manager.email}
