"""A manager settles a month in the admin: opens the run, reviews its lines, locks it, downloads the bank file."""

import csv
import datetime
import io
import uuid

import pytest
from playwright.sync_api import expect

from inventory import locations
from inventory.models import Warehouse
from inventory.pos.services import record_sale
from marketplace.accounts.services import create_user
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import create_product, create_variant, set_variant_price
from marketplace.channels.models import Channel
from marketplace.producers.services import create_producer
from tests.e2e.pages import landed
from tests.pos.builders import cash, line

pytestmark = pytest.mark.e2e

PASSWORD = "Nuoc-mam-Cua-Khe-2026"


def test_a_manager_settles_a_month(page, screenshot):
    producer = create_producer(
        name="HTX Cát Trắng",
        legal_form="cooperative",
        commission_rate="12.50",
        bank_account_name="HTX CAT TRANG",
        bank_account_number="0041000123456",
        bank_name="Vietcombank",
    )
    category = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    product = create_product(producer=producer, category=category, name="Nước mắm nhĩ", status=Product.Status.PUBLISHED)
    variant = create_variant(product=product, sku="CT-NM-500", name="Chai 500 ml")
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    set_variant_price(variant=variant, channel=Channel.objects.get(slug=locations.KIOSK_HOI_AN), price_amount=150_000)
    staff = create_user(email="lan@xuquang.vn", password=PASSWORD, role="kiosk_staff", kiosk=kiosk)
    when = datetime.datetime(2026, 10, 12, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    record_sale(
        kiosk=kiosk,
        staff=staff,
        client_uuid=uuid.uuid4(),
        lines=[line(variant, 2)],
        payments=[cash(300_000)],
        created_at=when,
    )
    create_user(email="quanly@xuquang.vn", password=PASSWORD, role="manager", first_name="Minh")

    page.goto("/admin/producers/settlementrun/add/")
    page.locator("#id_username").fill("quanly@xuquang.vn")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    landed(page)
    page.locator("#id_month_text").fill("2026-10")
    page.locator("input[name=_save]").click()
    landed(page)
    expect(page.locator("#result_list")).to_contain_text("300.000 ₫")
    expect(page.locator("#result_list")).to_contain_text("262.500 ₫")  # 300.000 − 12,5 %
    screenshot(page, "settlement-runs")

    page.get_by_role("link", name="10/2026").click()
    expect(page.get_by_text("HTX Cát Trắng").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("37.500 ₫")
    screenshot(page, "settlement-run-draft")
    page.get_by_role("button", name="Khoá kỳ").click()
    landed(page)
    expect(page.locator(".messagelist")).to_contain_text("Đã khoá kỳ 10/2026")
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất file ngân hàng").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[1] == [
        "HTX CAT TRANG",
        "0041000123456",
        "Vietcombank",
        "262500",
        "XQ QUYET TOAN T10 2026 HTX CAT TRANG",
    ]
    screenshot(page, "settlement-run-locked")
