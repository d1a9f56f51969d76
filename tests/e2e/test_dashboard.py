"""A manager signs in to the admin, lands on the dashboard, narrows it to a week, exports a table and opens it."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.checkout.fixtures import fill_details, standard_delivery  # noqa: F401 (fixtures)
from tests.e2e.pages import landed
from tests.reports.fixtures import PASSWORD, book, manager  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e


def sign_in(page, manager):  # noqa: F811 (a fixture's name)
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(manager.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    landed(page)


def test_dashboard_filter_export_on_desktop_and_phone(open_page, phone_page, screenshot, tmp_path, book, manager):  # noqa: F811
    page = open_page()
    sign_in(page, manager)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name="Tổng quan chương trình")).to_be_visible()
    screenshot(page, "dashboard-desktop-default")

    page.get_by_label("Từ ngày").fill("2026-12-28")
    page.get_by_label("Đến ngày").fill("2027-01-03")
    page.get_by_role("button", name="Xem").click()
    landed(page)
    assert "start=2026-12-28" in page.url
    channels = page.locator("table", has=page.get_by_role("columnheader", name="Doanh thu gồm VAT (₫)")).first
    expect(channels).to_contain_text("750.000 ₫")
    expect(channels).to_contain_text("470.000 ₫")
    # The charts drew (Chart.js from our static files, data from the page's JSON): one per channel that sold.
    expect(page.locator("#rd-sales-charts canvas")).to_have_count(3)
    expect(page.locator("#rd-stars-chart")).to_have_attribute("width", re.compile(r"^[1-9]"))
    screenshot(page, "dashboard-desktop-week")

    with page.expect_download() as download_info:
        page.locator(".rd-exports li", has_text="Sản phẩm").get_by_role("link", name="XLSX").click()
    saved = tmp_path / "san-pham.xlsx"
    download_info.value.save_as(saved)
    sheet = load_workbook(saved).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Sản phẩm", "Số lượng", "Doanh thu gồm VAT (₫)"],
        ["Trà sâm Ngọc Linh", 5, 1_250_000],
        ["Nước mắm Cửa Khe", 4, 460_000],
    ]

    sign_in(phone_page, manager)
    phone_page.goto("/admin/tong-quan/?start=2026-12-28&end=2027-01-03&location=")
    expect(phone_page.locator("#rd-sales-charts canvas")).to_have_count(3)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width} px)"
    screenshot(phone_page, "dashboard-phone-week")
