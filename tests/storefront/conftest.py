"""Storefront fixtures: a catalogue built through the catalogue, producer and inventory services.

Building a catalogue through the services takes a second or more, so each test module builds it once, inside a
transaction rolled back when the module ends; every test's own transaction nests in it as a savepoint (what
Django's setUpTestData does). Tests receive fresh instances, so one test's in-memory changes never leak. A module
uses either `catalogue` or `many_products`, never both: they would share one database.
"""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import override_settings

from marketplace.catalogue.models import Product
from tests.storefront import catalogue_data


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Photos uploaded by a test go to a folder of that test alone."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@contextmanager
def _module_data(django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _catalogue_ids(django_db_setup, django_db_blocker, tmp_path_factory):
    with _module_data(django_db_blocker, tmp_path_factory):
        yield {key: product.pk for key, product in catalogue_data.shopper_catalogue().items()}


@pytest.fixture
def catalogue(db, _catalogue_ids):
    """The products a shopper searches for (see catalogue_data.shopper_catalogue), by key."""
    products = Product.objects.in_bulk(_catalogue_ids.values())
    return {key: products[pk] for key, pk in _catalogue_ids.items()}


@pytest.fixture(scope="module")
def _many_product_ids(django_db_setup, django_db_blocker, tmp_path_factory):
    with _module_data(django_db_blocker, tmp_path_factory):
        group = catalogue_data.category("Thực phẩm", "thuc-pham")
        subgroup = catalogue_data.category("Gia vị", "gia-vi", parent=group)
        makers = [catalogue_data.producer(f"HTX Quảng Nam số {n}") for n in range(4)]
        # A quarter of the products come from a startup project, and every third holds a CNNT recognition, so
        # the counted pages show every kind of badge.
        catalogue_data.startup(makers[0])
        products = [
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
        for item in products[::3]:
            catalogue_data.rural_industry(item)
        yield [item.pk for item in products]


@pytest.fixture
def many_products(db, _many_product_ids):
    """48 certified, photographed products (a fifth out of stock) in a group and its subgroup; a quarter from a
    startup project, a third recognised as CNNT tiêu biểu."""
    return list(Product.objects.filter(pk__in=_many_product_ids).order_by("name"))
