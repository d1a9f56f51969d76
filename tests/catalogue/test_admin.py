import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.models import Warehouse
from marketplace.catalogue.models import Category, Product, ProductMedia, ProductVariant
from marketplace.catalogue.services import add_product_media, create_variant, set_variant_price
from marketplace.channels.models import Channel
from marketplace.producers.services import create_producer
from tests.catalogue.adminpages import form_data, query_count
from tests.catalogue.imagefiles import encoded, jpeg_with_exif, two_tone, upload

User = get_user_model()


def make_categories(n):
    root = Category.objects.create(name=f"Nhóm gốc {Category.objects.count()}", slug=f"goc-{Category.objects.count()}")
    for index in range(n):
        Category.objects.create(name=f"Nhóm {root.pk}-{index}", slug=f"nhom-{root.pk}-{index}", parent=root)


def make_users(n):
    producer = create_producer(name=f"HTX {User.objects.count()}", legal_form="cooperative")
    kiosk = Warehouse.objects.filter(kind=Warehouse.Kind.KIOSK).first()
    for index in range(User.objects.count(), User.objects.count() + n):
        User.objects.create_user(f"tv{index}", f"tv{index}@example.vn", role="producer", producer=producer)
        User.objects.create_user(f"nv{index}", f"nv{index}@example.vn", role="kiosk_staff", kiosk=kiosk)


def test_admin_is_in_vietnamese(admin_client_logged_in):
    response = admin_client_logged_in.get("/admin/")
    assert "Quản trị Xứ Quảng Market" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "expected_queries"),
    # The session with its user is one statement (marketplace/accounts/sessions.py) in each count below.
    [("/admin/catalogue/product/", 7), ("/admin/catalogue/productvariant/", 4)],
)
def test_product_changelists_cost_the_same_for_1_or_many_rows(
    admin_client_logged_in, make_products, django_assert_num_queries, url, expected_queries
):
    make_products(1)
    assert query_count(admin_client_logged_in, url) == expected_queries
    make_products(15)
    with django_assert_num_queries(expected_queries):
        response = admin_client_logged_in.get(url)
    assert "Sản phẩm 15" in response.content.decode()


def test_category_changelist_queries_do_not_grow(admin_client_logged_in, django_assert_num_queries):
    make_categories(1)
    small = query_count(admin_client_logged_in, "/admin/catalogue/category/")
    make_categories(20)
    with django_assert_num_queries(small):
        admin_client_logged_in.get("/admin/catalogue/category/")
    assert small == 5


def test_channel_changelist_queries_are_fixed(admin_client_logged_in, django_assert_num_queries):
    with django_assert_num_queries(5):
        response = admin_client_logged_in.get("/admin/channels/channel/")
    assert "Siêu thị" in response.content.decode() or "ki-ốt" in response.content.decode().lower()


def test_user_changelist_queries_do_not_grow(admin_client_logged_in, django_assert_num_queries):
    make_users(1)
    small = query_count(admin_client_logged_in, "/admin/accounts/user/")
    make_users(15)
    with django_assert_num_queries(small):
        response = admin_client_logged_in.get("/admin/accounts/user/")
    assert response.context["cl"].result_count == User.objects.count() == 33
    assert small == 5


@pytest.mark.parametrize(
    "url_name",
    ["/admin/catalogue/product/add/", "/admin/catalogue/category/add/", "/admin/accounts/user/add/"],
)
def test_add_pages_load(admin_client_logged_in, url_name):
    assert admin_client_logged_in.get(url_name).status_code == 200


def test_change_pages_load(admin_client_logged_in, make_products, online_channel):
    make_products(1)
    product = Product.objects.get()
    variant = product.variants.first()
    for url in [
        f"/admin/catalogue/product/{product.pk}/change/",
        f"/admin/catalogue/productvariant/{variant.pk}/change/",
        f"/admin/channels/channel/{online_channel.pk}/change/",
    ]:
        assert admin_client_logged_in.get(url).status_code == 200


def test_product_and_variant_pages_cost_the_same_for_few_or_many_variants(
    admin_client_logged_in, make_products, django_assert_num_queries
):
    make_products(1)
    product = Product.objects.get()
    variant = product.variants.first()
    # The admin looks up each model's content type once per process: warm that cache so the counts do not depend
    # on which tests ran before.
    ContentType.objects.get_for_models(Product, ProductVariant)
    product_url = f"/admin/catalogue/product/{product.pk}/change/"
    variant_url = f"/admin/catalogue/productvariant/{variant.pk}/change/"
    few = (query_count(admin_client_logged_in, product_url), query_count(admin_client_logged_in, variant_url))
    for index in range(6):
        more = create_variant(product=product, sku=f"THEM-{index}")
        for channel in Channel.objects.all():
            set_variant_price(variant=more, channel=channel, price_amount=20_000)
            set_variant_price(variant=variant, channel=channel, price_amount=20_000)

    # Product page: the product, its variants, photos, OCOP certificates, CNNT recognitions, channel listings…
    assert few == (12, 8)
    with django_assert_num_queries(few[0]):
        admin_client_logged_in.get(product_url)
    with django_assert_num_queries(few[1]):
        admin_client_logged_in.get(variant_url)


def test_fake_image_is_refused_next_to_the_field(admin_client_logged_in, product):
    url = f"/admin/catalogue/product/{product.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data["media-0-image"] = SimpleUploadedFile("anh.jpg", b"day khong phai anh", content_type="image/jpeg")
    data["media-0-alt"] = "Ảnh giả"

    response = admin_client_logged_in.post(url, data)

    assert response.status_code == 200  # the page comes back with errors instead of redirecting
    media_formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "media")
    assert media_formset.forms[0].errors["image"]
    assert "JPEG, PNG hoặc WebP" in response.content.decode()
    assert not ProductMedia.objects.exists()


def test_real_image_uploaded_in_admin_is_stored_cleaned(admin_client_logged_in, product):
    url = f"/admin/catalogue/product/{product.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data["media-0-image"] = SimpleUploadedFile("anh.jpg", jpeg_with_exif(6), content_type="image/jpeg")

    response = admin_client_logged_in.post(url, data)

    assert response.status_code == 302
    media = ProductMedia.objects.get()
    assert (media.width, media.height) == (30, 60)
    assert media.image.name.startswith(f"products/{product.slug}")


def test_new_product_in_admin_goes_through_the_service(admin_client_logged_in, producer, category):
    data = form_data(admin_client_logged_in.get("/admin/catalogue/product/add/"))
    data.update(name="Mì Quảng  Phú Chiêm", producer=producer.pk, category=category.pk, status="draft")
    data["media-0-image"] = SimpleUploadedFile("x.png", encoded(two_tone(), "PNG"), content_type="image/png")

    response = admin_client_logged_in.post("/admin/catalogue/product/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get()
    assert product.slug == "mi-quang-phu-chiem"
    assert product.name == "Mì Quảng Phú Chiêm"
    assert product.media.get().image.name.endswith(".png")


def test_negative_price_refused_in_admin(admin_client_logged_in, variant, online_channel):
    url = f"/admin/catalogue/productvariant/{variant.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data["channel_listings-TOTAL_FORMS"] = "1"
    data.update({"channel_listings-0-channel": online_channel.pk, "channel_listings-0-price_amount": "-1000"})

    response = admin_client_logged_in.post(url, data)

    assert response.status_code == 200
    assert "Giá bán không được âm." in response.content.decode()
    assert not variant.channel_listings.exists()


def test_price_set_in_admin_lists_the_product_in_the_channel(admin_client_logged_in, variant, online_channel):
    url = f"/admin/catalogue/productvariant/{variant.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data["channel_listings-TOTAL_FORMS"] = "1"
    data.update({"channel_listings-0-channel": online_channel.pk, "channel_listings-0-price_amount": "125000"})

    assert admin_client_logged_in.post(url, data).status_code == 302
    assert variant.channel_listings.get().price_amount == 125_000
    assert variant.product.channel_listings.filter(channel=online_channel).exists()


def test_user_added_in_admin_with_role_rules_said_next_to_the_field(admin_client_logged_in):
    kiosk = Warehouse.objects.filter(kind=Warehouse.Kind.KIOSK).first()
    fields = {"email": "NV.HoiAn@example.vn", "password1": "Mat-khau-dai-2026"}
    fields["password2"] = fields["password1"]

    refused = admin_client_logged_in.post("/admin/accounts/user/add/", {**fields, "role": "kiosk_staff"})
    assert refused.status_code == 200
    assert "Nhân viên ki-ốt phải thuộc một ki-ốt." in refused.content.decode()

    accepted = admin_client_logged_in.post(
        "/admin/accounts/user/add/", {**fields, "role": "kiosk_staff", "kiosk": kiosk.pk}
    )
    assert accepted.status_code == 302
    # Created by accounts.services.create_user: the e-mail address, normalised, is the login.
    user = User.objects.get(email="nv.hoian@example.vn")
    assert (user.username, user.kiosk) == ("nv.hoian@example.vn", kiosk)


def test_user_kiosk_choices_are_kiosks_only(admin_client_logged_in):
    form = admin_client_logged_in.get("/admin/accounts/user/add/").context["adminform"].form
    assert {warehouse.kind for warehouse in form.fields["kiosk"].queryset} == {Warehouse.Kind.KIOSK}


def test_photo_deleted_in_admin_goes_with_its_file(admin_client_logged_in, product, django_capture_on_commit_callbacks):
    media = add_product_media(product=product, uploaded_file=upload(encoded(two_tone(), "PNG"), name="a.png"))
    path = media.image.path
    url = f"/admin/catalogue/product/{product.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    data["media-0-DELETE"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_logged_in.post(url, data)

    assert response.status_code == 302
    assert not ProductMedia.objects.exists()
    assert not os.path.exists(path)


def test_category_changelist_shows_each_group_followed_by_its_subgroups(admin_client_logged_in):
    drinks = Category.objects.create(name="Đồ uống", slug="do-uong", sort_order=1)
    food = Category.objects.create(name="Thực phẩm", slug="thuc-pham", sort_order=0)
    Category.objects.create(name="Trà", slug="tra", parent=drinks, sort_order=0)
    Category.objects.create(name="Bánh", slug="banh", parent=food, sort_order=1)
    Category.objects.create(name="Mắm", slug="mam", parent=food, sort_order=0)

    listed = admin_client_logged_in.get("/admin/catalogue/category/").context["cl"].result_list
    assert [category.slug for category in listed] == ["thuc-pham", "mam", "banh", "do-uong", "tra"]


def test_status_of_an_existing_product_moves_only_through_review(admin_client_logged_in, product):
    # A status field posted to the change page (say, by a crafted request) is ignored: publishing goes through
    # the review queue, which keeps the history.
    before = product.status
    url = f"/admin/catalogue/product/{product.pk}/change/"
    data = form_data(admin_client_logged_in.get(url))
    assert "status" not in data
    data["status"] = Product.Status.REJECTED if before != Product.Status.REJECTED else Product.Status.DRAFT
    data["name"] = "Tên mới sau khi sửa"

    response = admin_client_logged_in.post(url, data)

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Tên mới sau khi sửa"
    assert product.status == before
