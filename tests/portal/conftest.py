"""Two producers (A and B) with a member each, a manager, and products built through the services."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.accounts.services import create_user
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import create_product, create_variant, set_variant_price
from marketplace.channels.models import Channel
from marketplace.producers.services import create_producer
from tests.catalogue.imagefiles import encoded, two_tone
from tests.pdf import tiny_pdf

PASSWORD = "Nuoc-mam-Cua-Khe-2026"


def photo(name="anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, encoded(two_tone(), "JPEG"), content_type="image/jpeg")


def pdf(name="quyet-dinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(), content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def channel(db):
    return Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)


@pytest.fixture
def category(db):
    return Category.objects.create(name="Thực phẩm", slug="thuc-pham")


@pytest.fixture
def producer_a(db):
    return create_producer(name="HTX Cát Trắng", legal_form="cooperative", tax_code="4000111111")


@pytest.fixture
def producer_b(db):
    return create_producer(name="Cty Sâm Ngọc Linh", legal_form="company", tax_code="4000222222")


@pytest.fixture
def member_a(producer_a):
    return create_user(email="a@htx.vn", password=PASSWORD, role="producer", producer=producer_a, first_name="Thanh")


@pytest.fixture
def member_b(producer_b):
    return create_user(email="b@sam.vn", password=PASSWORD, role="producer", producer=producer_b)


@pytest.fixture
def manager(db):
    return create_user(email="quanly@xuquang.vn", password=PASSWORD, role="manager", first_name="Minh")


@pytest.fixture
def client_a(client, member_a):
    client.force_login(member_a)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def make_product(producer, category, channel, *, name, sku, price=95_000, status=Product.Status.DRAFT):
    product = create_product(producer=producer, category=category, name=name, status=status)
    variant = create_variant(product=product, sku=sku, name="Chai 500 ml")
    set_variant_price(variant=variant, channel=channel, price_amount=price)
    return product


@pytest.fixture
def draft_a(producer_a, category, channel):
    return make_product(producer_a, category, channel, name="Nước mắm làng Bích Họa", sku="CT-NM-500")


@pytest.fixture
def live_a(producer_a, category, channel):
    return make_product(
        producer_a, category, channel, name="Nước mắm Cát Trắng nhĩ", sku="CT-NHI-500", status=Product.Status.PUBLISHED
    )


@pytest.fixture
def draft_b(producer_b, category, channel):
    return make_product(producer_b, category, channel, name="Trà sâm Ngọc Linh", sku="SNL-TRA-20", price=250_000)
