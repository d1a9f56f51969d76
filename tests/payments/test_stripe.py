"""Card payments against localstripe, started on 127.0.0.1 by the fixture below; webhook signatures and replays."""

import contextlib
import hashlib
import hmac
import json
import time
from datetime import timedelta

import graphene
import psycopg
import pytest
import stripe
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.urls import reverse

from inventory.models import Stock
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.core.errors import DomainError
from marketplace.orders.models import Order, OrderChargeStatus, OrderReturn, OrderStatus
from marketplace.orders.services import fulfill_order
from marketplace.payments.models import TransactionEvent
from marketplace.payments.services import return_order
from marketplace.payments.stripe_payments import (
    expire_unpaid_card_orders,
    handle_webhook,
    refund_card_payment,
    start_card_payment,
    sync_card_payment,
)
from tests.graphql.checkout_api import sign_in

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "whsec_test_xu_quang"


@pytest.fixture(autouse=True)
def stripe_env(settings, localstripe_url):
    settings.STRIPE_SECRET_KEY = "sk_test_xu_quang"
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_xu_quang"
    settings.STRIPE_JS_URL = f"{localstripe_url}/js.stripe.com/v3/"
    return stripe.StripeClient("sk_test_xu_quang", base_addresses={"api": localstripe_url})


@pytest.fixture
def card_order(channel, variant, fill_details):
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=variant, quantity=2)
    fill_details(checkout)
    return complete_checkout(checkout, payment_method="stripe")


def _pay_in_browser(client, intent_id, payment_method):
    """What Stripe.js does in the shopper's browser: attach the card and confirm (a decline is shown there)."""
    client.v1.payment_intents.update(intent_id, params={"payment_method": payment_method})
    with contextlib.suppress(stripe.CardError):
        client.v1.payment_intents.confirm(intent_id)


def _signed(event: dict, *, secret=WEBHOOK_SECRET, timestamp=None) -> tuple[bytes, str]:
    payload = json.dumps(event).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, f"t={timestamp},v1={signature}"


def _event(intent_id, kind="payment_intent.succeeded", event_id="evt_1"):
    return {"id": event_id, "object": "event", "type": kind, "data": {"object": {"id": intent_id}}}


def test_a_card_payment_is_recorded_when_stripe_says_so_and_only_once(card_order, stripe_env):
    item, client_secret = start_card_payment(card_order)
    assert client_secret.startswith(item.psp_reference)
    intent = stripe_env.v1.payment_intents.retrieve(item.psp_reference)
    assert (intent.amount, intent.currency) == (270_000, "vnd")  # zero-decimal: whole đồng

    sync_card_payment(item)  # not paid yet: nothing changes
    card_order.refresh_from_db()
    assert card_order.charge_status == OrderChargeStatus.NONE

    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")
    sync_card_payment(item)
    sync_card_payment(item)

    card_order.refresh_from_db()
    item.refresh_from_db()
    assert card_order.charge_status == OrderChargeStatus.FULL
    assert card_order.total_charged_amount == item.charged_amount == 270_000
    assert item.events.filter(type=TransactionEvent.Type.CHARGE_SUCCESS).count() == 1


def test_starting_twice_reuses_the_payment_intent(card_order):
    first, _secret = start_card_payment(card_order)
    second, _secret = start_card_payment(card_order)
    assert first.pk == second.pk


def test_a_declined_card_leaves_the_order_unpaid(card_order, stripe_env):
    item, _secret = start_card_payment(card_order)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_chargeCustomerFail")  # charging is declined

    sync_card_payment(item)
    sync_card_payment(item)

    card_order.refresh_from_db()
    assert card_order.charge_status == OrderChargeStatus.NONE
    assert item.events.filter(type=TransactionEvent.Type.CHARGE_FAILURE).count() == 1
    assert card_order.lines.get().allocations.get().quantity_allocated == 2  # the goods stay held


def test_signed_webhooks_apply_once_however_often_they_come(card_order, stripe_env, client):
    item, _secret = start_card_payment(card_order)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")
    payload, signature = _signed(_event(item.psp_reference))
    late_failure = _signed(_event(item.psp_reference, "payment_intent.payment_failed", "evt_0"))

    url = reverse("payments:stripe_webhook")
    for body, header in [(payload, signature), (payload, signature), late_failure]:
        response = client.post(url, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
        assert response.status_code == 200

    card_order.refresh_from_db()
    assert card_order.charge_status == OrderChargeStatus.FULL
    assert card_order.total_charged_amount == 270_000
    assert item.events.filter(type=TransactionEvent.Type.CHARGE_SUCCESS).count() == 1
    assert not item.events.filter(type=TransactionEvent.Type.CHARGE_FAILURE).exists()


@pytest.mark.parametrize(
    "forge",
    [
        lambda event: _signed(event, secret="whsec_someone_else"),
        lambda event: _signed(event, timestamp=int(time.time()) - 3600),  # a replay from an hour ago
        lambda event: (json.dumps(event).encode(), ""),
    ],
)
def test_unsigned_or_stale_webhooks_are_refused(card_order, stripe_env, client, forge):
    item, _secret = start_card_payment(card_order)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")
    payload, header = forge(_event(item.psp_reference))

    with pytest.raises(DomainError) as refused:
        handle_webhook(payload, header)
    assert refused.value.code == "invalid_signature"
    response = client.post(
        reverse("payments:stripe_webhook"), payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 400
    card_order.refresh_from_db()
    assert card_order.charge_status == OrderChargeStatus.NONE


def test_paying_by_card_through_the_pages_confirms_the_order(
    client, variant, standard_delivery, stripe_env, localstripe_url
):
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 2})
    client.post(
        reverse("checkout:details"),
        {
            "email": "lan@example.com",
            "phone": "0901234567",
            "full_name": "Nguyễn Thị Lan",
            "street_address": "12 Lê Lợi",
            "ward_code": "26740",
            "shipping_method": standard_delivery.pk,
        },
    )
    assert "Thẻ (Stripe)" in client.get(reverse("checkout:summary")).content.decode()
    response = client.post(reverse("checkout:summary"), {"expected_total": 270_000, "payment_method": "stripe"})
    order = Order.objects.get()
    assert response.headers["Location"] == reverse("orders:pay_card", kwargs={"token": order.token})
    assert order.status == OrderStatus.UNCONFIRMED

    card_page = client.get(response.headers["Location"])
    # The card page alone lets Stripe.js (here localstripe) run, call its API and show its frames.
    policy = dict(part.strip().split(" ", 1) for part in card_page.headers["Content-Security-Policy"].split(";"))
    for directive in ("script-src", "connect-src", "frame-src"):
        assert policy[directive] == f"'self' {localstripe_url}"
    assert (
        localstripe_url
        not in client.get(reverse("orders:detail", kwargs={"token": order.token})).headers["Content-Security-Policy"]
    )
    assert "/js.stripe.com/v3/" in card_page.content.decode()
    assert not order.transactions.exists()  # showing the page creates nothing, at Stripe or here

    intent = client.post(response.headers["Location"], HTTP_ACCEPT="application/json")  # what the page's script does
    item = order.transactions.get()
    assert intent.json()["clientSecret"].startswith(item.psp_reference)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")
    return_url = reverse("orders:card_return", kwargs={"token": order.token})

    # Stripe's redirect back is a GET: it shows what Stripe says and changes nothing.
    shown = client.get(return_url)
    assert "Stripe đã nhận tiền cho đơn hàng này." in shown.content.decode()
    order.refresh_from_db()
    assert (order.status, order.charge_status) == (OrderStatus.UNCONFIRMED, OrderChargeStatus.NONE)

    back = client.post(return_url, follow=True)  # the page's script submits its form once Stripe.js confirmed

    assert "Đã thanh toán thẻ thành công" in back.content.decode()
    order.refresh_from_db()
    assert (order.status, order.charge_status) == (OrderStatus.UNFULFILLED, OrderChargeStatus.FULL)
    assert "Đơn hàng đã được thanh toán." in client.get(return_url).content.decode()


def test_the_payment_page_refuses_an_order_no_longer_payable(card_order, client):
    pay_url = reverse("orders:pay_card", kwargs={"token": card_order.token})
    client.post(reverse("orders:cancel", kwargs={"token": card_order.token}))

    assert client.get(pay_url).status_code == 302
    refused = client.post(pay_url)
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "not_payable"
    assert not card_order.transactions.exists()


def test_a_declined_card_is_shown_as_unpaid_on_return(card_order, stripe_env, client):
    item, _secret = start_card_payment(card_order)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_chargeCustomerFail")

    shown = client.get(reverse("orders:card_return", kwargs={"token": card_order.token}))

    assert "Thẻ chưa được thanh toán" in shown.content.decode()
    assert not item.events.filter(type=TransactionEvent.Type.CHARGE_FAILURE).exists()  # a GET records nothing


def test_refund_from_the_back_office(card_order, stripe_env, client, django_user_model):
    item, _secret = start_card_payment(card_order)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")
    sync_card_payment(item)
    manager = django_user_model.objects.create_user(
        username="quanly", email="quanly@example.com", password="x-pass-123", role="manager", is_staff=True
    )
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="orders"))
    client.force_login(manager)
    url = reverse("admin:orders_order_step", args=[card_order.pk, "refund"])

    too_much = client.post(url, {"amount": 300_000})
    assert "Chỉ có thể hoàn tối đa 270.000 ₫." in too_much.content.decode()
    assert client.post(url, {"amount": 70_000}).status_code == 302
    refund_card_payment(card_order, amount=200_000, user=manager)

    card_order.refresh_from_db()
    item.refresh_from_db()
    assert (card_order.total_charged_amount, card_order.charge_status) == (0, OrderChargeStatus.NONE)
    assert item.refunded_amount == 270_000
    assert item.events.filter(type=TransactionEvent.Type.REFUND_SUCCESS).count() == 2
    with pytest.raises(DomainError) as refused:
        refund_card_payment(card_order, amount=1)
    assert refused.value.code == "refund_too_large"

    # The order's history (the API's OrderEvent, the staff's) names the refunded payment, its gateway and Stripe's
    # refund id.
    refunds = item.events.filter(type=TransactionEvent.Type.REFUND_SUCCESS).order_by("pk")
    sign_in(client, manager)
    query = "query($token: UUID!) { orderByToken(token: $token) { events { type amount paymentId paymentGateway "
    query += "transactionReference } } }"
    body = client.post(
        "/graphql/", {"query": query, "variables": {"token": str(card_order.token)}}, content_type="application/json"
    ).json()
    refunded = [event for event in body["data"]["orderByToken"]["events"] if event["type"] == "PAYMENT_REFUNDED"]
    assert refunded == [
        {
            "type": "PAYMENT_REFUNDED",
            "amount": float(refund.amount),
            "paymentId": graphene.relay.Node.to_global_id("Payment", item.token),
            "paymentGateway": "saleor.app.payment.stripe",
            "transactionReference": refund.psp_reference,
        }
        for refund in refunds
    ]


def test_a_return_of_a_card_order_is_refunded_to_the_card_at_once(card_order, stripe_env, django_user_model):
    item, _secret = start_card_payment(card_order)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")
    sync_card_payment(item)
    fulfill_order(card_order)
    manager = django_user_model.objects.create_user(
        username="quanly", email="quanly@example.com", password="x-pass-123", role="manager", is_staff=True
    )

    returned = return_order(card_order, lines={card_order.lines.get(): 1}, restock=True, reason="Vỡ", user=manager)

    # 2 × 120.000 + 30.000 shipping were paid; one bottle back refunds its 120.000 to the card, shipping stays.
    assert (returned.refund_method, returned.status) == (
        OrderReturn.RefundMethod.CARD,
        OrderReturn.Status.REFUNDED_AND_RETURNED,
    )
    item.refresh_from_db()
    card_order.refresh_from_db()
    assert item.refunded_amount == 120_000
    assert returned.refund_reference == item.events.get(type=TransactionEvent.Type.REFUND_SUCCESS).psp_reference
    assert (card_order.total_charged_amount, card_order.status) == (150_000, OrderStatus.PARTIALLY_RETURNED)


def test_unpaid_card_orders_expire_and_their_payment_intent_is_canceled(card_order, stripe_env, variant):
    item, _secret = start_card_payment(card_order)
    later = card_order.created_at + timedelta(hours=3)
    assert expire_unpaid_card_orders(now=card_order.created_at + timedelta(minutes=30)) == []

    assert [order.pk for order in expire_unpaid_card_orders(now=later)] == [card_order.pk]

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.EXPIRED
    assert stripe_env.v1.payment_intents.retrieve(item.psp_reference).status == "canceled"
    assert item.events.filter(type=TransactionEvent.Type.CANCEL_SUCCESS).count() == 1
    assert card_order.lines.get().allocations.get().quantity_allocated == 0
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0


def test_a_card_paid_without_its_webhook_is_found_before_expiring(card_order, stripe_env):
    item, _secret = start_card_payment(card_order)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")

    assert expire_unpaid_card_orders(now=card_order.created_at + timedelta(hours=3)) == []

    card_order.refresh_from_db()
    assert (card_order.status, card_order.charge_status) == (OrderStatus.UNFULFILLED, OrderChargeStatus.FULL)


def test_canceling_a_card_order_cancels_its_payment_intent(card_order, stripe_env, client):
    item, _secret = start_card_payment(card_order)

    client.post(reverse("orders:cancel", kwargs={"token": card_order.token}))

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.CANCELED
    assert stripe_env.v1.payment_intents.retrieve(item.psp_reference).status == "canceled"
    item.refresh_from_db()
    assert (item.charge_pending_amount, item.canceled_amount) == (0, 270_000)


def test_a_card_order_paid_unseen_is_not_canceled_by_the_shopper(card_order, stripe_env, client):
    item, _secret = start_card_payment(card_order)
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")  # the webhook has not arrived

    response = client.post(reverse("orders:cancel", kwargs={"token": card_order.token}), follow=True)

    assert "vui lòng liên hệ cửa hàng" in response.content.decode()
    card_order.refresh_from_db()
    assert (card_order.status, card_order.charge_status) == (OrderStatus.UNFULFILLED, OrderChargeStatus.FULL)


# --- no row lock is held while Stripe is called ------------------------------------------------------------------


class LockProbe:
    """Runs at every HTTP call the Stripe library makes: from a second database connection it checks that ours is
    inside no transaction and that the order, payment and stock rows can be locked at once (FOR UPDATE NOWAIT).

    A probe of the test's own, not a stand-in for any of our code: the Stripe calls still reach localstripe."""

    ROWS = [
        "SELECT 1 FROM orders_order FOR UPDATE NOWAIT",
        "SELECT 1 FROM payments_transactionitem FOR UPDATE NOWAIT",
        "SELECT 1 FROM inventory_stock FOR UPDATE NOWAIT",
        "SELECT 1 FROM inventory_allocation FOR UPDATE NOWAIT",
    ]

    def __init__(self):
        self.calls, self.problems = [], []

    def install(self, monkeypatch):
        calling = stripe._http_client.HTTPClient.request_with_retries

        def probed(client, method, url, *args, **kwargs):
            self.check(f"{method.upper()} {url.split('/v1/', 1)[-1]}")
            return calling(client, method, url, *args, **kwargs)

        monkeypatch.setattr(stripe._http_client.HTTPClient, "request_with_retries", probed)

    def check(self, call: str) -> None:
        self.calls.append(call)
        ours = connection.connection.info.backend_pid if connection.connection is not None else None
        params = connection.settings_dict
        with psycopg.connect(
            dbname=params["NAME"],
            user=params["USER"],
            password=params["PASSWORD"] or None,
            host=params["HOST"] or params["OPTIONS"].get("host"),  # the embedded server: a socket folder
            port=params["PORT"] or None,
            autocommit=True,
        ) as probe:
            state = probe.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [ours]).fetchone()
            if state and state[0] != "idle":
                self.problems.append((call, f"our connection is {state[0]}"))
            for statement in self.ROWS:
                try:
                    probe.execute(statement)
                except psycopg.errors.LockNotAvailable:
                    self.problems.append((call, statement))


@pytest.fixture
def lock_probe(monkeypatch):
    probe = LockProbe()
    probe.install(monkeypatch)
    return probe


def _card_order_for(email, channel, variant, fill_details):
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=variant, quantity=1)
    fill_details(checkout, email=email)
    return complete_checkout(checkout, payment_method="stripe")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_probe_sees_a_lock_held_during_a_stripe_call(card_order, stripe_env, lock_probe):
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=card_order.pk)
        stripe_env.v1.payment_intents.list()

    assert ("GET payment_intents", "SELECT 1 FROM orders_order FOR UPDATE NOWAIT") in lock_probe.problems
    assert ("GET payment_intents", "our connection is idle in transaction") in lock_probe.problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_row_is_locked_while_stripe_is_called(
    card_order, stripe_env, lock_probe, client, channel, variant, fill_details, django_user_model
):
    # Paying through the pages, then the webhook, then a refund from the back office.
    pay_url = reverse("orders:pay_card", kwargs={"token": card_order.token})
    assert client.post(pay_url).status_code == 200
    item = card_order.transactions.get()
    _pay_in_browser(stripe_env, item.psp_reference, "pm_card_visa")
    client.post(reverse("orders:card_return", kwargs={"token": card_order.token}))
    body, header = _signed(_event(item.psp_reference))
    client.post(reverse("payments:stripe_webhook"), body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    manager = django_user_model.objects.create_user(
        username="quanly", email="quanly@example.com", password="x-pass-123", role="manager", is_staff=True
    )
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="orders"))
    client.force_login(manager)
    refund_url = reverse("admin:orders_order_step", args=[card_order.pk, "refund"])
    assert client.post(refund_url, {"amount": 70_000}).status_code == 302
    # A shopper cancels an unpaid card order; another expires.
    canceled = _card_order_for("huy@example.com", channel, variant, fill_details)
    start_card_payment(canceled)
    client.post(reverse("orders:cancel", kwargs={"token": canceled.token}))
    expiring = _card_order_for("het-han@example.com", channel, variant, fill_details)
    start_card_payment(expiring)
    expire_unpaid_card_orders(now=expiring.created_at + timedelta(hours=3))

    card_order.refresh_from_db()
    canceled.refresh_from_db()
    expiring.refresh_from_db()
    assert (card_order.charge_status, card_order.total_charged_amount) == (OrderChargeStatus.PARTIAL, 200_000)
    assert (canceled.status, expiring.status) == (OrderStatus.CANCELED, OrderStatus.EXPIRED)
    assert {"POST payment_intents", "POST refunds", f"POST payment_intents/{item.psp_reference}/confirm"} <= {
        call.split("?")[0] for call in lock_probe.calls
    }
    assert any(call.endswith("/cancel") for call in lock_probe.calls)
    assert lock_probe.problems == []
