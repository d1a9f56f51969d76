"""A shopper on a phone types "qua tang", opens the Tết gift box, sees what is in it and puts it in the cart."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.accounts.services import create_user
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import (
    add_gift_set_component,
    create_product,
    create_variant,
    list_product_in_channel,
    set_variant_price,
)
from marketplace.channels.models import Channel
from marketplace.producers.services import create_producer
from tests.e2e.pages import landed

pytestmark = pytest.mark.e2e


def _gift_box():
    online = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    warehouse = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    manager = create_user(email="quanly@xuquang.test", password="mat-khau-dai-123", role="manager")
    category = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    seller = create_producer(name="Xứ Quảng Market (hộp quà)", legal_form="company")
    box = create_product(
        producer=seller, category=category, name="Hộp quà Tết xứ Quảng", status="published", is_gift_set=True
    )
    box_variant = create_variant(product=box, sku="QT-TET")
    list_product_in_channel(product=box, channel=online)
    set_variant_price(variant=box_variant, channel=online, price_amount=350_000)
    for name, units in (("Trà rừng Cù Lao Chàm", 1), ("Nước mắm làng Bích Họa", 2)):
        producer = create_producer(name=f"HTX {name}", legal_form="cooperative")
        part = create_product(producer=producer, category=category, name=name, status="published")
        variant = create_variant(product=part, sku=f"P-{part.pk}")
        list_product_in_channel(product=part, channel=online)
        set_variant_price(variant=variant, channel=online, price_amount=100_000)
        receive_goods(warehouse=warehouse, producer=producer, lines=[(variant, 10)])
        add_gift_set_component(gift_set=box, component=variant, quantity=units, user=manager)
    return Product.objects.get(pk=box.pk)


def test_qua_tang_finds_the_box_and_its_page_shows_what_is_inside(phone_page, screenshot):
    _gift_box()
    page = phone_page
    page.goto("/")
    page.get_by_label("Tìm sản phẩm").fill("qua tang")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.locator(".card__name")).to_have_text(["Hộp quà Tết xứ Quảng"])
    screenshot(page, "gift-search")

    page.get_by_role("link", name="Hộp quà Tết xứ Quảng").click()
    expect(page).to_have_url(re.compile(r"/san-pham/hop-qua-tet-xu-quang/"))
    expect(page.locator(".gift-set__part")).to_have_count(2)
    expect(page.locator(".gift-set__part").nth(1)).to_contain_text("2 × Nước mắm làng Bích Họa")
    expect(page.locator(".product__price")).to_contain_text("350.000 ₫")
    screenshot(page, "gift-product")

    page.get_by_role("button", name="Thêm vào giỏ").click()
    expect(page).to_have_url(re.compile(r"/gio-hang/$"))
    landed(page, "Giỏ hàng")
    expect(page.locator(".totals")).to_contain_text("350.000 ₫")
