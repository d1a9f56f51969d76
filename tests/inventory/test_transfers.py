"""Transfers in two steps: shipped into transit, received at the destination with discrepancies posted to loss."""

import pytest

from inventory.models import Stock, StockMovement, StockTransfer
from inventory.selectors import in_transit_quantity, ledger_discrepancies
from inventory.services import receive_goods, receive_transfer, ship_transfer
from marketplace.accounts.models import User
from marketplace.core.errors import DomainError


def balance(variant, place):
    return Stock.objects.filter(product_variant=variant, warehouse=place).values_list("quantity", flat=True).first()


@pytest.fixture
def manager(db):
    return User.objects.create_user(username="quanly", email="ql@xuquang.test", password="x-123-abc", role="manager")


@pytest.fixture
def staff_hoi_an(kiosk):
    return User.objects.create_user(
        username="lan", email="lan@xuquang.test", password="x-123-abc", role="kiosk_staff", kiosk=kiosk
    )


@pytest.fixture
def staff_tam_ky(other_kiosk):
    return User.objects.create_user(
        username="binh", email="binh@xuquang.test", password="x-123-abc", role="kiosk_staff", kiosk=other_kiosk
    )


@pytest.fixture
def stocked(kiosk, producer, variant, second_variant):
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 10), (second_variant, 5)])


def test_ship_then_receive_in_full(kiosk, other_kiosk, variant, second_variant, stocked, staff_hoi_an, staff_tam_ky):
    transfer = ship_transfer(
        origin=kiosk, destination=other_kiosk, lines=[(variant, 4), (second_variant, 2)], user=staff_hoi_an
    )
    assert transfer.number == "CK-HA-0001" and transfer.status == StockTransfer.Status.SHIPPED
    assert (balance(variant, kiosk), balance(second_variant, kiosk)) == (6, 3)
    assert (in_transit_quantity(variant), in_transit_quantity(second_variant)) == (4, 2)
    lines = {line.product_variant_id: line for line in transfer.lines.all()}
    receive_transfer(
        transfer=transfer,
        received={lines[variant.pk].pk: 4, lines[second_variant.pk].pk: 2},
        user=staff_tam_ky,
    )
    transfer.refresh_from_db()
    assert transfer.status == StockTransfer.Status.RECEIVED and transfer.received_by == staff_tam_ky
    assert (balance(variant, other_kiosk), balance(second_variant, other_kiosk)) == (4, 2)
    assert in_transit_quantity(variant) == in_transit_quantity(second_variant) == 0
    assert ledger_discrepancies() == []


def test_shortfall_and_excess_go_through_loss_with_the_reason(
    kiosk, other_kiosk, loss, variant, second_variant, stocked, staff_hoi_an, staff_tam_ky
):
    transfer = ship_transfer(
        origin=kiosk, destination=other_kiosk, lines=[(variant, 4), (second_variant, 2)], user=staff_hoi_an
    )
    lines = {line.product_variant_id: line for line in transfer.lines.all()}
    received = {lines[variant.pk].pk: 3, lines[second_variant.pk].pk: 3}
    with pytest.raises(DomainError) as refused:
        receive_transfer(transfer=transfer, received=received, user=staff_tam_ky)
    assert refused.value.field == "reason_note"
    receive_transfer(transfer=transfer, received=received, user=staff_tam_ky, reason_note="Vỡ 1 chai, thừa 1 hộp")
    assert (balance(variant, other_kiosk), balance(second_variant, other_kiosk)) == (3, 3)
    to_loss = StockMovement.objects.get(product_variant=variant, destination=loss)
    from_loss = StockMovement.objects.get(product_variant=second_variant, source=loss)
    assert (to_loss.quantity, to_loss.note, to_loss.reference) == (1, "Vỡ 1 chai, thừa 1 hộp", transfer.number)
    assert from_loss.quantity == 1
    assert in_transit_quantity(variant) == in_transit_quantity(second_variant) == 0
    assert [line.discrepancy for line in transfer.lines.order_by("pk")] == [-1, 1]
    assert ledger_discrepancies() == []


def test_a_transfer_is_received_once(kiosk, other_kiosk, variant, stocked, staff_hoi_an, manager):
    transfer = ship_transfer(origin=kiosk, destination=other_kiosk, lines=[(variant, 2)], user=staff_hoi_an)
    received = {transfer.lines.get().pk: 2}
    receive_transfer(transfer=transfer, received=received, user=manager)
    with pytest.raises(DomainError) as refused:
        receive_transfer(transfer=transfer, received=received, user=manager)
    assert refused.value.code == "already_received"
    assert balance(variant, other_kiosk) == 2


def test_staff_ship_from_and_receive_at_their_own_kiosk_only(
    kiosk, other_kiosk, variant, stocked, staff_hoi_an, staff_tam_ky
):
    with pytest.raises(DomainError) as refused:
        ship_transfer(origin=kiosk, destination=other_kiosk, lines=[(variant, 1)], user=staff_tam_ky)
    assert refused.value.code == "forbidden"
    transfer = ship_transfer(origin=kiosk, destination=other_kiosk, lines=[(variant, 1)], user=staff_hoi_an)
    with pytest.raises(DomainError) as refused:
        receive_transfer(transfer=transfer, received={transfer.lines.get().pk: 1}, user=staff_hoi_an)
    assert refused.value.code == "forbidden"
    assert StockTransfer.objects.count() == 1 and balance(variant, kiosk) == 9


def test_numbers_are_per_origin_series_and_a_refused_transfer_takes_none(
    kiosk, other_kiosk, fulfilment, producer, variant, stocked, manager
):
    first = ship_transfer(origin=kiosk, destination=other_kiosk, lines=[(variant, 1)], user=manager)
    with pytest.raises(DomainError):
        # The fulfilment warehouse never goes below what it holds: refused, and its number is given back.
        ship_transfer(origin=fulfilment, destination=kiosk, lines=[(variant, 1)], user=manager)
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 3)])
    from_hcm = ship_transfer(origin=fulfilment, destination=kiosk, lines=[(variant, 1)], user=manager)
    second = ship_transfer(origin=kiosk, destination=fulfilment, lines=[(variant, 1)], user=manager)
    assert [first.number, from_hcm.number, second.number] == ["CK-HA-0001", "CK-HCM-0001", "CK-HA-0002"]


@pytest.mark.parametrize(
    "lines_of, code",
    [
        (lambda v: [], "required"),
        (lambda v: [(v, 1), (v, 2)], "duplicate"),
        (lambda v: [(v, 0)], "invalid"),
    ],
)
def test_malformed_transfers_are_refused(kiosk, other_kiosk, variant, stocked, manager, lines_of, code):
    with pytest.raises(DomainError) as refused:
        ship_transfer(origin=kiosk, destination=other_kiosk, lines=lines_of(variant), user=manager)
    assert refused.value.code == code
    assert not StockTransfer.objects.exists()


def test_only_between_physical_places(kiosk, transit, variant, stocked, manager):
    with pytest.raises(DomainError):
        ship_transfer(origin=kiosk, destination=transit, lines=[(variant, 1)], user=manager)
    with pytest.raises(DomainError):
        ship_transfer(origin=kiosk, destination=kiosk, lines=[(variant, 1)], user=manager)
