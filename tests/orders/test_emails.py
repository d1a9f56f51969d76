"""Shoppers hear about their order in Vietnamese, and only once the change is committed."""

import pytest

from marketplace.orders.models import OrderEvent
from marketplace.orders.services import cancel_order, fulfill_order

pytestmark = pytest.mark.django_db


def test_fulfilment_email_carries_the_tracking_number(
    place_order, variant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order([(variant, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        fulfill_order(order, tracking_number="GHN-123")

    confirmation, shipped = mailoutbox
    assert "Thanh toán khi nhận hàng (COD)" in confirmation.body
    assert shipped.subject == f"Xứ Quảng Market: đơn hàng #{order.number} đang được giao"
    assert "Mã vận đơn: GHN-123" in shipped.body
    assert f"/don-hang/{order.token}/" in shipped.body
    assert list(order.events.filter(type=OrderEvent.Type.EMAIL_SENT).values_list("parameters__email", flat=True)) == [
        "confirmation",
        "fulfilled",
    ]


def test_cancel_email_is_sent_after_commit_only(place_order, variant, mailoutbox, django_capture_on_commit_callbacks):
    order = place_order([(variant, 1)])
    with django_capture_on_commit_callbacks(execute=False) as pending:
        cancel_order(order)
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in pending:
        callback()
    assert mailoutbox[0].subject == f"Xứ Quảng Market: đơn hàng #{order.number} đã bị hủy"
