"""A producer on a phone changes a price and uploads a photo, submits; a manager approves; shoppers see both."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from inventory import locations
from inventory.ledger import move_stock
from inventory.models import StockMovement, Warehouse
from inventory.services import receive_goods
from marketplace.accounts.services import create_user
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import create_product, create_variant, set_variant_price
from marketplace.channels.models import Channel
from marketplace.producers.services import create_producer
from tests.catalogue.imagefiles import encoded, two_tone
from tests.e2e.pages import landed
from tests.jobs import run_worker

pytestmark = pytest.mark.e2e

PASSWORD = "Nuoc-mam-Cua-Khe-2026"


# After every form post below, landed() checks the page it reached: no refusal page, in the site's language.


def sign_in(page, email):
    page.goto("/nha-san-xuat/dang-nhap/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    landed(page)


def test_price_and_photo_change_goes_live_after_approval(open_page, phone_page, screenshot, tmp_path):
    channel = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    producer = create_producer(name="HTX Cát Trắng", legal_form="cooperative", story="Làng chài Tam Thanh.")
    category = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    product = create_product(
        producer=producer,
        category=category,
        name="Nước mắm làng Bích Họa",
        net_quantity="500 ml",
        status=Product.Status.PUBLISHED,
    )
    variant = create_variant(product=product, sku="CT-NM-500", name="Chai 500 ml", barcode="8930000000019")
    set_variant_price(variant=variant, channel=channel, price_amount=95_000)
    create_user(email="chuthe@cattrang.vn", password=PASSWORD, role="producer", producer=producer, first_name="Thanh")
    create_user(email="quanly@xuquang.vn", password=PASSWORD, role="manager", first_name="Minh")
    picture = tmp_path / "chai-nuoc-mam.jpg"
    picture.write_bytes(encoded(two_tone(600, 600), "JPEG"))

    page = phone_page
    sign_in(page, "chuthe@cattrang.vn")
    expect(page.get_by_role("heading", level=1)).to_have_text("HTX Cát Trắng")
    expect(page.locator(".product-row .status")).to_have_text("Đang bán")
    screenshot(page, "portal-dashboard")

    page.get_by_role("link", name="Nước mắm làng Bích Họa").click()
    screenshot(page, "portal-product")
    page.get_by_role("link", name="Chai 500 ml").click()
    page.wait_for_load_state("load")  # the page's script groups what is typed from then on
    price = page.get_by_label(re.compile(f"Giá bán tại {channel.name}"))
    expect(price).to_have_value("95.000")
    price.fill("")
    price.press_sequentially("120000")
    expect(price).to_have_value("120.000")  # grouped while typing
    screenshot(page, "portal-variant")
    page.get_by_role("button", name="Lưu").click()
    landed(page)
    expect(page.locator(".message")).to_contain_text("Đã lưu thay đổi")
    expect(page.locator("#quy-cach")).to_contain_text("120.000 ₫")

    page.get_by_label("Chọn hoặc chụp ảnh").set_input_files(str(picture))
    page.get_by_label("Mô tả ảnh").last.fill("Chai nước mắm 500 ml")
    page.get_by_role("button", name="Tải ảnh lên").click()
    landed(page)
    expect(page.locator(".message")).to_contain_text("Đã tải lên 1 ảnh")
    expect(page.locator(".photo img")).to_have_attribute("alt", "Chai nước mắm 500 ml")
    page.get_by_role("button", name="Gửi duyệt").click()
    landed(page)
    expect(page.locator(".page-head .status")).to_have_text("Thay đổi chờ duyệt")
    screenshot(page, "portal-submitted")

    shopper = open_page()
    shopper.goto(f"/san-pham/{product.slug}/")
    expect(shopper.locator(".product__price")).to_contain_text("95.000 ₫")  # the live version stays meanwhile

    manager = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(manager, "quanly@xuquang.vn")
    expect(manager).to_have_url(re.compile(r"/nha-san-xuat/quan-ly/duyet/$"))
    manager.get_by_role("link", name="Nước mắm làng Bích Họa").click()
    expect(manager.locator("table.changes")).to_contain_text("120.000")
    screenshot(manager, "portal-review")
    manager.get_by_label("Nhận xét cho chủ thể").fill("Ảnh đẹp, giá hợp lý.")
    manager.get_by_role("button", name="Duyệt").click()
    landed(manager)
    expect(manager.locator(".message")).to_contain_text("Đã duyệt")

    shopper.reload()
    expect(shopper.locator(".product__price")).to_contain_text("120.000 ₫")
    main_photo = shopper.locator("#gallery-main")
    expect(main_photo).to_have_attribute("alt", "Chai nước mắm 500 ml")
    expect(main_photo).to_have_attribute("src", re.compile(r"/thumbnail/\d+/512/"))
    assert shopper.evaluate("document.getElementById('gallery-main').naturalWidth") > 0
    screenshot(shopper, "storefront-after-approval")

    page.reload()
    expect(page.locator(".page-head .status")).to_have_text("Đang bán")
    history = page.locator("#lich-su")
    expect(history).to_contain_text("Ảnh đẹp, giá hợp lý.")
    expect(history).to_contain_text("Ảnh mới")
    expect(history).to_contain_text("Chai 500 ml – giá tại")
    expect(history).to_contain_text("120.000 ₫")
    assert "CT-NM-500" not in history.inner_text() and "120000" not in history.inner_text()
    screenshot(page, "portal-approved")

    kiosk, customer = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN), Warehouse.objects.get(slug=locations.CUSTOMER)
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 24)])
    move_stock(variant=variant, source=kiosk, destination=customer, quantity=5, reason=StockMovement.Reason.SALE)
    page.get_by_role("link", name="Sản phẩm", exact=True).click()
    expect(page.locator(".stock-chip")).to_contain_text("19")
    loaded = (
        "img => img.complete ? img.naturalWidth"
        " : new Promise(r => img.addEventListener('load', () => r(img.naturalWidth)))"
    )
    assert page.locator(".product-row__photo").evaluate(loaded) > 0
    expect(page.locator(".month-figures")).to_contain_text("Chương trình trả bạn")
    screenshot(page, "portal-dashboard-stock")
    page.get_by_role("link", name="Bán hàng").click()
    expect(page.locator(".total-units")).to_contain_text("5")
    screenshot(page, "portal-sales")
    page.get_by_role("link", name="Bảng kê", exact=True).click()
    expect(page.get_by_role("link", name="Tải PDF")).to_be_visible()
    screenshot(page, "portal-statement")


def test_invited_member_sets_a_password_and_creates_a_draft(open_page, phone_page, screenshot, tmp_path):
    from django.core import mail

    producer = create_producer(name="Cơ sở nước mắm Hai Hiền", legal_form="household")
    Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    create_user(email="quanly@xuquang.vn", password=PASSWORD, role="manager", first_name="Minh")

    manager = open_page()
    sign_in(manager, "quanly@xuquang.vn")
    manager.get_by_role("link", name="Mời thành viên").click()
    manager.get_by_role("combobox", name="Chủ thể").select_option(label=producer.name)
    manager.get_by_label("Email người được mời").fill("hien@haihien.vn")
    manager.get_by_role("button", name="Gửi lời mời").click()
    landed(manager)
    expect(manager.locator(".message")).to_contain_text("hien@haihien.vn")
    run_worker("emails")  # the invitation email is a job
    link = re.search(r"https?://\S+/nha-san-xuat/loi-moi/\S+/", mail.outbox[-1].body).group(0)

    page = phone_page
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặt mật khẩu")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("12345678")
    page.get_by_label("Nhập lại mật khẩu").fill("12345678")
    page.get_by_role("button", name="Tạo tài khoản và vào cổng").click()
    landed(page)
    expect(page.locator(".field-error").first).to_be_visible()
    screenshot(page, "portal-invitation-weak-password")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản và vào cổng").click()
    landed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(producer.name)

    page.get_by_role("link", name="+ Thêm sản phẩm").click()
    page.get_by_label("Nhóm sản phẩm").select_option(label="Thực phẩm")
    page.get_by_label("Tên sản phẩm").fill("Nước mắm Cửa Khe Hai Hiền")
    page.get_by_role("button", name="Tạo bản nháp").click()
    landed(page)
    expect(page.locator(".page-head .status")).to_have_text("Bản nháp")
    page.get_by_role("link", name="+ Thêm quy cách").click()
    page.get_by_label("Mã SKU").fill("HH-NM-500")
    page.get_by_label("Mã vạch EAN-13").fill("8930000000018")
    page.get_by_role("button", name="Lưu").click()
    landed(page)
    expect(page.locator(".field-error")).to_be_visible()
    screenshot(page, "portal-variant-bad-barcode")

    bad_file = tmp_path / "san-pham.csv"
    bad_file.write_text("sku,ten_san_pham,nhom,ma_vach\nHH-1,Nước mắm nhĩ,khong-co,\nHH-2,Mắm,thuc-pham,123\n")
    page.goto("/nha-san-xuat/")
    page.get_by_role("link", name="Nhập từ tệp").click()
    page.get_by_label("Tệp sản phẩm").set_input_files(str(bad_file))
    page.get_by_role("button", name="Nhập", exact=True).click()
    landed(page)
    expect(page.locator(".import-errors li")).to_have_count(2)
    screenshot(page, "portal-import-errors")

    page.goto(link)  # the link was used
    expect(page.locator(".form-errors")).to_contain_text("đã được dùng")
    screenshot(page, "portal-invitation-used")


def test_photos_dropped_on_the_upload_area_on_a_desktop(page, tmp_path):
    producer = create_producer(name="HTX Cát Trắng", legal_form="cooperative")
    category = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    product = create_product(producer=producer, category=category, name="Mắm cá cơm")
    create_user(email="chuthe@cattrang.vn", password=PASSWORD, role="producer", producer=producer)
    sign_in(page, "chuthe@cattrang.vn")
    page.goto(f"/nha-san-xuat/san-pham/{product.pk}/")
    page.get_by_label("Tên sản phẩm").fill("Mắm cá cơm Tam Thanh")
    expect(page.locator('[data-preview="name"]')).to_have_text("Mắm cá cơm Tam Thanh")  # the live card preview
    data = encoded(two_tone(200, 200), "JPEG")
    drop = page.evaluate_handle(
        """bytes => { const files = new DataTransfer();
            files.items.add(new File([new Uint8Array(bytes)], "keo-tha.jpg", {type: "image/jpeg"}));
            files.items.add(new File(["khong phai anh"], "ghi-chu.txt", {type: "text/plain"}));
            return files; }""",
        list(data),
    )
    page.locator("form.upload").dispatch_event("drop", {"dataTransfer": drop})
    page.get_by_role("button", name="Tải ảnh lên").click()
    landed(page)
    expect(page.locator(".message")).to_contain_text("Đã tải lên 1 ảnh")
    expect(page.locator(".photo img")).to_have_count(1)
