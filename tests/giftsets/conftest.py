"""A Tết gift box made of three producers' goods, priced online and at the Hội An kiosk, with stock of its parts
at both places. Every figure the tests expect is worked out by hand from the numbers here."""

import pytest
from django.conf import settings

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.accounts.models import User
from marketplace.accounts.services import create_user
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import (
    add_gift_set_component,
    create_product,
    create_variant,
    list_product_in_channel,
    set_variant_price,
)
from marketplace.channels.models import Channel
from marketplace.producers.services import create_producer

# (kiosk price, online price) of each part, and of the set itself.
TEA_PRICES = (90_000, 95_000)
FISH_SAUCE_PRICES = (85_000, 120_000)
RICE_PAPER_PRICES = (30_000, 45_000)
SET_PRICES = (280_000, 350_000)


@pytest.fixture
def online(db):
    return Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)


@pytest.fixture
def kiosk_channel(db):
    return Channel.objects.get(slug=locations.KIOSK_HOI_AN)


@pytest.fixture
def hoi_an(db):
    return Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)


@pytest.fixture
def fulfilment(db):
    return Warehouse.objects.get(slug=locations.FULFILMENT_HCM)


@pytest.fixture
def manager(db):
    return create_user(email="quanly@xuquang.test", password="mat-khau-dai-123", role="manager")


@pytest.fixture
def staff_hoi_an(hoi_an):
    return User.objects.create_user(
        username="lan.hoian", email="lan@xuquang.test", password="mk-123456", role="kiosk_staff", kiosk=hoi_an
    )


@pytest.fixture
def category(db):
    return Category.objects.create(name="Thực phẩm", slug="thuc-pham")


@pytest.fixture
def producers(db):
    return {
        "tea": create_producer(name="HTX Trà rừng Cù Lao Chàm", legal_form="cooperative", commission_rate=10),
        "fish": create_producer(name="HTX Cát Trắng", legal_form="cooperative", commission_rate=15),
        "paper": create_producer(name="HKD Bánh tráng Hải An", legal_form="household", commission_rate=20),
        "programme": create_producer(name="Xứ Quảng Market (hộp quà)", legal_form="company", commission_rate=0),
    }


def _part(producer, category, online, kiosk_channel, name, sku, prices):
    product = create_product(producer=producer, category=category, name=name, status=Product.Status.PUBLISHED)
    variant = create_variant(product=product, sku=sku)
    for channel, price in zip((kiosk_channel, online), prices, strict=True):
        list_product_in_channel(product=product, channel=channel)
        set_variant_price(variant=variant, channel=channel, price_amount=price)
    return variant


@pytest.fixture
def parts(producers, category, online, kiosk_channel):
    return {
        "tea": _part(producers["tea"], category, online, kiosk_channel, "Trà rừng Cù Lao Chàm", "CLC-TRA", TEA_PRICES),
        "fish": _part(
            producers["fish"], category, online, kiosk_channel, "Nước mắm làng Bích Họa", "CT-NM", FISH_SAUCE_PRICES
        ),
        "paper": _part(
            producers["paper"], category, online, kiosk_channel, "Bánh tráng Hải An", "HA-BT", RICE_PAPER_PRICES
        ),
    }


@pytest.fixture
def gift_set(producers, category, parts, online, kiosk_channel, manager):
    """One tea, two bottles of fish sauce and one rice paper in each box."""
    product = create_product(
        producer=producers["programme"],
        category=category,
        name="Hộp quà Tết xứ Quảng",
        status=Product.Status.PUBLISHED,
        is_gift_set=True,
    )
    variant = create_variant(product=product, sku="QT-TET")
    for channel, price in zip((kiosk_channel, online), SET_PRICES, strict=True):
        list_product_in_channel(product=product, channel=channel)
        set_variant_price(variant=variant, channel=channel, price_amount=price)
    for order, (name, quantity) in enumerate((("tea", 1), ("fish", 2), ("paper", 1))):
        add_gift_set_component(
            gift_set=product, component=parts[name], quantity=quantity, user=manager, sort_order=order
        )
    return variant


@pytest.fixture
def stocked(producers, parts, hoi_an, fulfilment):
    """Hội An: 5 tea, 9 fish sauce, 10 rice paper (4 boxes: fish sauce is scarcest, 9 // 2).
    HCMC: 3 tea, 10 fish sauce, 2 rice paper (2 boxes: rice paper is scarcest)."""
    for place, counts in ((hoi_an, (5, 9, 10)), (fulfilment, (3, 10, 2))):
        for name, count in zip(("tea", "fish", "paper"), counts, strict=True):
            receive_goods(warehouse=place, producer=producers[name], lines=[(parts[name], count)])
