"""Kiosk staff assembling boxes and tills selling them at the same moment, each on its own connection: the row
locks (kiosk rows of the set and its parts, primary-key order) let no box be taken twice and no part be used twice.

These tests commit for real (transaction=True): row locks only matter between transactions.
"""

import uuid

import pytest

from inventory.models import Stock, StockMovement
from inventory.pos.services import record_sale
from inventory.selectors import ledger_discrepancies
from inventory.services import assemble_gift_sets
from marketplace.core.errors import DomainError
from tests.concurrency import race, run_together
from tests.pos.builders import cash, line

# serialized_rollback restores the locations, channels and till settings of the data migrations after a flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _on_shelf(variant, place) -> int:
    row = Stock.objects.filter(product_variant=variant, warehouse=place).first()
    return row.quantity if row else 0


def test_racing_assemblies_never_use_a_part_twice(gift_set, parts, stocked, hoi_an, staff_hoi_an):
    # Hội An's parts make 4 boxes (9 fish sauce // 2); eight people ask for one box each at once.
    outcomes = run_together(
        lambda i: assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=1, user=staff_hoi_an), 8
    )
    refused = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(refused) == 4 and {error.code for error in refused} == {"insufficient_stock"}, outcomes
    assert all(isinstance(outcome, list) for outcome in outcomes if outcome not in refused), outcomes
    assert _on_shelf(gift_set, hoi_an) == 4
    assert [_on_shelf(parts[name], hoi_an) for name in ("tea", "fish", "paper")] == [1, 1, 6]
    references = set(StockMovement.objects.filter(reason="assembly").values_list("reference", flat=True))
    assert references == {f"DH-HA-{number:04d}" for number in range(1, 5)}  # no gap, no reuse
    assert ledger_discrepancies() == []


def test_racing_tills_take_each_assembled_box_once(gift_set, parts, stocked, hoi_an, staff_hoi_an):
    assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=2, user=staff_hoi_an)  # parts left 3, 5, 8
    sell = [
        lambda: record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(gift_set, 1)],
            payments=[cash(280_000)],
        )
    ] * 6
    assemble = [lambda: assemble_gift_sets(variant=gift_set, warehouse=hoi_an, quantity=1, user=staff_hoi_an)]
    outcomes = race(sell + assemble)
    assert not [outcome for outcome in outcomes[:6] if isinstance(outcome, Exception)], outcomes
    # Whatever the order, six boxes left the kiosk: each a box from the shelf or made of parts, never a box
    # taken twice, and the boxes on the shelf never below zero.
    boxes_sold = sum(
        StockMovement.objects.filter(reason="sale", product_variant=gift_set).values_list("quantity", flat=True)
    )
    assembled = StockMovement.objects.filter(reason="assembly", product_variant=gift_set).count()
    assert _on_shelf(gift_set, hoi_an) == 2 + (assembled - 1) - boxes_sold >= 0
    tea_used = 5 - _on_shelf(parts["tea"], hoi_an)  # one tea per box, whether assembled or sold as parts
    assert tea_used == (2 + (assembled - 1)) + (6 - boxes_sold)
    assert ledger_discrepancies() == []
