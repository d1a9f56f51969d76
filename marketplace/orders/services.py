"""Every change to an order: placing it from a checkout, cancelling, fulfilling, taking goods back, recording payment
state."""

from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory.allocation import allocate, deallocate, ship_allocated
from inventory.selectors import empty_gift_set_error, gift_set_parts_to_record
from inventory.services import take_back_online_return
from marketplace.core.errors import DomainError
from marketplace.core.money import format_vnd
from marketplace.core.numbers import check_whole_number
from marketplace.core.text import nfc
from marketplace.orders import tasks
from marketplace.orders.models import (
    ORDER_NUMBER_SEQUENCE,
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderChargeStatus,
    OrderEvent,
    OrderLine,
    OrderLineGiftSetPart,
    OrderReturn,
    OrderReturnLine,
    OrderStatus,
)
from marketplace.orders.selectors import RETURN_STATUSES, order_link


def next_order_number() -> int:
    """Draw the next order number. A rolled-back transaction leaves a gap; a number is never given twice."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [ORDER_NUMBER_SEQUENCE])
        return cursor.fetchone()[0]


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def confirm_order(order: Order, *, user=None) -> Order:
    """An order waiting for confirmation (a transfer not yet received) becomes one to ship."""
    with transaction.atomic():
        order = _locked(order)
        if order.status != OrderStatus.UNCONFIRMED:
            raise DomainError(
                _("Đơn #%(number)d không ở trạng thái chờ xác nhận.") % {"number": order.number},
                code="cannot_confirm_order",
            )
        order.status = OrderStatus.UNFULFILLED
        order.save(update_fields=["status", "updated_at"])
        OrderEvent.objects.create(order=order, type=OrderEvent.Type.CONFIRMED, user=_actor(user))
        _defer_email(order, "confirmed")
    return order


def expire_order(order: Order) -> Order:
    """An unconfirmed order whose payment never came: its stock is released and it can no longer be paid."""
    with transaction.atomic():
        order = _locked(order)
        if order.status != OrderStatus.UNCONFIRMED or order.charge_status != OrderChargeStatus.NONE:
            raise DomainError(
                _("Đơn #%(number)d không thể hết hạn.") % {"number": order.number}, code="cannot_expire_order"
            )
        deallocate(list(order.lines.all()))
        order.status = OrderStatus.EXPIRED
        order.save(update_fields=["status", "updated_at"])
        OrderEvent.objects.create(order=order, type=OrderEvent.Type.EXPIRED)
        _defer_email(order, "expired")
    return order


def create_order_from_checkout(*, checkout, totals, user=None, status=OrderStatus.UNFULFILLED) -> Order:
    """Turn a validated checkout and its totals into an order whose stock is allocated, all or nothing.

    Called by marketplace.checkout.services.complete_checkout, which validates the checkout first. A cash-on-
    delivery order is confirmed at once (UNFULFILLED, as Saleor does for channels that confirm automatically);
    an order paid by transfer waits UNCONFIRMED for the money. The confirmation email leaves only after the
    transaction commits.
    """
    # No savepoint inside complete_checkout's transaction: a refusal (no stock) rolls the whole placement back.
    with transaction.atomic(savepoint=False):
        order = Order.objects.create(
            number=next_order_number(),
            user=_actor(user),
            user_email=checkout.email,
            user_phone=checkout.phone,
            channel=checkout.channel,
            checkout_token=checkout.token,
            customer_note=checkout.customer_note,
            language_code=checkout.language_code,
            shipping_full_name=checkout.shipping_full_name,
            shipping_street_address=checkout.shipping_street_address,
            shipping_ward_code=checkout.shipping_ward_code,
            shipping_ward=checkout.shipping_ward,
            shipping_city=checkout.shipping_city,
            shipping_method=totals.shipping_method,
            shipping_method_name=totals.shipping_method.name,
            shipping_method_name_en=totals.shipping_method.name_en,
            currency=checkout.channel.currency_code,
            subtotal_amount=totals.subtotal,
            shipping_price_amount=totals.shipping_price,
            shipping_vat_rate=totals.vat_rate,
            total_amount=totals.total,
            vat_amount=totals.vat,
            status=status,
            charge_status=OrderChargeStatus.NONE,
        )
        lines = OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                variant=info.variant,
                product_name=info.variant.product.name,
                variant_name=info.variant.name,
                product_sku=info.variant.sku,
                quantity=info.quantity,
                unit_price_amount=info.unit_price,
                vat_rate=info.vat_rate,
                total_price_amount=info.total,
                vat_amount=info.vat,
            )
            for info in totals.lines
        )
        sets = _record_gift_set_parts(lines, checkout.channel_id)
        allocate(lines, channel=checkout.channel, checkout_token=checkout.token, sets=sets)
        OrderEvent.objects.create(order=order, type=OrderEvent.Type.PLACED, user=order.user)
        _defer_email(order, "confirmation")
    return order


def _record_gift_set_parts(lines: list[OrderLine], channel_id: int) -> dict:
    """Record what each gift set line is made of as the order is placed (OrderLineGiftSetPart: shipping and the
    statements read it, whatever the set is made of later) and answer the sets' parts for allocation. A query and
    an INSERT, only when the order holds a set; a set without parts is refused."""
    set_ids = {line.variant_id for line in lines if line.variant is not None and line.variant.product.is_gift_set}
    sets = gift_set_parts_to_record(set_ids, channel_id)
    for line in lines:
        if line.variant_id in set_ids and line.variant_id not in sets:
            # Emptied since it went into the cart (allocation would say so too, but not for an untracked variant).
            raise empty_gift_set_error(line.variant, field="lines")
    OrderLineGiftSetPart.objects.bulk_create(
        OrderLineGiftSetPart(order_line=line, variant=part.variant, quantity=part.quantity, weight=part.weight)
        for line in lines
        if line.variant_id in set_ids
        for part in sets.get(line.variant_id, [])
    )
    return {set_id: [(part.variant, part.quantity) for part in parts] for set_id, parts in sets.items()}


def cancel_order(order: Order, *, user=None) -> Order:
    """Cancel an order not yet shipped and release the stock it held."""
    with transaction.atomic():
        order = _locked(order)
        if not order.is_open or order.lines.filter(quantity_fulfilled__gt=0).exists():
            raise DomainError(
                _("Không thể hủy đơn #%(number)d: đơn đã được giao hoặc đã hủy.") % {"number": order.number},
                code="cannot_cancel_order",
            )
        deallocate(list(order.lines.all()))
        order.status = OrderStatus.CANCELED
        order.save(update_fields=["status", "updated_at"])
        OrderEvent.objects.create(order=order, type=OrderEvent.Type.CANCELED, user=_actor(user))
        _defer_email(order, "canceled")
    return order


def cancel_order_by_customer(order: Order, *, user=None) -> Order:
    """The shopper cancels their own order before it ships. Once money was received, the shop cancels it (and
    refunds), so nobody is left waiting for money back without a person knowing."""
    if order.charge_status != OrderChargeStatus.NONE:
        raise DomainError(
            _("Đơn đã thanh toán: vui lòng liên hệ cửa hàng để hủy và hoàn tiền."), code="cannot_cancel_order"
        )
    return cancel_order(order, user=user)


def fulfill_order(order: Order, *, tracking_number: str = "", user=None) -> Fulfillment:
    """Hand every unshipped unit of the order to the carrier: the goods leave the warehouse through the ledger."""
    tracking_number = nfc(tracking_number)
    if len(tracking_number) > Fulfillment._meta.get_field("tracking_number").max_length:
        raise DomainError(_("Mã vận đơn quá dài."), code="too_long", field="tracking_number")
    with transaction.atomic():
        order = _locked(order)
        if order.status != OrderStatus.UNFULFILLED:
            raise DomainError(
                _("Không thể giao đơn #%(number)d ở trạng thái hiện tại.") % {"number": order.number},
                code="cannot_fulfill_order",
            )
        lines = [line for line in order.lines.select_related("variant__product") if line.quantity_unfulfilled > 0]
        fulfillment = Fulfillment.objects.create(
            order=order, fulfillment_order=order.fulfillments.count() + 1, tracking_number=tracking_number
        )
        shipped = ship_allocated(
            [(line, line.quantity_unfulfilled) for line in lines], reference=f"DH{order.number}", user=user
        )
        FulfillmentLine.objects.bulk_create(
            FulfillmentLine(fulfillment=fulfillment, order_line=line, stock=stock, quantity=quantity)
            for line, stock, quantity in shipped
        )
        for line in lines:
            line.quantity_fulfilled = line.quantity
        OrderLine.objects.bulk_update(lines, ["quantity_fulfilled"])
        order.status = OrderStatus.FULFILLED
        order.save(update_fields=["status", "updated_at"])
        OrderEvent.objects.create(
            order=order,
            type=OrderEvent.Type.FULFILLMENT_FULFILLED_ITEMS,
            user=_actor(user),
            parameters={"fulfillment": fulfillment.fulfillment_order, "tracking_number": tracking_number},
        )
        _defer_email(order, "fulfilled")
    return fulfillment


def record_charge(order: Order, *, amount: int, user=None) -> Order:
    """Add a charged amount to the order (called by payments services) and update its charge status."""
    with transaction.atomic():
        order = _locked(order)
        order.total_charged_amount += amount
        if order.total_charged_amount == 0:
            order.charge_status = OrderChargeStatus.NONE
        elif order.total_charged_amount < order.total_amount:
            order.charge_status = OrderChargeStatus.PARTIAL
        elif order.total_charged_amount == order.total_amount:
            order.charge_status = OrderChargeStatus.FULL
        else:
            order.charge_status = OrderChargeStatus.OVERCHARGED
        order.save(update_fields=["total_charged_amount", "charge_status", "updated_at"])
        if order.charge_status == OrderChargeStatus.FULL:
            OrderEvent.objects.create(
                order=order,
                type=OrderEvent.Type.ORDER_FULLY_PAID,
                user=_actor(user),
                parameters={"amount": order.total_charged_amount},
            )
    return order


MAX_RETURN_UNITS = 100_000


def return_order_lines(
    order: Order, *, lines: dict, restock: bool, reason: str, refund_method: str, user
) -> OrderReturn:
    """A manager takes back delivered goods of an online order: `lines` maps each order line (or its id) to the
    units coming back. All or nothing, in one transaction:

    - the order and the returned lines are locked (SELECT … FOR UPDATE), and no line takes back more than it
      delivered less what already came back (the database check on quantity_returned is the last word);
    - each line refunds what its units were paid, `unit price × units` (VAT included; shipping is not refunded
      here: a parcel lost by the shop is refunded with the card refund or a transfer of its own);
    - the goods come back through inventory.services.take_back_online_return: to the online warehouse when
      `restock`, else written off (a gift set comes back as the parts recorded with the order);
    - the order becomes RETURNED once every unit delivered came back and nothing is left to ship, else
      PARTIALLY_RETURNED; a FULFILLMENT_RETURNED event records the return.

    The refund is recorded as owed (status RETURNED) by `refund_method`; the payments services pay it and mark it
    with mark_return_refunded.
    """
    if user is None or not user.is_authenticated or not user.is_manager:
        raise DomainError(_("Chỉ quản lý chương trình được nhận hàng trả lại."), code="forbidden", field="order")
    reason = nfc(reason or "")[: OrderReturn._meta.get_field("reason").max_length]
    if not reason:
        raise DomainError(_("Vui lòng nhập lý do trả hàng."), code="required", field="reason")
    if refund_method not in OrderReturn.RefundMethod.values:
        raise DomainError(_("Hình thức hoàn tiền không hợp lệ."), code="invalid", field="refund_method")
    wanted = _units_wanted_back(lines)
    with transaction.atomic():
        order = _locked(order)
        if order.status not in RETURN_STATUSES:
            raise DomainError(
                _("Đơn #%(number)d chưa giao hoặc đã trả hết: không thể nhận hàng trả lại.") % {"number": order.number},
                code="cannot_return_order",
                field="lines",
            )
        locked = {
            line.pk: line
            for line in OrderLine.objects.select_for_update(of=("self",))
            .filter(order=order, pk__in=wanted)
            .select_related("variant__product")
            .order_by("pk")
        }
        returned = []
        for line_id, units in wanted.items():
            line = locked.get(line_id)
            if line is None:
                raise DomainError(_("Mặt hàng không thuộc đơn này."), code="not_found", field="lines")
            if units > line.quantity_returnable:
                raise DomainError(
                    _("%(name)s: đã giao %(delivered)d, đã trả %(returned)d, không thể trả thêm %(quantity)d.")
                    % {
                        "name": line.product_name,
                        "delivered": line.quantity_fulfilled,
                        "returned": line.quantity_returned,
                        "quantity": units,
                    },
                    code="return_exceeds_delivered",
                    field="lines",
                )
            returned.append((line, units))
        order_return = OrderReturn.objects.create(
            order=order,
            return_order=order.returns.count() + 1,
            restocked=restock,
            refund_method=refund_method,
            refund_amount=sum(line.unit_price_amount * units for line, units in returned),
            reason=reason,
            user=user,
            created_at=timezone.now(),
        )
        OrderReturnLine.objects.bulk_create(
            OrderReturnLine(
                order_return=order_return, order_line=line, quantity=units, refund_amount=line.unit_price_amount * units
            )
            for line, units in returned
        )
        for line, units in returned:
            OrderLine.objects.filter(pk=line.pk).update(quantity_returned=F("quantity_returned") + units)
        take_back_online_return(
            returned, restock=restock, user=user, reference=f"DH{order.number}-T{order_return.return_order}"
        )
        everything_back = not order.lines.exclude(quantity_returned=F("quantity")).exists()
        order.status = OrderStatus.RETURNED if everything_back else OrderStatus.PARTIALLY_RETURNED
        order.save(update_fields=["status", "updated_at"])
        OrderEvent.objects.create(
            order=order,
            type=OrderEvent.Type.FULFILLMENT_RETURNED,
            user=user,
            parameters={"return": order_return.return_order, "amount": order_return.refund_amount},
        )
    return order_return


def _units_wanted_back(lines: dict) -> dict[int, int]:
    """Units per order line id; an OrderLine or its id may name the line. At least one, each a whole number."""
    if not lines:
        raise DomainError(_("Chọn ít nhất một mặt hàng trả lại."), code="required", field="lines")
    wanted: dict[int, int] = {}
    for line, units in lines.items():
        line_id = line.pk if isinstance(line, OrderLine) else line
        check_whole_number(
            units,
            field="lines",
            message=_("Số lượng trả lại phải là số nguyên từ 1 đến %(max)d.") % {"max": MAX_RETURN_UNITS},
            minimum=1,
            maximum=MAX_RETURN_UNITS,
        )
        wanted[line_id] = wanted.get(line_id, 0) + units
    return wanted


def mark_return_refunded(order_return: OrderReturn, *, reference: str = "", user=None) -> OrderReturn:
    """The refund of a return was paid (by the card refund, or a manager's bank transfer): REFUNDED_AND_RETURNED,
    once; a FULFILLMENT_REFUNDED event says how much."""
    reference = nfc(reference or "")
    if len(reference) > OrderReturn._meta.get_field("refund_reference").max_length:
        raise DomainError(_("Mã hoàn tiền quá dài."), code="too_long", field="reference")
    with transaction.atomic():
        order_return = OrderReturn.objects.select_for_update().select_related("order").get(pk=order_return.pk)
        if order_return.status != OrderReturn.Status.RETURNED:
            raise DomainError(
                _("Lần trả %(return)s đã được hoàn tiền %(amount)s.")
                % {"return": order_return, "amount": format_vnd(order_return.refund_amount)},
                code="already_refunded",
                field="reference",
            )
        order_return.status = OrderReturn.Status.REFUNDED_AND_RETURNED
        order_return.refund_reference = reference
        order_return.save(update_fields=["status", "refund_reference"])
        OrderEvent.objects.create(
            order=order_return.order,
            type=OrderEvent.Type.FULFILLMENT_REFUNDED,
            user=_actor(user),
            parameters={"return": order_return.return_order, "amount": order_return.refund_amount},
        )
    return order_return


# The emails a shopper gets about an order, in Vietnamese: template name → subject.
ORDER_EMAILS = {
    "confirmation": gettext_lazy("Xứ Quảng Market: đã nhận đơn hàng #%(number)d"),
    "confirmed": gettext_lazy("Xứ Quảng Market: đơn hàng #%(number)d đã được xác nhận"),
    "fulfilled": gettext_lazy("Xứ Quảng Market: đơn hàng #%(number)d đang được giao"),
    "canceled": gettext_lazy("Xứ Quảng Market: đơn hàng #%(number)d đã bị hủy"),
    "expired": gettext_lazy("Xứ Quảng Market: đơn hàng #%(number)d đã hết hạn thanh toán"),
}


def _defer_email(order: Order, kind: str) -> None:
    # Deferred in the caller's transaction: a change that is rolled back leaves no job, so no email announces it.
    if not order.user_email:
        return  # cash on delivery without an email: the shop calls the shopper's phone instead
    tasks.send_order_email.defer(order_id=order.pk, kind=kind)


def send_order_email(order_id: int, kind: str) -> None:
    """Email the shopper about their order, with the private link to follow it; record that it was sent."""
    order = (
        Order.objects.select_related("channel")
        .prefetch_related("lines", "fulfillments", "transactions")
        .get(pk=order_id)
    )
    with translation.override("vi"):
        context = {"order": order, "order_url": order_link(order)}
        subject = str(ORDER_EMAILS[kind]) % {"number": order.number}
        body = render_to_string(f"orders/email/{kind}.txt", context)
    send_mail(subject, body, None, [order.user_email])
    OrderEvent.objects.create(order=order, type=OrderEvent.Type.EMAIL_SENT, parameters={"email": kind})
