# ruff: noqa: F811 - pytest fixtures imported from tests/pos are named again as the tests' parameters.
"""The kiosk's menu on a tablet and a phone: every entry on screen, tappable, none left past the edge; and on a
portrait tablet the sale and its pay button in sight.

At 1024 px the menu was one row that scrolled sideways by touch with no sign of it: "Sắp hết hàng" sat off-screen.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import landed
from tests.e2e.test_pos_till import cashier, scan, sign_in  # noqa: F401
from tests.pos.conftest import category, fish_sauce, hoi_an, producer, sesame_oil, stocked  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENS = {
    "tablet-landscape": {"width": 1024, "height": 768},
    "tablet-portrait": {"width": 768, "height": 1024},
    "phone": {"width": 390, "height": 844},
}
MENU = ["Bán hàng", "Ca thu ngân", "Báo cáo Z", "Nhập hàng", "Chuyển kho", "Kiểm kê", "Hộp quà", "Sắp hết hàng"]
MENU_EN = ["Sales", "Cash shift", "Z report", "Receive goods", "Transfers", "Stocktake", "Gift set", "Low stock"]

# Each entry's box, and whether a tap at its centre reaches the entry itself (not a cover, not a clipped area).
ENTRY_BOXES = """() => [...document.querySelectorAll('.pos-nav a')].map(a => {
  const r = a.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {name: a.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          height: r.height, tappable: hit !== null && a.contains(hit)};
})"""


def assert_every_entry_on_screen(page, names, viewport):
    entries = page.evaluate(ENTRY_BOXES)
    assert [entry["name"] for entry in entries] == names
    for entry in entries:
        assert entry["left"] >= 0 and entry["right"] <= viewport["width"], entry
        assert entry["top"] >= 0 and entry["bottom"] <= viewport["height"], entry
        assert entry["height"] >= 44, entry  # a touch target
        assert entry["tappable"], entry
    # Nothing on the page is wider than the screen (the till once pushed itself off a narrow one).
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("screen", SCREENS)
def test_every_menu_entry_is_on_screen_and_the_last_one_opens(open_page, cashier, screen):
    viewport = SCREENS[screen]
    page = open_page(viewport=viewport, has_touch=True, is_mobile=screen == "phone")
    sign_in(page)
    assert_every_entry_on_screen(page, MENU, viewport)
    page.locator(".pos-nav").get_by_role("link", name="Sắp hết hàng").tap()
    page.wait_for_url(re.compile(r"/pos/.*"))
    landed(page)
    expect(page.locator(".pos-nav a[aria-current=page]")).to_have_text("Sắp hết hàng")


def test_the_longer_english_menu_wraps_instead_of_overflowing(open_page, cashier):
    viewport = SCREENS["tablet-landscape"]
    page = open_page(viewport=viewport, has_touch=True)
    sign_in(page)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.reload()
    assert_every_entry_on_screen(page, MENU_EN, viewport)


def test_on_a_portrait_tablet_the_sale_and_its_pay_button_come_right_after_the_scan_field(
    open_page, cashier, fish_sauce
):
    """In one column the sale sat under every tile, its pay button some 1,400 px down a 1,024 px screen."""
    viewport = SCREENS["tablet-portrait"]
    page = open_page(viewport=viewport, has_touch=True)
    sign_in(page)
    page.wait_for_load_state("networkidle")
    scan(page, fish_sauce.barcode)
    expect(page.locator("#lines tr")).to_have_count(1)
    assert page.evaluate("scrollY") == 0
    scan_field, pay, tiles = (page.locator(selector).bounding_box() for selector in ("#scan", ".till-pay", "#tiles"))
    assert scan_field["y"] < pay["y"] < tiles["y"]
    assert pay["y"] + pay["height"] <= viewport["height"]
