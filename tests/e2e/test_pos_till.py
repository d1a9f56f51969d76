# ruff: noqa: F811 - pytest fixtures imported from tests/pos are named again as the tests' parameters.
"""The till in a real browser: sign in as Hội An staff, scan, take cash, print; then sell offline and sync once."""

import re
import time

import pytest
from playwright.sync_api import expect

from inventory.models import Stock, Warehouse
from inventory.pos.models import Sale
from marketplace.accounts.models import User

# The till's data fixtures live with the POS tests (tests/pos); the browser ones come from this folder's conftest.
from tests.pos.conftest import category, fish_sauce, hoi_an, producer, sesame_oil, stocked  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def cashier(hoi_an, stocked):
    User.objects.create_user(
        username="mai.hoian", email="mai@xuquang.test", password="mat-khau-123", role="kiosk_staff", kiosk=hoi_an
    )


def sign_in(page):
    page.goto("/pos/")
    page.get_by_label("Tên đăng nhập").fill("mai.hoian")
    page.get_by_label("Mật khẩu").fill("mat-khau-123")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/pos/kiosk-hoi-an/$"))


def scan(page, code):
    # A USB scanner types the code and Enter into whatever has the focus.
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def test_cash_sale_with_the_keyboard_then_offline_sale_synced_once(
    open_page, screenshot, cashier, hoi_an, fish_sauce, sesame_oil
):
    page = open_page()
    sign_in(page)
    # Once the service worker controls the till, a reload keeps the page and its files for offline use.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    # Waits written as page code (wait_for_function) would be evaluated from a string, which the content security
    # policy forbids; page.evaluate and expect() are not.
    page.evaluate(
        """new Promise((resolve) => navigator.serviceWorker.controller ? resolve(true)
            : navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))"""
    )
    page.wait_for_load_state("networkidle")  # the catalogue for offline selling is loaded
    assert page.evaluate("document.activeElement.id") == "scan"

    started = time.monotonic()
    scan(page, "8930000000019")
    scan(page, "8930000000026")
    page.keyboard.type("nuoc mam")  # a name without diacritics: one match is added at once
    page.wait_for_selector("#results li")
    page.keyboard.press("Enter")
    page.locator("#lines tr").nth(1).wait_for()
    assert page.locator("#lines tr").count() == 2  # the second fish sauce joined the first line
    assert page.inner_text("#total") == "290.000 ₫"
    page.keyboard.press("+")  # one more of the line just scanned, then one less
    assert page.inner_text("#total") == "375.000 ₫"
    page.keyboard.press("-")
    assert page.inner_text("#total") == "290.000 ₫"
    page.keyboard.press("Enter")  # empty scan field: pay
    page.wait_for_selector("#pay-dialog[open]")
    page.keyboard.type("300000")
    assert page.inner_text("#pay-change") == "10.000 ₫"
    page.keyboard.press("Enter")
    page.wait_for_selector("#done-dialog[open]")
    assert time.monotonic() - started < 15
    assert page.inner_text("#done-number") == "HA-000001"
    assert page.inner_text("#done-change") == "10.000 ₫"
    screenshot(page, "pos-till-done")

    receipt_url = page.get_attribute("#done-receipt", "href")
    page.keyboard.press("Enter")  # next sale; the focus is back in the scan field
    assert page.evaluate("document.activeElement.id") == "scan"
    receipt = open_page()
    receipt.context.add_cookies(page.context.cookies())
    receipt.goto(receipt_url)
    assert "HA-000001" in receipt.inner_text(".receipt")
    assert "Thuế GTGT 8 %" in receipt.inner_text(".receipt")
    screenshot(receipt, "pos-receipt")

    # The network goes down: the till keeps selling from its stored catalogue and keeps the sale.
    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    scan(page, "8930000000026")
    page.locator("#lines tr").first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_selector("#pay-dialog[open]")
    page.keyboard.press("Enter")  # exact cash
    page.wait_for_selector("#done-dialog[open]")
    assert page.is_visible("#done-offline")
    page.keyboard.press("Enter")
    expect(page.locator("#outbox-count")).to_have_text(re.compile(r"^1 "))
    assert page.is_visible("#offline-banner")
    # Still offline, the page is reloaded: the till comes back from the service worker, the sale is still waiting.
    page.reload()
    expect(page.locator("#outbox-count")).to_have_text(re.compile(r"^1 "))
    assert page.is_visible("#offline-banner")
    assert Sale.objects.count() == 1

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#offline-banner", state="hidden")
    # Syncing again (the 15-second timer, a reload) finds nothing more to send.
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.is_hidden("#offline-banner")
    assert list(Sale.objects.order_by("pk").values_list("receipt_number", "total_amount")) == [
        ("HA-000001", 290_000),
        ("HA-000002", 120_000),
    ]
    assert Stock.objects.get(warehouse=hoi_an, product_variant=sesame_oil).quantity == 8


def test_a_sale_made_after_the_session_expired_waits_until_staff_sign_in_again(open_page, cashier, fish_sauce):
    page = open_page()
    sign_in(page)
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies(name="sessionid")  # the session expires while the till stays open
    scan(page, "8930000000019")
    page.locator("#lines tr").first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_selector("#pay-dialog[open]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#done-dialog[open]")
    page.keyboard.press("Enter")
    expect(page.locator("#outbox-count")).to_have_text(re.compile(r"^1 "))
    assert "đăng nhập lại" in page.inner_text("#offline-banner")
    assert not Sale.objects.exists()

    sign_in(page)  # back on the till, which syncs what waited
    expect(page.locator("#outbox-count")).to_have_text(re.compile(r"^0 "))
    assert page.is_hidden("#offline-banner")
    assert Sale.objects.get().total_amount == 85_000


@pytest.mark.error_pages_expected
def test_the_z_report_and_a_refused_kiosk_read_in_vietnamese_on_a_tablet(open_page, screenshot, cashier, hoi_an):
    tam_ky = Warehouse.objects.get(slug="kiosk-tam-ky")
    page = open_page(viewport={"width": 1024, "height": 768})
    sign_in(page)
    page.goto("/pos/kiosk-hoi-an/bao-cao-z/")
    header = page.locator("table thead th").nth(1)
    expect(header).to_have_text("Thu")  # money taken, not Django's "Thứ 5" (Thursday)
    screenshot(page, "z-report-tablet")
    refused = page.goto(f"/pos/{tam_ky.slug}/")
    assert refused.status == 403
    expect(page.locator("body")).to_contain_text("Bạn không làm việc tại ki-ốt này.")
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert "Forbidden" not in page.content()
    screenshot(page, "other-kiosk-refused-tablet")
