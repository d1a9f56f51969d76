"""Storefront fixtures: a catalogue built through the catalogue, producer and inventory services."""

import pytest

from tests.storefront import catalogue_data


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Photos uploaded by a test go to a folder of that test alone."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def catalogue(db):
    return catalogue_data.shopper_catalogue()


@pytest.fixture
def many_products(db):
    """48 certified, stocked, photographed products in one subgroup, for query-count checks."""
    group = catalogue_data.category("Thực phẩm", "thuc-pham")
    subgroup = catalogue_data.category("Gia vị", "gia-vi", parent=group)
    makers = [catalogue_data.producer(f"HTX Quảng Nam số {n}") for n in range(4)]
    return [
        catalogue_data.product(
            name=f"Nước mắm mẫu {n:02d}",
            group=subgroup if n % 2 else group,
            maker=makers[n % 4],
            price=50_000 + n * 1_000,
            stars=(3, 4, 5)[n % 3],
            stock=n % 5,
        )
        for n in range(48)
    ]
