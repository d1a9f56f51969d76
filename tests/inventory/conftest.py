"""Inventory fixtures: products are made through the catalogue services; locations come from the data migration."""

import pytest

from inventory import locations
from inventory.models import Warehouse
from marketplace.catalogue.models import Category
from marketplace.catalogue.services import create_product, create_variant
from marketplace.producers.services import create_producer


@pytest.fixture
def producer(db):
    return create_producer(name="HTX Cát Trắng", legal_form="cooperative", tax_code="4000111222")


@pytest.fixture
def other_producer(db):
    return create_producer(name="Công ty TNHH Sâm Sâm", legal_form="company", tax_code="4000333444")


@pytest.fixture
def category(db):
    return Category.objects.create(name="Thực phẩm", slug="thuc-pham")


@pytest.fixture
def variant(producer, category):
    product = create_product(producer=producer, category=category, name="Nước mắm làng Bích Họa")
    return create_variant(product=product, sku="CT-NM-500", name="Chai 500 ml")


@pytest.fixture
def second_variant(producer, category):
    product = create_product(producer=producer, category=category, name="Nước mắm cốt nhĩ")
    return create_variant(product=product, sku="CT-NM-250", name="Chai 250 ml")


@pytest.fixture
def foreign_variant(other_producer, category):
    product = create_product(producer=other_producer, category=category, name="Sâm Ngọc Linh SAPHRATON")
    return create_variant(product=product, sku="SS-SAM-01")


def _place(slug):
    return Warehouse.objects.get(slug=slug)


@pytest.fixture
def fulfilment(db):
    return _place(locations.FULFILMENT_HCM)


@pytest.fixture
def kiosk(db):
    return _place(locations.KIOSK_HOI_AN)


@pytest.fixture
def other_kiosk(db):
    return _place(locations.KIOSK_TAM_KY)


@pytest.fixture
def supplier(db):
    return _place(locations.SUPPLIER)


@pytest.fixture
def customer(db):
    return _place(locations.CUSTOMER)


@pytest.fixture
def loss(db):
    return _place(locations.LOSS)


@pytest.fixture
def transit(db):
    return _place(locations.TRANSIT)
