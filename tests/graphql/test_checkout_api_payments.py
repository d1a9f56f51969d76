"""Paying through Saleor's Transactions API: a card through localstripe, a VietQR transfer, cash on delivery."""

import contextlib

import pytest
import stripe
from graphql_relay import from_global_id

from inventory.models import Stock
from inventory.selectors import ledger_discrepancies
from marketplace.orders.models import Order, OrderChargeStatus, OrderStatus
from marketplace.orders.selectors import order_by_token
from marketplace.payments.models import PaymentMethod
from marketplace.payments.vietqr import crc16_ccitt_false
from tests.graphql.checkout_api import SAIGON_ADDRESS, codes, create, method_id, ready_for_delivery, send

pytestmark = pytest.mark.django_db


def test_a_card_checkout_through_localstripe(client, variant, standard_delivery, stripe_settings):
    checkout = ready_for_delivery(client, create(client, (variant, 2)), standard_delivery)
    total = checkout["totalPrice"]["gross"]["amount"]
    gateways = {gateway["id"]: gateway for gateway in checkout["availablePaymentGateways"]}
    assert set(gateways) == {"xq.payments.cod", "saleor.app.payment.stripe"}

    configs = send(
        client, "PaymentGatewayInitialize", id=checkout["id"], gateways=[{"id": "saleor.app.payment.stripe"}]
    )["paymentGatewayInitialize"]
    assert configs["gatewayConfigs"] == [
        {"id": "saleor.app.payment.stripe", "data": {"publishableKey": "pk_test_xu_quang"}, "errors": []}
    ]

    started = send(
        client, "TransactionInitialize", id=checkout["id"], gateway="saleor.app.payment.stripe", amount=total
    )
    started = started["transactionInitialize"]
    assert started["errors"] == []
    intent_id = started["data"]["paymentIntent"]["id"]
    assert started["data"]["paymentIntent"]["client_secret"].startswith(intent_id)
    assert started["transaction"]["chargePendingAmount"]["amount"] == total
    assert started["transaction"]["order"]["status"] == "UNCONFIRMED"
    assert started["transactionEvent"]["type"] == "CHARGE_REQUEST"
    assert stripe_settings.v1.payment_intents.retrieve(intent_id).amount == total  # VND is zero-decimal

    # Stripe.js in the shopper's browser confirms the card; the storefront then asks us to process.
    stripe_settings.v1.payment_intents.update(intent_id, params={"payment_method": "pm_card_visa"})
    with contextlib.suppress(stripe.CardError):
        stripe_settings.v1.payment_intents.confirm(intent_id)
    processed = send(client, "TransactionProcess", id=started["transaction"]["id"])["transactionProcess"]
    assert processed["errors"] == []
    assert processed["transaction"]["chargedAmount"]["amount"] == total
    assert processed["transaction"]["order"]["status"] == "UNFULFILLED"
    assert processed["transaction"]["order"]["isPaid"] is True
    assert processed["transaction"]["order"]["authorizeStatus"] == "FULL"  # charged covers the total
    assert processed["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    # Processing again records nothing twice.
    again = send(client, "TransactionProcess", id=started["transaction"]["id"])["transactionProcess"]
    assert [event["type"] for event in again["transaction"]["events"]] == ["CHARGE_REQUEST", "CHARGE_SUCCESS"]

    completed = send(client, "CheckoutComplete", id=checkout["id"])["checkoutComplete"]
    assert completed["errors"] == []
    assert completed["order"]["id"] == started["transaction"]["order"]["id"]
    order = order_by_token(from_global_id(completed["order"]["id"]).id)
    assert (order.status, order.charge_status, order.total_charged_amount) == (
        OrderStatus.UNFULFILLED,
        OrderChargeStatus.FULL,
        total,
    )
    assert [item.method for item in order.transactions.all()] == [PaymentMethod.STRIPE]
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2
    assert ledger_discrepancies() == []


def test_a_declined_card_leaves_the_order_waiting_for_another_card(client, variant, standard_delivery, stripe_settings):
    checkout = ready_for_delivery(client, create(client, (variant, 1)), standard_delivery)
    started = send(client, "TransactionInitialize", id=checkout["id"], gateway="saleor.app.payment.stripe")
    started = started["transactionInitialize"]
    intent_id = started["data"]["paymentIntent"]["id"]
    stripe_settings.v1.payment_intents.update(intent_id, params={"payment_method": "pm_card_chargeCustomerFail"})
    with contextlib.suppress(stripe.CardError):
        stripe_settings.v1.payment_intents.confirm(intent_id)

    processed = send(client, "TransactionProcess", id=started["transaction"]["id"])["transactionProcess"]
    assert processed["transaction"]["chargedAmount"]["amount"] == 0
    assert processed["transaction"]["order"]["isPaid"] is False
    assert processed["transaction"]["order"]["authorizeStatus"] == "NONE"
    assert processed["transaction"]["order"]["totalAuthorized"]["amount"] == 0
    assert processed["transactionEvent"]["type"] == "CHARGE_FAILURE"
    # The storefront retries on the order: the same PaymentIntent comes back.
    order_id = started["transaction"]["order"]["id"]
    retry = send(client, "TransactionInitialize", id=order_id, gateway="saleor.app.payment.stripe")
    assert retry["transactionInitialize"]["data"]["paymentIntent"]["id"] == intent_id


def test_a_vietqr_transfer_returns_the_qr_and_the_transfer_text(client, variant, standard_delivery, bank_account):
    checkout = ready_for_delivery(client, create(client, (variant, 1)), standard_delivery)
    assert {gateway["id"] for gateway in checkout["availablePaymentGateways"]} == {
        "xq.payments.cod",
        "xq.payments.vietqr",
    }
    started = send(client, "TransactionInitialize", id=checkout["id"], gateway="xq.payments.vietqr")
    started = started["transactionInitialize"]
    assert started["errors"] == []
    order = Order.objects.get()
    data = started["data"]
    assert data["transferText"] == f"DH{order.number}"
    assert (data["amount"], data["bankBin"], data["accountNumber"]) == (order.total_amount, "970436", "1234567890")
    payload = data["qrPayload"]
    assert f"54{len(str(order.total_amount)):02d}{order.total_amount}" in payload
    assert payload[-4:] == f"{crc16_ccitt_false(payload[:-4].encode()):04X}"
    assert order.status == OrderStatus.UNCONFIRMED  # waits for the money, holding its stock
    assert started["transaction"]["chargePendingAmount"]["amount"] == order.total_amount


def test_cash_on_delivery_through_transaction_initialize(client, variant, standard_delivery, stripe_settings):
    checkout = ready_for_delivery(client, create(client, (variant, 1)), standard_delivery)
    started = send(client, "TransactionInitialize", id=checkout["id"], gateway="xq.payments.cod")
    assert started["transactionInitialize"]["errors"] == []
    assert started["transactionInitialize"]["data"] == {}
    assert Order.objects.get().status == OrderStatus.UNFULFILLED
    # Asking to pay the same checkout by card afterwards is refused: it is already an order paid in cash.
    again = send(client, "TransactionInitialize", id=checkout["id"], gateway="saleor.app.payment.stripe")
    assert codes(again["transactionInitialize"]) == ["INVALID"]
    assert [item.method for item in Order.objects.get().transactions.all()] == [PaymentMethod.CASH_ON_DELIVERY]


def test_payment_mutations_answer_bad_input_as_errors(client, variant, standard_delivery):
    checkout = ready_for_delivery(client, create(client, (variant, 1)), standard_delivery)
    bad_gateway = send(client, "TransactionInitialize", id=checkout["id"], gateway="mirumee.payments.dummy")
    assert codes(bad_gateway["transactionInitialize"]) == ["NOT_FOUND"]
    wrong_amount = send(client, "TransactionInitialize", id=checkout["id"], gateway="xq.payments.cod", amount=1)
    assert codes(wrong_amount["transactionInitialize"]) == ["INVALID"]
    assert not Order.objects.exists()
    for hostile in ("not-an-id", "UHJvZHVjdDox", "Q2hlY2tvdXQ6eA==", "\x00"):
        result = send(client, "TransactionInitialize", id=hostile, gateway="xq.payments.cod")
        assert codes(result["transactionInitialize"]) == ["INVALID"], hostile
        result = send(client, "TransactionProcess", id=hostile)
        assert codes(result["transactionProcess"]) == ["INVALID"], hostile
        result = send(client, "PaymentGatewayInitialize", id=hostile)
        assert codes(result["paymentGatewayInitialize"]) == ["INVALID"], hostile


def test_paying_by_card_needs_an_email_as_on_the_pages(client, variant, standard_delivery, stripe_settings):
    checkout = create(client, (variant, 1))
    send(client, "CheckoutShippingAddressUpdate", id=checkout["id"], address=SAIGON_ADDRESS)
    send(client, "CheckoutDeliveryMethodUpdate", id=checkout["id"], deliveryMethodId=method_id(standard_delivery))
    refused = send(client, "TransactionInitialize", id=checkout["id"], gateway="saleor.app.payment.stripe")
    errors = refused["transactionInitialize"]["errors"]
    assert [(error["code"], error["field"]) for error in errors] == [("INVALID", "email")]
    assert not Order.objects.exists()
