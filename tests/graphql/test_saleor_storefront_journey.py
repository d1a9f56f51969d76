"""A Saleor storefront, over HTTP only, against the running server: browse, search without diacritics, register,
sign in, fill a cart, give the address and the delivery, pay one order by card (localstripe) and one on delivery.
Then the back office shows both orders, and the stock ledger adds up.

It speaks only GraphQL through a socket, with the storefront-style operations under operations/, as a storefront
built for Saleor 3 would; it never touches our models until it checks the back office.
"""

import contextlib
import json
import urllib.error
import urllib.request

import pytest
import stripe
from django.test import Client
from django.urls import reverse

from inventory.selectors import ledger_discrepancies
from marketplace.accounts.services import create_user
from marketplace.orders.models import Order, OrderChargeStatus
from tests.graphql.checkout_api import SAIGON_ADDRESS, method_id, send
from tests.graphql.operations import operation as plain_operation
from tests.graphql.test_account_api import PASSWORD
from tests.graphql.test_account_api import operation as account_operation

CHANNEL = "sieu-thi-hcm"


class Response:
    def __init__(self, status_code: int, content: bytes):
        self.status_code, self.content = status_code, content

    def json(self):
        return json.loads(self.content)


class HttpStorefront:
    """The few calls of django.test.Client that the shared helpers make, sent over a real socket instead."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.defaults: dict[str, str] = {}

    def post(self, path, data, content_type="application/json", **_extra):
        headers = {"Content-Type": content_type}
        if "HTTP_AUTHORIZATION" in self.defaults:
            headers["Authorization"] = self.defaults["HTTP_AUTHORIZATION"]
        request = urllib.request.Request(self.base_url + path, json.dumps(data).encode(), headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return Response(answer.status, answer.read())
        except urllib.error.HTTPError as refused:
            return Response(refused.code, refused.read())

    def run(self, query: str, **variables) -> dict:
        response = self.post("/graphql/", {"query": query, "variables": variables})
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


def buy(storefront, variant_global_id, quantity, delivery) -> dict:
    """Cart, email, address and delivery, as a storefront's checkout pages set them one by one."""
    created = send(
        storefront,
        "CheckoutCreate",
        channel=CHANNEL,
        lines=[{"variantId": variant_global_id, "quantity": quantity}],
        email=None,
    )["checkoutCreate"]
    assert created["errors"] == []
    checkout_id = created["checkout"]["id"]
    assert (
        send(storefront, "CheckoutEmailUpdate", id=checkout_id, email="mai@example.com")["checkoutEmailUpdate"][
            "errors"
        ]
        == []
    )
    address = send(storefront, "CheckoutShippingAddressUpdate", id=checkout_id, address=SAIGON_ADDRESS)
    assert address["checkoutShippingAddressUpdate"]["errors"] == []
    chosen = send(storefront, "CheckoutDeliveryMethodUpdate", id=checkout_id, deliveryMethodId=method_id(delivery))
    assert chosen["checkoutDeliveryMethodUpdate"]["errors"] == []
    return chosen["checkoutDeliveryMethodUpdate"]["checkout"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_saleor_storefront_browses_registers_and_pays_over_http(
    live_server, variant, standard_delivery, stripe_settings, django_user_model
):
    storefront = HttpStorefront(live_server.url)

    # Browse: the grid, then a search typed without diacritics finds the product.
    listing = storefront.run(plain_operation("catalogue", "ProductList"), first=12, channel=CHANNEL)["products"]
    assert listing["totalCount"] >= 1
    product_name = variant.product.name
    plain_words = "nuoc mam" if "Nước mắm" in product_name else product_name.split()[0]
    found = storefront.run(plain_operation("catalogue", "ProductList"), first=12, channel=CHANNEL, search=plain_words)
    slugs = [edge["node"]["slug"] for edge in found["products"]["edges"]]
    assert variant.product.slug in slugs
    details = storefront.run(plain_operation("catalogue", "ProductDetails"), slug=variant.product.slug, channel=CHANNEL)
    variant_global_id = next(item["id"] for item in details["product"]["variants"] if item["sku"] == variant.sku)

    # Register and sign in: from now on the storefront sends the access token.
    registered = storefront.run(
        account_operation("Register"), input={"email": "mai@example.com", "password": PASSWORD, "channel": CHANNEL}
    )["accountRegister"]
    assert registered["errors"] == []
    signed_in = storefront.run(account_operation("SignIn"), email="mai@example.com", password=PASSWORD)["tokenCreate"]
    assert signed_in["errors"] == []
    storefront.defaults["HTTP_AUTHORIZATION"] = f"Bearer {signed_in['token']}"

    # One order paid by card: the storefront starts the payment, Stripe.js confirms it, the storefront processes.
    checkout = buy(storefront, variant_global_id, 2, standard_delivery)
    total = checkout["totalPrice"]["gross"]["amount"]
    started = send(
        storefront, "TransactionInitialize", id=checkout["id"], gateway="saleor.app.payment.stripe", amount=total
    )
    started = started["transactionInitialize"]
    assert started["errors"] == []
    intent_id = started["data"]["paymentIntent"]["id"]
    stripe_settings.v1.payment_intents.update(intent_id, params={"payment_method": "pm_card_visa"})
    with contextlib.suppress(stripe.CardError):
        stripe_settings.v1.payment_intents.confirm(intent_id)
    processed = send(storefront, "TransactionProcess", id=started["transaction"]["id"])["transactionProcess"]
    assert processed["errors"] == [] and processed["transaction"]["order"]["isPaid"] is True
    card_order = send(storefront, "CheckoutComplete", id=checkout["id"])["checkoutComplete"]["order"]

    # One order paid on delivery: checkoutComplete without a transaction.
    checkout = buy(storefront, variant_global_id, 1, standard_delivery)
    completed = send(storefront, "CheckoutComplete", id=checkout["id"])["checkoutComplete"]
    assert completed["errors"] == []
    cod_order = completed["order"]

    # The shopper's account lists both orders.
    history = storefront.run(account_operation("OrderHistory"), first=10)["me"]["orders"]["edges"]
    assert {edge["node"]["number"] for edge in history} == {card_order["number"], cod_order["number"]}

    # The back office shows them, the card one paid, and the ledger adds up.
    orders = list(Order.objects.filter(user_email="mai@example.com").order_by("number"))
    assert [str(order.number) for order in orders] == sorted([card_order["number"], cod_order["number"]], key=int)
    assert orders[0].charge_status == OrderChargeStatus.FULL and orders[1].charge_status == OrderChargeStatus.NONE
    manager = create_user(email="quanly@example.com", password=PASSWORD, role="manager")
    back_office = Client()
    back_office.force_login(manager)
    listing = back_office.get(reverse("admin:orders_order_changelist")).content.decode()
    for order in orders:
        assert reverse("admin:orders_order_change", args=[order.pk]) in listing
    assert ledger_discrepancies() == []
