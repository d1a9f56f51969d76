"""Payments recorded as Saleor's TransactionItem and TransactionEvent. Cash on delivery comes first:
the order is confirmed unpaid, and the cash collected by the courier is recorded when the parcel is delivered."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.orders.models import Order
from marketplace.orders.services import record_charge
from marketplace.payments.models import PaymentMethod, TransactionEvent, TransactionItem


def start_cash_on_delivery(order: Order) -> TransactionItem:
    """Open the order's cash-on-delivery transaction: nothing is charged until the courier collects the cash."""
    with transaction.atomic():
        item = TransactionItem.objects.create(
            order=order,
            name=str(PaymentMethod.CASH_ON_DELIVERY.label),
            method=PaymentMethod.CASH_ON_DELIVERY,
            currency=order.currency,
        )
        TransactionEvent.objects.create(
            transaction=item,
            type=TransactionEvent.Type.INFO,
            amount=order.total_amount,
            message=_("Chờ thu tiền khi giao hàng."),
        )
    return item


def record_cash_collected(order: Order, *, user=None) -> TransactionEvent:
    """The courier collected the order's total in cash: the COD transaction and the order become paid, once."""
    with transaction.atomic():
        item = (
            TransactionItem.objects.select_for_update()
            .filter(order=order, method=PaymentMethod.CASH_ON_DELIVERY)
            .first()
        )
        if item is None:
            raise DomainError(_("Đơn hàng này không thanh toán khi nhận hàng."), code="invalid", field="order")
        if item.charged_amount:
            raise DomainError(_("Đơn hàng này đã được ghi nhận thanh toán."), code="already_paid", field="order")
        amount = order.total_amount
        item.charged_amount = amount
        item.save(update_fields=["charged_amount", "modified_at"])
        event = TransactionEvent.objects.create(
            transaction=item,
            type=TransactionEvent.Type.CHARGE_SUCCESS,
            amount=amount,
            message=_("Đã thu tiền mặt khi giao hàng."),
            created_by=user if user is not None and user.is_authenticated else None,
        )
        record_charge(order, amount=amount, user=user)
    return event
