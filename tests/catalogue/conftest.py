"""Catalogue fixtures built through the services, so the tests exercise the same write path as the faces."""

import pytest
from django.conf import settings

from marketplace.catalogue.models import Category, Product
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
def published_product(producer, category):
    return create_product(
        producer=producer, category=category, name="Trà Quế sấy khô đã duyệt", status=Product.Status.PUBLISHED
    )


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


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    user = django_user_model.objects.create_superuser("quanly", "quanly@example.vn", "mat-khau-dai-123")
    client.force_login(user)
    return client


@pytest.fixture
def make_products(producer, category, online_channel):
    """n more products, each with two priced variants, a certificate and a photo-less listing."""
    import datetime

    from marketplace.catalogue.services import add_ocop_certificate, set_variant_price

    def make(n):
        start = Product.objects.count()
        for index in range(start, start + n):
            product = create_product(producer=producer, category=category, name=f"Sản phẩm {index}")
            for size in ("nho", "lon"):
                variant = create_variant(product=product, sku=f"SP-{index}-{size}")
                set_variant_price(variant=variant, channel=online_channel, price_amount=10_000 + index)
            add_ocop_certificate(
                product=product,
                stars=3,
                score=60,
                decision_number=f"{index}/QĐ",
                decision_date=datetime.date(2024, 1, 1),
                authority="UBND tỉnh Quảng Nam",
            )

    return make
