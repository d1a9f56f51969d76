"""Cash on delivery: the order is confirmed unpaid, and paid once when the courier collects the cash."""

import pytest

from marketplace.core.errors import DomainError
from marketplace.orders.models import OrderChargeStatus, OrderEvent
from marketplace.payments.models import TransactionEvent
from marketplace.payments.services import record_cash_collected

pytestmark = pytest.mark.django_db


def test_cash_collected_marks_the_order_paid_once(place_order, variant):
    order = place_order([(variant, 2)])

    record_cash_collected(order)

    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.total_charged_amount == order.total_amount == 270_000
    item = order.transactions.get()
    assert item.charged_amount == 270_000
    assert list(item.events.values_list("type", "amount")) == [
        (TransactionEvent.Type.INFO, 270_000),
        (TransactionEvent.Type.CHARGE_SUCCESS, 270_000),
    ]
    assert order.events.filter(type=OrderEvent.Type.ORDER_FULLY_PAID).count() == 1

    with pytest.raises(DomainError) as refused:
        record_cash_collected(order)
    assert refused.value.code == "already_paid"
    order.refresh_from_db()
    assert order.total_charged_amount == 270_000
