"""Shoppers hear about their order in Vietnamese, by a job deferred in the order's own transaction."""

import pytest
from django.db import transaction

from marketplace.orders.models import OrderEvent
from marketplace.orders.services import cancel_order, fulfill_order
from tests.jobs import deferred, run_deferred_jobs

pytestmark = pytest.mark.django_db

EMAIL_TASK = "marketplace.orders.tasks.send_order_email"


def test_fulfilment_email_carries_the_tracking_number(place_order, variant, mailoutbox):
    order = place_order([(variant, 1)])
    fulfill_order(order, tracking_number="GHN-123")
    assert mailoutbox == []  # nothing leaves in the request: a worker sends them

    assert run_deferred_jobs() == [EMAIL_TASK, EMAIL_TASK]

    confirmation, shipped = mailoutbox
    assert "Thanh toán khi nhận hàng (COD)" in confirmation.body
    assert shipped.subject == f"Xứ Quảng Market: đơn hàng #{order.number} đang được giao"
    assert "Mã vận đơn: GHN-123" in shipped.body
    assert f"/don-hang/{order.token}/" in shipped.body
    assert list(order.events.filter(type=OrderEvent.Type.EMAIL_SENT).values_list("parameters__email", flat=True)) == [
        "confirmation",
        "fulfilled",
    ]


def test_a_rolled_back_cancel_defers_no_email(place_order, variant, mailoutbox):
    order = place_order([(variant, 1)])
    run_deferred_jobs()
    mailoutbox.clear()

    with pytest.raises(RuntimeError), transaction.atomic():
        cancel_order(order)
        assert deferred(EMAIL_TASK) == [{"order_id": order.pk, "kind": "canceled"}]
        raise RuntimeError("the surrounding transaction fails after the cancel")

    assert deferred(EMAIL_TASK) == []
    assert run_deferred_jobs() == []
    assert mailoutbox == []

    cancel_order(order)
    assert run_deferred_jobs() == [EMAIL_TASK]
    assert mailoutbox[0].subject == f"Xứ Quảng Market: đơn hàng #{order.number} đã bị hủy"
