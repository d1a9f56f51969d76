"""Catalogue fixtures built through the services, so the tests exercise the same write path as the faces."""

import pytest
from django.conf import settings

from marketplace.catalogue.models import Category
from marketplace.catalogue.services import create_product, create_variant
from marketplace.channels.models import Channel
from marketplace.producers.services import create_producer


@pytest.fixture
def producer(db):
    return create_producer(name="HTX Nông nghiệp Trà Quế", legal_form="cooperative", tax_code="4000123456")


@pytest.fixture
def category(db):
    return Category.objects.create(name="Thực phẩm", slug="thuc-pham")


@pytest.fixture
def product(producer, category):
    return create_product(producer=producer, category=category, name="Rau Trà Quế sấy khô")


@pytest.fixture
def variant(product):
    return create_variant(product=product, sku="TQ-RAU-100", name="Gói 100 g", barcode="8930000000019")


@pytest.fixture
def online_channel(db):
    return Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded originals and thumbnails go to a folder of this test alone."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
