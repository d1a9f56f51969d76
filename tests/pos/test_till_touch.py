"""The till for touch and the kiosk forms (issue 14, items 9–11 and 17): what the pages and JSON give the
browser — tiles with photos, groups and favourites, stock at the kiosk, the discount cap and its message, the
denomination count, codes named as they are scanned, as many rows as a delivery needs."""

import datetime
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from inventory.pos.line_rows import LINE_ROWS
from inventory.pos.models import DiscountLimit
from inventory.pos.services import record_sale
from marketplace.accounts.models import User
from marketplace.catalogue.services import add_product_media
from tests.catalogue.imagefiles import encoded, two_tone, upload
from tests.pos.builders import cash, line
from tests.pos.test_views import post_json, sale_payload


def till_config(client, slug="kiosk-hoi-an"):
    page = client.get(reverse("pos:till", args=[slug])).content.decode()
    return json.loads(page.split('id="till-config" type="application/json">')[1].split("</script>")[0]), page


def test_catalogue_items_carry_photo_group_and_the_kiosks_stock(client, staff_hoi_an, fish_sauce, sesame_oil, stocked):
    add_product_media(product=fish_sauce.product, uploaded_file=upload(encoded(two_tone(), "JPEG")), alt="Chai")
    client.force_login(staff_hoi_an)
    items = {item["sku"]: item for item in client.get(reverse("pos:catalogue", args=["kiosk-hoi-an"])).json()["items"]}
    fish = items["CT-NM-500"]
    assert fish["thumb"].startswith("/") and fish["thumb"].endswith("/128/")
    assert client.get(fish["thumb"]).status_code == 200
    assert items["BT-DM-250"]["thumb"] == ""  # no photo: the tile says so
    assert {item["group"] for item in items.values()} == {"Thực phẩm"}
    assert (fish["stock"], items["BT-DM-250"]["stock"]) == (10, 10)
    # The search keys the till searches offline with, the product's own.
    assert fish["plain"].startswith("nuoc mam lang bich hoa") and fish["nameKey"] == "nuoc mam lang bich hoa"


def test_stock_shown_is_the_kiosks_own_and_zero_where_none_was_received(client, staff_tam_ky, fish_sauce, stocked):
    client.force_login(staff_tam_ky)  # goods were received at Hội An only
    items = client.get(reverse("pos:catalogue", args=["kiosk-tam-ky"])).json()["items"]
    assert {item["stock"] for item in items} == {0}


def test_catalogue_query_count_does_not_grow_with_products(
    client, staff_hoi_an, producer, category, fish_sauce, sesame_oil, stocked, django_assert_num_queries
):
    client.force_login(staff_hoi_an)
    url = reverse("pos:catalogue", args=["kiosk-hoi-an"])
    client.get(url)
    # session with its user (one statement), kiosk, listings with variant/product/category, photos, stock
    with django_assert_num_queries(5):
        client.get(url)
    from tests.pos.conftest import _variant

    for n in range(5):
        _variant(producer, category, f"Bánh tráng {n}", f"BT-{n}", "", 20_000)
    with django_assert_num_queries(5):
        assert len(client.get(url).json()["items"]) == 7


def test_favourites_are_the_kiosks_best_sellers_of_the_last_30_days(
    client, hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked
):
    for lines in ([line(sesame_oil, 1)], [line(fish_sauce, 3)], [line(sesame_oil, 1)]):
        record_sale(kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=lines, payments=[cash(500_000)])
    client.force_login(staff_hoi_an)
    assert till_config(client)[0]["favourites"] == [fish_sauce.pk, sesame_oil.pk]  # 3 fish sauce, 2 oil


def test_favourites_leave_out_old_sales_and_other_kiosks(
    client, hoi_an, tam_ky, staff_hoi_an, staff_tam_ky, fish_sauce, sesame_oil, stocked
):
    old = timezone.now() - datetime.timedelta(days=31)
    record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(fish_sauce, 5)],
        payments=[cash(500_000)], created_at=old,
    )  # fmt: skip
    record_sale(
        kiosk=tam_ky, staff=staff_tam_ky, client_uuid=uuid.uuid4(), lines=[line(sesame_oil)], payments=[cash(500_000)]
    )
    client.force_login(staff_hoi_an)
    assert till_config(client)[0]["favourites"] == []
    client.force_login(staff_tam_ky)
    assert till_config(client, "kiosk-tam-ky")[0]["favourites"] == [sesame_oil.pk]


def test_the_page_states_the_discount_cap_in_the_words_the_server_refuses_with(
    client, staff_hoi_an, fish_sauce, stocked
):
    client.force_login(staff_hoi_an)
    config, _page = till_config(client)
    assert config["maxDiscount"] == "10"
    refused = post_json(
        client, reverse("pos:record_sale", args=["kiosk-hoi-an"]), sale_payload(fish_sauce, discount="15")
    )
    assert refused.status_code == 400
    assert config["text"]["discountTooLarge"] == refused.json()["errors"][0]["message"]


def test_a_kiosks_own_cap_reaches_the_page(client, hoi_an, staff_hoi_an):
    DiscountLimit.objects.create(kiosk=hoi_an, max_percent="12.5")
    client.force_login(staff_hoi_an)
    config, _page = till_config(client)
    assert config["maxDiscount"] == "12.5"
    assert "12.5 %" in config["text"]["discountTooLarge"]


def test_the_till_formats_money_the_english_way_in_english(client, staff_hoi_an):
    client.force_login(staff_hoi_an)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        config, page = till_config(client)
    assert config["language"] == "en"
    assert '<dd id="total">₫0</dd>' in page


def test_the_menu_marks_the_current_page(client, staff_hoi_an):
    client.force_login(staff_hoi_an)
    page = client.get(reverse("pos:cash_session", args=["kiosk-hoi-an"])).content.decode()
    current = page.split('aria-current="page">')
    assert len(current) == 2 and current[1].startswith("Ca thu ngân<")


def test_closing_a_session_offers_a_count_by_denomination(client, hoi_an, staff_hoi_an):
    client.force_login(staff_hoi_an)
    url = reverse("pos:cash_session", args=["kiosk-hoi-an"])
    client.post(url, {"action": "open", "opening_float": "500.000"})
    page = client.get(url).content.decode()
    notes = [int(part.split('"')[0]) for part in page.split('data-value="')[1:]]
    assert notes == [500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000]
    assert "500.000 ₫" in page and 'id="cash-count"' in page


def test_lookup_names_a_scanned_code_for_the_forms(client, staff_hoi_an, fish_sauce):
    client.force_login(staff_hoi_an)
    url = reverse("pos:lookup")
    assert client.get(url, {"code": "8930000000019"}).json() == {
        "found": True,
        "sku": "CT-NM-500",
        "name": "Nước mắm làng Bích Họa – Chai 500 ml",
    }
    assert client.get(url, {"code": "CT-NM-500"}).json()["found"] is True
    assert client.get(url, {"code": "khong-co"}).json() == {"found": False}
    assert client.get(url, {"code": "\x00" * 5000}).json() == {"found": False}


def test_lookup_is_for_staff_only(client, db, fish_sauce):
    url = reverse("pos:lookup")
    assert client.get(url, {"code": "8930000000019"}).status_code == 302  # to the POS sign-in
    shopper = User.objects.create_user(username="khach", email="khach@xuquang.test", password="x")
    client.force_login(shopper)
    refused = client.get(url, {"code": "8930000000019"})
    assert refused.status_code == 403 and "Nước mắm" not in refused.content.decode()


@pytest.mark.parametrize("rows", [LINE_ROWS + 2, 40])
def test_goods_in_takes_as_many_rows_as_the_page_added(client, hoi_an, staff_hoi_an, producer, fish_sauce, rows):
    client.force_login(staff_hoi_an)
    data = {"producer": producer.pk, "reference": "PGH-1"}
    data |= {f"code_{i}": "" for i in range(rows)}
    data[f"code_{rows - 1}"] = "8930000000019"  # only the last row, beyond the ten fixed ones, is filled
    data[f"quantity_{rows - 1}"] = "7"
    response = client.post(reverse("pos:goods_receipt", args=["kiosk-hoi-an"]), data)
    assert response.status_code == 302
    assert fish_sauce.stocks.get(warehouse=hoi_an).quantity == 7


def test_a_refused_long_note_comes_back_with_all_its_rows(client, staff_hoi_an, producer, fish_sauce):
    client.force_login(staff_hoi_an)
    data = {"producer": producer.pk, "code_13": "khong-co", "quantity_13": "1"}
    response = client.post(reverse("pos:goods_receipt", args=["kiosk-hoi-an"]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="code_13" value="khong-co"' in page and 'name="code_14"' not in page


def test_goods_in_producer_list_is_searchable_and_codes_are_looked_up(client, staff_hoi_an, producer):
    client.force_login(staff_hoi_an)
    page = client.get(reverse("pos:goods_receipt", args=["kiosk-hoi-an"])).content.decode()
    assert 'id="producer" name="producer" required data-searchable=' in page
    assert f'data-lookup-url="{reverse("pos:lookup")}"' in page
    assert "pos/forms.js" in page
