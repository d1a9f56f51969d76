"""Numbers and dates that Python half-accepts ("²".isdigit() is True, int("²") fails; 2026-02-30 looks like a
date) are refused with a message at the till, never a 500, and nothing is written."""

import pytest
from django.urls import reverse

from inventory.models import StockCount, StockMovement
from inventory.pos.models import CashSession
from marketplace.core.numbers import parse_whole_number

HOSTILE_NUMBERS = ["²", "①", "١٢", "1e3", "-5", "12.5", "9" * 5000, "1\x00", " ", "٣"]


@pytest.mark.parametrize("typed", ["12", " 12 ", "0"])
def test_typed_whole_numbers_are_read(typed):
    assert parse_whole_number(typed) == int(typed)


@pytest.mark.parametrize("typed", [*HOSTILE_NUMBERS, None, 12, "", "1" * 16])
def test_anything_else_is_not_a_number(typed):
    assert parse_whole_number(typed) is None


@pytest.mark.parametrize("typed", HOSTILE_NUMBERS)
def test_goods_in_refuses_a_hostile_quantity(client, staff_hoi_an, producer, fish_sauce, typed):
    client.force_login(staff_hoi_an)
    url = reverse("pos:goods_receipt", args=["kiosk-hoi-an"])
    response = client.post(url, {"producer": producer.pk, "code_0": "8930000000019", "quantity_0": typed})
    assert response.status_code == 400
    assert "số nguyên dương" in response.content.decode()
    assert not StockMovement.objects.exists()


# "12.5" is left out: amounts are typed with thousands dots ("150.000"), so it reads as 125 đồng.
@pytest.mark.parametrize("typed", [typed for typed in HOSTILE_NUMBERS if typed != "12.5"])
def test_the_opening_float_refuses_a_hostile_amount(client, staff_hoi_an, typed):
    client.force_login(staff_hoi_an)
    url = reverse("pos:cash_session", args=["kiosk-hoi-an"])
    response = client.post(url, {"action": "open", "opening_float": typed})
    assert response.status_code == 400
    assert "Nhập số tiền bằng chữ số" in response.content.decode()
    assert not CashSession.objects.exists()


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "0001-01-01", "hôm qua"])
def test_the_z_report_shows_today_for_a_day_that_is_not_one(client, staff_hoi_an, day):
    client.force_login(staff_hoi_an)
    response = client.get(reverse("pos:z_report", args=["kiosk-hoi-an"]), {"day": day})
    assert response.status_code == 200


@pytest.mark.parametrize("typed", ["²", "-1", "a\x00b", "9" * 40])
def test_goods_in_refuses_a_producer_that_is_no_key(client, staff_hoi_an, fish_sauce, typed):
    client.force_login(staff_hoi_an)
    url = reverse("pos:goods_receipt", args=["kiosk-hoi-an"])
    response = client.post(url, {"producer": typed, "code_0": "8930000000019", "quantity_0": "2"})
    assert response.status_code == 400
    assert "Chọn chủ thể giao hàng" in response.content.decode()
    assert not StockMovement.objects.exists()


# A NUL reached PostgreSQL from these three and answered 500 (found clicking through the till on a phone).
def test_goods_in_names_a_code_with_nul_as_not_found(client, staff_hoi_an, producer, fish_sauce):
    client.force_login(staff_hoi_an)
    url = reverse("pos:goods_receipt", args=["kiosk-hoi-an"])
    response = client.post(url, {"producer": producer.pk, "code_0": "8930\x00", "quantity_0": "2"})
    assert response.status_code == 400
    assert "Không tìm thấy mã" in response.content.decode()
    assert not StockMovement.objects.exists()


def test_the_till_search_ignores_a_nul(client, staff_hoi_an, fish_sauce):
    client.force_login(staff_hoi_an)
    response = client.get(reverse("pos:search", args=["kiosk-hoi-an"]), {"q": "nuoc\x00 mam"})
    assert response.status_code == 200
    assert [item["sku"] for item in response.json()["items"]] == [fish_sauce.sku]


def test_a_receipt_lookup_code_with_nul_is_not_found(client, db):
    response = client.get(reverse("pos:receipt_lookup", args=["AB\x00CD"]))
    assert response.status_code == 404
    assert '<html lang="vi">' in response.content.decode()  # the site's own page, not a bare error


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"action": "scan", "code": "8930\x00"}, "Không tìm thấy mã"),
        ({"action": "post", "reason": "Hỏng\x00"}, "ký tự rỗng (NUL)"),
    ],
)
def test_a_count_refuses_a_nul_in_its_code_or_reason_with_a_message(
    client, staff_hoi_an, hoi_an, fish_sauce, stocked, posted, message
):
    client.force_login(staff_hoi_an)
    client.post(reverse("pos:counts", args=["kiosk-hoi-an"]))
    count = StockCount.objects.get()
    line = count.lines.get(product_variant=fish_sauce)
    response = client.post(reverse("pos:count", args=[count.pk]), {f"counted_{line.pk}": "7", **posted})
    assert response.status_code == 400
    assert message in response.content.decode()
    count.refresh_from_db()
    assert count.posted_at is None
    assert not StockMovement.objects.filter(reason="count").exists()


# The ledger's notes (goods-in, transfers, gift sets, counts) and the closing note: a NUL answered 500.
def test_goods_in_and_a_transfer_refuse_a_nul_in_their_note(
    client, staff_hoi_an, producer, fish_sauce, stocked, tam_ky
):
    client.force_login(staff_hoi_an)
    movements_before = StockMovement.objects.count()  # the shelf's stock
    goods_in = client.post(
        reverse("pos:goods_receipt", args=["kiosk-hoi-an"]),
        {"producer": producer.pk, "code_0": fish_sauce.barcode, "quantity_0": "5", "note": "Giao\x00sớm"},
    )
    transfer = client.post(
        reverse("pos:transfers", args=["kiosk-hoi-an"]),
        {"destination": tam_ky.pk, "code_0": fish_sauce.barcode, "quantity_0": "1", "note": "\x00"},
    )
    for response in (goods_in, transfer):
        assert response.status_code == 400
        assert "ký tự rỗng (NUL)" in response.content.decode()
    assert StockMovement.objects.count() == movements_before


def test_closing_a_shift_refuses_a_nul_in_its_note(client, staff_hoi_an):
    client.force_login(staff_hoi_an)
    url = reverse("pos:cash_session", args=["kiosk-hoi-an"])
    client.post(url, {"action": "open", "opening_float": "100000"})
    response = client.post(url, {"action": "close", "counted_cash": "100000", "note": "Đủ\x00"})
    assert response.status_code == 400
    assert "ký tự rỗng (NUL)" in response.content.decode()
    assert CashSession.objects.get().closed_at is None
