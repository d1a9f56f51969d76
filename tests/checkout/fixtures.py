"""Fixtures shared by the checkout, orders and payments tests: products made through the catalogue services,
priced in the HCMC channel and received into the HCMC fulfilment warehouse through the stock ledger."""

import pytest
from django.conf import settings

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import create_product, create_variant, set_variant_price
from marketplace.channels.models import Channel
from marketplace.checkout.models import ShippingMethod
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout, set_checkout_details
from marketplace.payments.models import BankTransferAccount
from marketplace.producers.services import create_producer


@pytest.fixture
def channel(db):
    return Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)


@pytest.fixture
def fulfilment(db):
    return Warehouse.objects.get(slug=locations.FULFILMENT_HCM)


@pytest.fixture
def producer(db):
    return create_producer(name="HTX Cát Trắng", legal_form="cooperative", tax_code="4000111222")


@pytest.fixture
def category(db):
    return Category.objects.create(name="Thực phẩm", slug="thuc-pham")


@pytest.fixture
def make_variant(producer, category, channel, fulfilment):
    """A published product with one variant at `price`, with `stock` units received at the HCMC warehouse."""

    def make(name, *, sku, price, stock=0, limit=None):
        product = create_product(producer=producer, category=category, name=name, status=Product.Status.PUBLISHED)
        variant = create_variant(product=product, sku=sku, name="Chai 500 ml")
        if limit is not None:
            variant.quantity_limit_per_customer = limit
            variant.save(update_fields=["quantity_limit_per_customer"])
        set_variant_price(variant=variant, channel=channel, price_amount=price)
        if stock:
            receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, stock)])
        return variant

    return make


@pytest.fixture
def variant(make_variant):
    return make_variant("Nước mắm làng Bích Họa", sku="CT-NM-500", price=120_000, stock=20)


@pytest.fixture
def second_variant(make_variant):
    return make_variant("Bánh tráng Hải An", sku="HA-BT-01", price=45_000, stock=50)


SAIGON_WARD = "26740"  # Phường Sài Gòn


@pytest.fixture
def standard_delivery(channel):
    return ShippingMethod.objects.get(channel=channel, slug="tieu-chuan")


@pytest.fixture
def fill_details(standard_delivery):
    """Give a checkout valid contact, HCMC address and standard delivery."""

    def fill(checkout, *, email="khach@example.com", **overrides):
        details = {
            "email": email,
            "phone": "0901 234 567",
            "full_name": "Nguyễn Thị Lan",
            "street_address": "12 Lê Lợi",
            "ward_code": SAIGON_WARD,
            "shipping_method_id": standard_delivery.pk,
        } | overrides
        return set_checkout_details(checkout, **details)

    return fill


@pytest.fixture
def bank_account(channel):
    """The HCMC channel's account for VietQR transfers (a 24-hour payment window)."""
    return BankTransferAccount.objects.create(
        channel=channel,
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="1234567890",
        account_holder="CONG TY XU QUANG MARKET",
        payment_window_hours=24,
    )


@pytest.fixture
def place_order(channel, fill_details):
    """Run a whole guest checkout (cart → details → cash on delivery) and return the order."""

    def place(lines, *, email="khach@example.com", user=None):
        checkout = create_checkout(channel=channel, user=user)
        for variant, quantity in lines:
            add_to_checkout(checkout, variant=variant, quantity=quantity, user=user)
        fill_details(checkout, email=email)
        return complete_checkout(checkout, user=user)

    return place
