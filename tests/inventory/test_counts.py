"""Stock counts: expected quantities snapshot, counted quantities, differences posted to/from loss in one go."""

import pytest
from django.db import connection

from inventory.models import Stock, StockCount, StockMovement
from inventory.selectors import ledger_discrepancies
from inventory.services import post_stock_count, receive_goods, record_counted_quantity, start_stock_count
from marketplace.accounts.models import User
from marketplace.core.errors import DomainError


def balance(variant, place):
    return Stock.objects.get(product_variant=variant, warehouse=place).quantity


@pytest.fixture
def staff(kiosk):
    return User.objects.create_user(
        username="lan", email="lan@xuquang.test", password="x-123-abc", role="kiosk_staff", kiosk=kiosk
    )


@pytest.fixture
def stocked(kiosk, producer, variant, second_variant):
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 10), (second_variant, 5)])


def test_count_posts_shortage_and_surplus_to_loss(
    kiosk, loss, variant, second_variant, foreign_variant, stocked, staff
):
    count = start_stock_count(warehouse=kiosk, user=staff)
    assert count.number == "KK-HA-0001"
    assert {(line.product_variant_id, line.expected_quantity) for line in count.lines.all()} == {
        (variant.pk, 10),
        (second_variant.pk, 5),
    }
    record_counted_quantity(count=count, variant=variant, quantity=8, user=staff)
    for _scan in range(2):
        record_counted_quantity(count=count, variant=foreign_variant, quantity=1, user=staff, add=True)
    with pytest.raises(DomainError) as refused:
        post_stock_count(count=count, user=staff)
    assert refused.value.code == "required"
    post_stock_count(count=count, user=staff, reason="Vỡ 2 chai; 2 hộp sâm chưa nhập sổ")
    count.refresh_from_db()
    assert count.status == StockCount.Status.POSTED and count.posted_by == staff
    # Uncounted items are left alone; counted ones now match what was found.
    assert (balance(variant, kiosk), balance(second_variant, kiosk), balance(foreign_variant, kiosk)) == (8, 5, 2)
    moves = StockMovement.objects.filter(reason=StockMovement.Reason.COUNT, reference=count.number)
    assert {(m.product_variant_id, m.source_id, m.destination_id, m.quantity) for m in moves} == {
        (variant.pk, kiosk.pk, loss.pk, 2),
        (foreign_variant.pk, loss.pk, kiosk.pk, 2),
    }
    assert ledger_discrepancies() == []
    with pytest.raises(DomainError) as refused:
        record_counted_quantity(count=count, variant=variant, quantity=1, user=staff)
    assert refused.value.code == "count_posted"


def test_one_open_count_per_place_and_numbers_not_wasted(kiosk, stocked, staff):
    first = start_stock_count(warehouse=kiosk, user=staff)
    with pytest.raises(DomainError) as refused:
        start_stock_count(warehouse=kiosk, user=staff)
    assert refused.value.code == "count_open"
    post_stock_count(count=first, user=staff)
    assert start_stock_count(warehouse=kiosk, user=staff).number == "KK-HA-0002"
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_number FROM inventory_documentsequence WHERE series = 'KK-HA'")
        assert cursor.fetchone() == (2,)


def test_staff_count_their_own_kiosk_only(other_kiosk, kiosk, variant, stocked, staff):
    with pytest.raises(DomainError) as refused:
        start_stock_count(warehouse=other_kiosk, user=staff)
    assert refused.value.code == "forbidden"
    manager = User.objects.create_user(username="ql", email="ql@xuquang.test", password="x-123-abc", role="manager")
    count = start_stock_count(warehouse=other_kiosk, user=manager)
    with pytest.raises(DomainError) as refused:
        record_counted_quantity(count=count, variant=variant, quantity=1, user=staff)
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError):
        post_stock_count(count=count, user=staff)
    assert StockCount.objects.get().status == StockCount.Status.OPEN


def test_a_count_below_allocations_at_the_fulfilment_warehouse_is_refused_whole(fulfilment, producer, variant):
    manager = User.objects.create_user(username="ql", email="ql@xuquang.test", password="x-123-abc", role="manager")
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 5)])
    Stock.objects.filter(warehouse=fulfilment, product_variant=variant).update(quantity_allocated=4)
    count = start_stock_count(warehouse=fulfilment, user=manager)
    record_counted_quantity(count=count, variant=variant, quantity=2, user=manager)
    with pytest.raises(DomainError) as refused:
        post_stock_count(count=count, user=manager, reason="Thiếu")
    assert refused.value.code == "insufficient_stock"
    count.refresh_from_db()
    assert count.status == StockCount.Status.OPEN and balance(variant, fulfilment) == 5
