"""Every admin write that has a business rule goes through its service (docs/architecture.md, "One write path")."""

import datetime
import os
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.models import Warehouse
from marketplace.accounts.services import MANAGER_GROUP_NAME, create_user
from marketplace.catalogue.models import Category, ProductEvent
from marketplace.catalogue.services import add_ocop_certificate, set_variant_price
from marketplace.channels.models import Channel, ProductChannelListing, ProductVariantChannelListing
from marketplace.producers.models import OcopCertificate
from tests.catalogue.adminpages import form_data
from tests.pdf import tiny_pdf

User = get_user_model()


def test_a_product_edited_in_the_admin_keeps_its_history(admin_client_logged_in, product):
    url = f"/admin/catalogue/product/{product.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data["name"] = unicodedata.normalize("NFD", "Rau Trà Quế sấy lạnh")
    assert admin_client_logged_in.post(url, data).status_code == 302
    product.refresh_from_db()
    assert product.name == "Rau Trà Quế sấy lạnh"  # normalised to NFC by the service
    event = ProductEvent.objects.filter(product=product, kind=ProductEvent.Kind.EDITED).get()
    assert event.user.username == "quanly"
    assert event.changes == {"tên sản phẩm": ["Rau Trà Quế sấy khô", "Rau Trà Quế sấy lạnh"]}


def test_featuring_a_product_from_the_list_goes_through_the_service(admin_client_logged_in, product):
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(product.pk),
        "form-0-is_featured": "on",
        "_save": "Lưu",
    }
    assert admin_client_logged_in.post("/admin/catalogue/product/", data).status_code == 302
    product.refresh_from_db()
    assert product.is_featured
    assert ProductEvent.objects.get(product=product, kind=ProductEvent.Kind.EDITED).changes == {
        "nổi bật": [False, True]
    }


def test_a_category_added_in_the_admin_gets_its_slug_from_the_service(admin_client_logged_in):
    data = {"name": "Đồ uống", "slug": "", "description": "", "sort_order": "0"}
    assert admin_client_logged_in.post("/admin/catalogue/category/add/", data).status_code == 302
    assert Category.objects.get(name="Đồ uống").slug == "do-uong"


def test_a_variant_price_set_in_the_admin_lists_the_product_and_keeps_the_rule(
    admin_client_logged_in, variant, online_channel
):
    url = f"/admin/catalogue/productvariant/{variant.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    prefix = "channel_listings"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-channel": str(online_channel.pk),
            f"{prefix}-0-price_amount": "-5",
            f"{prefix}-0-cost_price_amount": "30000",
        }
    )
    refused = admin_client_logged_in.post(url, data)
    assert refused.status_code == 200
    assert "Giá bán không được âm." in refused.content.decode()
    data[f"{prefix}-0-price_amount"] = "45000"
    assert admin_client_logged_in.post(url, data).status_code == 302
    listing = ProductVariantChannelListing.objects.get(variant=variant, channel=online_channel)
    assert (listing.price_amount, listing.cost_price_amount) == (45_000, 30_000)
    assert ProductChannelListing.objects.filter(product=variant.product, channel=online_channel).exists()


def test_a_price_removed_in_the_admin_is_gone(admin_client_logged_in, variant, online_channel):
    set_variant_price(variant=variant, channel=online_channel, price_amount=45_000)
    url = f"/admin/catalogue/productvariant/{variant.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data["channel_listings-0-DELETE"] = "on"
    assert admin_client_logged_in.post(url, data).status_code == 302
    assert not ProductVariantChannelListing.objects.filter(variant=variant).exists()


def certificate_fields(product) -> dict:
    return {
        "product": str(product.pk),
        "stars": "4",
        "score": "75",
        "decision_number": "123/QĐ-UBND",
        "decision_date": "2024-05-01",
        "authority": "UBND tỉnh Quảng Nam",
        "is_published": "on",
    }


def test_a_certificate_scan_added_in_the_admin_is_checked_by_its_content(admin_client_logged_in, product):
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"<html>not a scan</html>", content_type="application/pdf")
    refused = admin_client_logged_in.post(
        "/admin/producers/ocopcertificate/add/", {**certificate_fields(product), "document": fake}
    )
    assert refused.status_code == 200
    assert "Bản scan phải là tệp PDF hoặc ảnh JPEG, PNG, WebP." in refused.content.decode()
    assert not OcopCertificate.all_objects.exists()

    scan = SimpleUploadedFile("scan.html", tiny_pdf(), content_type="text/html")
    accepted = admin_client_logged_in.post(
        "/admin/producers/ocopcertificate/add/", {**certificate_fields(product), "document": scan}
    )
    assert accepted.status_code == 302
    # Stored under the extension its content calls for, never the uploader's.
    assert OcopCertificate.all_objects.get().document.name.endswith(".pdf")


def test_a_certificate_deleted_in_the_admin_takes_its_scan_along(
    admin_client_logged_in, product, django_capture_on_commit_callbacks
):
    certificate = add_ocop_certificate(
        product=product,
        stars=3,
        score=60,
        decision_number="9/QĐ",
        decision_date=datetime.date(2024, 1, 1),
        authority="UBND tỉnh Quảng Nam",
        document=SimpleUploadedFile("a.pdf", tiny_pdf()),
    )
    path = certificate.document.path
    url = f"/admin/producers/ocopcertificate/{certificate.pk}/delete/"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client_logged_in.post(url, {"post": "yes"}).status_code == 302
    assert not OcopCertificate.all_objects.exists()
    assert not os.path.exists(path)


def test_channels_are_read_only_in_the_admin(admin_client_logged_in):
    channel = Channel.objects.first()
    page = admin_client_logged_in.get(f"/admin/channels/channel/{channel.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    posted = admin_client_logged_in.post(f"/admin/channels/channel/{channel.pk}/change/", {"name": "Khác"})
    assert posted.status_code == 403
    channel.refresh_from_db()
    assert channel.name != "Khác"


def test_places_cannot_be_added_in_the_admin(admin_client_logged_in):
    assert admin_client_logged_in.get("/admin/inventory/warehouse/add/").status_code == 403


def user_form_data(client, url) -> dict:
    data = form_data(client.get(url))
    joined = data.pop("date_joined")  # a split date and time widget: two inputs
    data.update(date_joined_0=joined.strftime("%Y-%m-%d"), date_joined_1=joined.strftime("%H:%M:%S"))
    return data


@pytest.mark.parametrize("to_manager", [True, False])
def test_a_role_changed_in_the_admin_keeps_the_managers_group_right(admin_client_logged_in, to_manager):
    start, end = ("shopper", "manager") if to_manager else ("manager", "shopper")
    user = create_user(email="nguoi@example.vn", password="Mat-khau-dai-2026", role=start)
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = user_form_data(admin_client_logged_in, url)
    data["role"] = end
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.role == end
    assert user.groups.filter(name=MANAGER_GROUP_NAME).exists() is to_manager
    if to_manager:
        assert user.is_staff  # a manager always reaches the admin
    assert Group.objects.filter(name=MANAGER_GROUP_NAME).exists()


def test_a_role_without_its_link_is_refused_in_the_admin(admin_client_logged_in):
    user = create_user(email="nguoi@example.vn", password="Mat-khau-dai-2026", role="shopper")
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = user_form_data(admin_client_logged_in, url)
    data["role"] = "kiosk_staff"
    refused = admin_client_logged_in.post(url, data)
    assert refused.status_code == 200
    assert "Nhân viên ki-ốt phải thuộc một ki-ốt." in refused.content.decode()
    data["kiosk"] = str(Warehouse.objects.filter(kind=Warehouse.Kind.KIOSK).first().pk)
    assert admin_client_logged_in.post(url, data).status_code == 302
    user.refresh_from_db()
    assert user.role == "kiosk_staff" and user.kiosk_id == int(data["kiosk"])


def test_a_variant_edited_in_the_admin_keeps_its_history(admin_client_logged_in, variant):
    url = f"/admin/catalogue/productvariant/{variant.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data["barcode"] = "8930000000026"
    assert admin_client_logged_in.post(url, data).status_code == 302
    variant.refresh_from_db()
    assert variant.barcode == "8930000000026"
    event = ProductEvent.objects.get(product=variant.product, kind=ProductEvent.Kind.EDITED)
    assert event.changes == {"TQ-RAU-100 – mã vạch EAN-13": ["8930000000019", "8930000000026"]}


def test_a_variant_added_under_its_product_goes_through_create_variant(admin_client_logged_in, product):
    url = f"/admin/catalogue/product/{product.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data.update(
        {
            "variants-TOTAL_FORMS": "1",
            "variants-0-sku": " TQ-RAU-200 ",
            "variants-0-name": unicodedata.normalize("NFD", "Gói 200 g"),
            "variants-0-track_inventory": "on",
            "variants-0-sort_order": "1",
        }
    )
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert product.variants.get().name == "Gói 200 g"


def test_a_refusal_only_the_service_makes_is_shown_not_a_500(client, product):
    """A staff account with the admin right but not the manager's role: edit_product refuses, nothing is saved."""
    clerk = User.objects.create_user("thuky", "thuky@example.vn", "mat-khau-dai-123", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_product", "change_product"]))
    client.force_login(clerk)
    url = f"/admin/catalogue/product/{product.pk}/change/"
    data = form_data(client.get(url))
    data["name"] = "Tên mới"
    response = client.post(url, data, follow=True)
    assert "Chỉ quản lý chương trình mới sửa trực tiếp được sản phẩm." in response.content.decode()
    product.refresh_from_db()
    assert product.name == "Rau Trà Quế sấy khô"
