"""The POS stock pages: transfers (ship, receive), counts and low-stock alerts, and who may open them."""

import uuid

import pytest
from django.urls import reverse

from inventory.models import Stock, StockCount, StockTransfer, Warehouse
from inventory.pos.models import StockVarianceAlert
from inventory.pos.services import record_sale, save_counted_lines
from inventory.services import receive_goods, set_low_stock_threshold, ship_transfer, start_stock_count
from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from tests.pos.builders import cash, line


def balance(variant, place):
    return Stock.objects.get(product_variant=variant, warehouse=place).quantity


@pytest.fixture
def shipped(hoi_an, tam_ky, fish_sauce, stocked, staff_hoi_an):
    return ship_transfer(origin=hoi_an, destination=tam_ky, lines=[(fish_sauce, 3)], user=staff_hoi_an)


def test_staff_ship_from_their_kiosk_by_scanning(client, hoi_an, tam_ky, fish_sauce, stocked, staff_hoi_an):
    client.force_login(staff_hoi_an)
    url = reverse("pos:transfers", args=["kiosk-hoi-an"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"destination": tam_ky.pk, "code_0": fish_sauce.barcode, "quantity_0": "2"})
    transfer = StockTransfer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pos:transfer", args=[transfer.pk])
    assert balance(fish_sauce, hoi_an) == 8
    refused = client.post(url, {"destination": tam_ky.pk, "code_0": "khong-co", "quantity_0": "2"})
    assert refused.status_code == 400 and "Không tìm thấy mã" in refused.content.decode()


def test_destination_staff_receive_with_a_shortfall(client, tam_ky, fish_sauce, shipped, staff_tam_ky):
    client.force_login(staff_tam_ky)
    url = reverse("pos:transfer", args=[shipped.pk])
    line = shipped.lines.get()
    assert 'name="received_' in client.get(url).content.decode()
    refused = client.post(url, {f"received_{line.pk}": "2", "reason": ""})
    assert refused.status_code == 400 and "lý do chênh lệch" in refused.content.decode()
    assert client.post(url, {f"received_{line.pk}": "2", "reason": "Vỡ một chai"}).status_code == 302
    shipped.refresh_from_db()
    assert shipped.status == StockTransfer.Status.RECEIVED and balance(fish_sauce, tam_ky) == 2


def test_tam_ky_staff_cannot_ship_from_or_receive_at_hoi_an(
    client, hoi_an, tam_ky, fish_sauce, stocked, staff_tam_ky, staff_hoi_an
):
    client.force_login(staff_tam_ky)
    url = reverse("pos:transfers", args=["kiosk-hoi-an"])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"destination": tam_ky.pk, "code_0": fish_sauce.barcode, "quantity_0": "2"}).status_code == 403
    )
    back = ship_transfer(origin=tam_ky, destination=hoi_an, lines=[(fish_sauce, 1)], user=staff_tam_ky)
    # Tam Kỳ sees what it sent but cannot receive it for Hội An.
    line = back.lines.get()
    page = client.get(reverse("pos:transfer", args=[back.pk]))
    assert page.status_code == 200 and 'name="received_' not in page.content.decode()
    assert client.post(reverse("pos:transfer", args=[back.pk]), {f"received_{line.pk}": "1"}).status_code == 403
    back.refresh_from_db()
    assert back.status == StockTransfer.Status.SHIPPED and not StockTransfer.objects.filter(origin=hoi_an).exists()


def test_other_kiosks_transfers_answer_404(client, hoi_an, fish_sauce, stocked, staff_hoi_an, manager):
    chu_lai_to_hoi_an = ship_transfer(
        origin=hoi_an,
        destination=Warehouse.objects.get(slug="kiosk-chu-lai"),
        lines=[(fish_sauce, 1)],
        user=manager,
    )
    dien_ban = User.objects.create_user(
        username="an.dienban",
        email="an@xuquang.test",
        password="mat-khau-123",
        role="kiosk_staff",
        kiosk=Warehouse.objects.get(slug="kiosk-dien-ban"),
    )
    client.force_login(dien_ban)
    assert client.get(reverse("pos:transfer", args=[chu_lai_to_hoi_an.pk])).status_code == 404
    assert client.post(reverse("pos:transfer", args=[chu_lai_to_hoi_an.pk]), {}).status_code == 404


def test_managers_ship_from_the_fulfilment_warehouse(client, manager, hoi_an, fish_sauce, producer):
    hcm = Warehouse.objects.get(slug="kho-hcm")
    receive_goods(warehouse=hcm, producer=producer, lines=[(fish_sauce, 5)])
    client.force_login(manager)
    url = reverse("pos:transfers", args=["kho-hcm"])
    response = client.post(url, {"destination": hoi_an.pk, "code_0": fish_sauce.sku, "quantity_0": "5"})
    assert response.status_code == 302
    assert StockTransfer.objects.get().number == "CK-HCM-0001" and balance(fish_sauce, hcm) == 0
    assert "kho-hcm" in client.get(reverse("pos:home")).content.decode()


def test_count_by_scan_and_list_then_post(client, hoi_an, fish_sauce, sesame_oil, stocked, staff_hoi_an):
    client.force_login(staff_hoi_an)
    response = client.post(reverse("pos:counts", args=["kiosk-hoi-an"]))
    count = StockCount.objects.get()
    assert response["Location"] == reverse("pos:count", args=[count.pk])
    url = reverse("pos:count", args=[count.pk])
    for _scan in range(3):
        client.post(url, {"action": "scan", "code": fish_sauce.barcode})
    oil = count.lines.get(product_variant=sesame_oil)
    refused = client.post(url, {"action": "post", f"counted_{oil.pk}": "9", "reason": ""})
    assert refused.status_code == 400 and 'value="9"' in refused.content.decode()
    assert client.post(url, {"action": "post", f"counted_{oil.pk}": "9", "reason": "Hỏng"}).status_code == 302
    assert (balance(fish_sauce, hoi_an), balance(sesame_oil, hoi_an)) == (3, 9)
    assert "Đã ghi sổ" in client.get(url).content.decode()


def test_tam_ky_staff_cannot_count_hoi_an(client, hoi_an, stocked, staff_tam_ky, manager):
    client.force_login(staff_tam_ky)
    assert client.post(reverse("pos:counts", args=["kiosk-hoi-an"])).status_code == 403
    count = start_stock_count(warehouse=hoi_an, user=manager)
    assert client.get(reverse("pos:count", args=[count.pk])).status_code == 404
    assert client.post(reverse("pos:count", args=[count.pk]), {"action": "post"}).status_code == 404
    assert StockCount.objects.get().status == StockCount.Status.OPEN


def test_low_stock_page_managers_see_all_staff_their_kiosk(
    client, hoi_an, tam_ky, fish_sauce, stocked, staff_tam_ky, staff_hoi_an, manager
):
    set_low_stock_threshold(warehouse=hoi_an, variant=fish_sauce, minimum_quantity=10, user=manager)
    set_low_stock_threshold(warehouse=tam_ky, variant=fish_sauce, minimum_quantity=1, user=manager)
    url = reverse("pos:low_stock")

    def rows(user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        return [item.warehouse.slug for item in response.context["items"]]

    assert sorted(rows(manager)) == ["kiosk-hoi-an", "kiosk-tam-ky"]
    assert rows(staff_hoi_an) == ["kiosk-hoi-an"]
    assert rows(staff_tam_ky) == ["kiosk-tam-ky"]
    shopper = User.objects.create_user(username="khach", email="k@xuquang.test", password="mat-khau-123")
    client.force_login(shopper)
    assert client.get(url).status_code == 403


def test_posting_a_count_closes_the_variance_alerts_of_what_it_counted(
    client, hoi_an, fish_sauce, sesame_oil, stocked, staff_hoi_an
):
    for variant in (fish_sauce, sesame_oil):
        record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(variant, 11)],
            payments=[cash(2_000_000)],
        )
    assert StockVarianceAlert.objects.filter(resolved_at__isnull=True).count() == 2
    client.force_login(staff_hoi_an)
    client.post(reverse("pos:counts", args=["kiosk-hoi-an"]))
    count = StockCount.objects.get()
    fish = count.lines.get(product_variant=fish_sauce)
    url = reverse("pos:count", args=[count.pk])
    assert client.post(url, {"action": "post", f"counted_{fish.pk}": "0", "reason": "Bán quá sổ"}).status_code == 302
    assert balance(fish_sauce, hoi_an) == 0
    still_open = StockVarianceAlert.objects.filter(resolved_at__isnull=True)
    assert [alert.variant_id for alert in still_open] == [sesame_oil.pk]  # not counted: still to check


def test_stock_pages_query_counts_do_not_grow_with_documents(
    client, hoi_an, tam_ky, fish_sauce, sesame_oil, stocked, staff_hoi_an, manager, django_assert_num_queries
):
    for _n in range(3):
        ship_transfer(origin=hoi_an, destination=tam_ky, lines=[(fish_sauce, 1), (sesame_oil, 1)], user=staff_hoi_an)
    count = start_stock_count(warehouse=hoi_an, user=staff_hoi_an)
    for variant in (fish_sauce, sesame_oil):
        set_low_stock_threshold(warehouse=hoi_an, variant=variant, minimum_quantity=50, user=manager)
    client.force_login(staff_hoi_an)
    transfer = StockTransfer.objects.first()
    # session+user, then: transfers page — place, destinations, incoming, outgoing; transfer page — the
    # transfer, its lines; count page — the count, its lines; low stock — places (first), thresholds.
    for url, queries in (
        (reverse("pos:transfers", args=["kiosk-hoi-an"]), 5),
        (reverse("pos:transfer", args=[transfer.pk]), 3),
        (reverse("pos:count", args=[count.pk]), 3),
        (reverse("pos:low_stock"), 3),
    ):
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_a_refused_post_leaves_every_typed_count_as_it_was(hoi_an, fish_sauce, sesame_oil, stocked, staff_hoi_an):
    """save_counted_lines: the quantities and the post are one transaction; a refused post saves none of them."""
    count = start_stock_count(warehouse=hoi_an, user=staff_hoi_an)
    with pytest.raises(DomainError) as refused:
        save_counted_lines(count=count, counted={fish_sauce: 2, sesame_oil: 9}, user=staff_hoi_an, post=True, reason="")
    assert refused.value.code == "required"
    assert list(count.lines.values_list("counted_quantity", flat=True)) == [None, None]
    save_counted_lines(count=count, counted={fish_sauce: 2}, user=staff_hoi_an, post=True, reason="Vỡ")
    assert (balance(fish_sauce, hoi_an), balance(sesame_oil, hoi_an)) == (2, 10)
