"""Home, group listing and product pages: what shows, what never shows, and bad input."""

import datetime
import json
import re

import pytest
from django.templatetags.static import static
from django.urls import reverse, set_script_prefix

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.catalogue import selectors
from marketplace.catalogue.models import Product
from marketplace.catalogue.services import add_ocop_certificate, create_product
from marketplace.catalogue.templatetags.catalogue_images import thumbnail_url
from storefront_theme.templatetags import storefront as storefront_tags
from tests.storefront import catalogue_data


def names(response):
    return [p.name for p in response.context["page"].object_list]


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_home_shows_featured_certified_products_and_groups(client, catalogue):
    response = client.get(reverse("storefront:home"))
    assert response.status_code == 200
    assert [p.name for p in response.context["five_star"]] == ["Sâm Ngọc Linh SAPHRATON"]
    assert {p.name for p in response.context["four_star"]} == {
        "Nước mắm Cửa Khe Hai Hiền",
        "Nước mắm làng Bích Họa",
        "Bánh tráng lề Địch Yên",
        "Nước cốt chanh Thu Vân",
    }
    counts = {g.slug: g.product_count for g in response.context["groups"]}
    # Thực phẩm counts its subgroups' products; drafts and kiosk-only products are not counted.
    assert counts == {"thuc-pham": 6, "do-uong": 3, "duoc-lieu": 1, "thu-cong-my-nghe": 0}
    body = response.content.decode()
    assert "<title>" in body and 'name="description"' in body
    # A card shows the lowest of the product's variant prices.
    assert "95.000 ₫" in body and "150.000 ₫" not in body


def test_card_shows_lowest_price_badge_producer_and_out_of_stock(client, catalogue):
    response = client.get(reverse("storefront:category", args=["do-uong"]))
    body = response.content.decode()
    tra_sam = body.split("Trà túi lọc sâm Ngọc Linh</h3>")[1].split("</article>")[0]
    assert "120.000 ₫" in tra_sam
    assert "Hết hàng" in tra_sam
    assert "Hộ kinh doanh Hải Thủy" in tra_sam
    sauces = client.get(reverse("storefront:category", args=["gia-vi"])).content.decode()
    cua_khe = sauces.split("Nước mắm Cửa Khe Hai Hiền</h3>")[1].split("</article>")[0]
    assert "95.000 ₫" in cua_khe and "Hết hàng" not in cua_khe
    assert "Xã Thăng An, TP. Đà Nẵng" in cua_khe


def test_expired_certificate_shows_no_badge_on_cards(client, catalogue):
    response = client.get(reverse("storefront:category", args=["banh-va-mi"]))
    cards = {p.name: p for p in response.context["page"].object_list}
    assert cards["Bánh tráng Hải An"].ocop_stars is None
    assert cards["Bánh tráng lề Địch Yên"].ocop_stars == 4
    body = response.content.decode()
    hai_an = body.split("Bánh tráng Hải An</h3>")[0].rsplit("<article", 1)[1]
    assert "ocop-badge" not in hai_an


def test_group_listing_includes_subgroups_and_hides_invisible_products(client, catalogue):
    response = client.get(reverse("storefront:category", args=["thuc-pham"]))
    assert response.status_code == 200
    assert set(names(response)) == {
        "Nước mắm Cửa Khe Hai Hiền",
        "Nước mắm làng Bích Họa",
        "Mì Cao Lầu Tô Văn Bình",
        "Bánh tráng lề Địch Yên",
        "Bánh tráng Hải An",
        "Gạo hữu cơ Hòa Tiến",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stars": "4"}, ["Bánh tráng lề Địch Yên", "Nước mắm Cửa Khe Hai Hiền", "Nước mắm làng Bích Họa"]),
        (
            {"stars": "3", "sort": "name"},
            ["Bánh tráng lề Địch Yên", "Mì Cao Lầu Tô Văn Bình", "Nước mắm Cửa Khe Hai Hiền", "Nước mắm làng Bích Họa"],
        ),
        ({"producer": "htx-cat-trang"}, ["Nước mắm làng Bích Họa"]),
        (
            {"price_min": "60000", "price_max": "95000", "sort": "price_asc"},
            ["Bánh tráng lề Địch Yên", "Gạo hữu cơ Hòa Tiến", "Nước mắm Cửa Khe Hai Hiền"],
        ),
        (
            {"sort": "price_desc", "price_min": "80000"},
            ["Nước mắm làng Bích Họa", "Nước mắm Cửa Khe Hai Hiền", "Gạo hữu cơ Hòa Tiến"],
        ),
    ],
)
def test_filters_and_sorting(client, catalogue, params, expected):
    response = client.get(reverse("storefront:category", args=["thuc-pham"]), {**params})
    assert response.status_code == 200
    got = names(response)
    if "sort" in params:
        assert got == expected
    else:
        assert sorted(got) == sorted(expected)


def test_in_stock_filter_counts_only_the_hcmc_warehouse(client, catalogue):
    response = client.get(reverse("storefront:category", args=["do-uong"]), {"in_stock": "1"})
    assert set(names(response)) == {"Trà hoa vàng", "Nước cốt chanh Thu Vân"}


def test_newest_sort(client, catalogue):
    response = client.get(reverse("storefront:category", args=["do-uong"]), {"sort": "newest"})
    assert names(response) == ["Nước cốt chanh Thu Vân", "Trà hoa vàng", "Trà túi lọc sâm Ngọc Linh"]


@pytest.mark.parametrize(
    "params",
    [
        {"price_min": "abc"},
        {"price_max": "-5"},
        {"price_min": "9" * 40},
        {"stars": "9"},
        {"stars": "x"},
        {"sort": "drop table"},
        {"producer": "khong-co"},
        {"per_page": "1000"},
        {"per_page": "abc"},
        {"in_stock": "maybe"},
    ],
)
def test_bad_parameters_are_ignored_not_fatal(client, catalogue, params):
    response = client.get(reverse("storefront:category", args=["thuc-pham"]), params)
    assert response.status_code == 200
    search = client.get(reverse("storefront:search"), {"q": "nuoc", **params})
    assert search.status_code == 200


def test_invalid_price_is_reported_next_to_the_field(client, catalogue):
    response = client.get(reverse("storefront:category", args=["thuc-pham"]), {"price_min": "abc"})
    assert response.context["form"].errors["price_min"]
    body = response.content.decode()
    assert 'class="field__error" id="id_price_min-error"' in body
    assert 'aria-describedby="id_price_min-error"' in body
    assert len(names(response)) == 6


@pytest.mark.parametrize("page", ["999", "abc", "0", "-1"])
def test_page_out_of_range_is_404(client, catalogue, page):
    assert client.get(reverse("storefront:category", args=["thuc-pham"]), {"page": page}).status_code == 404
    assert client.get(reverse("storefront:search"), {"q": "nuoc", "page": page}).status_code == 404


def test_unknown_group_is_404(client, catalogue):
    assert client.get(reverse("storefront:category", args=["khong-co-nhom"])).status_code == 404


def test_product_page_shows_price_variants_certificate_and_story(client, catalogue):
    response = client.get(reverse("storefront:product", args=[catalogue["cua_khe"].slug]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in [
        "Nước mắm Cửa Khe Hai Hiền",
        "95.000 ₫",
        "150.000 ₫",
        "ocop-badge",
        f"{catalogue['cua_khe'].pk}/QĐ-UBND",
        "UBND tỉnh Quảng Nam",
        "78/100",
        "Ba đời làm nước mắm",
        "Xã Thăng An, TP. Đà Nẵng",
        "Bình Dương, Thăng Bình, Quảng Nam",
        "Cá cơm, muối biển",
        "500 ml",
        "36 tháng",
        "Còn hàng",
    ]:
        assert text in body, text
    assert "<title>Nước mắm Cửa Khe Hai Hiền" in body


def test_expired_certificate_is_shown_as_expired_without_badge(client, catalogue):
    response = client.get(reverse("storefront:product", args=[catalogue["banh_trang_hai_an"].slug]))
    body = response.content.decode()
    assert response.context["certificate_valid"] is False
    assert "Chứng nhận đã hết hạn ngày" in body
    assert "ocop-badge" not in body


def test_out_of_stock_product_says_so(client, catalogue):
    body = client.get(reverse("storefront:product", args=[catalogue["tra_sam"].slug])).content.decode()
    assert "Hết hàng" in body


def test_product_json_ld(client, catalogue):
    response = client.get(reverse("storefront:product", args=[catalogue["cua_khe"].slug]))
    data = json_ld(response)
    assert data["@type"] == "Product"
    assert data["name"] == "Nước mắm Cửa Khe Hai Hiền"
    assert data["brand"]["name"] == "Cơ sở nước mắm Hai Hiền"
    assert data["offers"]["priceCurrency"] == "VND"
    assert data["offers"]["lowPrice"] == 95_000 and data["offers"]["highPrice"] == 150_000
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["image"] and data["image"][0].startswith("http://testserver/")


def test_json_ld_cannot_break_out_of_its_script(client, catalogue):
    item = catalogue["saphraton"]
    item.description = "</script><script>alert(1)</script>"
    item.save()
    body = client.get(reverse("storefront:product", args=[item.slug])).content.decode()
    assert "<script>alert(1)" not in body


def test_unpublished_and_missing_products_are_404(client, catalogue):
    for key in ("draft", "kiosk_only"):
        assert client.get(reverse("storefront:product", args=[catalogue[key].slug])).status_code == 404
    assert client.get(reverse("storefront:product", args=["khong-co"])).status_code == 404


def test_product_without_online_price_is_hidden_from_listings(client, catalogue):
    maker = catalogue["cua_khe"].producer
    create_product(
        producer=maker, category=catalogue["cua_khe"].category, name="Nước mắm chưa có giá", status="published"
    )
    response = client.get(reverse("storefront:search"), {"q": "nuoc mam chua co gia"})
    assert names(response) == []


def test_home_leaves_out_expired_and_not_yet_valid_certificates(client, catalogue):
    group = catalogue["saphraton"].category
    maker = catalogue["saphraton"].producer
    catalogue_data.product(name="Sâm hết hạn", group=group, maker=maker, stars=5, certificate_age_days=36 * 31)
    catalogue_data.product(name="Sâm chưa hiệu lực", group=group, maker=maker, stars=5, certificate_age_days=-3)
    response = client.get(reverse("storefront:home"))
    assert [p.name for p in response.context["five_star"]] == ["Sâm Ngọc Linh SAPHRATON"]


def test_product_page_prefers_the_valid_certificate_over_a_newer_expired_one(client, catalogue):
    item = catalogue["cao_lau"]  # 3★, signed 200 days ago
    add_ocop_certificate(
        product=item,
        stars=4,
        score=75,
        decision_number="cu/QĐ-UBND",
        decision_date=datetime.date.today() - datetime.timedelta(days=1500),
        authority="UBND tỉnh Quảng Nam",
    )
    response = client.get(reverse("storefront:product", args=[item.slug]))
    assert response.context["certificate_valid"] is True
    assert response.context["certificate"].stars == 3


def test_stock_only_at_a_kiosk_is_not_in_stock_for_hcmc_delivery(client, catalogue):
    item = catalogue_data.product(
        name="Nước mắm chỉ còn ở Hội An",
        group=catalogue["cua_khe"].category,
        maker=catalogue["cua_khe"].producer,
        stock=0,
    )
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    receive_goods(warehouse=kiosk, producer=item.producer, lines=[(item.variants.get(), 5)])
    response = client.get(reverse("storefront:category", args=["gia-vi"]), {"in_stock": "1"})
    assert "Nước mắm chỉ còn ở Hội An" not in names(response)
    page = client.get(reverse("storefront:product", args=[item.slug]))
    assert page.context["product"].available == 0


def test_a_product_shows_in_the_section_of_its_best_valid_rating_only(client, catalogue):
    item = catalogue["cua_khe"]  # 4★ valid
    add_ocop_certificate(
        product=item,
        stars=5,
        score=91,
        decision_number="5sao/QĐ-BNN",
        decision_date=datetime.date.today() - datetime.timedelta(days=10),
        authority="Bộ Nông nghiệp và Môi trường",
    )
    response = client.get(reverse("storefront:home"))
    assert item.name in [p.name for p in response.context["five_star"]]
    assert item.name not in [p.name for p in response.context["four_star"]]


def test_the_filter_drop_downs_show_the_choice_made(client, catalogue):
    page = client.get(reverse("storefront:category", args=["thuc-pham"]), {"producer": "htx-cat-trang", "stars": "4"})
    html = page.content.decode()
    producers = re.search(r'<select name="producer" id="id_producer">(.*?)</select>', html).group(1)
    assert re.findall(r"<option [^>]*selected", producers) == ['<option value="htx-cat-trang" selected']
    assert '<option value="">Tất cả</option>' in producers
    assert '<option value="4" selected>Từ 4 sao</option>' in html
    assert '<option value="relevance">Nổi bật</option>' in html  # none chosen: the first, as Django's Select


def test_a_listing_page_shows_a_certificate_s_stars_until_the_day_it_expires(catalogue):
    """A listing's rows are read through a shape built once per channel and day (selectors.listing_rows): the day
    after a certificate expired gets its own, without the stars."""
    dich_yen = Product.objects.get(name="Bánh tráng lề Địch Yên")
    expires = dich_yen.ocop_certificates.get().expires_on
    channel = selectors.storefront_channel_slug()

    def stars_on(day):
        return selectors.listing_rows(channel, day).get(pk=dich_yen.pk).ocop_stars

    assert stars_on(expires - datetime.timedelta(days=1)) == 4
    assert stars_on(expires) is None
    assert stars_on(expires - datetime.timedelta(days=1)) == 4


@pytest.mark.parametrize("script_prefix", ["/", "/cho/"])
def test_a_card_s_links_are_those_reverse_gives(catalogue, script_prefix):
    """The card writes its product and photo URLs from stems reversed once per script prefix and URLconf."""
    channel = selectors.storefront_channel_slug()
    product, plain = selectors.listing_rows_by_id([catalogue["saphraton"].pk, catalogue["cao_lau"].pk], channel)
    product.first_media = [selectors.first_photos([product.pk])[product.pk]]
    plain.first_media = []
    set_script_prefix(script_prefix)
    try:
        card, no_photo = (storefront_tags._card_body(item, False) for item in (product, plain))
        assert f'href="{reverse("storefront:product", args=[product.slug])}"' in card
        assert f'src="{thumbnail_url(product.first_media[0], 256)}"' in card
        assert f'href="{reverse("storefront:product", args=[plain.slug])}"' in no_photo
        assert f'src="{static("storefront/img/placeholder.svg")}"' in no_photo
        assert reverse("storefront:product", args=[product.slug]).startswith(script_prefix)
    finally:
        set_script_prefix("/")
