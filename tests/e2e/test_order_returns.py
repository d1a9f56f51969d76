"""A shopper's order page after an online return, on a phone and a desktop: the lines that came back and their
refund fit the screen, in Vietnamese and in English."""

import pytest
from playwright.sync_api import expect

from marketplace.accounts.services import create_user
from marketplace.orders.services import fulfill_order
from marketplace.payments.services import return_order
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_returned_lines_fit_a_phone_and_a_desktop(open_page, screenshot, place_order, variant, second_variant):
    manager = create_user(email="quanly@xuquang.test", password="Mat-khau-dai-2026", role="manager", is_staff=True)
    order = place_order([(variant, 2), (second_variant, 3)])
    fulfill_order(order)
    fish, paper = order.lines.order_by("pk")
    return_order(order, lines={fish: 1, paper: 2}, restock=True, reason="Chai bị nứt", user=manager)

    for name, options in (
        ("phone", {"viewport": PHONE, "is_mobile": True, "has_touch": True}),
        ("desktop", {}),
    ):
        page = open_page(**options)
        page.goto(f"/don-hang/{order.token}/")
        returns = page.get_by_role("region", name="Hàng trả lại")
        expect(returns).to_contain_text("Đã trả lại, chờ hoàn tiền")
        expect(returns).to_contain_text("210.000 ₫")
        _no_sideways_scroll(page)
        screenshot(page, f"order-returned-{name}")
