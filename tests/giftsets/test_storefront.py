"""Shoppers and cashiers find gift sets by typing "qua tang"; the set's page lists its parts with their badges."""

import datetime

import pytest

from inventory.pos.selectors import find_variants_for_till
from marketplace.catalogue.services import add_ocop_certificate

pytestmark = pytest.mark.django_db


def test_qua_tang_without_diacritics_finds_the_set_on_the_storefront(client, gift_set, stocked):
    response = client.get("/tim-kiem/", {"q": "qua tang"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hộp quà Tết xứ Quảng" in page
    assert "Nước mắm làng Bích Họa" not in page  # a part is not a gift
    assert "Hộp quà từ nhiều chủ thể OCOP" in page


def test_qua_tang_finds_the_set_at_the_till_with_the_boxes_its_parts_make(
    gift_set, stocked, kiosk_channel, hoi_an, django_assert_num_queries
):
    # The barcode/SKU lookup, the search, the photos, the parts (a set is listed) and the shelf.
    with django_assert_num_queries(5):
        found = find_variants_for_till(channel_id=kiosk_channel.pk, query="qua tang", kiosk_id=hoi_an.pk)
    assert [(item["sku"], item["stock"]) for item in found] == [("QT-TET", 4)]  # 9 bottles of fish sauce // 2


def test_the_set_page_lists_its_parts_with_their_ocop_badges(client, gift_set, parts, stocked):
    add_ocop_certificate(
        product=parts["fish"].product,
        stars=4,
        score="78.5",
        decision_number="123/QĐ-UBND",
        decision_date=datetime.date.today() - datetime.timedelta(days=30),
        authority="UBND thành phố Đà Nẵng",
        batch_year=2026,
    )
    response = client.get(f"/san-pham/{gift_set.product.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trong hộp quà có" in page
    contents = page[page.index("gift-set__parts") :]
    contents = contents[: contents.index("</ul>")]
    assert contents.count('<li class="gift-set__part">') == 3
    assert "2 ×" in contents and "Nước mắm làng Bích Họa" in contents
    assert contents.count("ocop-badge__mark") == 1  # only the fish sauce holds a valid certificate
    # Online (HCMC) 2 boxes can be made: the set is for sale, not "out of stock".
    assert "Hết hàng" not in page


def test_the_api_counts_a_set_by_the_boxes_its_parts_make(client, gift_set, stocked, online):
    query = """query ($slug: String!, $channel: String!) {
      product(slug: $slug, channel: $channel) { isAvailable variants { sku quantityAvailable } }
    }"""
    variables = {"slug": gift_set.product.slug, "channel": online.slug}
    response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    assert response.status_code == 200, response.content
    product = response.json()["data"]["product"]
    # HCMC holds 3 tea, 10 fish sauce and 2 rice paper: rice paper makes 2 boxes.
    assert product == {"isAvailable": True, "variants": [{"sku": "QT-TET", "quantityAvailable": 2}]}


def test_a_cached_page_listing_a_set_is_served_from_the_cache(client, gift_set, stocked, django_assert_num_queries):
    client.get("/tim-kiem/", {"q": "qua tang"})
    # The catalogue version and the stock marks of the cards shown (storefront_theme/caching.py): a set in stock
    # stays in stock by its parts' rule, so the kept part is served.
    with django_assert_num_queries(2):
        response = client.get("/tim-kiem/", {"q": "qua tang"})
    assert "Hộp quà Tết xứ Quảng" in response.content.decode()
