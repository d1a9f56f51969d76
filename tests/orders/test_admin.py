"""The back office: managers see orders and move them on only through the services (fulfil, cancel, paid)."""

import pytest
from django.urls import reverse

from inventory.models import StockMovement
from marketplace.orders.models import OrderChargeStatus, OrderEvent, OrderStatus

pytestmark = pytest.mark.django_db


def _step(order, step):
    return reverse("admin:orders_order_step", args=[order.pk, step])


def test_order_list_and_page_show_the_next_steps(manager_client, place_order, variant):
    order = place_order([(variant, 2)])

    listing = manager_client.get(reverse("admin:orders_order_changelist"))
    assert listing.status_code == 200
    assert "270.000 ₫" in listing.content.decode()
    page = manager_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    # Totals, line prices and payments read as money, not as bare integers.
    assert "270.000 ₫" in page
    assert "120.000 ₫" in page  # the unit price
    assert "270000" not in page
    for step in ("fulfill", "cancel", "cash"):
        assert _step(order, step) in page
    assert _step(order, "transfer") not in page


def test_fulfil_with_tracking_number_then_collect_cash(manager_client, place_order, variant):
    order = place_order([(variant, 2)])

    response = manager_client.post(_step(order, "fulfill"), {"tracking_number": "GHN-889900"})
    assert response.status_code == 302
    response = manager_client.post(_step(order, "cash"), {})
    assert response.status_code == 302

    order.refresh_from_db()
    assert (order.status, order.charge_status) == (OrderStatus.FULFILLED, OrderChargeStatus.FULL)
    assert order.fulfillments.get().tracking_number == "GHN-889900"
    assert StockMovement.objects.filter(reference=f"DH{order.number}").count() == 1
    # Refused steps come back as a message on the page, not an error.
    response = manager_client.post(_step(order, "cancel"), {})
    assert response.status_code == 200
    assert "Không thể hủy đơn" in response.content.decode()


def test_staff_without_order_rights_cannot_act(client, django_user_model, place_order, variant):
    order = place_order([(variant, 1)])
    clerk = django_user_model.objects.create_user(
        username="nv", email="nv@example.com", password="x-pass-123", is_staff=True
    )
    client.force_login(clerk)
    assert client.post(_step(order, "cancel"), {}).status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED


def test_the_order_history_is_told_in_words(manager_client, place_order, variant):
    order = place_order([(variant, 2)])
    OrderEvent.objects.create(order=order, type=OrderEvent.Type.ORDER_FULLY_PAID, parameters={"amount": 410_000})
    OrderEvent.objects.create(order=order, type=OrderEvent.Type.EMAIL_SENT, parameters={"email": "confirmation"})
    page = manager_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "Lịch sử đơn hàng" in page and "Order events" not in page
    assert "Số tiền: 410.000 ₫" in page
    assert f"Email “Xứ Quảng Market: đã nhận đơn hàng #{order.number}”" in page
    assert "Đã thanh toán đủ" in page and "order_fully_paid" not in page
    assert "&quot;amount&quot;" not in page
