import pytest
from django.db import IntegrityError, transaction

from marketplace.catalogue.models import Product
from marketplace.catalogue.services import create_product, create_variant, set_variant_price
from marketplace.channels.models import ProductChannelListing, ProductVariantChannelListing
from marketplace.core.errors import DomainError


def test_slug_comes_from_the_name_without_diacritics_and_is_unique(producer, category):
    first = create_product(producer=producer, category=category, name="Nước mắm Cửa Khe")
    second = create_product(producer=producer, category=category, name="Nước  mắm Cửa Khe")
    assert first.slug == "nuoc-mam-cua-khe"
    assert second.slug == "nuoc-mam-cua-khe-2"
    assert second.name == "Nước mắm Cửa Khe"  # inner white space folded at the boundary


def test_given_slug_that_is_taken_is_refused(product, producer, category):
    with pytest.raises(DomainError) as caught:
        create_product(producer=producer, category=category, name="Khác", slug=product.slug)
    assert caught.value.field == "slug"


def test_name_is_stored_in_nfc(producer, category):
    decomposed = "Tra\u0300 Que\u0302\u0301"  # "Trà Quế" typed with combining marks
    product = create_product(producer=producer, category=category, name=decomposed)
    assert product.name == "Trà Quế"


def test_over_long_name_is_refused_with_a_vietnamese_message(producer, category):
    with pytest.raises(DomainError) as caught:
        create_product(producer=producer, category=category, name="Sâm " * 100)
    assert caught.value.field == "name"
    assert caught.value.code == "max_length"
    assert "250" in str(caught.value.message)
    assert not Product.objects.exists()


def test_valid_ean13_is_accepted(product):
    variant = create_variant(product=product, sku="SKU-1", barcode="8931234567897")
    assert variant.barcode == "8931234567897"


@pytest.mark.parametrize(
    ("barcode", "code"),
    [
        ("8931234567890", "invalid_barcode_check_digit"),
        ("893123456789", "invalid_barcode"),
        ("89312345678AB", "invalid_barcode"),
    ],
)
def test_invalid_ean13_is_refused(product, barcode, code):
    with pytest.raises(DomainError) as caught:
        create_variant(product=product, sku="SKU-1", barcode=barcode)
    assert caught.value.field == "barcode"
    assert caught.value.code == code


def test_duplicate_barcode_is_refused(variant, product):
    with pytest.raises(DomainError) as caught:
        create_variant(product=product, sku="SKU-2", barcode=variant.barcode)
    assert caught.value.code == "duplicate_barcode"


def test_price_is_set_and_product_listed_in_the_channel(variant, online_channel):
    listing = set_variant_price(variant=variant, channel=online_channel, price_amount=85_000)
    assert listing.price_amount == 85_000
    assert ProductChannelListing.objects.filter(product=variant.product, channel=online_channel).count() == 1

    again = set_variant_price(variant=variant, channel=online_channel, price_amount=90_000)
    assert again.pk == listing.pk
    assert ProductVariantChannelListing.objects.get(pk=listing.pk).price_amount == 90_000
    assert ProductChannelListing.objects.filter(product=variant.product, channel=online_channel).count() == 1


@pytest.mark.parametrize("amount", [-1, 12.5, True])
def test_negative_or_non_integer_price_is_refused(variant, online_channel, amount):
    with pytest.raises(DomainError) as caught:
        set_variant_price(variant=variant, channel=online_channel, price_amount=amount)
    assert caught.value.field == "price_amount"
    assert not ProductVariantChannelListing.objects.exists()


def test_database_refuses_a_negative_price_written_around_the_service(variant, online_channel):
    with pytest.raises(IntegrityError, match="variant_price_not_negative"), transaction.atomic():
        ProductVariantChannelListing.objects.create(variant=variant, channel=online_channel, price_amount=-5)
