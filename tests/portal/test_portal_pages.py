"""Step 2: the portal pages a member uses on a phone, all writing through the services."""

import os

import pytest
from django.urls import reverse

from inventory import locations
from inventory.ledger import move_stock
from inventory.models import StockMovement, Warehouse
from inventory.services import receive_goods
from marketplace.catalogue.models import Product, ProductEvent, ProductMedia, ProductVariant
from marketplace.channels.models import ProductVariantChannelListing
from marketplace.producers.models import OcopCertificate
from tests.pdf import tiny_pdf

from .conftest import pdf, photo

pytestmark = pytest.mark.django_db


def test_sign_in_lands_on_own_products_with_status_and_stock(client, member_a, draft_a, live_a, draft_b):
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    receive_goods(warehouse=kiosk, producer=draft_a.producer, lines=[(draft_a.variants.get(), 12)])
    response = client.post(reverse("portal:login"), {"username": "a@htx.vn", "password": "Nuoc-mam-Cua-Khe-2026"})
    assert response.status_code == 302 and response.url == reverse("portal:dashboard")
    page = client.get(response.url)
    text = page.text
    assert "Nước mắm làng Bích Họa" in text and "Nước mắm Cát Trắng nhĩ" in text
    assert "Trà sâm Ngọc Linh" not in text  # producer B's
    assert "Bản nháp" in text and "Đang bán" in text
    assert f"{kiosk.name}: <strong>12</strong>" in text


def test_goods_on_the_way_between_places_show_as_in_transit(client_a, draft_a):
    hoi_an, transit = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN), Warehouse.objects.get(slug=locations.TRANSIT)
    variant = draft_a.variants.get()
    receive_goods(warehouse=hoi_an, producer=draft_a.producer, lines=[(variant, 12)])
    move_stock(variant=variant, source=hoi_an, destination=transit, quantity=5, reason=StockMovement.Reason.TRANSFER)
    text = client_a.get(reverse("portal:dashboard")).text
    assert "Đang vận chuyển: <strong>5</strong>" in text and f"{hoi_an.name}: <strong>7</strong>" in text


def test_product_page_query_count_does_not_grow_with_variants_and_photos(
    client_a, member_a, draft_a, channel, django_assert_num_queries
):
    from marketplace.catalogue import services

    url = reverse("portal:product", args=[draft_a.pk])
    # session+user, product, revision, channels, variants, prices, photos, certificates, CNNT recognitions,
    # history, groups
    with django_assert_num_queries(11) as first:
        client_a.get(url)
    for index in range(3):
        variant = services.add_variant(product=draft_a, user=member_a, sku=f"CT-NM-{index}")
        services.change_variant_price(variant=variant, channel=channel, price_amount=1000, user=member_a)
        services.upload_product_photo(product=draft_a, user=member_a, uploaded_file=photo())
    with django_assert_num_queries(len(first.captured_queries)):
        client_a.get(url)


def test_dashboard_query_count_does_not_grow_with_products(
    client_a, producer_a, category, channel, django_assert_num_queries
):
    from .conftest import make_product

    make_product(producer_a, category, channel, name="Một", sku="M-1")
    # session+user, producer, products, revisions prefetch, pending photos, stock, in transit, sales, open
    # online orders, photos; the month's statement (producers.statements.compute_statements: 6, online returns
    # included)
    with django_assert_num_queries(16):
        client_a.get(reverse("portal:dashboard"))
    for index in range(5):
        make_product(producer_a, category, channel, name=f"Thêm {index}", sku=f"T-{index}")
    with django_assert_num_queries(16):
        client_a.get(reverse("portal:dashboard"))


def test_create_a_product_then_a_variant_with_a_checked_barcode(client_a, category, channel):
    response = client_a.post(
        reverse("portal:product_create"),
        {"category": category.pk, "name": "  Bánh tráng  Đại Lộc ", "net_quantity": "500 g", "shelf_life": "6 tháng"},
    )
    product = Product.objects.get(name="Bánh tráng Đại Lộc")
    assert response.url == reverse("portal:product", args=[product.pk])
    assert (product.status, product.producer.name) == ("draft", "HTX Cát Trắng")
    assert product.events.get().kind == ProductEvent.Kind.CREATED

    add = reverse("portal:variant_create", args=[product.pk])
    wrong = client_a.post(add, {"sku": "BT-500", "barcode": "8930000000018"})
    assert wrong.status_code == 200 and "field-error" in wrong.text
    assert not ProductVariant.objects.filter(sku="BT-500").exists()
    done = client_a.post(add, {"sku": "BT-500", "name": "Gói 500 g", "barcode": "8930000000019", "weight_grams": 520})
    variant = ProductVariant.objects.get(sku="BT-500")
    assert done.url == reverse("portal:variant", args=[product.pk, variant.pk])

    client_a.post(done.url, {"name": "Gói 500 g", "barcode": "8930000000019", f"price_{channel.pk}": "45000"})
    assert ProductVariantChannelListing.objects.get(variant=variant, channel=channel).price_amount == 45_000
    negative = client_a.post(done.url, {"name": "Gói 500 g", f"price_{channel.pk}": "-1"})
    assert negative.status_code == 200


def test_photos_upload_several_reorder_alt_and_delete(client_a, draft_a):
    page = client_a.get(reverse("portal:product", args=[draft_a.pk])).text
    assert "multiple" in page and 'capture="environment"' in page
    upload = reverse("portal:photo_upload", args=[draft_a.pk])
    client_a.post(upload, {"images": [photo("1.jpg"), photo("2.jpg")], "alt": "Chai nước mắm"})
    first, second = ProductMedia.all_objects.filter(product=draft_a).order_by("sort_order")
    assert not first.is_published and not second.is_published  # shoppers see them only after approval
    assert list(ProductMedia.objects.filter(product=draft_a)) == []

    refused = client_a.post(upload, {"images": [photo("x.jpg").__class__("x.jpg", b"not an image", "image/jpeg")]})
    assert refused.status_code == 302
    assert ProductMedia.all_objects.filter(product=draft_a).count() == 2

    client_a.post(
        reverse("portal:photos_arrange", args=[draft_a.pk]),
        {
            f"order_{first.pk}": "2",
            f"alt_{first.pk}": "Mặt sau",
            f"order_{second.pk}": "1",
            f"alt_{second.pk}": "Mặt trước",
        },
    )
    ordered = list(ProductMedia.all_objects.filter(product=draft_a).order_by("sort_order").values_list("pk", "alt"))
    assert ordered == [(second.pk, "Mặt trước"), (first.pk, "Mặt sau")]
    for hostile_alt in ("a\x00b", "x" * 251):
        refused = client_a.post(
            reverse("portal:photos_arrange", args=[draft_a.pk]),
            {f"order_{first.pk}": "0", f"alt_{first.pk}": hostile_alt},
            follow=True,
        )
        assert refused.status_code == 200 and ("ký tự rỗng" in refused.text or "Tối đa 250 ký tự" in refused.text)
    assert ProductMedia.all_objects.get(pk=first.pk).alt == "Mặt sau"

    preview = client_a.get(reverse("portal:photo_preview", args=[first.pk, 256]))
    assert preview.status_code == 200 and preview["Cache-Control"].startswith("private")
    assert client_a.get(reverse("thumbnail", args=[first.pk, 256])).status_code == 404  # not public yet

    client_a.post(reverse("portal:photo_delete", args=[first.pk]))
    assert list(ProductMedia.all_objects.filter(product=draft_a)) == [second]


def test_certificate_with_a_pdf_scan_checked_by_content(client_a, draft_a):
    url = reverse("portal:certificate_add", args=[draft_a.pk])
    fields = {
        "stars": 4,
        "score": "78.5",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": "2025-03-10",
        "authority": "UBND tỉnh Quảng Nam",
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client_a.post(url, {**fields, "document": fake})
    assert refused.status_code == 400 and "PDF hoặc ảnh" in refused.text
    out_of_band = client_a.post(url, {**fields, "score": "95"})
    assert out_of_band.status_code == 400 and "Điểm không khớp hạng sao" in out_of_band.text
    assert client_a.post(url, {**fields, "document": pdf()}).status_code == 302
    certificate = OcopCertificate.all_objects.get(product=draft_a)
    assert not certificate.is_published
    assert certificate.document.name.startswith("certificates/") and "qd" not in certificate.document.name
    scan = client_a.get(reverse("portal:certificate_document", args=[certificate.pk]))
    assert scan.status_code == 200 and b"".join(scan.streaming_content).startswith(b"%PDF-")
    image_scan = client_a.post(url, {**fields, "decision_number": "99/QĐ", "document": photo("scan.jpg")})
    assert image_scan.status_code == 302


def test_profile_and_story(client_a, producer_a):
    response = client_a.post(
        reverse("portal:profile"),
        {"contact_name": "Trương Thanh", "phone": "0905123456", "story": "Làng chài Tam Thanh.\n\nBa đời làm mắm."},
    )
    assert response.status_code == 302
    producer_a.refresh_from_db()
    assert producer_a.story == "Làng chài Tam Thanh.\n\nBa đời làm mắm."
    assert producer_a.phone == "0905123456"


def test_a_scan_is_stored_and_served_by_what_it_is_not_by_its_name(client_a, draft_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("portal:certificate_add", args=[draft_a.pk])
    fields = {"stars": 3, "score": "60", "decision_date": "2025-03-10", "authority": "UBND tỉnh Quảng Nam"}
    disguised = SimpleUploadedFile("trang.html", b"%PDF-1.4 <script>alert(1)</script>", content_type="text/html")
    refused = client_a.post(url, {**fields, "decision_number": "0/QĐ", "document": disguised}, follow=True)
    assert "không phải PDF thật" in refused.text  # HTML behind a PDF header: the whole file is read
    real_pdf = SimpleUploadedFile("trang.html", tiny_pdf(), content_type="text/html")
    client_a.post(url, {**fields, "decision_number": "1/QĐ", "document": real_pdf})
    client_a.post(url, {**fields, "decision_number": "2/QĐ", "document": photo("scan.pdf")})  # a JPEG named .pdf
    by_number = {c.decision_number: c for c in OcopCertificate.all_objects.filter(product=draft_a)}
    assert "0/QĐ" not in by_number
    assert by_number["1/QĐ"].document.name.endswith(".pdf")
    assert by_number["2/QĐ"].document.name.endswith(".jpg")
    for number, content_type in [("1/QĐ", "application/pdf"), ("2/QĐ", "image/jpeg")]:
        response = client_a.get(reverse("portal:certificate_document", args=[by_number[number].pk]))
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pending_certificate_can_be_withdrawn_an_approved_one_not(
    client_a, member_a, manager, draft_a, django_capture_on_commit_callbacks
):
    from marketplace.catalogue import services

    fields = {"stars": 3, "score": 55, "decision_date": "2025-03-10", "authority": "UBND tỉnh Quảng Nam"}
    wrong = services.submit_certificate(product=draft_a, user=member_a, decision_number="sai", document=pdf(), **fields)
    stored = wrong.document.path
    right = services.submit_certificate(product=draft_a, user=member_a, decision_number="12/QĐ", **fields)
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(reverse("portal:certificate_delete", args=[wrong.pk]))
    assert list(OcopCertificate.all_objects.filter(product=draft_a)) == [right]
    assert not os.path.exists(stored)
    services.approve_revision(revision=services.submit_for_review(product=draft_a, user=member_a), user=manager)
    response = client_a.post(reverse("portal:certificate_delete", args=[right.pk]), follow=True)
    assert "chỉ quản lý chương trình mới gỡ được" in response.text
    assert OcopCertificate.objects.filter(pk=right.pk).exists()
