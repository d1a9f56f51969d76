"""The benchmark catalogue generator at tiny scale: what it writes must be what the services would have written."""

import argparse

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count, F

from bench import environment
from bench.catalogue import MAX_VARIANTS_PER_PRODUCT, ean13, generate_catalogue
from inventory import locations
from inventory.models import Stock, StockMovement, Warehouse
from inventory.selectors import ledger_discrepancies
from marketplace.catalogue.models import Category, Product, ProductMedia, ProductVariant
from marketplace.catalogue.validators import validate_ean13
from marketplace.channels.models import ProductChannelListing, ProductVariantChannelListing
from marketplace.core.text import plain_key, tone_key
from marketplace.producers.models import CERTIFICATE_VALIDITY, OcopCertificate, Producer

PRODUCTS = 30
VARIANTS = 3


@pytest.fixture
def catalogue(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # A batch smaller than the run, so more than one transaction and progress step is exercised.
    return generate_catalogue(products=PRODUCTS, variants_per_product=VARIANTS, batch_size=12, progress=False)


def test_counts_match_the_request_and_the_summary(catalogue):
    assert Product.objects.count() == catalogue.products == PRODUCTS
    assert ProductVariant.objects.count() == catalogue.variants == PRODUCTS * VARIANTS
    assert Producer.objects.count() == catalogue.producers == 3
    assert OcopCertificate.objects.count() == catalogue.certificates > 0
    assert ProductMedia.objects.count() == catalogue.media >= PRODUCTS
    assert Stock.objects.count() == catalogue.stocks == StockMovement.objects.count() == catalogue.movements
    assert set(Product.objects.annotate(n=Count("variants")).values_list("n", flat=True)) == {VARIANTS}


def test_products_sit_in_ocop_subgroups(catalogue):
    groups = set(Category.objects.filter(parent__isnull=True).values_list("slug", flat=True))
    assert {"thuc-pham", "do-uong", "duoc-lieu", "thu-cong-my-nghe", "sinh-vat-canh"} <= groups
    assert not Product.objects.filter(category__parent__isnull=True).exists()


def test_barcodes_are_valid_unique_ean13(catalogue):
    barcodes = list(ProductVariant.objects.values_list("barcode", flat=True))
    for barcode in barcodes:
        validate_ean13(barcode)
    assert len(set(barcodes)) == len(barcodes)


def test_ean13_check_digit():
    # 893 + 000000001: digits weighted 1,3,1,3… sum to 8+27+3+3 = 41, so the check digit is 9.
    assert ean13(1) == "8930000000019"


def test_search_keys_are_those_save_computes(catalogue):
    for product in Product.objects.select_related("producer", "category"):
        assert product.search_plain == plain_key(product.search_text())
        assert product.search_tone == tone_key(product.search_text())
        assert product.search_plain.isascii()


def test_certificates_expire_36_months_after_signing(catalogue):
    for certificate in OcopCertificate.objects.all():
        assert certificate.expires_on == certificate.decision_date + CERTIFICATE_VALIDITY
        low, high = OcopCertificate.SCORE_BANDS[certificate.stars]
        assert low <= certificate.score < high + 1


def test_every_variant_is_priced_in_the_hcmc_channel(settings, catalogue):
    channel = settings.STOREFRONT_CHANNEL_SLUG
    assert ProductChannelListing.objects.filter(channel__slug=channel).count() == PRODUCTS
    prices = ProductVariantChannelListing.objects.filter(channel__slug=channel)
    assert prices.count() == PRODUCTS * VARIANTS
    assert not prices.filter(price_amount__lte=0).exists()


def test_photos_point_to_a_handful_of_shared_files(catalogue):
    names = set(ProductMedia.objects.values_list("image", flat=True))
    assert names <= set(catalogue.images)
    assert all(default_storage.exists(name) for name in catalogue.images)


def test_stock_is_explained_by_receipts_and_the_ledger_balances(catalogue):
    assert ledger_discrepancies() == []
    call_command("check_stock_ledger")  # exits non-zero (SystemExit) on any discrepancy
    supplier = Warehouse.objects.get(slug=locations.SUPPLIER)
    movements = StockMovement.objects.all()
    assert set(movements.values_list("source", flat=True)) == {supplier.pk}
    assert set(movements.values_list("reason", flat=True)) == {StockMovement.Reason.RECEIPT}
    assert not movements.exclude(producer=F("product_variant__product__producer")).exists()
    places = set(Stock.objects.values_list("warehouse__slug", flat=True))
    assert places == {locations.FULFILMENT_HCM, *locations.KIOSKS}
    assert not Stock.objects.filter(warehouse__kind=Warehouse.Kind.KIOSK, allow_negative=False).exists()
    assert not Stock.objects.filter(warehouse__kind=Warehouse.Kind.FULFILMENT, allow_negative=True).exists()


def test_refuses_more_variants_than_pack_sizes(db):
    with pytest.raises(ValueError):
        generate_catalogue(products=1, variants_per_product=MAX_VARIANTS_PER_PRODUCT + 1, progress=False)


def test_benchmark_database_replaces_the_url_database_name():
    args = argparse.Namespace(database_url="postgresql://postgres@127.0.0.1:5432/postgres", db_name="xq_bench")
    assert environment.bench_database_url(args) == "postgresql://postgres@127.0.0.1:5432/xq_bench"


def test_refuses_a_database_name_without_bench():
    args = argparse.Namespace(database_url="postgresql://postgres@127.0.0.1:5432/postgres", db_name="dev_lead")
    with pytest.raises(SystemExit):
        environment.bench_database_url(args)
