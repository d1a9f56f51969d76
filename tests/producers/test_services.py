import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from marketplace.catalogue.models import Category
from marketplace.catalogue.services import add_ocop_certificate, create_product
from marketplace.core.errors import DomainError
from marketplace.producers.models import OcopCertificate
from marketplace.producers.services import create_producer


@pytest.fixture
def producer(db):
    return create_producer(name="Công ty CP Sâm Ngọc Linh Quảng Nam", legal_form="company", tax_code="4000999999")


@pytest.fixture
def product(producer):
    category = Category.objects.create(name="Dược liệu", slug="duoc-lieu")
    return create_product(producer=producer, category=category, name="Sâm Ngọc Linh tươi")


def certify(product, **overrides):
    fields = {
        "stars": 4,
        "score": Decimal("78.5"),
        "decision_number": "1234/QĐ-UBND",
        "decision_date": datetime.date(2023, 5, 31),
        "authority": "UBND tỉnh Quảng Nam",
    }
    return add_ocop_certificate(product=product, **{**fields, **overrides})


def test_producer_slug_from_name_and_text_normalised(db):
    producer = create_producer(
        name="  Hộ kinh doanh   Bánh tráng Đại Lộc ", legal_form="household", story="Dòng 1\nDòng 2 "
    )
    assert producer.name == "Hộ kinh doanh Bánh tráng Đại Lộc"
    assert producer.slug == "ho-kinh-doanh-banh-trang-dai-loc"
    assert producer.story == "Dòng 1\nDòng 2"


def test_producer_with_bad_tax_code_is_refused(db):
    with pytest.raises(DomainError) as caught:
        create_producer(name="HTX A", legal_form="cooperative", tax_code="12345")
    assert caught.value.field == "tax_code"


def test_producer_tax_code_must_be_unique(producer):
    with pytest.raises(DomainError) as caught:
        create_producer(name="HTX B", legal_form="cooperative", tax_code=producer.tax_code)
    assert caught.value.code == "duplicate_tax_code"


def test_certificate_expires_36_months_after_signing(product):
    certificate = certify(product, decision_date=datetime.date(2023, 5, 31))
    assert certificate.expires_on == datetime.date(2026, 5, 31)
    leap = certify(product, decision_number="9/QĐ", decision_date=datetime.date(2024, 2, 29))
    assert leap.expires_on == datetime.date(2027, 2, 28)


def test_expired_certificate_is_detected(product):
    certificate = certify(product, decision_date=datetime.date(2023, 5, 31))
    assert certificate.is_valid_on(datetime.date(2026, 5, 30))
    assert not certificate.is_valid_on(datetime.date(2026, 5, 31))
    assert certificate.is_expired_on(datetime.date(2026, 5, 31))
    assert list(OcopCertificate.objects.valid_on(datetime.date(2026, 5, 30))) == [certificate]
    assert not OcopCertificate.objects.valid_on(datetime.date(2026, 5, 31)).exists()
    assert list(OcopCertificate.objects.expired_on(datetime.date(2026, 5, 31))) == [certificate]


@pytest.mark.parametrize(("stars", "score"), [(4, Decimal("69.99")), (3, Decimal("70")), (5, Decimal("89.5")), (4, 95)])
def test_score_outside_the_star_band_is_refused(product, stars, score):
    with pytest.raises(DomainError) as caught:
        certify(product, stars=stars, score=score)
    assert caught.value.code == "score_outside_star_band"
    assert "sao" in str(caught.value.message)
    assert not OcopCertificate.objects.exists()


@pytest.mark.parametrize("stars", [2, 6])
def test_stars_outside_3_to_5_are_refused(product, stars):
    with pytest.raises(DomainError) as caught:
        certify(product, stars=stars, score=Decimal("80"))
    assert caught.value.field == "stars"


def test_database_refuses_a_mismatched_band_written_around_the_service(product):
    with pytest.raises(IntegrityError, match="ocop_score_matches_stars"), transaction.atomic():
        OcopCertificate.objects.create(
            product=product,
            stars=5,
            score=Decimal("75"),
            decision_number="x",
            decision_date=datetime.date(2024, 1, 1),
            authority="UBND",
        )
