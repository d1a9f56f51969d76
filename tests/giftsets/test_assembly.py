"""Gift sets assembled ahead at a kiosk: the ledger moves the parts out and the boxes in, availability counts the
boxes plus what the parts still make, a sale takes the boxes first, and only who works at the kiosk may do it."""

import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from inventory import locations
from inventory.models import Stock, StockMovement, Warehouse
from inventory.pos.selectors import find_variants_for_till
from inventory.pos.services import ReturnLineInput, record_return, record_sale
from inventory.selectors import (
    available_quantity_for_channel,
    fixed_place,
    gift_set_availability_by_location,
    ledger_discrepancies,
)
from inventory.services import (
    assemble_gift_sets,
    disassemble_gift_sets,
    post_stock_count,
    record_counted_quantity,
    ship_transfer,
    start_stock_count,
)
from marketplace.accounts.models import User
from marketplace.accounts.services import create_user
from marketplace.core.errors import DomainError
from tests.pos.builders import cash, line

pytestmark = pytest.mark.django_db


def _on_shelf(variant, place) -> int:
    row = Stock.objects.filter(product_variant=variant, warehouse=place).first()
    return row.quantity if row else 0


def _shelf(gift_set, parts, place) -> tuple[int, int, int, int]:
    """(boxes, tea, fish sauce, rice paper) on the place's shelf."""
    return (_on_shelf(gift_set, place), *(_on_shelf(parts[name], place) for name in ("tea", "fish", "paper")))


@pytest.fixture
def tam_ky(db):
    return Warehouse.objects.get(slug=locations.KIOSK_TAM_KY)


@pytest.fixture
def staff_tam_ky(tam_ky):
    return User.objects.create_user(
        username="minh.tamky", email="minh@xuquang.test", password="mk-123456", role="kiosk_staff", kiosk=tam_ky
    )


@pytest.fixture
def member(producers):
    return create_user(
        email="thanhvien@cattrang.test", password="mat-khau-dai-123", role="producer", producer=producers["fish"]
    )


@pytest.fixture
def shopper(db):
    return create_user(email="khach@xuquang.test", password="mat-khau-dai-123", role="shopper")


def test_assembling_moves_the_parts_out_and_the_boxes_in_and_keeps_the_ledger_true(
    gift_set, parts, stocked, hoi_an, staff_hoi_an, kiosk_channel, django_assert_num_queries
):
    fixed_place(locations.ASSEMBLY)
    before = available_quantity_for_channel([gift_set], kiosk_channel)[gift_set.pk]
    assert before == 4  # Hội An: 5 tea, 9 fish sauce // 2, 10 rice paper
    # The set's parts, the kiosk's rows locked, the document number, the batch; plus SAVEPOINT and RELEASE.
    with django_assert_num_queries(4 + 2):
        movements = assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=3, user=staff_hoi_an)
    # 3 boxes: 3 tea, 6 fish sauce, 3 rice paper leave the shelf.
    assert _shelf(gift_set, parts, hoi_an) == (3, 2, 3, 7)
    assert {movement.reference for movement in movements} == {"DH-HA-0001"}
    assert sorted(
        StockMovement.objects.filter(reason=StockMovement.Reason.ASSEMBLY).values_list(
            "product_variant__sku", "source__slug", "destination__slug", "quantity"
        )
    ) == [
        ("CLC-TRA", "kiosk-hoi-an", "dong-hop-qua", 3),
        ("CT-NM", "kiosk-hoi-an", "dong-hop-qua", 6),
        ("HA-BT", "kiosk-hoi-an", "dong-hop-qua", 3),
        ("QT-TET", "dong-hop-qua", "kiosk-hoi-an", 3),
    ]
    # Assembling changes what the boxes are made of, never how many can be sold: 3 boxes + min(2, 3 // 2, 7).
    assert available_quantity_for_channel([gift_set], kiosk_channel)[gift_set.pk] == before == 3 + 1
    by_place = {place.slug: sets for place, sets in gift_set_availability_by_location(gift_set.product)}
    assert by_place["kiosk-hoi-an"] == 4 and by_place["kho-hcm"] == 2
    assert ledger_discrepancies() == []


def test_taking_boxes_apart_puts_the_parts_back(gift_set, parts, stocked, hoi_an, manager):
    assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=3, user=manager)
    movements = disassemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=2, user=manager, note="Hộp móp")
    assert {(movement.reference, movement.reason, movement.note) for movement in movements} == {
        ("TH-HA-0001", StockMovement.Reason.DISASSEMBLY, "Hộp móp")
    }
    assert _shelf(gift_set, parts, hoi_an) == (1, 4, 7, 9)
    with pytest.raises(DomainError) as refused:
        disassemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=2, user=manager)
    assert refused.value.code == "insufficient_stock" and refused.value.field == "quantity"
    assert _shelf(gift_set, parts, hoi_an) == (1, 4, 7, 9)
    assert ledger_discrepancies() == []


def test_assembling_more_than_the_parts_on_the_shelf_is_refused_and_writes_nothing(
    gift_set, parts, stocked, hoi_an, manager
):
    with pytest.raises(DomainError) as refused:
        assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=5, user=manager)  # 9 fish sauce < 10
    assert refused.value.code == "insufficient_stock"
    assert "CT-NM" in refused.value.message and "còn 9, cần 10" in refused.value.message
    assert _shelf(gift_set, parts, hoi_an) == (0, 5, 9, 10)
    assert not StockMovement.objects.filter(reason=StockMovement.Reason.ASSEMBLY).exists()
    # The number was given back with the rolled back transaction: the next document is still 0001.
    assert assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=1, user=manager)[0].reference == (
        "DH-HA-0001"
    )


@pytest.mark.parametrize("quantity", [0, -1, "²", "3", "\x00", 1.5, 10**400, True, None, 10**9])
def test_hostile_quantities_are_refused_with_the_field_and_nothing_is_written(
    gift_set, parts, stocked, hoi_an, manager, quantity
):
    with pytest.raises(DomainError) as refused:
        assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=quantity, user=manager)
    assert refused.value.field == "quantity"
    assert _shelf(gift_set, parts, hoi_an) == (0, 5, 9, 10)
    assert not StockMovement.objects.filter(reason=StockMovement.Reason.ASSEMBLY).exists()


def test_only_a_kiosk_keeps_boxes_and_only_a_set_is_assembled(gift_set, parts, stocked, hoi_an, fulfilment, manager):
    with pytest.raises(DomainError) as refused:
        assemble_gift_sets(variant=gift_set, warehouse=fulfilment, quantity=1, user=manager)
    assert refused.value.code == "kiosk_only"
    with pytest.raises(DomainError) as refused:
        assemble_gift_sets(variant=parts["tea"], warehouse=hoi_an, quantity=1, user=manager)
    assert refused.value.code == "not_gift_set"
    # The database holds it too: a set's Stock row at the online warehouse is refused, at a kiosk allowed.
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.create(warehouse=fulfilment, product_variant=gift_set, quantity=1)
    assert not Stock.objects.filter(product_variant=gift_set).exists()


def test_other_kiosks_staff_producers_and_shoppers_may_not_assemble(
    gift_set, parts, stocked, hoi_an, staff_tam_ky, member, shopper
):
    for user in (staff_tam_ky, member, shopper, None):
        with pytest.raises(DomainError) as refused:
            assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=1, user=user)
        assert refused.value.code == "forbidden"
    assert _shelf(gift_set, parts, hoi_an) == (0, 5, 9, 10)


def test_a_kiosk_sale_takes_the_assembled_boxes_first_then_the_parts(
    gift_set, parts, stocked, hoi_an, staff_hoi_an, kiosk_channel
):
    assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=3, user=staff_hoi_an)
    sale = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(gift_set, 4)],
        payments=[cash(4 * 280_000)],
    )
    # 3 boxes off the shelf, the fourth made of 1 tea, 2 fish sauce, 1 rice paper.
    assert _shelf(gift_set, parts, hoi_an) == (0, 1, 1, 6)
    assert sorted(
        StockMovement.objects.filter(reference=sale.receipt_number).values_list("product_variant__sku", "quantity")
    ) == [("CLC-TRA", 1), ("CT-NM", 2), ("HA-BT", 1), ("QT-TET", 3)]
    assert available_quantity_for_channel([gift_set], kiosk_channel)[gift_set.pk] == 0  # 1 fish sauce // 2
    # A returned box comes back as its parts (what the sale recorded), ready to sell or assemble again.
    record_return(
        sale=sale,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=sale.lines.get().pk, quantity=1)],
        reason="Khách đổi ý",
    )
    assert _shelf(gift_set, parts, hoi_an) == (0, 2, 3, 7)
    assert ledger_discrepancies() == []


def test_the_till_shows_the_boxes_plus_what_the_parts_make(gift_set, stocked, kiosk_channel, hoi_an, manager):
    assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=3, user=manager)
    found = find_variants_for_till(channel_id=kiosk_channel.pk, query="qua tang", kiosk_id=hoi_an.pk)
    assert [(item["sku"], item["stock"]) for item in found] == [("QT-TET", 4)]


# --- the kiosk's page -------------------------------------------------------------------------------------------


def _page(slug="kiosk-hoi-an"):
    return reverse("pos:gift_sets", args=[slug])


def test_kiosk_staff_assemble_on_their_kiosk_page(client, gift_set, parts, stocked, hoi_an, staff_hoi_an):
    client.force_login(staff_hoi_an)
    page = client.get(_page())
    assert page.status_code == 200 and "QT-TET" in page.content.decode()
    response = client.post(_page(), {"variant": gift_set.pk, "quantity": "2", "action": "assemble"})
    assert response.status_code == 302
    assert _shelf(gift_set, parts, hoi_an) == (2, 3, 5, 8)
    response = client.post(_page(), {"variant": gift_set.pk, "quantity": "1", "action": "disassemble"})
    assert response.status_code == 302
    assert _shelf(gift_set, parts, hoi_an) == (1, 4, 7, 9)


def test_a_manager_assembles_at_any_kiosk_page(client, gift_set, parts, stocked, hoi_an, manager):
    client.force_login(manager)
    response = client.post(_page(), {"variant": gift_set.pk, "quantity": "1", "action": "assemble"})
    assert response.status_code == 302
    assert _shelf(gift_set, parts, hoi_an) == (1, 4, 7, 9)
    assert client.get(_page("kho-hcm")).status_code == 403  # the online warehouse keeps no boxes


@pytest.mark.parametrize("quantity", ["", "²", "-1", "0", "1e3", "9" * 400, "1\x00", "4.5", "5"])
def test_hostile_quantities_on_the_page_get_the_error_and_nothing_is_written(
    client, gift_set, parts, stocked, hoi_an, staff_hoi_an, quantity
):
    client.force_login(staff_hoi_an)
    response = client.post(_page(), {"variant": gift_set.pk, "quantity": quantity, "action": "assemble"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert _shelf(gift_set, parts, hoi_an) == (0, 5, 9, 10)


def test_another_kiosk_a_producer_and_a_shopper_cannot_use_the_page(
    client, gift_set, parts, stocked, hoi_an, staff_tam_ky, member, shopper
):
    for user in (staff_tam_ky, member, shopper):
        client.force_login(user)
        response = client.post(_page(), {"variant": gift_set.pk, "quantity": "1", "action": "assemble"})
        assert response.status_code in (302, 403), user
        assert response.status_code == 403 or "dang-nhap" in response["Location"]
        client.logout()
    response = client.post(_page(), {"variant": gift_set.pk, "quantity": "1", "action": "assemble"})
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert _shelf(gift_set, parts, hoi_an) == (0, 5, 9, 10)
    assert not StockMovement.objects.filter(reason=StockMovement.Reason.ASSEMBLY).exists()


def test_the_admin_set_page_links_each_kiosk_to_its_assembly_page(client, gift_set, stocked, hoi_an, manager):
    assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=3, user=manager)
    client.force_login(manager)
    page = client.get(f"/admin/catalogue/product/{gift_set.product_id}/change/").content.decode()
    assert f'href="{_page()}"' in page
    assert f'href="{_page("kho-hcm")}"' not in page  # the online warehouse keeps no boxes
    assert "Ki-ốt Hội An: <strong>4</strong>" in page  # 3 boxes + 1 the parts still make


def test_boxes_stay_at_their_kiosk_and_are_counted_there_only(
    gift_set, parts, stocked, hoi_an, tam_ky, fulfilment, manager
):
    assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=2, user=manager)
    for destination in (tam_ky, fulfilment):
        with pytest.raises(DomainError) as refused:
            ship_transfer(origin=hoi_an, destination=destination, lines=[(gift_set, 1)], user=manager)
        assert refused.value.code == "gift_set"
    assert _on_shelf(gift_set, hoi_an) == 2
    # A count at the kiosk takes the boxes with the rest of the shelf; one box found damaged goes to loss.
    count = start_stock_count(warehouse=hoi_an, user=manager)
    assert count.lines.get(product_variant=gift_set).expected_quantity == 2
    record_counted_quantity(count=count, variant=gift_set, quantity=1, user=manager)
    post_stock_count(count=count, user=manager, reason="Hộp móp")
    assert _on_shelf(gift_set, hoi_an) == 1
    # The online warehouse keeps no boxes: a set is counted there as its parts.
    count = start_stock_count(warehouse=fulfilment, user=manager)
    with pytest.raises(DomainError) as refused:
        record_counted_quantity(count=count, variant=gift_set, quantity=1, user=manager)
    assert refused.value.code == "gift_set"
    assert ledger_discrepancies() == []
