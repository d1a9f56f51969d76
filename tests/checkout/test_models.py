"""The data migration gives every database the HCMC delivery methods; the wards list is complete."""

import pytest
from django.conf import settings
from django.db import IntegrityError

from marketplace.channels.models import Channel
from marketplace.checkout.models import Checkout, CheckoutLine, ShippingMethod
from marketplace.core.hcmc_wards import HCMC_WARDS

pytestmark = pytest.mark.django_db


def test_hcmc_channel_has_standard_and_express_delivery():
    channel = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    methods = {method.slug: method for method in ShippingMethod.objects.filter(channel=channel)}
    assert set(methods) == {"tieu-chuan", "nhanh"}
    standard = methods["tieu-chuan"]
    assert standard.price_for_subtotal(standard.free_shipping_threshold_amount - 1) == standard.price_amount
    assert standard.price_for_subtotal(standard.free_shipping_threshold_amount) == 0
    assert methods["nhanh"].price_for_subtotal(10_000_000) == methods["nhanh"].price_amount


def test_hcmc_has_168_units_with_unique_codes():
    codes = [code for code, _name in HCMC_WARDS]
    assert len(codes) == 168 == len(set(codes))
    assert ("26740", "Phường Sài Gòn") in HCMC_WARDS


def test_checkout_line_quantity_must_be_positive(variant):
    checkout = Checkout.objects.create(channel=Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG))
    with pytest.raises(IntegrityError):
        CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=0)
