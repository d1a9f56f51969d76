"""Gift sets: composition rules, availability from the parts, kiosk sales and returns, online orders."""

import uuid

import pytest
from django.db import IntegrityError, transaction

from inventory import locations
from inventory.models import Allocation, Stock, StockMovement
from inventory.pos.services import ReturnLineInput, record_return, record_sale
from inventory.selectors import (
    available_quantity_for_channel,
    fixed_place,
    gift_set_availability_by_location,
    ledger_discrepancies,
)
from inventory.services import receive_goods
from marketplace.catalogue.models import GiftSetComponent, Product
from marketplace.catalogue.services import (
    add_gift_set_component,
    create_product,
    create_variant,
    edit_variant,
    remove_gift_set_component,
    update_gift_set_component,
)
from marketplace.core.errors import DomainError
from marketplace.orders.services import cancel_order, fulfill_order
from marketplace.payments.services import return_order
from tests.pos.builders import cash, line

pytestmark = pytest.mark.django_db


def _balance(variant, place) -> int:
    return Stock.objects.get(product_variant=variant, warehouse=place).quantity


def _balances(parts, place) -> tuple[int, int, int]:
    return tuple(_balance(parts[name], place) for name in ("tea", "fish", "paper"))


# --- composing a set --------------------------------------------------------------------------------------------


def test_a_set_cannot_hold_another_set_nor_itself(gift_set, manager, producers, category):
    other = create_product(producer=producers["programme"], category=category, name="Hộp nhỏ", is_gift_set=True)
    with pytest.raises(DomainError) as refused:
        add_gift_set_component(gift_set=other, component=gift_set, quantity=1, user=manager)
    assert refused.value.code == "set_in_set"
    with pytest.raises(DomainError) as refused:
        add_gift_set_component(gift_set=gift_set.product, component=gift_set, quantity=1, user=manager)
    assert refused.value.code == "set_in_set"


def test_the_database_itself_refuses_a_set_inside_a_set_and_a_part_of_a_plain_product(gift_set, parts):
    with pytest.raises(IntegrityError), transaction.atomic():
        GiftSetComponent.objects.create(gift_set=gift_set.product, component=gift_set, quantity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        GiftSetComponent.objects.create(gift_set=parts["tea"].product, component=parts["fish"], quantity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        GiftSetComponent.objects.filter(component=parts["tea"]).update(quantity=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=parts["tea"].product_id).update(is_gift_set=True)


@pytest.mark.parametrize("quantity", [0, -1, 100, 1.5, "2", None, True, "²", "a\x00b", "9" * 400])
def test_hostile_quantities_are_refused_with_a_clear_error(gift_set, manager, producers, category, quantity):
    spare = create_variant(
        product=create_product(producer=producers["tea"], category=category, name="Trà túi lọc"), sku="TRA-TUI"
    )
    with pytest.raises(DomainError) as refused:
        add_gift_set_component(gift_set=gift_set.product, component=spare, quantity=quantity, user=manager)
    assert refused.value.field == "quantity"
    assert not GiftSetComponent.objects.filter(component=spare).exists()


def test_the_same_part_twice_is_refused(gift_set, parts, manager):
    with pytest.raises(DomainError) as refused:
        add_gift_set_component(gift_set=gift_set.product, component=parts["tea"], quantity=3, user=manager)
    assert refused.value.code == "duplicate_component"


def test_only_managers_compose_sets(gift_set, parts, staff_hoi_an, producers, manager):
    entry = GiftSetComponent.objects.get(component=parts["tea"])
    for call in (
        lambda user: update_gift_set_component(entry=entry, quantity=2, user=user),
        lambda user: remove_gift_set_component(entry=entry, user=user),
    ):
        with pytest.raises(DomainError) as refused:
            call(staff_hoi_an)
        assert refused.value.code == "forbidden"
    update_gift_set_component(entry=entry, quantity=2, user=manager)
    assert GiftSetComponent.objects.get(pk=entry.pk).quantity == 2


def test_a_set_keeps_no_stock_of_its_own(gift_set, producers, fulfilment):
    with pytest.raises(DomainError) as refused:
        receive_goods(warehouse=fulfilment, producer=producers["programme"], lines=[(gift_set, 5)])
    assert refused.value.code == "gift_set"
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.create(warehouse=fulfilment, product_variant=gift_set, quantity=5)


# --- availability -----------------------------------------------------------------------------------------------


def test_availability_is_the_scarcest_part_over_its_units_per_set(
    gift_set, parts, stocked, online, kiosk_channel, hoi_an, fulfilment, django_assert_num_queries
):
    # Online (HCMC): tea 3 // 1, fish 10 // 2 = 5, paper 2 // 1 → 2. Hội An: tea 5, fish 9 // 2 = 4, paper 10 → 4.
    with django_assert_num_queries(1):
        online_figures = available_quantity_for_channel([gift_set, parts["fish"]], online)
    assert online_figures == {gift_set.pk: 2, parts["fish"].pk: 10}
    assert available_quantity_for_channel([gift_set], kiosk_channel) == {gift_set.pk: 4}
    by_place = {place.slug: sets for place, sets in gift_set_availability_by_location(gift_set.product)}
    assert by_place[hoi_an.slug] == 4 and by_place[fulfilment.slug] == 2
    assert by_place[locations.KIOSK_TAM_KY] == 0


def test_a_set_missing_a_part_somewhere_is_not_available_there(gift_set, parts, producers, online, fulfilment):
    receive_goods(warehouse=fulfilment, producer=producers["tea"], lines=[(parts["tea"], 7)])
    receive_goods(warehouse=fulfilment, producer=producers["fish"], lines=[(parts["fish"], 7)])
    assert available_quantity_for_channel([gift_set], online) == {gift_set.pk: 0}


# --- kiosk sales and returns -------------------------------------------------------------------------------------


def _sell(hoi_an, staff, lines, amount):
    return record_sale(kiosk=hoi_an, staff=staff, client_uuid=uuid.uuid4(), lines=lines, payments=[cash(amount)])


def test_a_kiosk_sale_of_a_set_moves_each_part_through_the_ledger(
    gift_set, parts, stocked, hoi_an, staff_hoi_an, django_assert_num_queries
):
    fixed_place(locations.CUSTOMER)
    sale_lines = [line(gift_set, 2), line(parts["fish"], 1)]
    # The plain sale's two statements (tests/pos/test_sales.py) and two more, the set's parts and the kiosk's rows
    # of the receipt's items locked (boxes assembled ahead go first); plus the test's SAVEPOINT and RELEASE.
    with django_assert_num_queries(2 + 2 + 2):
        sale = _sell(hoi_an, staff_hoi_an, sale_lines, 2 * 280_000 + 85_000)
    assert sale.total_amount == 645_000
    # 5 − 2 tea, 9 − 4 − 1 fish sauce, 10 − 2 rice paper
    assert _balances(parts, hoi_an) == (3, 4, 8)
    moved = StockMovement.objects.filter(reference=sale.receipt_number, reason=StockMovement.Reason.SALE)
    assert sorted(moved.values_list("product_variant__sku", "quantity")) == [
        ("CLC-TRA", 2),
        ("CT-NM", 1),
        ("CT-NM", 4),
        ("HA-BT", 2),
    ]
    assert not moved.filter(product_variant=gift_set).exists()
    assert ledger_discrepancies() == []


def test_the_counter_never_refuses_a_set_in_hand(gift_set, parts, stocked, hoi_an, staff_hoi_an):
    # Only 4 boxes' worth of fish sauce on the books; the customer holds 6 boxes.
    _sell(hoi_an, staff_hoi_an, [line(gift_set, 6)], 6 * 280_000)
    assert _balances(parts, hoi_an) == (-1, -3, 4)
    assert ledger_discrepancies() == []


def test_a_returned_set_puts_its_parts_back(gift_set, parts, stocked, hoi_an, staff_hoi_an):
    sale = _sell(hoi_an, staff_hoi_an, [line(gift_set, 3)], 3 * 280_000)
    set_line = sale.lines.get()
    returned = record_return(
        sale=sale,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=set_line.pk, quantity=2)],
        reason="Hộp móp",
    )
    assert returned.refund_amount == 2 * 280_000
    # Sold 3 boxes (−3 tea, −6 fish, −3 paper), 2 came back (+2, +4, +2).
    assert _balances(parts, hoi_an) == (5 - 1, 9 - 2, 10 - 1)
    back = StockMovement.objects.filter(reason=StockMovement.Reason.RETURN)
    assert sorted(back.values_list("product_variant__sku", "quantity")) == [("CLC-TRA", 2), ("CT-NM", 4), ("HA-BT", 2)]
    with pytest.raises(DomainError):
        record_return(
            sale=sale,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[ReturnLineInput(sale_line_id=set_line.pk, quantity=2)],
            reason="Lần nữa",
        )
    assert ledger_discrepancies() == []


# --- online orders ----------------------------------------------------------------------------------------------


def test_an_online_order_of_sets_allocates_and_ships_the_parts(
    place_order, gift_set, parts, stocked, fulfilment, online
):
    order = place_order([(gift_set, 2)])
    held = {
        row.stock.product_variant.sku: row.quantity_allocated
        for row in Allocation.objects.select_related("stock__product_variant")
    }
    assert held == {"CLC-TRA": 2, "CT-NM": 4, "HA-BT": 2}
    assert available_quantity_for_channel([gift_set, parts["paper"]], online) == {gift_set.pk: 0, parts["paper"].pk: 0}
    fulfill_order(order)
    assert _balances(parts, fulfilment) == (1, 6, 0)
    assert Stock.objects.filter(warehouse=fulfilment, quantity_allocated__gt=0).count() == 0
    fulfilled = order.fulfillments.get().lines.get()
    assert (fulfilled.order_line.variant_id, fulfilled.quantity, fulfilled.stock) == (gift_set.pk, 2, None)
    assert ledger_discrepancies() == []


def test_an_online_return_of_a_set_puts_back_the_parts_it_was_ordered_with(
    place_order, gift_set, parts, stocked, fulfilment, manager
):
    order = place_order([(gift_set, 2)])
    fulfill_order(order)
    # Recomposed after the order: the return still gives back what the shipped boxes held (2 fish sauce a box).
    update_gift_set_component(entry=GiftSetComponent.objects.get(component=parts["fish"]), quantity=3, user=manager)

    returned = return_order(order, lines={order.lines.get(): 1}, restock=True, reason="Hộp móp", user=manager)

    assert returned.refund_amount == 350_000
    # Shipped 2 boxes from (3, 10, 2): (1, 6, 0); one came back as its parts (+1, +2, +1).
    assert _balances(parts, fulfilment) == (2, 8, 1)
    back = StockMovement.objects.filter(reason=StockMovement.Reason.RETURN)
    assert sorted(back.values_list("product_variant__sku", "destination__slug", "quantity")) == [
        ("CLC-TRA", locations.FULFILMENT_HCM, 1),
        ("CT-NM", locations.FULFILMENT_HCM, 2),
        ("HA-BT", locations.FULFILMENT_HCM, 1),
    ]
    assert ledger_discrepancies() == []


def test_a_set_and_its_part_in_one_cart_cannot_oversell_the_part(
    channel, fill_details, gift_set, parts, stocked, fulfilment
):
    from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout

    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=gift_set, quantity=2)  # needs both rice papers
    add_to_checkout(checkout, variant=parts["paper"], quantity=1)  # there is none left for this one
    fill_details(checkout)
    with pytest.raises(DomainError) as refused:
        complete_checkout(checkout)
    assert refused.value.code == "insufficient_stock"
    assert Stock.objects.filter(warehouse=fulfilment, quantity_allocated__gt=0).count() == 0


def test_more_sets_than_the_parts_allow_are_refused(place_order, gift_set, stocked):
    with pytest.raises(DomainError) as refused:
        place_order([(gift_set, 3)])
    assert refused.value.code == "insufficient_stock"


def test_cancelling_a_set_order_releases_its_parts(place_order, gift_set, parts, stocked, online):
    order = place_order([(gift_set, 2)])
    cancel_order(order)
    assert available_quantity_for_channel([gift_set], online) == {gift_set.pk: 2}
    assert Stock.objects.filter(quantity_allocated__gt=0).count() == 0


def test_a_sets_variant_always_tracks_its_stock(gift_set, manager):
    # Untracked, its parts would not be held online: the service says so, and the database holds it too.
    with pytest.raises(DomainError) as refused:
        edit_variant(variant=gift_set, user=manager, track_inventory=False)
    assert refused.value.field == "track_inventory"
    with pytest.raises(DomainError):
        create_variant(product=gift_set.product, sku="QT-TET-2", track_inventory=False)
    with transaction.atomic(), pytest.raises(IntegrityError):
        type(gift_set).objects.filter(pk=gift_set.pk).update(track_inventory=False)
    gift_set.refresh_from_db()
    assert gift_set.track_inventory
