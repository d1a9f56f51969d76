"""The home page and the footer a Vietnamese shopper trusts: best-sellers from real sales, the banner, the
operator's details, the policy pages and the Ministry of Industry and Trade badge."""

import uuid

import pytest
from django.urls import reverse

from inventory import locations
from inventory.models import Warehouse
from inventory.pos.services import record_sale
from inventory.services import receive_goods
from marketplace.accounts.models import User
from marketplace.catalogue.services import set_variant_price
from marketplace.channels.models import Channel
from marketplace.checkout.models import ShippingMethod
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout, set_checkout_details
from marketplace.orders.models import OrderStatus
from marketplace.payments.services import cancel_order_with_payments
from storefront_theme import caching
from tests.pos.builders import cash, line
from tests.storefront import catalogue_data

SAIGON_WARD = "26740"


def _order(product, quantity, *, cancel=False):
    channel = catalogue_data.online_channel()
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=product.variants.first(), quantity=quantity)
    set_checkout_details(
        checkout,
        email="lan@example.com",
        phone="0901234567",
        full_name="Nguyễn Thị Lan",
        street_address="12 Lê Lợi",
        ward_code=SAIGON_WARD,
        shipping_method_id=ShippingMethod.objects.filter(channel=channel).first().pk,
    )
    order = complete_checkout(checkout)
    if cancel:
        cancel_order_with_payments(order, user=None, by_customer=True)
        order.refresh_from_db()
        assert order.status == OrderStatus.CANCELED
    return order


def test_best_sellers_come_from_real_sales_most_sold_first(client, catalogue, django_assert_num_queries):
    assert client.get(reverse("storefront:home")).context["best_sellers"] == []
    _order(catalogue["bich_hoa"], 1)
    _order(catalogue["cua_khe"], 2)
    _order(catalogue["cua_khe"], 1)
    _order(catalogue["banh_trang_le"], 5, cancel=True)  # a canceled order sold nothing
    # Sales are not catalogue writes: the home page's kept part shows them once its time is up (at most
    # XQ_STOREFRONT_CACHE_SECONDS, storefront_theme/caching.py), which emptying the cache stands for here.
    assert 'id="best-sellers-title"' not in client.get(reverse("storefront:home")).content.decode()
    caching.storefront_cache().clear()

    # the catalogue version and the home page's queries: the best-sellers' rows by id and their photos are read with
    # the other lists' (their ids come with their units sold), so sales add no statement (13 before)
    with django_assert_num_queries(7):
        response = client.get(reverse("storefront:home"))

    best = response.context["best_sellers"]
    assert [(product.name, product.units_sold) for product in best] == [
        ("Nước mắm Cửa Khe Hai Hiền", 3),
        ("Nước mắm làng Bích Họa", 1),
    ]
    page = response.content.decode()
    assert '<h2 id="best-sellers-title">Bán chạy</h2>' in page
    # The banner shows the best-seller until a current collection is there (api-content's Collection).
    assert response.context["banner_product"].name == "Nước mắm Cửa Khe Hai Hiền"
    assert "Mua ngay: Nước mắm Cửa Khe Hai Hiền" in page


def test_kiosk_sales_count_among_best_sellers_with_online_ones(client, catalogue):
    item = catalogue["bich_hoa"]
    variant = item.variants.first()
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    set_variant_price(variant=variant, channel=Channel.objects.get(slug=locations.KIOSK_HOI_AN), price_amount=85_000)
    receive_goods(warehouse=kiosk, producer=item.producer, lines=[(variant, 10)])
    staff = User.objects.create_user(
        username="lan.hoian", email="lan.hoian@xuquang.test", password="mat-khau-123", role="kiosk_staff", kiosk=kiosk
    )
    record_sale(kiosk=kiosk, staff=staff, client_uuid=uuid.uuid4(), lines=[line(variant, 3)], payments=[cash(500_000)])
    _order(item, 1)
    _order(catalogue["cua_khe"], 2)
    best = client.get(reverse("storefront:home")).context["best_sellers"]
    assert [(product.name, product.units_sold) for product in best] == [
        ("Nước mắm làng Bích Họa", 4),  # 3 at the kiosk, 1 online
        ("Nước mắm Cửa Khe Hai Hiền", 2),
    ]


def test_the_banner_falls_back_to_a_five_star_product(client, catalogue):
    response = client.get(reverse("storefront:home"))
    assert response.context["banner_product"].name == "Sâm Ngọc Linh SAPHRATON"


def test_the_first_cards_load_at_once_and_the_rest_lazily(client, catalogue):
    page = client.get(reverse("storefront:category", args=["thuc-pham"])).content.decode()
    assert page.count('fetchpriority="high"') == 6  # the first row, at the widest grid
    assert 'loading="lazy"' not in page.split('class="grid"')[1].split("</article>")[0]


@pytest.mark.parametrize("path", ["/", "/gio-hang/", "/tai-khoan/dang-nhap/"])
def test_every_shoppers_page_has_the_footer_a_vietnamese_shopper_trusts(client, catalogue, settings, path):
    settings.XQ_OPERATOR = settings.XQ_OPERATOR | {
        "name": "Công ty TNHH Xứ Quảng",
        "address": "02 Trần Hưng Đạo, Phường Hội An, TP. Đà Nẵng",
        "tax_code": "0401999888",
        "hotline": "1900 6868",
        "moit_notification_url": "http://online.gov.vn/Home/WebDetails/123456",
    }
    page = client.get(path).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert 'href="tel:19006868"' in footer and "1900 6868" in footer
    assert "Công ty TNHH Xứ Quảng" in footer and "02 Trần Hưng Đạo, Phường Hội An, TP. Đà Nẵng" in footer
    assert "Mã số thuế: 0401999888" in footer
    assert 'href="http://online.gov.vn/Home/WebDetails/123456"' in footer
    assert 'alt="Đã thông báo Bộ Công Thương"' in footer
    for slug in ("gioi-thieu", "giao-hang", "doi-tra", "thanh-toan", "bao-mat"):
        assert f'href="{reverse("storefront:page", args=[slug])}"' in footer
        assert f'href="/trang/{slug}/"' in footer


def test_the_header_offers_the_other_language_only(client, catalogue):
    page = client.get("/").content.decode()
    assert 'name="language" value="en"' in page and 'name="language" value="vi"' not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'name="language" value="vi"' in page and 'name="language" value="en"' not in page


def test_shoppers_read_nha_san_xuat_never_the_programmes_chu_the(client, catalogue):
    pages = [
        "/",
        reverse("storefront:product", args=[catalogue["cua_khe"].slug]),
        reverse("storefront:category", args=["thuc-pham"]),
        reverse("storefront:search") + "?q=nuoc+mam",
        reverse("storefront:search"),
    ]
    for path in pages:
        page = client.get(path).content.decode()
        assert "chủ thể" not in page.lower(), path
    product_page = client.get(pages[1]).content.decode()
    assert "Nhà sản xuất: <strong>Cơ sở nước mắm Hai Hiền</strong>" in product_page
    assert ">Nhà sản xuất</label>" in client.get(pages[2]).content.decode()
