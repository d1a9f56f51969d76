"""POS fixtures: goods priced in the Hội An kiosk channel and received there, staff of two kiosks, a manager."""

import pytest

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.accounts.models import User
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import create_product, create_variant, set_variant_price
from marketplace.channels.models import Channel
from marketplace.producers.services import create_producer


@pytest.fixture
def hoi_an(db):
    return Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)


@pytest.fixture
def tam_ky(db):
    return Warehouse.objects.get(slug=locations.KIOSK_TAM_KY)


@pytest.fixture
def customer(db):
    return Warehouse.objects.get(slug=locations.CUSTOMER)


def _staff(username, kiosk):
    return User.objects.create_user(
        username=username, email=f"{username}@xuquang.test", password="mat-khau-123", role="kiosk_staff", kiosk=kiosk
    )


@pytest.fixture
def staff_hoi_an(hoi_an):
    return _staff("lan.hoian", hoi_an)


@pytest.fixture
def staff_tam_ky(tam_ky):
    return _staff("binh.tamky", tam_ky)


@pytest.fixture
def manager(db):
    return User.objects.create_user(
        username="quanly", email="quanly@xuquang.test", password="mat-khau-123", role="manager"
    )


@pytest.fixture
def producer(db):
    return create_producer(name="HTX Cát Trắng", legal_form="cooperative", tax_code="4000111222")


@pytest.fixture
def category(db):
    return Category.objects.create(name="Thực phẩm", slug="thuc-pham")


def _variant(producer, category, name, sku, barcode, price):
    product = create_product(producer=producer, category=category, name=name, status=Product.Status.PUBLISHED)
    variant = create_variant(product=product, sku=sku, name="Chai 500 ml", barcode=barcode)
    for slug in (locations.KIOSK_HOI_AN, locations.KIOSK_TAM_KY):
        set_variant_price(variant=variant, channel=Channel.objects.get(slug=slug), price_amount=price)
    return variant


@pytest.fixture
def fish_sauce(producer, category):
    return _variant(producer, category, "Nước mắm làng Bích Họa", "CT-NM-500", "8930000000019", 85_000)


@pytest.fixture
def sesame_oil(producer, category):
    return _variant(producer, category, "Dầu mè đen Bảo Tâm", "BT-DM-250", "8930000000026", 120_000)


@pytest.fixture
def stocked(hoi_an, producer, fish_sauce, sesame_oil):
    """Ten of each item on the Hội An shelf."""
    receive_goods(warehouse=hoi_an, producer=producer, lines=[(fish_sauce, 10), (sesame_oil, 10)])
