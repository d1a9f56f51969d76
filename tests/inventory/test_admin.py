"""The manager's stock pages: balances and ledger are read-only; receiving and adjusting go through the services."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from inventory.models import LowStockThreshold, Stock, StockMovement
from inventory.services import receive_goods, ship_transfer, start_stock_count
from marketplace.accounts.models import User
from marketplace.accounts.services import create_user

RECEIVE = reverse("admin:inventory_stock_receive")
ADJUST = reverse("admin:inventory_stock_adjust")
STOCK_LIST = reverse("admin:inventory_stock_changelist")


def receive_data(warehouse, producer, *lines, reference="PN-07"):
    data = {
        "warehouse": warehouse.pk,
        "producer": producer.pk,
        "reference": reference,
        "note": "",
        "lines-TOTAL_FORMS": "5",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
    }
    for i, (sku, quantity) in enumerate(lines):
        data[f"lines-{i}-variant"] = sku
        data[f"lines-{i}-quantity"] = quantity
    return data


@pytest.fixture
def manager(db):
    return create_user(email="quanly@example.vn", password="Kho-Hang-2026!", role=User.Role.MANAGER)


@pytest.fixture
def stocked(producer, variant, fulfilment):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10)])
    return Stock.objects.get(warehouse=fulfilment, product_variant=variant)


def test_receive_page_records_a_delivery(admin_client, admin_user, producer, variant, second_variant, kiosk):
    page = admin_client.get(RECEIVE)
    assert page.status_code == 200
    assert "Nhập hàng từ chủ thể" in page.content.decode()

    response = admin_client.post(
        RECEIVE, receive_data(kiosk, producer, (variant.sku, "6"), (f"  {second_variant.sku} ", "2")), follow=True
    )
    assert response.redirect_chain[-1][0] == STOCK_LIST
    assert "Đã nhập 2 dòng hàng vào Ki-ốt Hội An." in response.content.decode()
    movements = StockMovement.objects.filter(destination=kiosk).order_by("pk")
    assert [(m.product_variant, m.quantity, m.reference, m.created_by) for m in movements] == [
        (variant, 6, "PN-07", admin_user),
        (second_variant, 2, "PN-07", admin_user),
    ]


def test_receive_page_shows_errors_and_writes_nothing(admin_client, producer, foreign_variant, kiosk):
    unknown = admin_client.post(RECEIVE, receive_data(kiosk, producer, ("KHONG-CO", "1")))
    assert unknown.status_code == 200
    assert "Không có sản phẩm nào mang SKU KHONG-CO." in unknown.content.decode()

    empty = admin_client.post(RECEIVE, receive_data(kiosk, producer))
    assert "Phiếu nhập phải có ít nhất một dòng hàng." in empty.content.decode()

    no_quantity = admin_client.post(RECEIVE, receive_data(kiosk, producer, (foreign_variant.sku, "")))
    assert "Nhập số lượng nhận." in no_quantity.content.decode()

    # Refused by the service, reported on the page.
    foreign = admin_client.post(RECEIVE, receive_data(kiosk, producer, (foreign_variant.sku, "1")))
    assert foreign.status_code == 200
    assert "không thuộc chủ thể" in foreign.content.decode()
    assert not StockMovement.objects.exists()


def test_adjust_page_records_an_adjustment(admin_client, stocked, variant, fulfilment, loss):
    assert admin_client.get(ADJUST).status_code == 200
    response = admin_client.post(
        ADJUST,
        {"warehouse": fulfilment.pk, "variant": variant.sku, "quantity_delta": "-3", "reason_note": "Vỡ 3 chai"},
    )
    assert response.status_code == 302
    movement = StockMovement.objects.get(destination=loss)
    assert (movement.source, movement.quantity, movement.note) == (fulfilment, 3, "Vỡ 3 chai")
    stocked.refresh_from_db()
    assert stocked.quantity == 7


def test_adjust_page_requires_a_reason_and_enough_stock(admin_client, stocked, variant, fulfilment):
    missing = admin_client.post(
        ADJUST, {"warehouse": fulfilment.pk, "variant": variant.sku, "quantity_delta": "-1", "reason_note": "  "}
    )
    assert missing.status_code == 200
    too_many = admin_client.post(
        ADJUST, {"warehouse": fulfilment.pk, "variant": variant.sku, "quantity_delta": "-11", "reason_note": "Mất"}
    )
    assert too_many.status_code == 200
    assert "Không đủ hàng tại Kho giao hàng TP. Hồ Chí Minh" in too_many.content.decode()
    stocked.refresh_from_db()
    assert stocked.quantity == 10
    assert StockMovement.objects.count() == 1


def test_a_manager_may_use_the_stock_pages(client, manager, stocked, variant, fulfilment):
    client.force_login(manager)
    assert client.get(RECEIVE).status_code == 200
    assert RECEIVE in client.get(STOCK_LIST).content.decode()
    response = client.post(
        ADJUST, {"warehouse": fulfilment.pk, "variant": variant.sku, "quantity_delta": "2", "reason_note": "Đếm lại"}
    )
    assert response.status_code == 302
    assert StockMovement.objects.get(reason=StockMovement.Reason.ADJUSTMENT).created_by == manager


def test_non_staff_are_sent_to_the_login_page(client, producer, variant, fulfilment):
    shopper = create_user(email="khach@example.vn", password="Kho-Hang-2026!", role=User.Role.SHOPPER)
    client.force_login(shopper)
    for url in (RECEIVE, ADJUST):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    response = client.post(ADJUST, {"warehouse": fulfilment.pk, "variant": variant.sku, "quantity_delta": "5"})
    assert response.status_code == 302
    assert not StockMovement.objects.exists()


def test_staff_without_the_right_are_refused(client, fulfilment, variant):
    clerk = create_user(email="nv@example.vn", password="Kho-Hang-2026!", role=User.Role.SHOPPER, is_staff=True)
    client.force_login(clerk)
    assert client.get(RECEIVE).status_code == 403
    response = client.post(
        ADJUST, {"warehouse": fulfilment.pk, "variant": variant.sku, "quantity_delta": "5", "reason_note": "x"}
    )
    assert response.status_code == 403
    assert not StockMovement.objects.exists()


def test_stock_and_ledger_cannot_be_edited_in_the_admin(admin_client, stocked):
    stock_list = admin_client.get(STOCK_LIST)
    assert stock_list.status_code == 200
    html = stock_list.content.decode()
    assert "CT-NM-500" in html
    assert RECEIVE in html and ADJUST in html
    assert reverse("admin:inventory_stock_add") not in html

    change_url = reverse("admin:inventory_stock_change", args=[stocked.pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200
    assert 'name="quantity"' not in page.content.decode()
    admin_client.post(change_url, {"quantity": "999", "quantity_allocated": "0"})
    stocked.refresh_from_db()
    assert stocked.quantity == 10

    movement = StockMovement.objects.get()
    assert admin_client.get(reverse("admin:inventory_stockmovement_add")).status_code == 403
    assert admin_client.post(reverse("admin:inventory_stockmovement_delete", args=[movement.pk])).status_code == 403
    assert admin_client.get(reverse("admin:inventory_stockmovement_changelist")).status_code == 200
    detail = admin_client.get(reverse("admin:inventory_stockmovement_change", args=[movement.pk])).content.decode()
    assert date_format(localtime(movement.created_at), "DATETIME_FORMAT") in detail
    assert 'name="quantity"' not in detail


def test_stock_list_search_and_filter(admin_client, stocked, second_variant, producer, kiosk):
    receive_goods(warehouse=kiosk, producer=producer, lines=[(second_variant, 1)])
    by_sku = admin_client.get(STOCK_LIST, {"q": "CT-NM-250"}).content.decode()
    assert "CT-NM-250" in by_sku and "CT-NM-500" not in by_sku
    by_name = admin_client.get(STOCK_LIST, {"q": "cốt nhĩ"}).content.decode()
    assert "CT-NM-250" in by_name and "CT-NM-500" not in by_name
    by_place = admin_client.get(STOCK_LIST, {"warehouse__id__exact": kiosk.pk}).content.decode()
    assert "CT-NM-250" in by_place and "CT-NM-500" not in by_place


def test_each_stock_row_links_to_a_prefilled_adjustment(admin_client, stocked, variant, fulfilment):
    html = admin_client.get(STOCK_LIST).content.decode()
    link = f"{ADJUST}?warehouse={fulfilment.pk}&amp;variant={variant.sku}"
    assert link in html

    form = admin_client.get(ADJUST, {"warehouse": fulfilment.pk, "variant": variant.sku}).content.decode()
    assert f'value="{variant.sku}"' in form
    assert f'<option value="{fulfilment.pk}" selected>' in form


def test_the_adjust_links_are_shown_only_to_those_who_may_adjust(client, stocked):
    viewer = create_user(email="xem@example.vn", password="Kho-Hang-2026!", role=User.Role.SHOPPER, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_stock"))
    client.force_login(viewer)
    html = client.get(STOCK_LIST).content.decode()
    assert "CT-NM-500" in html
    assert ADJUST not in html and RECEIVE not in html


def test_the_place_filter_offers_only_places_with_stock(
    admin_client, stocked, producer, variant, fulfilment, kiosk, other_kiosk, supplier
):
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 1)])
    html = admin_client.get(STOCK_LIST).content.decode()
    assert f"warehouse__id__exact={fulfilment.pk}" in html
    assert f"warehouse__id__exact={kiosk.pk}" in html
    assert f"warehouse__id__exact={other_kiosk.pk}" not in html
    assert f"warehouse__id__exact={supplier.pk}" not in html


def test_transfer_count_and_digest_pages_are_read_only(admin_client, admin_user, stocked, variant, fulfilment, kiosk):
    transfer = ship_transfer(origin=fulfilment, destination=kiosk, lines=[(variant, 1)], user=admin_user)
    count = start_stock_count(warehouse=kiosk, user=admin_user)
    for name, pk in (("stocktransfer", transfer.pk), ("stockcount", count.pk)):
        assert admin_client.get(reverse(f"admin:inventory_{name}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:inventory_{name}_change", args=[pk])).status_code == 200
        assert admin_client.get(reverse(f"admin:inventory_{name}_add")).status_code == 403
    assert admin_client.get(reverse("admin:inventory_lowstockdigest_changelist")).status_code == 200


def test_a_threshold_set_in_the_admin_goes_through_the_service(admin_client, variant, kiosk):
    response = admin_client.post(
        reverse("admin:inventory_lowstockthreshold_add"),
        {"warehouse": kiosk.pk, "product_variant": variant.pk, "minimum_quantity": "4"},
    )
    assert response.status_code == 302
    assert LowStockThreshold.objects.get().minimum_quantity == 4
