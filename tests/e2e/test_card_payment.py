"""Paying by card in a real browser, against localstripe and its stand-in for Stripe.js: the page's script POSTs
for the PaymentIntent (with the CSRF token), Stripe.js runs the bank's check, and the form's POST to the return
page records the payment that Stripe reports."""

import re

import pytest
import stripe
from playwright.sync_api import expect

from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.orders.models import OrderChargeStatus, OrderStatus
from marketplace.payments.stripe_payments import start_card_payment
from tests.e2e.pages import landed

pytestmark = pytest.mark.e2e


@pytest.fixture
def stripe_settings(settings, localstripe_url):
    settings.STRIPE_SECRET_KEY = "sk_test_xu_quang"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_xu_quang"
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_JS_URL = f"{localstripe_url}/js.stripe.com/v3/"
    return stripe.StripeClient("sk_test_xu_quang", base_addresses={"api": localstripe_url})


def test_a_shopper_pays_by_card_with_the_banks_check(page, stripe_settings, channel, variant, fill_details):
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=variant, quantity=2)
    fill_details(checkout)
    order = complete_checkout(checkout, payment_method="stripe")
    # A card that needs the bank's check (3-D Secure): Stripe.js then asks the shopper, here in localstripe's dialog.
    item, _secret = start_card_payment(order)
    card = stripe_settings.v1.payment_methods.create(
        params={"type": "card", "card": {"number": "4000000000003220", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
    )
    stripe_settings.v1.payment_intents.update(item.psp_reference, params={"payment_method": card.id})
    stripe_settings.v1.payment_intents.confirm(item.psp_reference)

    page.goto(f"/don-hang/{order.token}/the/")
    page.get_by_role("button", name="Thanh toán 270.000 ₫").click()
    page.get_by_role("button", name="Complete authentication").click()

    expect(page).to_have_url(re.compile(rf"/don-hang/{order.token}/$"))
    landed(page, f"Đơn hàng #{order.number}")
    expect(page.locator(".messages")).to_contain_text("Đã thanh toán thẻ thành công")
    order.refresh_from_db()
    assert (order.status, order.charge_status) == (OrderStatus.UNFULFILLED, OrderChargeStatus.FULL)
    assert order.transactions.count() == 1  # the page's POST reused the PaymentIntent
