"""Startup projects and rural-industry recognitions in the producer portal.

A member sees their startup profile and proposes changes that wait in the managers' review queue (the same queue
as product changes); the project status is the programme's alone, whatever path a producer tries. Rural-industry
recognitions are submitted, reviewed and their scans served exactly like OCOP certificates.
"""

import datetime

import pytest
from django.urls import reverse

from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import ProductRevision
from marketplace.core.errors import DomainError
from marketplace.producers import services
from marketplace.producers.models import RuralIndustryRecognition, StartupProfile

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile_a(producer_a):
    return services.create_startup_profile(
        producer=producer_a,
        project_name="Nước mắm Cát Trắng xanh",
        founded_year=2021,
        founders_story="Ba bạn trẻ Tam Thanh về làng làm nước mắm.",
        status=StartupProfile.Status.INCUBATING,
    )


def _recognition(product, user, **fields):
    values = {
        "level": RuralIndustryRecognition.Level.PROVINCIAL,
        "year": 2023,
        "decision_number": "1234/QĐ-UBND",
        "decision_date": datetime.date(2023, 10, 16),
        "authority": "UBND tỉnh Quảng Nam",
        "document": pdf(),
        **fields,
    }
    return catalogue.submit_rural_industry_recognition(product=product, user=user, **values)


def test_a_member_proposes_a_change_which_waits_for_approval(client_a, member_a, manager, profile_a):
    url = reverse("portal:startup")
    page = client_a.get(url)
    assert page.status_code == 200 and "Nước mắm Cát Trắng xanh" in page.text and "Đang ươm tạo" in page.text
    form = {
        "project_name": "Nước mắm Cát Trắng xanh",
        "founded_year": "2020",
        "founders_story": "Ba bạn trẻ Tam Thanh về làng, giữ nghề mắm của ông bà.",
        "innovation": "Chai thủy tinh tái sử dụng",
        "support_received": "Giải Ba khởi nghiệp tỉnh",
        "support_decision_number": "55/QĐ-UBND",
        "support_decision_date": "2022-11-12",
    }
    assert client_a.post(url, form).status_code == 302
    profile_a.refresh_from_db()
    assert profile_a.founded_year == 2021 and profile_a.innovation == ""  # live values stay
    assert client_a.post(url, {"action": "submit"}).status_code == 302
    revision = ProductRevision.objects.get(startup_profile=profile_a)
    assert revision.status == ProductRevision.Status.SUBMITTED and revision.product is None

    client_a.logout()
    client_a.force_login(manager)
    queue = client_a.get(reverse("portal:review_queue"))
    assert "Hồ sơ khởi nghiệp" in queue.text and "Nước mắm Cát Trắng xanh" in queue.text
    review = client_a.get(reverse("portal:review", args=[revision.pk]))
    assert review.status_code == 200 and "Chai thủy tinh tái sử dụng" in review.text
    response = client_a.post(reverse("portal:review", args=[revision.pk]), {"action": "approve", "comment": ""})
    assert response.status_code == 302
    profile_a.refresh_from_db()
    assert profile_a.founded_year == 2020
    assert profile_a.support_decision_date == datetime.date(2022, 11, 12)
    assert profile_a.innovation == "Chai thủy tinh tái sử dụng"
    assert profile_a.status == StartupProfile.Status.INCUBATING


def test_a_rejection_needs_a_reason_and_changes_nothing(member_a, manager, profile_a):
    services.propose_startup_profile_change(profile=profile_a, user=member_a, founded_year=1999)
    revision = services.submit_startup_profile_change(profile=profile_a, user=member_a)
    with pytest.raises(DomainError) as refused:
        services.reject_revision(revision=revision, user=manager, comment="  ")
    assert refused.value.code == "comment_required"
    services.reject_revision(revision=revision, user=manager, comment="Năm thành lập chưa đúng giấy phép.")
    profile_a.refresh_from_db()
    revision.refresh_from_db()
    assert profile_a.founded_year == 2021
    assert revision.status == ProductRevision.Status.DRAFT and revision.review_comment


def test_a_member_cannot_approve_nor_propose_for_another_producer(member_a, member_b, profile_a):
    with pytest.raises(DomainError) as refused:
        services.propose_startup_profile_change(profile=profile_a, user=member_b, innovation="Khác")
    assert refused.value.code == "not_member"
    services.propose_startup_profile_change(profile=profile_a, user=member_a, innovation="Mới")
    revision = services.submit_startup_profile_change(profile=profile_a, user=member_a)
    with pytest.raises(DomainError) as refused:
        services.approve_revision(revision=revision, user=member_a)
    assert refused.value.code == "not_manager"


def test_a_producer_cannot_make_itself_a_flagship_by_any_path(client_a, member_a, manager, profile_a):
    # The service refuses the field outright.
    with pytest.raises(DomainError) as refused:
        services.propose_startup_profile_change(profile=profile_a, user=member_a, status="flagship")
    assert refused.value.code == "not_editable"
    # The portal form has no such field: a crafted POST proposes only what the form knows.
    form = {"project_name": "Nước mắm Cát Trắng xanh", "founded_year": "2021", "status": "flagship"}
    client_a.post(reverse("portal:startup"), {**form, "innovation": "Mới"})
    revision = ProductRevision.objects.get(startup_profile=profile_a)
    assert "status" not in revision.changes["startup_profile"]
    # A status slipped into a revision's JSON is never applied on approval.
    revision.changes["startup_profile"]["status"] = "flagship"
    revision.save()
    services.submit_startup_profile_change(profile=profile_a, user=member_a)
    services.approve_revision(revision=revision, user=manager)
    profile_a.refresh_from_db()
    assert profile_a.status == StartupProfile.Status.INCUBATING and profile_a.innovation == "Mới"
    # The admin, where managers set the status, is closed to members.
    response = client_a.post(
        reverse("admin:producers_startupprofile_change", args=[profile_a.pk]), {"status": "flagship"}
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
    profile_a.refresh_from_db()
    assert profile_a.status == StartupProfile.Status.INCUBATING
    # Only the managers' service writes it.
    services.update_startup_profile(profile=profile_a, status="flagship")
    profile_a.refresh_from_db()
    assert profile_a.status == StartupProfile.Status.FLAGSHIP


def test_a_manager_sets_the_status_in_the_admin(manager_client, profile_a):
    url = reverse("admin:producers_startupprofile_changelist")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(profile_a.pk),
        "form-0-status": "graduated",
        "_save": "Lưu",
    }
    assert manager_client.post(url, data).status_code == 302
    profile_a.refresh_from_db()
    assert profile_a.status == StartupProfile.Status.GRADUATED


def test_a_producer_that_is_no_startup_sees_how_to_become_one(client_a):
    page = client_a.get(reverse("portal:startup"))
    assert page.status_code == 200 and "chưa được ghi nhận là dự án khởi nghiệp" in page.text


def test_a_rural_industry_recognition_waits_for_the_products_review(client_a, member_a, manager, draft_a):
    url = reverse("portal:rural_industry_add", args=[draft_a.pk])
    form = {
        "level": "1",
        "year": "2024",
        "group": "processed_food",
        "decision_number": "88/QĐ-UBND",
        "decision_date": "2024-08-22",
        "authority": "UBND huyện Tiên Phước",
        "document": pdf(),
    }
    assert client_a.post(url, form).status_code == 302
    recognition = RuralIndustryRecognition.all_objects.get(product=draft_a)
    assert not recognition.is_published and recognition.get_level_display() == "cấp huyện"
    assert not RuralIndustryRecognition.objects.exists()  # shoppers' manager: nothing yet
    page = client_a.get(reverse("portal:product", args=[draft_a.pk]))
    assert "88/QĐ-UBND" in page.text and "Chờ duyệt" in page.text

    revision = catalogue.submit_for_review(product=draft_a, user=member_a)
    client_a.force_login(manager)
    review_page = client_a.get(reverse("portal:review", args=[revision.pk]))
    assert "Công nhận CNNT tiêu biểu mới" in review_page.text
    approved = services.approve_revision(revision=revision, user=manager)
    assert approved.status == ProductRevision.Status.APPROVED
    assert RuralIndustryRecognition.objects.get().pk == recognition.pk


def test_a_bad_recognition_is_refused_next_to_its_field(client_a, draft_a):
    form = {
        "level": "2",
        "year": "2023",
        "decision_number": "1/QĐ-UBND",
        "decision_date": "2023-10-16",
        "authority": "UBND tỉnh Quảng Nam",
        "expires_on": "2023-01-01",
    }
    response = client_a.post(reverse("portal:rural_industry_add", args=[draft_a.pk]), form)
    assert response.status_code == 400
    assert "Ngày hết hạn phải sau ngày ký quyết định." in response.text
    assert not RuralIndustryRecognition.all_objects.exists()


def test_a_pending_recognition_can_be_withdrawn_an_approved_one_not(member_a, manager, draft_a):
    pending = _recognition(draft_a, member_a)
    catalogue.remove_pending_certificate(certificate=pending, user=member_a)
    assert not RuralIndustryRecognition.all_objects.exists()
    approved = catalogue.add_rural_industry_recognition(
        product=draft_a,
        level=2,
        year=2023,
        decision_number="9/QĐ-UBND",
        decision_date=datetime.date(2023, 1, 5),
        authority="UBND tỉnh Quảng Nam",
    )
    with pytest.raises(DomainError) as refused:
        catalogue.remove_pending_certificate(certificate=approved, user=member_a)
    assert refused.value.code == "certificate_published"


def test_the_scan_is_served_only_to_its_producer_and_to_managers(client, member_a, member_b, manager, draft_a):
    recognition = _recognition(draft_a, member_a)
    url = reverse("portal:rural_industry_document", args=[recognition.pk])
    assert recognition.document.url not in url
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "dang-nhap" in anonymous["Location"]
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    assert client.post(reverse("portal:rural_industry_delete", args=[recognition.pk])).status_code == 404
    assert RuralIndustryRecognition.all_objects.filter(pk=recognition.pk).exists()
    client.force_login(member_a)
    own = client.get(url)
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert own["Cache-Control"].startswith("private, no-store")
    client.force_login(manager)
    assert client.get(url).status_code == 200
    # An OCOP certificate's number under the CNNT path is not the same object.
    assert client.get(reverse("portal:rural_industry_document", args=[recognition.pk + 1000])).status_code == 404


def test_hostile_values_in_the_startup_and_cnnt_forms_are_refused_not_failed(client_a, profile_a, draft_a):
    from tests.fuzz.test_every_face import HOSTILE_VALUES

    startup_fields = [
        "project_name",
        "founded_year",
        "founders_story",
        "innovation",
        "support_received",
        "support_decision_number",
        "support_decision_date",
    ]
    cnnt_fields = ["level", "year", "group", "decision_number", "decision_date", "authority", "expires_on"]
    for value in HOSTILE_VALUES:
        response = client_a.post(reverse("portal:startup"), dict.fromkeys(startup_fields, value))
        assert response.status_code < 500, value
        response = client_a.post(
            reverse("portal:rural_industry_add", args=[draft_a.pk]), dict.fromkeys(cnnt_fields, value)
        )
        assert response.status_code < 500, value
    profile_a.refresh_from_db()
    assert profile_a.project_name == "Nước mắm Cát Trắng xanh"
    assert not RuralIndustryRecognition.all_objects.exists()
