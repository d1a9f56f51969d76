"""A product's search keys hold its producer's and category's names: renaming either in the admin refreshes them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.search import parse_query, search_products
from marketplace.catalogue.services import create_product
from marketplace.producers.services import create_producer, update_producer

from .adminpages import form_data

pytestmark = pytest.mark.django_db


def found(query) -> set[str]:
    return {product.name for product in search_products(Product.objects.all(), parse_query(query))}


def test_renaming_a_producer_in_the_admin_changes_what_search_finds(admin_client_logged_in, producer, product):
    baker = create_producer(name="Cơ sở Bánh tráng Đại Lộc", legal_form="household")
    other = create_product(producer=baker, category=product.category, name="Bánh tráng")
    assert found("tra que") == {product.name}
    url = f"/admin/producers/producer/{producer.pk}/change/"
    data = form_data(admin_client_logged_in.get(url)) | {"name": "HTX Rau hữu cơ Cẩm Hà"}
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert found("cam ha") == {product.name}
    assert found("hữu cơ") == {product.name}
    assert found("bánh tráng") == {other.name}
    # The old name stays only where the product's own name carries it.
    assert found("nong nghiep") == set()


def test_renaming_a_category_in_the_admin_changes_what_search_finds(admin_client_logged_in, category, product):
    url = f"/admin/catalogue/category/{category.pk}/change/"
    data = form_data(admin_client_logged_in.get(url)) | {"name": "Rau củ sấy"}
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Category.objects.get(pk=category.pk).name == "Rau củ sấy"
    assert found("rau cu say") == {product.name}
    assert found("thuc pham") == set()


def test_the_admin_keeps_the_slug_when_it_is_left_empty_on_a_change(admin_client_logged_in, producer):
    url = f"/admin/producers/producer/{producer.pk}/change/"
    data = form_data(admin_client_logged_in.get(url)) | {"slug": "", "name": "HTX Trà Quế mới"}
    assert admin_client_logged_in.post(url, data).status_code == 302
    producer.refresh_from_db()
    assert (producer.name, producer.slug) == ("HTX Trà Quế mới", "htx-nong-nghiep-tra-que")


def test_reindexing_costs_the_same_queries_for_3_and_30_products(producer, category, django_assert_num_queries):
    for index in range(3):
        create_product(producer=producer, category=category, name=f"Sản phẩm {index}")
    with CaptureQueriesContext(connection) as few:
        update_producer(producer=producer, name="Tên thứ hai")
    for index in range(3, 30):
        create_product(producer=producer, category=category, name=f"Sản phẩm {index}")
    with django_assert_num_queries(len(few)):
        update_producer(producer=producer, name="Tên thứ ba")
    assert found("ten thu ba") == {f"Sản phẩm {index}" for index in range(30)}
