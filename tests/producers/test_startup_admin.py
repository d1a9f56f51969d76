"""The managers' admin pages for startup projects and rural-industry recognitions: saved through the services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.catalogue import search, selectors
from marketplace.catalogue.models import Category, ProductRevision
from marketplace.catalogue.services import add_rural_industry_recognition, create_product
from marketplace.producers.models import RuralIndustryRecognition, StartupProfile
from marketplace.producers.services import create_producer, create_startup_profile, propose_startup_profile_change
from tests.pdf import tiny_pdf

from .test_admin import manager_client  # noqa: F401 (a fixture)


@pytest.fixture
def product(db):
    category = Category.objects.create(slug="do-uong", name="Đồ uống")
    producer = create_producer(name="Công ty TNHH Minh Triết", legal_form="company")
    return create_product(producer=producer, category=category, name="MITRI TEA trà sâm", status="published")


def test_a_manager_marks_a_producer_a_startup_and_its_products_answer_to_khoi_nghiep(manager_client, product):  # noqa: F811
    data = {
        "producer": product.producer.pk,
        "project_name": "MITRI TEA",
        "status": "flagship",
        "founded_year": "2018",
        "founders_story": "Kỹ sư trẻ Phú Ninh.",
        "innovation": "",
        "support_received": "",
        "support_decision_number": "",
        "support_decision_date": "",
    }
    response = manager_client.post("/admin/producers/startupprofile/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert StartupProfile.objects.get().status == "flagship"
    found = search.search_products(selectors.Product.objects.all(), search.parse_query("khoi nghiep"))
    assert list(found) == [product]


def test_the_revision_list_shows_startup_proposals(manager_client, product, django_user_model):  # noqa: F811
    member = django_user_model.objects.create_user(
        "tv", "tv@minhtriet.vn", "mat-khau-dai-123", role="producer", producer=product.producer
    )
    profile = create_startup_profile(producer=product.producer, project_name="MITRI TEA", founded_year=2018)
    propose_startup_profile_change(profile=profile, user=member, innovation="Trà lá sâm")
    response = manager_client.get("/admin/catalogue/productrevision/")
    assert response.status_code == 200
    assert [revision.subject for revision in response.context["cl"].result_list] == [profile]
    assert ProductRevision.objects.get().product is None


def test_a_recognitions_scan_is_checked_by_content_in_the_admin(manager_client, product):  # noqa: F811
    data = {
        "product": product.pk,
        "level": "2",
        "year": "2023",
        "group": "processed_food",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": "2023-10-16",
        "authority": "UBND tỉnh Quảng Nam",
        "expires_on": "",
        "is_published": "on",
        "document": SimpleUploadedFile(
            "quyet-dinh.pdf", b"<html>khong phai PDF</html>", content_type="application/pdf"
        ),
    }
    response = manager_client.post("/admin/producers/ruralindustryrecognition/add/", data)
    assert response.status_code == 200
    assert "Bản scan phải là tệp PDF hoặc ảnh JPEG, PNG, WebP." in response.text
    data["document"] = SimpleUploadedFile("quyet-dinh.pdf", tiny_pdf(), content_type="application/pdf")
    assert manager_client.post("/admin/producers/ruralindustryrecognition/add/", data).status_code == 302
    recognition = RuralIndustryRecognition.objects.get()
    assert recognition.document.name.endswith(".pdf") and recognition.get_level_display() == "cấp tỉnh"


def test_the_recognition_list_filters_expired(manager_client, product):  # noqa: F811
    for number, expires in enumerate((None, datetime.date(2020, 1, 1))):
        add_rural_industry_recognition(
            product=product,
            level=1,
            year=2018,
            decision_number=f"{number}/QĐ-UBND",
            decision_date=datetime.date(2018, 6, 1),
            authority="UBND huyện Phú Ninh",
            expires_on=expires,
        )
    expired = manager_client.get("/admin/producers/ruralindustryrecognition/?hieu_luc=het")
    valid = manager_client.get("/admin/producers/ruralindustryrecognition/?hieu_luc=con")
    assert [r.decision_number for r in expired.context["cl"].result_list] == ["1/QĐ-UBND"]
    assert [r.decision_number for r in valid.context["cl"].result_list] == ["0/QĐ-UBND"]
