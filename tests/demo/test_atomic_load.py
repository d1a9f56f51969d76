"""A load that fails half-way leaves nothing behind: no rows, no marker, no stored picture files."""

import pytest

from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import create_product, create_variant
from marketplace.core.errors import DomainError
from marketplace.demo import identifiers
from marketplace.demo.loader import load_demo_data
from marketplace.demo.models import DemoDataLoad
from marketplace.producers.models import Producer
from marketplace.producers.services import create_producer


def test_a_failed_load_writes_nothing(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Someone already uses the SKU the demo gives its third product: the load fails after two pictures are stored.
    producer = create_producer(name="HTX Thử nghiệm", legal_form="cooperative", tax_code="4000000001")
    category = Category.objects.create(name="Nhóm thử", slug="nhom-thu")
    product = create_product(producer=producer, category=category, name="Sản phẩm có sẵn")
    create_variant(product=product, sku=identifiers.sku(3, 1))

    with pytest.raises(DomainError):
        load_demo_data()

    assert list(Producer.objects.values_list("name", flat=True)) == ["HTX Thử nghiệm"]
    assert list(Product.objects.values_list("name", flat=True)) == ["Sản phẩm có sẵn"]
    assert not DemoDataLoad.objects.exists()
    stored = [path for path in (tmp_path / "media").rglob("*") if path.is_file()]
    assert stored == []
