import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalogue.models import Category
from marketplace.catalogue.services import add_ocop_certificate, create_product
from marketplace.producers.models import Producer
from marketplace.producers.services import create_producer


@pytest.fixture
def manager_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ql", "ql@example.vn", "mat-khau-dai-123"))
    return client


def make_producers(n, *, certificates_each=2):
    category, _created = Category.objects.get_or_create(slug="thuc-pham", defaults={"name": "Thực phẩm"})
    for index in range(Producer.objects.count(), Producer.objects.count() + n):
        producer = create_producer(name=f"Hợp tác xã {index}", legal_form="cooperative")
        for number in range(certificates_each):
            product = create_product(producer=producer, category=category, name=f"Đặc sản {index}-{number}")
            add_ocop_certificate(
                product=product,
                stars=4,
                score=75,
                decision_number=f"{index}-{number}/QĐ",
                decision_date=datetime.date(2022, 6, 1),
                authority="UBND tỉnh Quảng Nam",
            )


def test_producer_changelist_counts_certificates_in_a_fixed_number_of_queries(
    manager_client, django_assert_num_queries
):
    make_producers(1)
    with CaptureQueriesContext(connection) as small:
        manager_client.get("/admin/producers/producer/")
    make_producers(12)
    with django_assert_num_queries(len(small)):
        response = manager_client.get("/admin/producers/producer/")
    assert len(small) == 5  # the session with its user in one statement (accounts/sessions.py)
    changelist = response.context["cl"]
    assert {producer.certificate_count for producer in changelist.result_list} == {2}
    assert {producer.product_count for producer in changelist.result_list} == {2}


def test_certificate_changelist_filters_expired(manager_client, django_assert_num_queries):
    make_producers(3, certificates_each=1)
    with django_assert_num_queries(7):  # the session with its user in one statement (accounts/sessions.py)
        response = manager_client.get("/admin/producers/ocopcertificate/?hieu_luc=het")
    # Signed 2022-06-01, so expired on 2025-06-01: before "today" in any run of this suite.
    assert response.context["cl"].result_count == 3
    response = manager_client.get("/admin/producers/ocopcertificate/?hieu_luc=con")
    assert response.context["cl"].result_count == 0


def test_new_producer_in_admin_gets_a_slug_from_its_name(manager_client):
    response = manager_client.post(
        "/admin/producers/producer/add/",
        {"name": "Cơ sở Tỏi Lý Sơn Đức Phổ", "slug": "", "legal_form": "household", "commission_rate": "15"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Producer.objects.get().slug == "co-so-toi-ly-son-duc-pho"


def test_bad_tax_code_shown_next_to_the_field(manager_client):
    response = manager_client.post(
        "/admin/producers/producer/add/",
        {"name": "HTX X", "legal_form": "cooperative", "tax_code": "123", "commission_rate": "15"},
    )
    assert response.status_code == 200
    assert "tax_code" in response.context["adminform"].form.errors
    assert not Producer.objects.exists()


def test_a_manager_keeps_the_producers_bank_account_for_settlements(manager_client):
    producer = create_producer(name="HTX Cát Trắng", legal_form="cooperative")
    fields = {"name": "HTX Cát Trắng", "slug": producer.slug, "legal_form": "cooperative", "commission_rate": "15"}
    url = f"/admin/producers/producer/{producer.pk}/change/"
    bad = manager_client.post(url, {**fields, "bank_account_number": "0041-000", "bank_name": "Vietcombank"})
    assert bad.status_code == 200 and "bank_account_number" in bad.context["adminform"].form.errors
    bank = {"bank_account_name": "HTX CAT TRANG", "bank_account_number": "0041000123456", "bank_name": "Vietcombank"}
    assert manager_client.post(url, {**fields, "is_active": "on", **bank}).status_code == 302
    producer.refresh_from_db()
    assert (producer.bank_account_name, producer.bank_account_number, producer.bank_name) == tuple(bank.values())
