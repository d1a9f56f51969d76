"""The demo's generated codes are valid where a validator checks them, unique, and stable."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from inventory import locations
from marketplace.catalogue.validators import validate_ean13
from marketplace.demo import data, identifiers
from marketplace.producers.models import OcopCertificate, tax_code_validator


def test_barcodes_are_valid_unique_and_stable():
    codes = [identifiers.ean13(sequence) for sequence in range(1, 300)]
    for code in codes:
        validate_ean13(code)
    assert len(set(codes)) == len(codes)
    assert identifiers.ean13(1) == "8930099000013"
    with pytest.raises(ValidationError):  # the check digit really matters: one digit off is refused
        validate_ean13(codes[0][:-1] + str((int(codes[0][-1]) + 1) % 10))


def test_tax_codes_have_the_legal_formats():
    organisation, household = identifiers.tax_code(7, "cooperative"), identifiers.tax_code(7, "household")
    tax_code_validator(organisation)
    tax_code_validator(household)
    assert (len(organisation), len(household)) == (10, 12)


def test_kiosk_prices_are_close_and_rounded_to_a_thousand():
    assert identifiers.kiosk_price(85_000, locations.KIOSK_CHU_LAI) == 92_000  # 91.800 rounds up
    assert identifiers.kiosk_price(85_000, locations.KIOSK_TAM_KY) == 82_000  # 82.450 rounds down
    assert identifiers.kiosk_price(18_500_000, locations.KIOSK_HOI_AN) == 19_425_000


@pytest.mark.parametrize(
    ("stars", "day", "authority", "suffix"),
    [
        (4, datetime.date(2025, 6, 30), "UBND tỉnh Quảng Nam", "/QĐ-UBND"),
        (3, datetime.date(2025, 7, 1), "UBND thành phố Đà Nẵng", "/QĐ-UBND"),
        (5, datetime.date(2024, 10, 18), "Bộ Nông nghiệp và Phát triển nông thôn", "/QĐ-BNN-VPĐP"),
        (5, datetime.date(2025, 9, 1), "Bộ Nông nghiệp và Môi trường", "/QĐ-BNNMT"),
    ],
)
def test_the_issuer_follows_the_stars_and_the_2025_reforms(stars, day, authority, suffix):
    assert identifiers.certificate_authority(stars, day) == authority
    assert identifiers.decision_number(stars, day).endswith(suffix)


def test_the_tables_are_consistent():
    producer_keys = {producer.key for producer in data.PRODUCERS}
    subgroups = {category.slug for category in data.CATEGORIES if category.parent}
    assert len(producer_keys) == len(data.PRODUCERS) >= 20
    assert len(data.PRODUCTS) >= 50
    assert {product.producer for product in data.PRODUCTS} == producer_keys  # no producer without products
    names = [product.name for product in data.PRODUCTS]
    assert len(set(names)) == len(names)
    for product in data.PRODUCTS:
        assert product.category in subgroups, product.name
        assert 1 <= len(product.variants) <= 3, product.name
        for certificate in product.certificates:
            low, high = OcopCertificate.SCORE_BANDS[certificate.stars]
            assert low <= float(certificate.score) <= high, product.name
