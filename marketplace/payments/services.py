"""Payments recorded as Saleor's TransactionItem and TransactionEvent.

Cash on delivery: the order is confirmed unpaid, and the cash the courier collects is recorded on delivery.
VietQR transfer: the order waits unconfirmed, holding its stock, until the money arrives (a manager confirms,
or the bank's signed notification is matched by the order number in the purpose) or its window passes.
Cards: marketplace.payments.stripe_payments.
Returns of delivered goods (return_order): a card payment is refunded to the card through Stripe at once; an order
paid in cash on delivery or by VietQR is refunded by a bank transfer to the customer, recorded as owed until a
manager records the transfer (refund_order_return).
"""

import hashlib
import hmac
import json
import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.core.money import format_vnd
from marketplace.core.numbers import check_whole_number
from marketplace.orders.models import Order, OrderChargeStatus, OrderReturn, OrderStatus
from marketplace.orders.selectors import OrderAction, allowed_actions
from marketplace.orders.services import (
    cancel_order,
    cancel_order_by_customer,
    confirm_order,
    expire_order,
    mark_return_refunded,
    record_charge,
    return_order_lines,
)
from marketplace.payments.models import (
    BankNotification,
    BankTransferAccount,
    PaymentMethod,
    TransactionEvent,
    TransactionItem,
)
from marketplace.payments.stripe_payments import (
    cancel_card_payment,
    card_payments_enabled,
    expire_unpaid_card_orders,
    refund_card_payment,
    start_card_payment,
)

DEFAULT_PAYMENT_WINDOW_HOURS = 24


def start_cash_on_delivery(order: Order) -> TransactionItem:
    """Open the order's cash-on-delivery transaction: nothing is charged until the courier collects the cash."""
    with transaction.atomic(savepoint=False):  # inside complete_checkout's transaction: no savepoint needed
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


def start_order_payment(order: Order, *, payment_method: str) -> tuple[TransactionItem, str | None]:
    """The payment of a placed order, opened (or continued) the way it was placed: a card's PaymentIntent and its
    client secret (created or reused, never under a row lock), or the transfer or cash transaction opened when the
    order was placed. Refused when the order was placed to be paid another way, or no longer awaits a card."""
    if set(order.transactions.values_list("method", flat=True)) - {payment_method}:
        raise DomainError(_("Đơn hàng này đã chọn cách thanh toán khác."), code="invalid", field="payment_method")
    if payment_method == PaymentMethod.STRIPE:
        if OrderAction.PAY_CARD not in allowed_actions(order):
            raise DomainError(_("Đơn hàng này không còn chờ thanh toán thẻ."), code="not_payable", field=None)
        return start_card_payment(order)
    item = order.transactions.filter(method=payment_method).order_by("-pk").first()
    if item is None:
        raise DomainError(_("Đơn hàng này đã chọn cách thanh toán khác."), code="invalid", field="payment_method")
    return item, None


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


def _bank_account(channel) -> BankTransferAccount:
    account = BankTransferAccount.objects.filter(channel=channel, is_active=True).first()
    if account is None:
        raise DomainError(
            _("Kênh bán này chưa nhận thanh toán chuyển khoản."), code="not_available", field="payment_method"
        )
    return account


def start_bank_transfer(order: Order) -> TransactionItem:
    """Open the order's VietQR transfer: the shopper is shown a QR for the exact total, the order waits for it."""
    _bank_account(order.channel)
    with transaction.atomic():
        item = TransactionItem.objects.create(
            order=order,
            name=str(PaymentMethod.VIETQR.label),
            method=PaymentMethod.VIETQR,
            currency=order.currency,
            charge_pending_amount=order.total_amount,
        )
        TransactionEvent.objects.create(
            transaction=item,
            type=TransactionEvent.Type.CHARGE_REQUEST,
            amount=order.total_amount,
            message=_("Chờ chuyển khoản VietQR."),
        )
    return item


def record_transfer_received(
    order: Order, *, amount: int, bank_reference: str = "", user=None
) -> TransactionEvent | None:
    """Money for the order arrived by transfer (a manager saw it, or the bank told us): record it once.

    The bank's transaction reference makes a repeated notification change nothing; a manager's confirmation
    without one counts once per order. A fully paid order waiting for its transfer is confirmed. Money that
    arrives for an order already canceled or expired is still recorded, so a manager sees it must be refunded.
    Returns None when this transfer was already recorded.
    """
    check_whole_number(amount, field="amount", message=_("Số tiền phải là số nguyên dương."), minimum=1)
    key = f"vietqr:{bank_reference}" if bank_reference else f"vietqr:manual:{order.pk}"
    with transaction.atomic():
        item = (
            TransactionItem.objects.select_for_update()
            .filter(order=order, method=PaymentMethod.VIETQR)
            .order_by("pk")
            .first()
        )
        if item is None:
            raise DomainError(_("Đơn hàng này không thanh toán bằng chuyển khoản."), code="invalid", field="order")
        if TransactionEvent.objects.filter(idempotency_key=key).exists():
            return None
        event = TransactionEvent.objects.create(
            transaction=item,
            type=TransactionEvent.Type.CHARGE_SUCCESS,
            amount=amount,
            psp_reference=bank_reference,
            idempotency_key=key,
            message=_("Đã nhận chuyển khoản."),
            created_by=user if user is not None and user.is_authenticated else None,
        )
        item.charged_amount += amount
        item.charge_pending_amount = max(item.charge_pending_amount - amount, 0)
        item.save(update_fields=["charged_amount", "charge_pending_amount", "modified_at"])
        order = record_charge(order, amount=amount, user=user)
        if order.status == OrderStatus.UNCONFIRMED and order.charge_status in (
            OrderChargeStatus.FULL,
            OrderChargeStatus.OVERCHARGED,
        ):
            confirm_order(order, user=user)
    return event


# The bank writes the order number into the transfer's purpose as "DH1234" (see vietqr.order_transfer_payload);
# banking apps may add text around it or drop the letters' case.
_ORDER_IN_PURPOSE = re.compile(r"\bDH\s?(\d{3,10})\b", re.IGNORECASE)


def handle_bank_notification(body: bytes, signature: str) -> BankNotification:
    """A signed notification of an incoming transfer: keep it, and match it to an order by the number in its purpose.

    The bank signs the raw body with HMAC-SHA256 under the shared secret BANK_WEBHOOK_SECRET (hex digest in the
    signature header). The body is JSON: {"id": bank reference, "amount": whole đồng, "description": purpose}.
    Every notification is kept once (by its reference, so a repeat changes nothing). One naming no transfer order
    stays unmatched for a manager to match or set aside: money that arrived is never dropped.
    """
    secret = settings.BANK_WEBHOOK_SECRET
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not secret or not hmac.compare_digest(expected, signature or ""):
        raise DomainError(_("Chữ ký thông báo ngân hàng không hợp lệ."), code="invalid_signature", field=None)
    try:
        notice = json.loads(body)
        reference, amount, description = str(notice["id"]), int(notice["amount"]), str(notice["description"])
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise DomainError(_("Thông báo ngân hàng không đọc được."), code="invalid", field=None) from error
    if not reference or len(reference) > 100 or amount <= 0:
        raise DomainError(_("Thông báo ngân hàng không đọc được."), code="invalid", field=None)
    with transaction.atomic():
        notification, created = BankNotification.objects.get_or_create(
            reference=reference,
            defaults={
                "amount": amount,
                # PostgreSQL text cannot hold NUL, which JSON may carry as \\u0000.
                "description": description.replace("\x00", "")[:500],
                "payload": body.decode("utf-8", "replace").replace("\x00", ""),
            },
        )
        if not created:
            return notification
        match = _ORDER_IN_PURPOSE.search(description)
        order = Order.objects.filter(number=int(match.group(1))).first() if match else None
        if order is not None and order.transactions.filter(method=PaymentMethod.VIETQR).exists():
            _apply_notification(notification, order)
    return notification


def _apply_notification(notification: BankNotification, order: Order, *, user=None) -> None:
    record_transfer_received(order, amount=notification.amount, bank_reference=notification.reference, user=user)
    notification.status = BankNotification.Status.MATCHED
    notification.order = order
    if user is not None:
        notification.handled_by, notification.handled_at = user, timezone.now()
    notification.save(update_fields=["status", "order", "handled_by", "handled_at"])


def _unmatched(notification: BankNotification) -> BankNotification:
    notification = BankNotification.objects.select_for_update().get(pk=notification.pk)
    if notification.status != BankNotification.Status.UNMATCHED:
        raise DomainError(_("Thông báo này đã được xử lý."), code="already_handled", field=None)
    return notification


def match_bank_notification(notification: BankNotification, *, order_number: int, user) -> BankNotification:
    """A manager names the order an unmatched transfer paid for: it is recorded on that order, once."""
    with transaction.atomic():
        notification = _unmatched(notification)
        order = Order.objects.filter(number=order_number).first()
        if order is None:
            raise DomainError(_("Không có đơn hàng số này."), code="not_found", field="order_number")
        _apply_notification(notification, order, user=user)
    return notification


def ignore_bank_notification(notification: BankNotification, *, user) -> BankNotification:
    """A manager sets aside an unmatched transfer that is not for an order (say, a supplier's refund)."""
    with transaction.atomic():
        notification = _unmatched(notification)
        notification.status = BankNotification.Status.IGNORED
        notification.handled_by, notification.handled_at = user, timezone.now()
        notification.save(update_fields=["status", "handled_by", "handled_at"])
    return notification


def expire_unpaid_orders(*, now=None) -> list[Order]:
    """Every few minutes (a periodic job, or the expire_unpaid_orders command): the transfer and card orders whose
    payment window has passed release their stock. Returns the orders expired."""
    expired = expire_unpaid_transfers(now=now)
    if card_payments_enabled():
        expired += expire_unpaid_card_orders(now=now)
    return expired


def expire_unpaid_transfers(*, now=None) -> list[Order]:
    """Expire transfer orders whose payment window has passed without any money, releasing their stock."""
    now = now or timezone.now()
    expired = []
    waiting = (
        Order.objects.filter(
            status=OrderStatus.UNCONFIRMED,
            charge_status=OrderChargeStatus.NONE,
            transactions__method=PaymentMethod.VIETQR,
        )
        .select_related("channel__bank_transfer_account")
        .distinct()
    )
    for order in waiting:
        account = getattr(order.channel, "bank_transfer_account", None)
        hours = account.payment_window_hours if account is not None else DEFAULT_PAYMENT_WINDOW_HOURS
        if order.created_at + timedelta(hours=hours) > now:
            continue
        with transaction.atomic():
            try:
                expire_order(order)
            except DomainError:
                continue  # paid or canceled meanwhile
            _cancel_pending(order, message=_("Hết hạn chờ chuyển khoản."))
        expired.append(order)
    return expired


def _cancel_pending(order: Order, *, message: str) -> None:
    """The order will take no more money: what its payments still awaited is recorded as canceled."""
    for item in order.transactions.select_for_update().filter(charge_pending_amount__gt=0):
        TransactionEvent.objects.create(
            transaction=item,
            type=TransactionEvent.Type.CANCEL_SUCCESS,
            amount=item.charge_pending_amount,
            message=message,
        )
        item.canceled_amount += item.charge_pending_amount
        item.charge_pending_amount = 0
        item.save(update_fields=["canceled_amount", "charge_pending_amount", "modified_at"])


def cancel_order_with_payments(order: Order, *, user=None, by_customer: bool = False) -> Order:
    """Cancel an order and stop the payments still open on it, so no money can arrive for a canceled order.

    An open card PaymentIntent is canceled at Stripe first; if Stripe reports it paid after all, the order is
    not canceled here (a paid order is canceled with a refund by the shop).
    """
    for item in order.transactions.filter(method=PaymentMethod.STRIPE, charged_amount=0):
        cancel_card_payment(item)
    with transaction.atomic():
        order = cancel_order_by_customer(order, user=user) if by_customer else cancel_order(order, user=user)
        _cancel_pending(order, message=_("Đơn hàng đã hủy."))
    return order


def return_order(order: Order, *, lines: dict, restock: bool, reason: str, user) -> OrderReturn:
    """Take delivered goods back (orders.services.return_order_lines) and refund them the way the order was paid:
    to the card through Stripe when a card paid it, else by a bank transfer recorded as owed. The return is
    recorded first (the goods are back whatever Stripe says); Stripe is called afterwards with no row locked, and
    if it refuses, the return stays RETURNED with its refund owed, and refund_order_return tries again."""
    paid_by_card = order.transactions.filter(method=PaymentMethod.STRIPE, charged_amount__gt=0).exists()
    method = OrderReturn.RefundMethod.CARD if paid_by_card else OrderReturn.RefundMethod.BANK_TRANSFER
    order_return = return_order_lines(
        order, lines=lines, restock=restock, reason=reason, refund_method=method, user=user
    )
    if method == OrderReturn.RefundMethod.CARD:
        order_return = refund_order_return(order_return, user=user)
    return order_return


def refund_order_return(order_return: OrderReturn, *, user, reference: str = "") -> OrderReturn:
    """Pay a return's refund: to the card through Stripe (its refund id is the reference), or record the bank
    transfer a manager made to the customer (`reference`, the bank's transaction code, required)."""
    if user is None or not user.is_authenticated or not user.is_manager:
        raise DomainError(_("Chỉ quản lý chương trình được hoàn tiền."), code="forbidden", field="reference")
    if order_return.status != OrderReturn.Status.RETURNED:
        return mark_return_refunded(order_return, reference=reference, user=user)  # refuses, saying it was paid
    if order_return.refund_method == OrderReturn.RefundMethod.BANK_TRANSFER:
        if not (reference or "").strip():
            raise DomainError(
                _("Vui lòng nhập mã giao dịch chuyển khoản hoàn tiền."), code="required", field="reference"
            )
        with transaction.atomic():
            # Money given back must have come in: the cash collected or the transfer received is recorded first,
            # and the refund then comes off what the order was charged, as a card refund does.
            order = Order.objects.select_for_update().get(pk=order_return.order_id)
            if order.total_charged_amount < order_return.refund_amount:
                raise DomainError(
                    _("Đơn #%(number)d mới thu %(charged)s: ghi nhận tiền đã thu trước khi hoàn %(amount)s.")
                    % {
                        "number": order.number,
                        "charged": format_vnd(order.total_charged_amount),
                        "amount": format_vnd(order_return.refund_amount),
                    },
                    code="not_paid",
                    field="reference",
                )
            order_return = mark_return_refunded(order_return, reference=reference, user=user)
            record_charge(order, amount=-order_return.refund_amount, user=user)
        return order_return
    if order_return.refund_amount:
        event = refund_card_payment(order_return.order, amount=order_return.refund_amount, user=user)
        reference = event.psp_reference
    return mark_return_refunded(order_return, reference=reference, user=user)
